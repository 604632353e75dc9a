// Inputs of the stock reports (on hand, valuation as of a date) and the lot / serial trace. The reports are lists of
// the one list contract (src/lib/list.ts): the grouping and the valuation date are filters, so they live in the URL,
// in saved views and in the export's input like every other filter.
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";

export const STOCK_GROUPINGS = ["item", "location", "lot"] as const;
export type StockGrouping = (typeof STOCK_GROUPINGS)[number];
export const VALUATION_GROUPINGS = ["item", "category", "warehouse"] as const;
export type ValuationGrouping = (typeof VALUATION_GROUPINGS)[number];

/**
 * Stock on hand: one row per group (item; location × item; item × lot). Keyset by the group's key (sort `key`).
 * Filters: `group` (one of STOCK_GROUPINGS, default item), `warehouse`, `location` (ids, with their sub-locations),
 * `category` (ids, with their sub-categories), `item` (ids), `lot` (lot number from its start), `status` (item
 * statuses), `stock` (`inStock`: only groups with on hand ≠ 0). `q`: SKU from its start.
 */
export const STOCK_REPORT = {
  sorts: ["key"],
  keyset: ["key"],
  defaultSort: { id: "key", desc: false },
  filters: { group: "enum", warehouse: "enum", location: "enum", category: "enum", item: "enum", lot: "text", status: "enum", stock: "enum" },
} as const satisfies ListSpec;
export const STOCK_REPORT_KEY = "inventory.stock";
export const ZStockReportInput = defineListInput(STOCK_REPORT);
export type TStockReportInput = ListInput<(typeof STOCK_REPORT.sorts)[number], keyof typeof STOCK_REPORT.filters>;

/**
 * Valuation as of the end of a day in the organization's time zone: one row per group (item; category; warehouse).
 * Filters: `asOf` (text, YYYY-MM-DD; none: now), `group` (VALUATION_GROUPINGS, default item), `category` (ids with
 * sub-categories), `warehouse` (ids), `item` (ids). `q`: SKU from its start.
 */
export const VALUATION_REPORT = {
  sorts: ["key"],
  keyset: ["key"],
  defaultSort: { id: "key", desc: false },
  filters: { asOf: "text", group: "enum", category: "enum", warehouse: "enum", item: "enum" },
} as const satisfies ListSpec;
export const VALUATION_REPORT_KEY = "inventory.valuation";
export const ZValuationReportInput = defineListInput(VALUATION_REPORT);
export type TValuationReportInput = ListInput<(typeof VALUATION_REPORT.sorts)[number], keyof typeof VALUATION_REPORT.filters>;

/** Trace: the lots (or serials) with this number — one per item at most, so possibly several. */
export const ZTraceFindInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("lot"), number: z.string().trim().min(1, "Enter a lot number").max(64) }),
  z.object({ kind: z.literal("serial"), number: z.string().trim().min(1, "Enter a serial number").max(100) }),
]);
export type TTraceFindInput = z.infer<typeof ZTraceFindInput>;

/** One lot's (or serial's) trace: its id as the find answered it. */
export const ZTraceInput = z.object({ id: z.uuid() });
export type TTraceInput = z.infer<typeof ZTraceInput>;

/**
 * Stock adjustments by reason: the adjustments POSTED on the days `from` … `to` (inclusive, the organization's
 * calendar), optionally of one warehouse and one reason. `to` before `from` is a field error on `to`.
 */
export const ZAdjustmentsByReasonInput = z
  .object({
    from: z.iso.date({ error: "Enter a date as YYYY-MM-DD" }),
    to: z.iso.date({ error: "Enter a date as YYYY-MM-DD" }),
    warehouseId: z.uuid({ error: "Choose a warehouse" }).optional(),
    reasonId: z.uuid({ error: "Choose a reason" }).optional(),
  })
  .refine((v) => v.from <= v.to, { path: ["to"], message: "The end date must not be before the start date" });
export type TAdjustmentsByReasonInput = z.output<typeof ZAdjustmentsByReasonInput>;

export const ADJUSTMENTS_BY_REASON_KEY = "inventory.adjustmentsByReason";
/**
 * The export's input: the report's input as `filters`, so the export's audit event (which records the input's `q`,
 * `filters` and `sort`) says which days, warehouse and reason were exported.
 */
export const ZAdjustmentsByReasonExportInput = z.object({ filters: ZAdjustmentsByReasonInput });
export type TAdjustmentsByReasonExportInput = z.output<typeof ZAdjustmentsByReasonExportInput>;
