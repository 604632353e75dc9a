// crm.customers.* and crm.contacts.*: thin — parsing in crm.schemas.ts, rules in the services. Organization-level
// procedures; workspace-owned customers are filtered by scope.workspaceIds (service) and by RLS.
import * as addresses from "./addresses.service";
import { permission, router, workspacePermission } from "@/server/trpc/procedures";
import * as customFields from "./custom-fields.service";
import * as f from "./fields.schemas";
import * as search from "./search.service";
import * as segments from "./segments.service";
import * as activities from "./activities.service";
import * as acts from "./activities.schemas";
import * as contacts from "./contacts.service";
import * as d from "./customer-details.schemas";
import * as customerStatus from "./customer-status.service";
import * as bulk from "./customers-bulk.service";
import * as s from "./crm.schemas";
import * as customers from "./customers.service";
import { crmImportsRouter } from "./imports.router";
import * as ds from "./deals.schemas";
import * as deals from "./deals.service";
import * as leads from "./leads.service";
import * as insights from "./insights.service";

export const crmRouter = router({
  customers: router({
    list: permission("crm.customer.read").input(s.ZListCustomersInput).query(({ ctx, input }) => customers.listCustomers(ctx.tx, ctx.scope, input)),
    count: permission("crm.customer.read").input(s.ZListCustomersInput).query(({ ctx, input }) => customers.countCustomers(ctx.tx, ctx.scope, input)),
    get: permission("crm.customer.read").input(s.ZCustomerId).query(({ ctx, input }) => customers.getCustomer(ctx.tx, ctx.scope, input)),
    create: permission("crm.customer.create").input(s.ZCreateCustomerInput).mutation(({ ctx, input }) => customers.createCustomer(ctx.tx, ctx.scope, input)),
    update: permission("crm.customer.update").input(s.ZUpdateCustomerInput).mutation(({ ctx, input }) => customers.updateCustomer(ctx.tx, ctx.scope, input)),
    archive: permission("crm.customer.archive").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => customers.archiveCustomer(ctx.tx, ctx.scope, input)),
    restore: permission("crm.customer.archive").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => customers.restoreCustomer(ctx.tx, ctx.scope, input)),
    transition: permission("crm.customer.update").input(d.ZTransitionCustomerInput).mutation(({ ctx, input }) => customerStatus.transitionCustomer(ctx.tx, ctx.scope, input)),
    history: permission("crm.customer.read").input(s.ZCustomerId).query(({ ctx, input }) => customerStatus.customerHistory(ctx.tx, ctx.scope, input)),
    bulkArchive: permission("crm.customer.archive").input(d.ZBulkIdsInput).mutation(({ ctx, input }) => bulk.bulkArchive(ctx.tx, ctx.scope, input)),
    bulkAssignOwner: permission("crm.customer.update").input(d.ZBulkAssignOwnerInput).mutation(({ ctx, input }) => bulk.bulkAssignOwner(ctx.tx, ctx.scope, input)),
    bulkAddTag: permission("crm.customer.update").input(d.ZBulkAddTagInput).mutation(({ ctx, input }) => bulk.bulkAddTag(ctx.tx, ctx.scope, input)),
    formOptions: permission("crm.customer.read").query(({ ctx }) => bulk.customerFormOptions(ctx.tx, ctx.scope)),
    timeline: permission("crm.customer.read").input(acts.ZTimelineInput).query(({ ctx, input }) => insights.customerTimeline(ctx.tx, ctx.scope, input)),
    summary: permission("crm.customer.read").input(acts.ZSummaryInput).query(({ ctx, input }) => insights.customerSummary(ctx.tx, ctx.scope, input)),
  }),
  contacts: router({
    list: permission("crm.contact.read").input(s.ZListContactsInput).query(({ ctx, input }) => contacts.listContacts(ctx.tx, ctx.scope, input)),
    create: permission("crm.contact.manage").input(s.ZCreateContactInput).mutation(({ ctx, input }) => contacts.createContact(ctx.tx, ctx.scope, input)),
    update: permission("crm.contact.manage").input(s.ZUpdateContactInput).mutation(({ ctx, input }) => contacts.updateContact(ctx.tx, ctx.scope, input)),
    delete: permission("crm.contact.manage").input(s.ZContactId).mutation(({ ctx, input }) => contacts.deleteContact(ctx.tx, ctx.scope, input)),
  }),
  addresses: router({
    list: permission("crm.customer.read").input(d.ZListAddressesInput).query(({ ctx, input }) => addresses.listAddresses(ctx.tx, ctx.scope, input)),
    create: permission("crm.customer.update").input(d.ZCreateAddressInput).mutation(({ ctx, input }) => addresses.createAddress(ctx.tx, ctx.scope, input)),
    update: permission("crm.customer.update").input(d.ZUpdateAddressInput).mutation(({ ctx, input }) => addresses.updateAddress(ctx.tx, ctx.scope, input)),
    delete: permission("crm.customer.update").input(d.ZAddressId).mutation(({ ctx, input }) => addresses.deleteAddress(ctx.tx, ctx.scope, input)),
  }),
  imports: crmImportsRouter,
  // Record search over customers, contacts (and deals): hits link into the caller's workspace.
  search: workspacePermission("crm.customer.read").input(f.ZCrmSearchInput).query(({ ctx, input }) => search.searchCrm(ctx.tx, ctx.scope, input)),
  customFields: router({
    list: permission("crm.customer.read").input(f.ZListCustomFieldsInput).query(({ ctx, input }) => customFields.listCustomFields(ctx.tx, ctx.scope, input)),
    create: permission("crm.settings.manage").input(f.ZCreateCustomFieldInput).mutation(({ ctx, input }) => customFields.createCustomField(ctx.tx, ctx.scope, input)),
    update: permission("crm.settings.manage").input(f.ZUpdateCustomFieldInput).mutation(({ ctx, input }) => customFields.updateCustomField(ctx.tx, ctx.scope, input)),
    check: permission("crm.customer.read").input(f.ZCheckCustomFieldsInput).query(({ ctx, input }) => customFields.checkCustomFields(ctx.tx, ctx.scope, input)),
    archive: permission("crm.settings.manage").input(f.ZArchiveCustomFieldInput).mutation(({ ctx, input }) => customFields.archiveCustomField(ctx.tx, ctx.scope, input)),
  }),
  segments: router({
    list: permission("crm.customer.read").input(f.ZListSegmentsInput).query(({ ctx, input }) => segments.listSegments(ctx.tx, ctx.scope, input)),
    get: permission("crm.customer.read").input(f.ZSegmentId).query(({ ctx, input }) => segments.getSegment(ctx.tx, ctx.scope, input)),
    members: permission("crm.customer.read").input(f.ZSegmentMembersInput).query(({ ctx, input }) => segments.segmentMembers(ctx.tx, ctx.scope, input)),
    create: permission("crm.settings.manage").input(f.ZCreateSegmentInput).mutation(({ ctx, input }) => segments.createSegment(ctx.tx, ctx.scope, input)),
    update: permission("crm.settings.manage").input(f.ZUpdateSegmentInput).mutation(({ ctx, input }) => segments.updateSegment(ctx.tx, ctx.scope, input)),
    delete: permission("crm.settings.manage").input(f.ZSegmentId).mutation(({ ctx, input }) => segments.deleteSegment(ctx.tx, ctx.scope, input)),
  }),
  leads: router({
    list: permission("crm.lead.read").input(ds.ZListLeadsInput).query(({ ctx, input }) => leads.listLeads(ctx.tx, ctx.scope, input)),
    get: permission("crm.lead.read").input(ds.ZId).query(({ ctx, input }) => leads.getLead(ctx.tx, ctx.scope, input)),
    create: permission("crm.lead.manage").input(ds.ZCreateLeadInput).mutation(({ ctx, input }) => leads.createLead(ctx.tx, ctx.scope, input)),
    update: permission("crm.lead.manage").input(ds.ZUpdateLeadInput).mutation(({ ctx, input }) => leads.updateLead(ctx.tx, ctx.scope, input)),
    transition: permission("crm.lead.manage").input(ds.ZLeadTransitionInput).mutation(({ ctx, input }) => leads.transitionLead(ctx.tx, ctx.scope, input)),
    convert: permission("crm.lead.manage").input(ds.ZConvertLeadInput).mutation(({ ctx, input }) => leads.convertLead(ctx.tx, ctx.scope, input)),
    archive: permission("crm.lead.manage").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => leads.archiveLead(ctx.tx, ctx.scope, input)),
    restore: permission("crm.lead.manage").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => leads.restoreLead(ctx.tx, ctx.scope, input)),
  }),
  deals: router({
    list: permission("crm.deal.read").input(ds.ZListDealsInput).query(({ ctx, input }) => deals.listDeals(ctx.tx, ctx.scope, input)),
    count: permission("crm.deal.read").input(ds.ZListDealsInput).query(({ ctx, input }) => deals.countDeals(ctx.tx, ctx.scope, input)),
    get: permission("crm.deal.read").input(ds.ZId).query(({ ctx, input }) => deals.getDeal(ctx.tx, ctx.scope, input)),
    owners: permission("crm.deal.read").query(({ ctx }) => deals.owners(ctx.tx, ctx.scope)),
    board: permission("crm.deal.read").input(ds.ZBoardInput).query(({ ctx, input }) => deals.board(ctx.tx, ctx.scope, input)),
    create: permission("crm.deal.manage").input(ds.ZCreateDealInput).mutation(({ ctx, input }) => deals.createDeal(ctx.tx, ctx.scope, input)),
    update: permission("crm.deal.manage").input(ds.ZUpdateDealInput).mutation(({ ctx, input }) => deals.updateDeal(ctx.tx, ctx.scope, input)),
    moveStage: permission("crm.deal.manage").input(ds.ZMoveStageInput).mutation(({ ctx, input }) => deals.moveStage(ctx.tx, ctx.scope, input)),
    setLines: permission("crm.deal.manage").input(ds.ZSetLinesInput).mutation(({ ctx, input }) => deals.setLines(ctx.tx, ctx.scope, input)),
    archive: permission("crm.deal.manage").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => deals.archiveDeal(ctx.tx, ctx.scope, input)),
    restore: permission("crm.deal.manage").input(s.ZArchiveRecordInput).mutation(({ ctx, input }) => deals.restoreDeal(ctx.tx, ctx.scope, input)),
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
