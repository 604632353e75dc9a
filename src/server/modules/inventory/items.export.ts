// Items as an exportable list (GET /api/export/inventory.items): the item list's filters (type, status, category
// subtree, archived, tags), search and sort, every row, in keyset order (listItems). Items are organization-wide.
import { defineExport } from "@/server/kernel/export/registry";
import { ITEMS_LIST, ZListItemsInput, type TListItemsInput } from "./inventory.schemas";
import { listItems, type ItemListRow } from "./items.service";

const ITEMS_EXPORT_KEY = "inventory.items";

export const itemsExport = defineExport<TListItemsInput, ItemListRow>({
  key: ITEMS_EXPORT_KEY,
  permission: "inventory.item.read",
  organizationLevel: true,
  input: ZListItemsInput,
  columns: [
    { id: "sku", header: "inventory.columns.sku", value: (r) => r.sku },
    { id: "name", header: "inventory.columns.name", value: (r) => r.name },
    { id: "type", header: "inventory.columns.type", value: (r) => r.type },
    { id: "status", header: "inventory.columns.status", value: (r) => r.status },
    { id: "category", header: "inventory.columns.category", value: (r) => r.categoryName },
    { id: "baseUnit", header: "inventory.columns.baseUnit", value: (r) => r.baseUnitCode },
    { id: "listPrice", header: "inventory.columns.listPrice", value: (r) => r.listPrice },
    { id: "trackInventory", header: "exports.columns.trackInventory", value: (r) => (r.trackInventory ? "yes" : "no") },
    { id: "tags", header: "exports.columns.tags", value: (r) => r.tags.join(", ") },
    { id: "replacedBy", header: "exports.columns.replacedBy", value: (r) => r.replacedBySku },
    { id: "archivedAt", header: "exports.columns.archived", value: (r) => r.archivedAt },
    { id: "createdAt", header: "exports.columns.created", value: (r) => r.createdAt },
    { id: "id", header: "exports.columns.id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order (name).
    const sort = input.sort && (ITEMS_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : ITEMS_LIST.defaultSort;
    const page = await listItems(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
