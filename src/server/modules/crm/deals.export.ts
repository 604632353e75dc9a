// Deals as an exportable list (GET /api/export/crm.deals): the list's filters, search and sort, every deal the member
// may see (workspace + record scope, through listDeals), in keyset order (by number).
import { defineExport } from "@/server/kernel/export/registry";
import { DEALS_LIST, DEALS_LIST_KEY, ZListDealsInput, type TListDealsInput } from "./deals.schemas";
import { listDeals, type DealListRow } from "./deals.service";

export const dealsExport = defineExport<TListDealsInput, DealListRow>({
  key: DEALS_LIST_KEY,
  permission: "crm.deal.read",
  // crm.deals.list is organization-level: export the member's deals of every workspace they may see.
  organizationLevel: true,
  input: ZListDealsInput,
  columns: [
    { id: "number", header: "crmDeals.fields.number", value: (r) => r.number },
    { id: "name", header: "crmDeals.fields.name", value: (r) => r.name },
    { id: "customer", header: "crmDeals.fields.customer", value: (r) => r.customerName },
    { id: "customerNumber", header: "exports.columns.customerNumber", value: (r) => r.customerNumber },
    { id: "stage", header: "crmDeals.fields.stage", value: (r) => r.stage },
    { id: "value", header: "crmDeals.fields.value", value: (r) => r.value },
    { id: "currency", header: "crmDeals.fields.currency", value: (r) => r.currency },
    { id: "probability", header: "crmDeals.fields.probability", value: (r) => r.probability },
    { id: "expectedCloseDate", header: "crmDeals.fields.expectedCloseDate", value: (r) => r.expectedCloseDate },
    { id: "owner", header: "crmDeals.fields.owner", value: (r) => r.ownerName },
    { id: "closedAt", header: "crmDeals.list.columns.closedAt", value: (r) => r.closedAt },
    { id: "archivedAt", header: "exports.columns.archived", value: (r) => r.archivedAt },
    { id: "createdAt", header: "crmDeals.list.columns.createdAt", value: (r) => r.createdAt },
    { id: "id", header: "exports.columns.id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order (number, newest first).
    const sort = input.sort && (DEALS_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : DEALS_LIST.defaultSort;
    const page = await listDeals(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
