// crm.customers.* and crm.contacts.*: thin — parsing in crm.schemas.ts, rules in the services. Organization-level
// procedures; workspace-owned customers are filtered by scope.workspaceIds (service) and by RLS.
import { permission, router } from "@/server/trpc/procedures";
import * as activities from "./activities.service";
import * as acts from "./activities.schemas";
import * as contacts from "./contacts.service";
import * as s from "./crm.schemas";
import * as customers from "./customers.service";
import * as insights from "./insights.service";

export const crmRouter = router({
  customers: router({
    list: permission("crm.customer.read").input(s.ZListCustomersInput).query(({ ctx, input }) => customers.listCustomers(ctx.tx, ctx.scope, input)),
    get: permission("crm.customer.read").input(s.ZCustomerId).query(({ ctx, input }) => customers.getCustomer(ctx.tx, ctx.scope, input)),
    create: permission("crm.customer.create").input(s.ZCreateCustomerInput).mutation(({ ctx, input }) => customers.createCustomer(ctx.tx, ctx.scope, input)),
    update: permission("crm.customer.update").input(s.ZUpdateCustomerInput).mutation(({ ctx, input }) => customers.updateCustomer(ctx.tx, ctx.scope, input)),
    archive: permission("crm.customer.archive").input(s.ZCustomerId).mutation(({ ctx, input }) => customers.archiveCustomer(ctx.tx, ctx.scope, input)),
    restore: permission("crm.customer.archive").input(s.ZCustomerId).mutation(({ ctx, input }) => customers.restoreCustomer(ctx.tx, ctx.scope, input)),
    timeline: permission("crm.customer.read").input(acts.ZTimelineInput).query(({ ctx, input }) => insights.customerTimeline(ctx.tx, ctx.scope, input)),
    summary: permission("crm.customer.read").input(acts.ZSummaryInput).query(({ ctx, input }) => insights.customerSummary(ctx.tx, ctx.scope, input)),
  }),
  contacts: router({
    list: permission("crm.contact.read").input(s.ZListContactsInput).query(({ ctx, input }) => contacts.listContacts(ctx.tx, ctx.scope, input)),
    create: permission("crm.contact.manage").input(s.ZCreateContactInput).mutation(({ ctx, input }) => contacts.createContact(ctx.tx, ctx.scope, input)),
    update: permission("crm.contact.manage").input(s.ZUpdateContactInput).mutation(({ ctx, input }) => contacts.updateContact(ctx.tx, ctx.scope, input)),
    delete: permission("crm.contact.manage").input(s.ZContactId).mutation(({ ctx, input }) => contacts.deleteContact(ctx.tx, ctx.scope, input)),
  }),
  activities: router({
    list: permission("crm.activity.read").input(acts.ZListActivitiesInput).query(({ ctx, input }) => activities.listActivities(ctx.tx, ctx.scope, input)),
    get: permission("crm.activity.read").input(acts.ZActivityId).query(({ ctx, input }) => activities.getActivity(ctx.tx, ctx.scope, input)),
    create: permission("crm.activity.manage").input(acts.ZCreateActivityInput).mutation(({ ctx, input }) => activities.createActivity(ctx.tx, ctx.scope, input)),
    update: permission("crm.activity.manage").input(acts.ZUpdateActivityInput).mutation(({ ctx, input }) => activities.updateActivity(ctx.tx, ctx.scope, input)),
    complete: permission("crm.activity.manage").input(acts.ZCompleteActivityInput).mutation(({ ctx, input }) => activities.completeActivity(ctx.tx, ctx.scope, input)),
    targets: permission("crm.activity.manage").input(acts.ZTargetSearchInput).query(({ ctx, input }) => activities.searchTargets(ctx.tx, ctx.scope, input)),
    delete: permission("crm.activity.manage").input(acts.ZActivityId).mutation(({ ctx, input }) => activities.deleteActivity(ctx.tx, ctx.scope, input)),
  }),
  dashboard: permission("crm.deal.read").input(acts.ZDashboardInput).query(({ ctx, input }) => insights.dashboard(ctx.tx, ctx.scope, input)),
});
