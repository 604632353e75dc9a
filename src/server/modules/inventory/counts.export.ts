// Cycle counts as an exportable list (GET /api/export/inventory.counts): the list's status / warehouse filters, `q`
// and sort, every count the member may see, read page by page through listCounts — the same query as the screen, so
// the differences it withholds (a blind count still counting, an open count above LIST_LIVE_DIFFERENCES_MAX counted
// lines) are withheld here too: an empty cell, and why in "Differences hidden". The scope is its parts, one column
// each (an empty location, range and category: the whole warehouse), so no cell carries words of a language.
import { defineExport } from "@/server/kernel/export/registry";
import { COUNTS_LIST_KEY, ZListCountsInput, type TListCountsInput } from "./counts.schemas";
import { listCounts, type CountListRow } from "./counts.service";

export const countsExport = defineExport<TListCountsInput, CountListRow>({
  key: COUNTS_LIST_KEY,
  permission: "inventory.stock.read",
  // inventory.counts.list is organization-level: every workspace the member may see.
  organizationLevel: true,
  input: ZListCountsInput,
  columns: [
    { id: "number", header: "inventoryCounts.columns.number", value: (r) => r.number },
    { id: "status", header: "inventoryCounts.columns.status", value: (r) => r.status },
    { id: "warehouse", header: "inventoryCounts.columns.warehouse", value: (r) => r.warehouseCode },
    { id: "location", header: "inventoryCounts.create.location", value: (r) => r.locationCode },
    { id: "locationCodeFrom", header: "inventoryCounts.create.codeFrom", value: (r) => r.locationCodeFrom },
    { id: "locationCodeTo", header: "inventoryCounts.create.codeTo", value: (r) => r.locationCodeTo },
    { id: "category", header: "inventoryCounts.create.category", value: (r) => r.categoryName },
    { id: "blind", header: "exports.columns.blind", value: (r) => (r.blind ? "yes" : "no") },
    { id: "lines", header: "inventoryCounts.columns.lines", value: (r) => r.lineCount },
    { id: "counted", header: "inventoryCounts.columns.counted", value: (r) => r.countedCount },
    // Never more than the screen: null (hidden) stays empty.
    { id: "differences", header: "inventoryCounts.columns.differences", value: (r) => (r.differenceHidden ? null : r.differenceCount) },
    { id: "differencesHidden", header: "exports.columns.differencesHidden", value: (r) => r.differenceHidden },
    { id: "createdAt", header: "inventoryCounts.columns.created", value: (r) => r.createdAt },
    { id: "postedAt", header: "exports.columns.posted", value: (r) => r.postedAt },
    { id: "id", header: "exports.columns.id", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    const page = await listCounts(tx, scope, { ...input, page: undefined, cursor: cursor ?? undefined, perPage: 100 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
