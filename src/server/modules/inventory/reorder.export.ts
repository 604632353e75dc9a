// Reorder suggestions as an exportable list (GET /api/export/inventory.reorder-suggestions): the list's filters,
// every row, quantities as the same decimal strings the list answers.
import { defineExport } from "@/server/kernel/export/registry";
import { REORDER_SUGGESTIONS_LIST_KEY, ZReorderSuggestionsInput, type TReorderSuggestionsInput } from "./reorder.schemas";
import { suggestions, type ReorderRow } from "./reorder.service";

export const reorderSuggestionsExport = defineExport<TReorderSuggestionsInput, ReorderRow>({
  key: REORDER_SUGGESTIONS_LIST_KEY,
  permission: "inventory.stock.read",
  input: ZReorderSuggestionsInput,
  organizationLevel: true,
  columns: [
    { id: "sku", header: "SKU", value: (r) => r.sku },
    { id: "item", header: "Item", value: (r) => r.itemName },
    { id: "variant", header: "Variant", value: (r) => r.variantSku ?? "" },
    { id: "warehouse", header: "Warehouse", value: (r) => r.warehouseCode },
    { id: "status", header: "Status", value: (r) => r.status },
    { id: "onHand", header: "On hand", value: (r) => r.onHand },
    { id: "reserved", header: "Reserved", value: (r) => r.reserved },
    { id: "available", header: "Available", value: (r) => r.available },
    { id: "incoming", header: "Incoming", value: (r) => r.incoming },
    { id: "min", header: "Minimum", value: (r) => r.minQty ?? "" },
    { id: "reorderPoint", header: "Reorder point", value: (r) => r.reorderPoint },
    { id: "max", header: "Maximum", value: (r) => r.maxQty ?? "" },
    { id: "reorderQty", header: "Reorder quantity", value: (r) => r.reorderQty },
    { id: "suggested", header: "Suggested quantity", value: (r) => r.suggestedQty },
  ],
  async fetchPage(tx, scope, input, cursor) {
    const page = await suggestions(tx, scope, { ...input, sort: { id: "item", desc: false }, page: undefined, cursor: cursor ?? undefined, perPage: 100 }, { count: false });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
