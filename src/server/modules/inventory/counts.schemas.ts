// inventory.counts.* inputs (cycle counts). Quantities are decimal strings in the item's base unit (≤ 4 decimals).
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { optUuid } from "@/server/modules/crm/crm.schemas";

/** A counted quantity ≥ 0 (zero: nothing found) with at most 4 decimals. */
export const ZCountedQuantity = z
  .string({ error: "Enter the counted quantity" })
  .trim()
  .regex(/^\d{1,14}(\.\d{1,4})?$/, "Enter a quantity of zero or more with at most 4 decimals");

const optCode = z
  .union([z.string().trim().max(50, "At most 50 characters"), z.null()])
  .optional()
  .transform((v) => v || undefined);

export const ZCreateCountInput = z
  .object({
    warehouseId: z.uuid("Choose a warehouse"),
    /** Count this location and everything beneath it. */
    locationId: optUuid,
    /** Count the locations whose code lies in this range (inclusive, text order). */
    locationCodeFrom: optCode,
    locationCodeTo: optCode,
    /** Count the items of this category and its subcategories. */
    categoryId: optUuid,
    /** Counters do not see the expected quantities until review. */
    blind: z.boolean().default(false),
    note: z.union([z.string().trim().max(1000, "At most 1000 characters"), z.null()]).optional().transform((v) => v || undefined),
  })
  .superRefine((v, ctx) => {
    if (v.locationCodeFrom && v.locationCodeTo && v.locationCodeFrom > v.locationCodeTo)
      ctx.addIssue({ code: "custom", path: ["locationCodeTo"], message: "Enter a code after the first one" });
  });
export type TCreateCountInput = z.output<typeof ZCreateCountInput>;

export const ZSetCountedInput = z.object({
  id: z.uuid(),
  lineId: z.uuid(),
  /** null clears the entry (the line is uncounted again). */
  countedQty: z.union([ZCountedQuantity, z.null()]),
});
export type TSetCountedInput = z.output<typeof ZSetCountedInput>;

/**
 * The serial numbers found on one serial line. The service trims them and refuses an entry over MAX_SERIAL_LENGTH on
 * its own field (serials.<i>: zod's flattened errors would name only "serials"); this schema only bounds the input.
 */
export const MAX_COUNT_SERIALS = 1000;
export const MAX_SERIAL_LENGTH = 100;
/**
 * The refusals of a serial list, one text each: the service and the schema answer exactly these, and the count
 * page's Serials dialog recognizes them (serial-errors.ts) to show its own translated message.
 */
export const SERIAL_REFUSALS = {
  /** On serials.<i>: the entry (trimmed) is too long. */
  tooLong: `At most ${MAX_SERIAL_LENGTH} characters`,
  /** On serials: too many entries. */
  tooMany: `At most ${MAX_COUNT_SERIALS} serial numbers per line`,
} as const;
const ZSerialList = z
  .array(z.string().max(10 * MAX_SERIAL_LENGTH, SERIAL_REFUSALS.tooLong))
  .max(MAX_COUNT_SERIALS, SERIAL_REFUSALS.tooMany);

export const ZAddCountLineInput = z.object({
  id: z.uuid(),
  itemId: z.uuid("Choose an item"),
  variantId: optUuid,
  locationId: z.uuid("Choose a location"),
  lotNumber: z.union([z.string().trim().max(64, "At most 64 characters"), z.null()]).optional().transform((v) => v || undefined),
  /** Required for a plain item; a serial-controlled item's counted quantity is the number of its serials. */
  countedQty: ZCountedQuantity.optional(),
  /** Serial-controlled items: the serial numbers found (as counts.setSerials). */
  serials: ZSerialList.optional(),
});
export type TAddCountLineInput = z.output<typeof ZAddCountLineInput>;

export const ZCountTransitionInput = z.object({ id: z.uuid(), version: z.number().int().min(1) });
export const ZCancelCountInput = ZCountTransitionInput.extend({
  reason: z.string({ error: "Enter a reason" }).trim().min(1, "Enter a reason").max(500, "At most 500 characters"),
});

export const COUNTS_LIST = {
  sorts: ["number"],
  keyset: ["number"],
  defaultSort: { id: "number", desc: true },
  filters: { status: "enum", warehouse: "enum" },
} as const satisfies ListSpec;
export const ZListCountsInput = defineListInput(COUNTS_LIST);
export type TListCountsInput = ListInput<(typeof COUNTS_LIST.sorts)[number], keyof typeof COUNTS_LIST.filters>;
/** The counts list: its saved views and its export (`/api/export/inventory.counts`). */
export const COUNTS_LIST_KEY = "inventory.counts";

export const ZSetCountSerialsInput = z.object({
  id: z.uuid(),
  lineId: z.uuid(),
  /**
   * The serial numbers found at the line's location (the whole list: it replaces the previous one). Entries are
   * trimmed, blank ones dropped and repeats counted once; an entry longer than 100 characters is refused on its
   * own field (serials.<i>). An empty list: none found (counted 0); null clears the entry (uncounted again).
   */
  serials: ZSerialList.nullable(),
});
export type TSetCountSerialsInput = z.output<typeof ZSetCountSerialsInput>;

/**
 * The most counted lines of an open count whose differences the list compares with on hand now. Above it the list
 * leaves the number to the count's page (differenceHidden "large"): the comparison reads each counted line's level,
 * O(counted lines) per page — 23,147 counted lines took 150–600 ms at full scale, over the list's 50 ms budget.
 * Posted counts show the number frozen at posting whatever their size.
 */
export const LIST_LIVE_DIFFERENCES_MAX = 2000;

/** The count page's lines: a page of them (`COUNT_LINES_PER_PAGE` by default, 10 to `COUNT_LINES_MAX_PER_PAGE`). */
export const COUNT_LINES_PER_PAGE = 100;
export const COUNT_LINES_MAX_PER_PAGE = 200;
export const COUNT_LINE_FILTERS = ["all", "uncounted", "differences", "serial"] as const;
export const ZCountLinesInput = z.object({
  id: z.uuid(),
  page: z.number().int().min(1).default(1),
  perPage: z.number().int().min(10).max(COUNT_LINES_MAX_PER_PAGE).default(COUNT_LINES_PER_PAGE),
  /** SKU, item name, location code, lot number or variant SKU containing it (case-insensitive, `%` / `_` literal). */
  q: z.string().trim().max(200).optional(),
  filter: z.enum(COUNT_LINE_FILTERS).default("all"),
  /** With `uncounted`: lines counted after this moment stay in the filter (see counts.service `lineFilter`). */
  keptSince: z.coerce.date().optional(),
});
export type TCountLinesInput = z.output<typeof ZCountLinesInput>;
