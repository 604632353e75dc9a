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
    { id: "sku", header: "SKU", value: (r) => r.sku },
    { id: "name", header: "Name", value: (r) => r.name },
    { id: "type", header: "Type", value: (r) => r.type },
    { id: "status", header: "Status", value: (r) => r.status },
    { id: "category", header: "Category", value: (r) => r.categoryName },
    { id: "baseUnit", header: "Base unit", value: (r) => r.baseUnitCode },
    { id: "listPrice", header: "List price", value: (r) => r.listPrice },
    { id: "trackInventory", header: "Track inventory", value: (r) => (r.trackInventory ? "yes" : "no") },
    { id: "tags", header: "Tags", value: (r) => r.tags.join(", ") },
    { id: "archivedAt", header: "Archived", value: (r) => r.archivedAt },
    { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    { id: "id", header: "Id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order (name).
    const sort = input.sort && (ITEMS_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : ITEMS_LIST.defaultSort;
    const page = await listItems(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
