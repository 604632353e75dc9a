// Customers as an exportable list (GET /api/export/crm.customers): the list's filters, search and sort, every row
// the member may see (workspace + record scope, through listCustomers), in keyset order.
import { defineExport } from "@/server/kernel/export/registry";
import { CUSTOMERS_LIST, CUSTOMERS_LIST_KEY, ZListCustomersInput, type TListCustomersInput } from "./crm.schemas";
import { listCustomers, type CustomerListRow } from "./customers.service";
import { CRM_SENSITIVE_PERMISSION, CUSTOMER_SENSITIVE } from "./masking";

export const customersExport = defineExport<TListCustomersInput, CustomerListRow>({
  key: CUSTOMERS_LIST_KEY,
  permission: "crm.customer.read",
  // crm.customers.list is organization-level: export the member's customers of every workspace they may see.
  organizationLevel: true,
  input: ZListCustomersInput,
  // listCustomers masks these already; the export masks them again (idempotent) and records whether it did.
  masking: { permission: CRM_SENSITIVE_PERMISSION, columns: CUSTOMER_SENSITIVE },
  columns: [
    { id: "number", header: "crmCustomers.columns.number", value: (r) => r.number },
    { id: "name", header: "crmCustomers.columns.name", value: (r) => r.name },
    { id: "type", header: "crmCustomers.columns.type", value: (r) => r.type },
    { id: "status", header: "crmCustomers.columns.status", value: (r) => r.status },
    { id: "tier", header: "crmCustomers.columns.tier", value: (r) => r.tier },
    { id: "owner", header: "crmCustomers.columns.owner", value: (r) => r.ownerName },
    { id: "email", header: "crmCustomers.columns.email", value: (r) => r.email },
    { id: "phone", header: "crmCustomers.columns.phone", value: (r) => r.phone },
    { id: "taxId", header: "crmCustomers.columns.taxId", value: (r) => r.taxId },
    { id: "industry", header: "crmCustomers.columns.industry", value: (r) => r.industry },
    { id: "tags", header: "crmCustomers.columns.tags", value: (r) => r.tags.join(", ") },
    { id: "archivedAt", header: "exports.columns.archived", value: (r) => r.archivedAt },
    { id: "createdAt", header: "crmCustomers.columns.createdAt", value: (r) => r.createdAt },
    { id: "id", header: "exports.columns.id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order (name).
    const sort = input.sort && (CUSTOMERS_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : CUSTOMERS_LIST.defaultSort;
    const page = await listCustomers(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 }, { count: false });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
