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
    { id: "sku", header: "exports.columns.sku", value: (r) => r.sku },
    { id: "item", header: "inventoryReorder.columns.item", value: (r) => r.itemName },
    { id: "variant", header: "exports.columns.variant", value: (r) => r.variantSku ?? "" },
    { id: "warehouse", header: "inventoryReorder.columns.warehouse", value: (r) => r.warehouseCode },
    { id: "status", header: "inventoryReorder.columns.status", value: (r) => r.status },
    { id: "onHand", header: "inventoryReorder.columns.onHand", value: (r) => r.onHand },
    { id: "reserved", header: "inventoryReorder.columns.reserved", value: (r) => r.reserved },
    { id: "available", header: "inventoryReorder.columns.available", value: (r) => r.available },
    { id: "incoming", header: "inventoryReorder.columns.incoming", value: (r) => r.incoming },
    { id: "min", header: "inventoryReorder.columns.min", value: (r) => r.minQty ?? "" },
    { id: "reorderPoint", header: "inventoryReorder.columns.reorderPoint", value: (r) => r.reorderPoint },
    { id: "max", header: "inventoryReorder.columns.max", value: (r) => r.maxQty ?? "" },
    { id: "reorderQty", header: "inventoryReorder.columns.reorderQty", value: (r) => r.reorderQty },
    { id: "suggested", header: "inventoryReorder.columns.suggested", value: (r) => r.suggestedQty },
  ],
  async fetchPage(tx, scope, input, cursor) {
    const page = await suggestions(tx, scope, { ...input, sort: { id: "item", desc: false }, page: undefined, cursor: cursor ?? undefined, perPage: 100 }, { count: false });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
