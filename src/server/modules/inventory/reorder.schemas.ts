// Inputs of inventory.reorder.* and inventory.dashboard (zod 4). Quantities are decimal strings in the item's base
// unit (≤ 4 decimals), compared here as decimals (never JS numbers): min ≤ reorder point ≤ max when set.
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";

/** Reorder status of an item × warehouse, from AVAILABLE stock (on hand − reserved), in order of urgency. */
export const REORDER_STATUSES = ["out_of_stock", "low", "reorder", "in_stock"] as const;
export type ReorderStatus = (typeof REORDER_STATUSES)[number];
/** Statuses that need action (the dashboard's "below reorder point" figure). */
export const REORDER_ALERT_STATUSES: readonly ReorderStatus[] = ["out_of_stock", "low", "reorder"];

const QTY_RE = /^\d{1,14}(\.\d{1,4})?$/;
const ZQty = (what: string) =>
  z.string({ error: `Enter ${what}` }).trim().regex(QTY_RE, `Enter ${what} of zero or more with at most 4 decimals`);
const optQty = (what: string) =>
  z
    .union([ZQty(what), z.literal(""), z.null()])
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v));

/** Compares two non-negative decimal strings exactly: −1, 0 or 1. Pure. */
export function compareQty(a: string, b: string): number {
  const [ai = "0", af = ""] = a.split(".");
  const [bi = "0", bf = ""] = b.split(".");
  const ia = ai.replace(/^0+(?=\d)/, "");
  const ib = bi.replace(/^0+(?=\d)/, "");
  if (ia.length !== ib.length) return ia.length < ib.length ? -1 : 1;
  const x = ia + af.padEnd(4, "0");
  const y = ib + bf.padEnd(4, "0");
  return x === y ? 0 : x < y ? -1 : 1;
}

const ZRuleBase = z.object({
  itemId: z.uuid("Choose an item"),
  variantId: z
    .union([z.uuid(), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  warehouseId: z.uuid("Choose a warehouse"),
  minQty: optQty("a minimum"),
  maxQty: optQty("a maximum"),
  reorderPoint: ZQty("a reorder point"),
  reorderQty: ZQty("a reorder quantity"),
});

function checkOrder(r: z.output<typeof ZRuleBase>, ctx: z.RefinementCtx) {
  if (r.minQty !== null && compareQty(r.minQty, r.reorderPoint) > 0)
    ctx.addIssue({ code: "custom", path: ["minQty"], message: "The minimum cannot be above the reorder point" });
  if (r.maxQty !== null && compareQty(r.reorderPoint, r.maxQty) > 0)
    ctx.addIssue({ code: "custom", path: ["maxQty"], message: "The maximum cannot be below the reorder point" });
  if (r.maxQty === null && compareQty(r.reorderQty, "0") === 0)
    ctx.addIssue({ code: "custom", path: ["reorderQty"], message: "Enter a reorder quantity above zero, or a maximum" });
}

/** The rule's fields (the form validates with it). */
export const ZReorderRuleFields = ZRuleBase.superRefine(checkOrder);

/** Creates a rule (no id) or updates one (id + the version read; CONFLICT when stale). */
export const ZUpsertReorderRuleInput = ZRuleBase.extend({ id: z.uuid().optional(), version: z.number().int().min(1).optional() }).superRefine(checkOrder);
export const ZDeleteReorderRuleInput = z.object({ id: z.uuid("Not a valid id"), version: z.number().int().min(1).optional() });

export const REORDER_RULES_LIST = {
  sorts: ["item"],
  keyset: ["item"],
  defaultSort: { id: "item", desc: false },
  filters: { item: "enum", warehouse: "enum", category: "enum" },
} as const satisfies ListSpec;
export const ZListReorderRulesInput = defineListInput(REORDER_RULES_LIST);
export type TListReorderRulesInput = ListInput<(typeof REORDER_RULES_LIST.sorts)[number], keyof typeof REORDER_RULES_LIST.filters>;

export const REORDER_SUGGESTIONS_LIST = {
  sorts: ["item"],
  keyset: ["item"],
  defaultSort: { id: "item", desc: false },
  filters: { status: "enum", warehouse: "enum", category: "enum", item: "enum" },
} as const satisfies ListSpec;
export const ZReorderSuggestionsInput = defineListInput(REORDER_SUGGESTIONS_LIST);
export type TReorderSuggestionsInput = ListInput<(typeof REORDER_SUGGESTIONS_LIST.sorts)[number], keyof typeof REORDER_SUGGESTIONS_LIST.filters>;
export const REORDER_SUGGESTIONS_LIST_KEY = "inventory.reorder-suggestions";
export const REORDER_RULES_LIST_KEY = "inventory.reorder-rules";

export const ZInventoryDashboardInput = z
  .object({
    /** Slow movers: items with stock and no issue in this many days. */
    slowDays: z.number().int().min(1).max(3650).default(90),
  })
  .optional()
  .transform((v) => v ?? { slowDays: 90 });
