// crm.customers.* and crm.contacts.*: thin — parsing in crm.schemas.ts, rules in the services. Organization-level
// procedures; workspace-owned customers are filtered by scope.workspaceIds (service) and by RLS.
import { permission, router } from "@/server/trpc/procedures";
import * as contacts from "./contacts.service";
import * as s from "./crm.schemas";
import * as customers from "./customers.service";
import * as ds from "./deals.schemas";
import * as deals from "./deals.service";
import * as leads from "./leads.service";

export const crmRouter = router({
  customers: router({
    list: permission("crm.customer.read").input(s.ZListCustomersInput).query(({ ctx, input }) => customers.listCustomers(ctx.tx, ctx.scope, input)),
    get: permission("crm.customer.read").input(s.ZCustomerId).query(({ ctx, input }) => customers.getCustomer(ctx.tx, ctx.scope, input)),
    create: permission("crm.customer.create").input(s.ZCreateCustomerInput).mutation(({ ctx, input }) => customers.createCustomer(ctx.tx, ctx.scope, input)),
    update: permission("crm.customer.update").input(s.ZUpdateCustomerInput).mutation(({ ctx, input }) => customers.updateCustomer(ctx.tx, ctx.scope, input)),
    archive: permission("crm.customer.archive").input(s.ZCustomerId).mutation(({ ctx, input }) => customers.archiveCustomer(ctx.tx, ctx.scope, input)),
    restore: permission("crm.customer.archive").input(s.ZCustomerId).mutation(({ ctx, input }) => customers.restoreCustomer(ctx.tx, ctx.scope, input)),
  }),
  contacts: router({
    list: permission("crm.contact.read").input(s.ZListContactsInput).query(({ ctx, input }) => contacts.listContacts(ctx.tx, ctx.scope, input)),
    create: permission("crm.contact.manage").input(s.ZCreateContactInput).mutation(({ ctx, input }) => contacts.createContact(ctx.tx, ctx.scope, input)),
    update: permission("crm.contact.manage").input(s.ZUpdateContactInput).mutation(({ ctx, input }) => contacts.updateContact(ctx.tx, ctx.scope, input)),
    delete: permission("crm.contact.manage").input(s.ZContactId).mutation(({ ctx, input }) => contacts.deleteContact(ctx.tx, ctx.scope, input)),
  }),
  leads: router({
    list: permission("crm.lead.read").input(ds.ZListLeadsInput).query(({ ctx, input }) => leads.listLeads(ctx.tx, ctx.scope, input)),
    get: permission("crm.lead.read").input(ds.ZId).query(({ ctx, input }) => leads.getLead(ctx.tx, ctx.scope, input)),
    create: permission("crm.lead.manage").input(ds.ZCreateLeadInput).mutation(({ ctx, input }) => leads.createLead(ctx.tx, ctx.scope, input)),
    update: permission("crm.lead.manage").input(ds.ZUpdateLeadInput).mutation(({ ctx, input }) => leads.updateLead(ctx.tx, ctx.scope, input)),
    transition: permission("crm.lead.manage").input(ds.ZLeadTransitionInput).mutation(({ ctx, input }) => leads.transitionLead(ctx.tx, ctx.scope, input)),
    convert: permission("crm.lead.manage").input(ds.ZConvertLeadInput).mutation(({ ctx, input }) => leads.convertLead(ctx.tx, ctx.scope, input)),
    archive: permission("crm.lead.manage").input(ds.ZId).mutation(({ ctx, input }) => leads.archiveLead(ctx.tx, ctx.scope, input)),
    restore: permission("crm.lead.manage").input(ds.ZId).mutation(({ ctx, input }) => leads.restoreLead(ctx.tx, ctx.scope, input)),
  }),
  deals: router({
    list: permission("crm.deal.read").input(ds.ZListDealsInput).query(({ ctx, input }) => deals.listDeals(ctx.tx, ctx.scope, input)),
    get: permission("crm.deal.read").input(ds.ZId).query(({ ctx, input }) => deals.getDeal(ctx.tx, ctx.scope, input)),
    owners: permission("crm.deal.read").query(({ ctx }) => deals.owners(ctx.tx, ctx.scope)),
    board: permission("crm.deal.read").input(ds.ZBoardInput).query(({ ctx, input }) => deals.board(ctx.tx, ctx.scope, input)),
    create: permission("crm.deal.manage").input(ds.ZCreateDealInput).mutation(({ ctx, input }) => deals.createDeal(ctx.tx, ctx.scope, input)),
    update: permission("crm.deal.manage").input(ds.ZUpdateDealInput).mutation(({ ctx, input }) => deals.updateDeal(ctx.tx, ctx.scope, input)),
    moveStage: permission("crm.deal.manage").input(ds.ZMoveStageInput).mutation(({ ctx, input }) => deals.moveStage(ctx.tx, ctx.scope, input)),
    setLines: permission("crm.deal.manage").input(ds.ZSetLinesInput).mutation(({ ctx, input }) => deals.setLines(ctx.tx, ctx.scope, input)),
    archive: permission("crm.deal.manage").input(ds.ZId).mutation(({ ctx, input }) => deals.archiveDeal(ctx.tx, ctx.scope, input)),
    restore: permission("crm.deal.manage").input(ds.ZId).mutation(({ ctx, input }) => deals.restoreDeal(ctx.tx, ctx.scope, input)),
  }),
});
