// Inputs of inventory.* (zod 4). Quantities, costs and prices travel as decimal strings (never JS numbers):
// quantities up to 4 decimals (numeric(18,4)), unit costs and prices up to 6 (numeric(18,6)). Quantities of the
// stock services are in the item's base unit.
import { z } from "zod";
import { ZExpectedVersion } from "@/server/kernel/archive";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { optText, optUuid } from "@/server/modules/crm/crm.schemas";
import { ZNumberFormat } from "./number-format.schema";

export const ITEM_TYPES = ["product", "material", "service", "manufactured", "bundle", "digital"] as const;
export const ITEM_STATUSES = ["active", "inactive", "discontinued", "obsolete"] as const;
export const LOCATION_KINDS = ["zone", "aisle", "rack", "bin"] as const;
export const MOVE_TYPES = ["receipt", "issue", "transfer", "adjustment", "count", "production_consume", "production_output", "return"] as const;
/**
 * What inventory.check_levels compares (inventory.stock.check): level / cost_*: against Σ ledger; warehouse_*: the
 * stock report's warehouse counters against the levels and costs (the warehouse id in location_id); organization_*:
 * the organization's counter rows against the cost rows; serials: a serial item's level against its serials in stock
 * there (as its variant, in its lot). cost_* and organization_* are organization-wide.
 */
export const CHECK_KINDS = [
  "level", "cost_quantity", "cost_value",
  "warehouse_item", "warehouse_item_value", "warehouse_items_in_stock", "warehouse_items", "warehouse_on_hand", "warehouse_reserved", "warehouse_value",
  "organization_items_in_stock", "organization_items", "organization_on_hand", "organization_value", "serials",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export type MoveType = (typeof MOVE_TYPES)[number];

export const ZId = z.object({ id: z.uuid("Not a valid id") });

/** A quantity > 0 with at most 4 decimals. */
export const ZQuantity = z
  .string({ error: "Enter a quantity" })
  .trim()
  .regex(/^\d{1,14}(\.\d{1,4})?$/, "Enter a quantity with at most 4 decimals")
  .refine((v) => /[1-9]/.test(v), "Enter a quantity greater than zero");
/** A signed, non-zero quantity change (adjustments). */
export const ZSignedQuantity = z
  .string({ error: "Enter a quantity" })
  .trim()
  .regex(/^-?\d{1,14}(\.\d{1,4})?$/, "Enter a quantity with at most 4 decimals")
  .refine((v) => /[1-9]/.test(v), "Enter a quantity other than zero");
/** A unit cost or price ≥ 0 with at most 6 decimals. */
export const ZUnitCost = z
  .string({ error: "Enter a unit cost" })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, "Enter an amount of zero or more with at most 6 decimals");
const optUnitPrice = z
  .union([ZUnitCost, z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));
const optMeasure = z
  .union([z.string().trim().regex(/^\d{1,14}(\.\d{1,4})?$/, "Enter a number of zero or more with at most 4 decimals"), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));
const optInt = (min: number, max: number) => z.union([z.number().int().min(min).max(max), z.null()]).optional();

const ZCode = z.string({ error: "Enter a code" }).trim().min(1, "Enter a code").max(50, "At most 50 characters");
const ZSku = z.string({ error: "Enter a SKU" }).trim().min(1, "Enter a SKU").max(64, "At most 64 characters");
const ZName = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(200, "At most 200 characters");
const ZNumberText = z.string().trim().min(1).max(64);

// ---------------------------------------------------------------------------------------------------------------
// Items

const ZConversion = z.object({ unitId: z.uuid("Choose a unit"), factor: z.string().trim().regex(/^\d{1,12}(\.\d{1,6})?$/, "Enter a factor with at most 6 decimals").refine((v) => /[1-9]/.test(v), "Enter a factor greater than zero") });

/** An item's specifications (name → value, as text): the item form and the items import keep to these limits. */
export const SPEC_MAX_ENTRIES = 50;
export const SPEC_NAME_MAX = 100;
export const SPEC_VALUE_MAX = 500;
const ZSpecifications = z
  .record(z.string().min(1, "Name each specification").max(SPEC_NAME_MAX, `A specification's name: at most ${SPEC_NAME_MAX} characters`), z.string().max(SPEC_VALUE_MAX, `A specification's value: at most ${SPEC_VALUE_MAX} characters`))
  .refine((v) => Object.keys(v).length <= SPEC_MAX_ENTRIES, `At most ${SPEC_MAX_ENTRIES} specifications`)
  .refine((v) => new Set(Object.keys(v).map((k) => k.toLowerCase())).size === Object.keys(v).length, "A specification's name is given twice");

const ZItemFields = z.object({
  sku: ZSku,
  name: ZName,
  description: optText(4000),
  type: z.enum(ITEM_TYPES).optional(),
  categoryId: optUuid,
  baseUnitId: z.uuid("Choose the base unit"),
  purchaseUnitId: optUuid,
  salesUnitId: optUuid,
  status: z.enum(ITEM_STATUSES).optional(),
  replacedByItemId: optUuid,
  makeOrBuy: z.enum(["make", "buy"]).optional(),
  leadTimeDays: optInt(0, 3650),
  listPrice: optUnitPrice,
  standardUnitCost: optUnitPrice,
  taxRateId: optUuid,
  hsnCode: optText(20),
  weight: optMeasure,
  length: optMeasure,
  width: optMeasure,
  height: optMeasure,
  specifications: ZSpecifications.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  trackInventory: z.boolean().optional(),
  lotControl: z.boolean().optional(),
  serialControl: z.boolean().optional(),
  shelfLifeDays: optInt(1, 36500),
  /** Purchase / sales units: 1 unit = factor base units. Replaces the item's conversions when given. */
  conversions: z.array(ZConversion).max(20).optional(),
  /** Barcodes of the item itself. Replaces them when given. */
  barcodes: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
});
/** `sku` may be left out (or empty) when the category has a part-number series: the series assigns it on save. */
export const ZCreateItemInput = ZItemFields.extend({
  sku: z.union([ZSku, z.literal("")]).optional().transform((v) => v || undefined),
});
export type TCreateItemInput = z.infer<typeof ZCreateItemInput>;
export const ZUpdateItemInput = ZItemFields.partial().extend({ id: z.uuid(), version: z.number().int().min(1) });
export type TUpdateItemInput = z.infer<typeof ZUpdateItemInput>;
export const ZArchiveItemInput = z.object({ id: z.uuid(), archived: z.boolean().default(true), version: ZExpectedVersion });

export const ITEMS_LIST = {
  sorts: ["name", "sku", "createdAt"],
  keyset: ["name", "sku"],
  defaultSort: { id: "name", desc: false },
  filters: { type: "enum", status: "enum", category: "enum", archived: "enum", tags: "enum" },
} as const satisfies ListSpec;
export const ZListItemsInput = defineListInput(ITEMS_LIST);
export type TListItemsInput = ListInput<(typeof ITEMS_LIST.sorts)[number], keyof typeof ITEMS_LIST.filters>;

export const ZCreateVariantInput = z.object({
  itemId: z.uuid(),
  sku: ZSku,
  name: optText(200),
  attributes: z.record(z.string().max(100), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  priceDelta: z.string().trim().regex(/^-?\d{1,12}(\.\d{1,6})?$/, "Enter an amount with at most 6 decimals").optional(),
  barcode: optText(64),
});

// ---------------------------------------------------------------------------------------------------------------
// Categories

export const ZCreateCategoryInput = z.object({
  code: ZCode,
  name: ZName,
  description: optText(2000),
  parentId: optUuid,
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** A part-number series for the category's items, e.g. `710-{####}` (master.schemas.ts). */
  numberFormat: ZNumberFormat,
});
export const ZMoveCategoryInput = z.object({
  id: z.uuid(),
  parentId: z.union([z.uuid(), z.null()]),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** 0-based place among the new siblings (drag and drop, move up / down); the siblings are renumbered 10, 20, … */
  position: z.number().int().min(0).max(100_000).optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// Warehouses and locations

export const ZCreateWarehouseInput = z.object({
  workspaceId: z.uuid("Choose a workspace"),
  code: ZCode,
  name: ZName,
  address: optText(1000),
  allowNegativeStock: z.boolean().optional(),
});
export const ZUpdateWarehouseInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  name: ZName.optional(),
  address: optText(1000),
  allowNegativeStock: z.boolean().optional(),
});
export const ZCreateLocationInput = z.object({
  warehouseId: z.uuid(),
  parentId: optUuid,
  kind: z.enum(LOCATION_KINDS).optional(),
  code: ZCode,
  name: optText(200),
});
export const ZLocationsTreeInput = z.object({ warehouseId: z.uuid() });

// ---------------------------------------------------------------------------------------------------------------
// Stock moves (the services other modules call inside their document's transaction)

const ZMoveCommon = z.object({
  itemId: z.uuid("Choose an item"),
  variantId: optUuid,
  /** Lot-controlled items: the lot number (a receipt creates the lot when it is new). */
  lotNumber: ZNumberText.optional(),
  /** Serial-controlled items: one serial per move, quantity 1. */
  serialNumber: z.string().trim().min(1).max(100).optional(),
  sourceDocumentType: z.string().trim().min(1).max(64).optional(),
  sourceDocumentId: z.uuid().optional(),
  note: z.string().trim().max(1000).optional(),
  movedAt: z.coerce.date().optional(),
});

export const ZReceiveInput = ZMoveCommon.extend({
  locationId: z.uuid("Choose a location"),
  quantity: ZQuantity,
  unitCost: ZUnitCost,
  /** A new lot's expiry; default: today + the item's shelf life. */
  expiresOn: z.iso.date().optional(),
  moveType: z.enum(["receipt", "production_output", "return"]).optional(),
});
export type TReceiveInput = z.input<typeof ZReceiveInput>;

export const ZIssueInput = ZMoveCommon.extend({
  locationId: z.uuid("Choose a location"),
  quantity: ZQuantity,
  moveType: z.enum(["issue", "production_consume"]).optional(),
});
export type TIssueInput = z.input<typeof ZIssueInput>;

export const ZTransferInput = ZMoveCommon.extend({
  fromLocationId: z.uuid("Choose the source location"),
  toLocationId: z.uuid("Choose the destination location"),
  quantity: ZQuantity,
});
export type TTransferInput = z.input<typeof ZTransferInput>;

export const ZAdjustInput = ZMoveCommon.extend({
  locationId: z.uuid("Choose a location"),
  /** Signed: positive adds stock, negative removes it. */
  quantity: ZSignedQuantity,
  /** Unit cost of stock added; default the item's current average cost. */
  unitCost: ZUnitCost.optional(),
  expiresOn: z.iso.date().optional(),
  moveType: z.enum(["adjustment", "count"]).optional(),
});
export type TAdjustInput = z.input<typeof ZAdjustInput>;

export const ZReverseInput = z.object({ moveId: z.uuid(), note: z.string().trim().max(1000).optional() });
export type TReverseInput = z.input<typeof ZReverseInput>;

/** One line of stock.postMoves: a receive, issue, transfer, adjust or reverse input, tagged with its service. */
export const ZPostMoveLine = z.discriminatedUnion("kind", [
  ZReceiveInput.extend({ kind: z.literal("receive") }),
  ZIssueInput.extend({ kind: z.literal("issue") }),
  ZTransferInput.extend({ kind: z.literal("transfer") }),
  ZAdjustInput.extend({ kind: z.literal("adjust") }),
  ZReverseInput.extend({ kind: z.literal("reverse") }),
]);
export type TPostMoveLine = z.input<typeof ZPostMoveLine>;

export const ZReserveInput = z.object({
  itemId: z.uuid("Choose an item"),
  variantId: optUuid,
  locationId: z.uuid("Choose a location"),
  lotNumber: ZNumberText.optional(),
  quantity: ZQuantity,
});
export type TReserveInput = z.input<typeof ZReserveInput>;


// ---------------------------------------------------------------------------------------------------------------
// Stock reads

export const ON_HAND_LIST = {
  sorts: ["item"],
  keyset: ["item"],
  defaultSort: { id: "item", desc: false },
  filters: { item: "enum", location: "enum", warehouse: "enum" },
} as const satisfies ListSpec;
export const ZOnHandInput = defineListInput(ON_HAND_LIST);
export type TOnHandInput = ListInput<(typeof ON_HAND_LIST.sorts)[number], keyof typeof ON_HAND_LIST.filters>;

export const ZLedgerInput = z.object({
  itemId: z.uuid(),
  locationId: z.uuid().optional(),
  cursor: z.string().max(1000).optional(),
  perPage: z.number().int().min(1).max(100).default(50),
});
export type TLedgerInput = z.input<typeof ZLedgerInput>;

// ---------------------------------------------------------------------------------------------------------------
// Documents: stock adjustments and transfers

const ZDocLineCommon = z.object({
  itemId: z.uuid("Choose an item"),
  variantId: optUuid,
  lotNumber: ZNumberText.optional(),
  serialNumber: z.string().trim().min(1).max(100).optional(),
});
export const ZCreateAdjustmentInput = z.object({
  warehouseId: z.uuid("Choose a warehouse"),
  /** One of the organization's active adjustment reasons (adjustment-reasons.service.ts). */
  reasonId: z.uuid("Choose a reason"),
  note: optText(2000),
  lines: z
    .array(ZDocLineCommon.extend({ locationId: z.uuid("Choose a location"), quantity: ZSignedQuantity, unitCost: ZUnitCost.optional() }))
    .min(1, "Add a line")
    .max(500, "At most 500 lines"),
});
export type TCreateAdjustmentInput = z.output<typeof ZCreateAdjustmentInput>;
export const ZCreateTransferInput = z.object({
  fromWarehouseId: z.uuid("Choose the source warehouse"),
  toWarehouseId: z.uuid("Choose the destination warehouse"),
  note: optText(2000),
  lines: z
    .array(ZDocLineCommon.extend({ fromLocationId: z.uuid("Choose the source location"), toLocationId: z.uuid("Choose the destination location"), quantity: ZQuantity }))
    .min(1, "Add a line")
    .max(500, "At most 500 lines"),
});
export type TCreateTransferInput = z.output<typeof ZCreateTransferInput>;
export const ZPostDocumentInput = z.object({ id: z.uuid(), version: z.number().int().min(1) });
export const ZCancelDocumentInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  reason: z.string({ error: "Enter a reason" }).trim().min(1, "Enter a reason").max(500, "At most 500 characters"),
});

/**
 * The adjustments and transfers lists: keyset by number; filters `status`, `warehouse` (ids) and `posted` (the days
 * of the posted date in the organization's time zone, from and to inclusive).
 */
export const DOCUMENTS_LIST = {
  sorts: ["number"],
  keyset: ["number"],
  defaultSort: { id: "number", desc: true },
  filters: { status: "enum", warehouse: "enum", posted: "dateRange" },
} as const satisfies ListSpec;
export const ZListDocumentsInput = defineListInput(DOCUMENTS_LIST);
/** The adjustments list also filters by `reason` (adjustment reason ids): the adjustments by reason report's drill-down. */
export const ADJUSTMENTS_LIST = {
  ...DOCUMENTS_LIST,
  filters: { ...DOCUMENTS_LIST.filters, reason: "enum" },
} as const satisfies ListSpec;
export const ZListAdjustmentsInput = defineListInput(ADJUSTMENTS_LIST);
/** Either list's input (a transfers list never has a `reason` filter: its schema refuses it). */
export type TListDocumentsInput = ListInput<(typeof ADJUSTMENTS_LIST.sorts)[number], keyof typeof ADJUSTMENTS_LIST.filters>;
/** The adjustments and transfers lists: their saved views and their exports (`/api/export/inventory.adjustments`). */
export const DOCUMENTS_LIST_KEYS = { adjustment: "inventory.adjustments", transfer: "inventory.transfers" } as const;
