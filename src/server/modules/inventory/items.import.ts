// The items import (kind "inventory.items") on the kernel import engine: one item per row, matched by SKU (update)
// or created, with optional opening stock (warehouse code, location code, quantity, unit cost, lot, expiry) received
// through stock.receive in the same transaction as the item. Codes (units, categories, tax rates, warehouses,
// locations) resolve in memory against the organization's own records loaded once per run (RLS + organization
// filter: another organization's code never resolves; warehouses only of the member's workspaces). The item form's
// rules are checked per row (the service's zod schema, then its cross-field rules on the values the item will have,
// set-based look-ups for SKUs, barcodes and stock moves); a chunk's items are written set-based (a few statements per
// 1,000 rows, as the customers import) and their opening stock through stock.receive, in the chunk's transaction.
//
// A row with a Variant SKU is a variant row of the item its SKU names: the item comes from the first row of that SKU
// (later rows leave its cells blank or repeat them), the variant is created or updated by its own SKU, and the row's
// barcode and opening stock are the variant's (with its name, attributes and price delta). One row counts once
// (create / update / unchanged); a matched variant row counts under "matched by variant SKU", apart from the items
// matched by SKU. An item with variant rows anywhere in the file receives its opening stock per variant only: a row
// of it without a variant and with stock is refused, in whichever chunk it falls (the engine's prescan reads the
// file's SKU and Variant SKU cells before the first chunk).
//
// Opening stock is idempotent: its move carries source document type `inventory.opening` and the item's id (the
// variant's id on a variant row), and an item (variant) whose opening receipt exists (and is not reversed) never
// receives opening stock again — a second run of the same file (or of a corrected one) skips it. The items (and the
// rows' variants) of a chunk are locked (FOR UPDATE) before that check, so two runs at once serialize on them.
//
// "Replaced by" names the replacing item by SKU: an item of the organization, or one an earlier row of the file
// creates or updates (the dry run keeps the SKUs of earlier chunks in the run's context, as it commits nothing; the
// commit finds them in the database). The service's rules hold on the values the item will have: a row that makes a
// replaced item active or inactive is refused on its status (a blank cell never clears the replacement).
import { Prisma } from "@/generated/prisma/client";
import { v7 as uuidv7 } from "uuid";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import { defineImport, type ChunkCounts, type RowError, type ValidRow } from "@/server/kernel/import/define";
import type { OrgScope } from "@/server/kernel/scope";
import { ITEM_STATUSES, ITEM_TYPES, SPEC_MAX_ENTRIES, SPEC_NAME_MAX, SPEC_VALUE_MAX, ZCreateItemInput, ZCreateVariantInput, ZQuantity, ZUnitCost, type TCreateItemInput } from "./inventory.schemas";
import { receive } from "./stock.service";
import { itemShapeErrors, type ItemShape } from "./items.service";

export const ITEMS_IMPORT_KIND = "inventory.items";
/** The source document type of opening stock moves (source document id: the item's id). */
export const OPENING_SOURCE = "inventory.opening";
/** Rows per commit transaction (the kernel's default is 1,000). */
const ITEMS_CHUNK_ROWS = 250;

const FIELDS = [
  { id: "sku", label: "SKU", required: true, synonyms: ["sku", "item code", "code", "article", "part number", "артикул", "код", "код товара"] },
  { id: "name", label: "Name", required: true, synonyms: ["name", "item", "item name", "product", "title", "наименование", "название", "товар"] },
  { id: "description", label: "Description", synonyms: ["description", "описание"] },
  { id: "type", label: "Type", synonyms: ["type", "item type", "тип"] },
  { id: "category", label: "Category", synonyms: ["category", "category code", "category path", "group", "категория", "группа"] },
  { id: "baseUnit", label: "Base unit", required: true, synonyms: ["base unit", "unit", "uom", "unit of measure", "единица", "ед изм", "единица измерения", "базовая единица"] },
  { id: "purchaseUnit", label: "Purchase unit", synonyms: ["purchase unit", "единица закупки"] },
  { id: "purchaseFactor", label: "Purchase unit factor", synonyms: ["purchase factor", "purchase unit factor", "коэффициент закупки"] },
  { id: "salesUnit", label: "Sales unit", synonyms: ["sales unit", "единица продажи"] },
  { id: "salesFactor", label: "Sales unit factor", synonyms: ["sales factor", "sales unit factor", "коэффициент продажи"] },
  { id: "barcode", label: "Barcode", synonyms: ["barcode", "ean", "upc", "gtin", "штрихкод", "штрих код"] },
  { id: "status", label: "Status", synonyms: ["status", "статус"] },
  { id: "replacedBy", label: "Replaced by", synonyms: ["replaced by", "replacement", "superseded by", "replacement sku", "заменён на", "замена", "аналог-замена"] },
  { id: "makeOrBuy", label: "Make or buy", synonyms: ["make or buy", "make buy", "source", "производство или закупка"] },
  { id: "leadTimeDays", label: "Lead time (days)", synonyms: ["lead time", "lead time days", "срок поставки", "срок поставки дней"] },
  { id: "listPrice", label: "List price", synonyms: ["list price", "price", "sales price", "цена", "прайс", "цена продажи"] },
  { id: "standardCost", label: "Standard cost", synonyms: ["standard cost", "cost", "standard unit cost", "себестоимость", "стандартная себестоимость"] },
  { id: "taxCategory", label: "Tax category", synonyms: ["tax category", "tax", "tax rate", "tax code", "vat rate", "ставка налога", "налог", "ндс"] },
  { id: "hsnCode", label: "HSN code", synonyms: ["hsn", "hsn code", "тн вэд", "код тн вэд"] },
  { id: "weight", label: "Weight (kg)", synonyms: ["weight", "weight kg", "вес", "вес кг"] },
  { id: "length", label: "Length (cm)", synonyms: ["length", "length cm", "длина"] },
  { id: "width", label: "Width (cm)", synonyms: ["width", "width cm", "ширина"] },
  { id: "height", label: "Height (cm)", synonyms: ["height", "height cm", "высота"] },
  { id: "trackInventory", label: "Track inventory", synonyms: ["track inventory", "stocked", "учет остатков", "складской учет"] },
  { id: "lotControl", label: "Lot control", synonyms: ["lot control", "lots", "batch control", "партионный учет", "учет партий"] },
  { id: "serialControl", label: "Serial control", synonyms: ["serial control", "serials", "серийный учет", "учет серийных номеров"] },
  { id: "shelfLifeDays", label: "Shelf life (days)", synonyms: ["shelf life", "shelf life days", "срок годности", "срок годности дней"] },
  { id: "tags", label: "Tags", synonyms: ["tags", "labels", "теги", "метки"] },
  { id: "specifications", label: "Specifications", synonyms: ["specifications", "specs", "attributes", "характеристики", "спецификация"] },
  { id: "variantSku", label: "Variant SKU", synonyms: ["variant sku", "variant code", "variant", "артикул варианта", "код варианта", "вариант"] },
  { id: "variantName", label: "Variant name", synonyms: ["variant name", "variant title", "название варианта", "наименование варианта"] },
  // Not "attributes": it names Specifications (the item's), kept as it was.
  { id: "variantAttributes", label: "Variant attributes", synonyms: ["variant attributes", "options", "variant options", "атрибуты", "атрибуты варианта", "характеристики варианта"] },
  { id: "variantPriceDelta", label: "Variant price delta", synonyms: ["variant price delta", "price delta", "variant price difference", "надбавка варианта", "наценка варианта"] },
  { id: "warehouse", label: "Opening stock: warehouse", synonyms: ["warehouse", "warehouse code", "склад", "код склада"] },
  { id: "location", label: "Opening stock: location", synonyms: ["location", "location code", "bin", "ячейка", "место хранения", "код ячейки"] },
  { id: "quantity", label: "Opening stock: quantity", synonyms: ["quantity", "qty", "opening quantity", "on hand", "stock", "количество", "остаток", "начальный остаток"] },
  { id: "unitCost", label: "Opening stock: unit cost", synonyms: ["unit cost", "opening unit cost", "стоимость единицы", "цена закупки"] },
  { id: "lot", label: "Opening stock: lot", synonyms: ["lot", "lot number", "batch", "партия", "номер партии"] },
  { id: "expiresOn", label: "Opening stock: lot expiry", synonyms: ["expiry", "expires on", "expiry date", "best before", "срок годности до", "годен до"] },
] as const;

type FieldId = (typeof FIELDS)[number]["id"];

const ENUMS = {
  type: {
    product: "product", goods: "product", "товар": "product", "продукт": "product", material: "material", "материал": "material", "сырье": "material",
    service: "service", "услуга": "service", manufactured: "manufactured", "изделие": "manufactured", "производимый": "manufactured",
    bundle: "bundle", kit: "bundle", "комплект": "bundle", "набор": "bundle", digital: "digital", "цифровой": "digital",
  },
  status: {
    active: "active", "активный": "active", "активен": "active", inactive: "inactive", "неактивный": "inactive", "неактивен": "inactive",
    discontinued: "discontinued", "снят с производства": "discontinued", obsolete: "obsolete", "устарел": "obsolete", "устаревший": "obsolete",
  },
  makeOrBuy: { make: "make", "производство": "make", "производить": "make", buy: "buy", "закупка": "buy", "закупать": "buy" },
} as const satisfies Record<string, Record<string, string>>;
const ENUM_HINT = { type: ITEM_TYPES.join(", "), status: ITEM_STATUSES.join(", "), makeOrBuy: "make, buy" };
const YES = new Set(["yes", "y", "true", "1", "x", "да", "д", "истина"]);
const NO = new Set(["no", "n", "false", "0", "нет", "н", "ложь"]);

/** The item's fields as the row gives them (codes resolved to ids); the opening stock apart. */
interface OpeningStock {
  warehouseCode: string;
  locationId: string;
  quantity: string;
  unitCost: string | null;
  lotNumber: string | null;
  expiresOn: string | null;
}
export interface ItemImportRecord {
  sku: string;
  fields: TCreateItemInput;
  /** Fields the row gave (a blank cell never clears a field on update). */
  given: (keyof TCreateItemInput)[];
  barcode: string | null;
  /** The SKU of the item that replaces this one (an item of the organization, or one of an earlier row). */
  replacedBy: string | null;
  /** On a variant row: the variant's opening stock. */
  stock: OpeningStock | null;
  /** The file's row that first named this SKU: a later row (a variant row repeating the item) writes no item fields. */
  first: number;
  variant: VariantImport | null;
}
/** A variant row's variant: matched by its own SKU; name / attributes / price delta only when the row gives them. */
export interface VariantImport {
  sku: string;
  /** null: not given (a new variant has none, as one created on screen without a name; an update keeps its own). */
  name: string | null;
  attributes: Record<string, string | number | boolean> | null;
  priceDelta: string | null;
}

interface Ctx {
  canMoveStock: boolean;
  units: Map<string, string>;
  categories: Map<string, string>;
  taxRates: Map<string, string>;
  warehouses: Map<string, string>;
  /** `${warehouseId}\u0000${location code lower}` → location id. */
  locations: Map<string, string>;
  /** The SKUs the dry run decided (create, update or unchanged) in the earlier chunks of this run: a later row may be
   *  replaced by one of them, though the dry run never commits them. (A commit finds them in the database.) */
  earlier: Map<string, EarlierItem>;
  /** SKU → the first row naming it and what that row gives of the item (later rows of the SKU must agree). */
  firstRows: Map<string, { row: number; fields: Record<string, unknown> }>;
  /** The file's variant SKUs and the SKUs of its rows without one: a variant SKU is never an item's SKU. */
  variantSkus: Map<string, number>;
  itemSkus: Map<string, number>;
  /** SKUs of rows without a variant. */
  itemRows: Set<string>;
  /** SKUs with a variant row anywhere in the file (the prescan): their rows without a variant receive no opening stock,
   *  wherever the chunk boundaries fall. */
  variedInFile: Set<string>;
}
/** An item the dry run decided in an earlier chunk: what its later rows' opening stock is checked against. */
interface EarlierItem {
  shape: StockShape;
  /** Variant rows of it were decided: a row without a variant receives no opening stock into it. */
  varied: boolean;
}
type StockShape = { trackInventory: boolean; lotControl: boolean; serialControl: boolean };

const key = (s: string) => s.trim().toLowerCase().replace(/ё/g, "е");

/** "1 000,50" → "1000.50", "1,000.50" → "1000.50"; anything else is left for the schema to refuse. */
function normalizeNumber(s: string): string {
  const t = s.replace(/[\s\u00a0']/g, "");
  return t.includes(".") ? t.replace(/,/g, "") : t.replace(",", ".");
}

/** dd.mm.yyyy, yyyy-mm-dd, or an Excel date's ISO text → yyyy-mm-dd; null when not a date. */
function isoDate(s: string): string | null {
  const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}` : s.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** zod path of the item input → the import's field (column). */
const FIELD_OF: Record<string, FieldId> = {
  categoryId: "category",
  baseUnitId: "baseUnit",
  purchaseUnitId: "purchaseUnit",
  salesUnitId: "salesUnit",
  standardUnitCost: "standardCost",
  taxRateId: "taxCategory",
  barcodes: "barcode",
  conversions: "purchaseUnit",
  replacedBy: "replacedBy",
};

const VARIANT_FIELD: Record<string, FieldId> = { sku: "variantSku", name: "variantName", attributes: "variantAttributes", priceDelta: "variantPriceDelta", barcode: "barcode" };
/** The variant service's schema (its limits), without the item (the row's SKU). */
const ZVariantRow = ZCreateVariantInput.omit({ itemId: true });

function validateRow(ctx: Ctx, row: number, values: Readonly<Record<string, string>>): { record: ItemImportRecord } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  // A later variant row of an item may leave the item's cells blank, Name and Base unit too: its first row's count.
  const prior = values.variantSku !== undefined && values.sku !== undefined ? ctx.firstRows.get(values.sku) : undefined;
  const input: Record<string, unknown> = { sku: values.sku ?? "", name: values.name ?? (prior?.fields.name as string | undefined) ?? "" };
  const given = new Set<keyof TCreateItemInput>(["sku", "name"]);
  const set = (k: keyof TCreateItemInput, v: unknown) => {
    input[k] = v;
    given.add(k);
  };
  if (values.description !== undefined) set("description", values.description);
  if (values.hsnCode !== undefined) set("hsnCode", values.hsnCode);
  for (const k of ["type", "status", "makeOrBuy"] as const) {
    const v = values[k];
    if (v === undefined) continue;
    const mapped = (ENUMS[k] as Record<string, string>)[key(v)];
    if (mapped) set(k, mapped);
    else errors.push({ field: k, message: `Unknown ${k === "makeOrBuy" ? "make or buy" : k} "${v}": use ${ENUM_HINT[k]}` });
  }
  const unit = (field: FieldId, code: string | undefined): string | undefined => {
    if (code === undefined) return undefined;
    const id = ctx.units.get(key(code));
    if (!id) errors.push({ field, message: `No active unit of measure with code "${code}"` });
    return id;
  };
  if (values.baseUnit === undefined && !prior) errors.push({ field: "baseUnit", message: "Enter the base unit's code" });
  const baseUnitId = unit("baseUnit", values.baseUnit);
  if (baseUnitId) set("baseUnitId", baseUnitId);
  const conversions: { unitId: string; factor: string }[] = [];
  for (const [u, f, idKey] of [["purchaseUnit", "purchaseFactor", "purchaseUnitId"], ["salesUnit", "salesFactor", "salesUnitId"]] as const) {
    const id = unit(u, values[u]);
    if (!id) continue;
    set(idKey, id);
    if (id !== baseUnitId) {
      const factor = values[f];
      if (factor === undefined) errors.push({ field: f, message: "Enter how many base units one of this unit holds" });
      else if (!conversions.some((c) => c.unitId === id)) conversions.push({ unitId: id, factor: normalizeNumber(factor) });
    }
  }
  if (conversions.length) set("conversions", conversions);
  if (values.category !== undefined) {
    const id = ctx.categories.get(key(values.category)) ?? ctx.categories.get(pathKey(values.category));
    if (id) set("categoryId", id);
    else errors.push({ field: "category", message: `No category with code or path "${values.category}"` });
  }
  if (values.taxCategory !== undefined) {
    const id = ctx.taxRates.get(key(values.taxCategory));
    if (id) set("taxRateId", id);
    else errors.push({ field: "taxCategory", message: `No tax rate with code "${values.taxCategory}"` });
  }
  for (const [f, k] of [["listPrice", "listPrice"], ["standardCost", "standardUnitCost"], ["weight", "weight"], ["length", "length"], ["width", "width"], ["height", "height"]] as const)
    if (values[f] !== undefined) set(k, normalizeNumber(values[f]));
  for (const k of ["leadTimeDays", "shelfLifeDays"] as const) {
    const v = values[k];
    if (v === undefined) continue;
    if (/^\d{1,6}$/.test(v)) set(k, Number(v));
    else errors.push({ field: k, message: "Enter a whole number of days" });
  }
  for (const k of ["trackInventory", "lotControl", "serialControl"] as const) {
    const v = values[k];
    if (v === undefined) continue;
    if (YES.has(key(v))) set(k, true);
    else if (NO.has(key(v))) set(k, false);
    else errors.push({ field: k, message: `Use yes or no, not "${v}"` });
  }
  if (values.tags !== undefined) set("tags", [...new Set(values.tags.split(/[;,|]/).map((t) => t.trim()).filter(Boolean))]);
  if (values.specifications !== undefined) {
    const spec = parseSpecifications(values.specifications);
    if ("error" in spec) errors.push({ field: "specifications", message: spec.error });
    else set("specifications", spec.value);
  }
  const replacedBy = values.replacedBy ?? null;
  if (replacedBy !== null && replacedBy === values.sku) errors.push({ field: "replacedBy", message: "An item cannot replace itself" });
  const barcode = values.barcode ?? null;
  // On a variant row the barcode is the variant's.
  if (barcode !== null && values.variantSku === undefined) input.barcodes = [barcode];
  let variant: VariantImport | null = null;
  if (values.variantSku !== undefined) {
    let attributes: Record<string, string | number | boolean> | undefined;
    if (values.variantAttributes !== undefined) {
      const a = parsePairs(values.variantAttributes, "attribute");
      if ("error" in a) errors.push({ field: "variantAttributes", message: a.error });
      else attributes = Object.fromEntries(a.value);
    }
    const v = ZVariantRow.safeParse({ sku: values.variantSku, name: values.variantName, attributes, priceDelta: values.variantPriceDelta === undefined ? undefined : normalizeNumber(values.variantPriceDelta), barcode: barcode ?? undefined });
    if (!v.success)
      for (const issue of v.error.issues) {
        const k = String(issue.path[0] ?? "sku");
        errors.push({ field: VARIANT_FIELD[k] ?? "variantSku", message: k === "attributes" && issue.path.length > 1 ? `${String(issue.path[1])}: ${issue.message}` : issue.message });
      }
    else variant = { sku: v.data.sku, name: v.data.name ?? null, attributes: values.variantAttributes === undefined ? null : v.data.attributes, priceDelta: v.data.priceDelta ?? null };
    if (values.variantSku === values.sku) errors.push({ field: "variantSku", message: "A variant takes its own SKU, not its item's" });
  } else
    for (const f of ["variantName", "variantAttributes", "variantPriceDelta"] as const)
      if (values[f] !== undefined) errors.push({ field: f, message: "Enter the Variant SKU: the row's variant is matched by it" });

  const parsed = ZCreateItemInput.safeParse({ baseUnitId: "00000000-0000-0000-0000-000000000000", ...input });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const k = String(issue.path[0] ?? "name");
      if (k === "conversions") errors.push({ field: conversions[Number(issue.path[1])]?.unitId === input.salesUnitId ? "salesFactor" : "purchaseFactor", message: issue.message });
      else errors.push({ field: FIELD_OF[k] ?? k, message: issue.message });
    }

  // Opening stock: any of its cells makes the row a stock row; it then needs warehouse, location and quantity.
  let stock: OpeningStock | null = null;
  const stockCells = (["warehouse", "location", "quantity", "unitCost", "lot", "expiresOn"] as const).filter((f) => values[f] !== undefined);
  if (stockCells.length) {
    if (!ctx.canMoveStock) errors.push({ field: stockCells[0]!, message: "Opening stock needs the permission to move stock (inventory.stock.move)" });
    const wh = values.warehouse;
    const whId = wh === undefined ? undefined : ctx.warehouses.get(key(wh));
    if (wh === undefined) errors.push({ field: "warehouse", message: "Enter the warehouse code of the opening stock" });
    else if (!whId) errors.push({ field: "warehouse", message: `No warehouse with code "${wh}" in your workspaces` });
    const loc = values.location;
    const locId = loc === undefined || !whId ? undefined : ctx.locations.get(`${whId}\u0000${key(loc)}`);
    if (loc === undefined) errors.push({ field: "location", message: "Enter the location code of the opening stock" });
    else if (whId && !locId) errors.push({ field: "location", message: `No location "${loc}" in warehouse ${wh}` });
    const q = ZQuantity.safeParse(values.quantity === undefined ? undefined : normalizeNumber(values.quantity));
    if (!q.success) errors.push({ field: "quantity", message: values.quantity === undefined ? "Enter the opening quantity" : q.error.issues[0]!.message });
    let unitCost: string | null = null;
    if (values.unitCost !== undefined) {
      const c = ZUnitCost.safeParse(normalizeNumber(values.unitCost));
      if (c.success) unitCost = c.data;
      else errors.push({ field: "unitCost", message: c.error.issues[0]!.message });
    }
    const expiresOn = values.expiresOn === undefined ? null : isoDate(values.expiresOn);
    if (values.expiresOn !== undefined && !expiresOn) errors.push({ field: "expiresOn", message: "Enter a date as YYYY-MM-DD or DD.MM.YYYY" });
    if (values.expiresOn !== undefined && values.lot === undefined) errors.push({ field: "expiresOn", message: "An expiry date belongs to a lot: enter the lot" });
    if (values.lot !== undefined && values.lot.length > 64) errors.push({ field: "lot", message: "At most 64 characters" });
    if (input.lotControl === true && values.lot === undefined) errors.push({ field: "lot", message: "Lot-controlled items need the lot of their opening stock" });
    if (input.lotControl === false && values.lot !== undefined) errors.push({ field: "lot", message: "Only lot-controlled items take a lot" });
    if (input.serialControl === true) errors.push({ field: "quantity", message: "Serial-controlled items: receive their serials in stock, one by one, not by import" });
    if (input.trackInventory === false) errors.push({ field: "quantity", message: "An item that does not track inventory holds no stock" });
    if (locId && q.success) stock = { warehouseCode: wh!, locationId: locId, quantity: q.data, unitCost, lotNumber: values.lot ?? null, expiresOn };
  }
  // The import matches rows to items by SKU, so every row names one (a category's part-number series numbers items
  // created on screen, not imported ones).
  if (parsed.success && !parsed.data.sku) errors.push({ field: "sku", message: "Enter the SKU: the import matches items by it" });
  // A SKU is an item's or a variant's, in the file as in the organization (checked against the database by decide).
  const sku = parsed.success ? parsed.data.sku : undefined;
  if (sku && ctx.variantSkus.has(sku)) errors.push({ field: "sku", message: `SKU ${sku} is a variant's SKU in row ${ctx.variantSkus.get(sku)}` });
  if (variant && ctx.itemSkus.has(variant.sku)) errors.push({ field: "variantSku", message: `SKU ${variant.sku} is an item's SKU in row ${ctx.itemSkus.get(variant.sku)}` });
  if (errors.length || !parsed.success || !sku) return { errors: dedupe(errors) };
  const fields = { ...parsed.data } as TCreateItemInput;
  delete fields.barcodes;
  // Several rows of one item (its variant rows): the first row's item cells are the item's; a later row may leave them
  // blank or repeat them, a different value is an error on that row's column.
  const mine: Record<string, unknown> = { replacedBy };
  for (const k of given) if (k !== "sku") mine[k] = (fields as Record<string, unknown>)[k];
  const firstRow = ctx.firstRows.get(sku);
  // A second row of one item without a variant is the engine's "Same value as row N" (uniqueKeys).
  const twice = !variant && ctx.itemRows.has(sku);
  if (!variant) ctx.itemRows.add(sku);
  if (firstRow && !twice) {
    const diff = Object.keys(mine).filter((k) => mine[k] !== null && mine[k] !== undefined && JSON.stringify(mine[k]) !== JSON.stringify(firstRow.fields[k]));
    if (diff.length)
      return { errors: dedupe(diff.map((k) => ({ field: FIELD_OF[k] ?? k, message: `Differs from row ${firstRow.row}, the first row of ${sku}: repeat its value or leave the cell blank` }))) };
  } else ctx.firstRows.set(sku, { row, fields: mine });
  ctx.itemSkus.set(sku, ctx.itemSkus.get(sku) ?? row);
  if (variant) ctx.variantSkus.set(variant.sku, ctx.variantSkus.get(variant.sku) ?? row);
  return { record: { sku, fields, given: [...given], barcode, replacedBy, stock, first: firstRow?.row ?? row, variant } };
}

/**
 * A Specifications cell: a JSON object (`{"Voltage":"230 V","Power":750}`: numbers and true / false kept as their text) or
 * `Name: value` pairs separated by `;` or line breaks (split on the first `:` or `=`). Names and values trimmed; the
 * item schema's limits (SPEC_*) checked here to name the entry at fault.
 */
export function parseSpecifications(cell: string): { value: Record<string, string> } | { error: string } {
  const pairs = parsePairs(cell, "specification");
  if ("error" in pairs) return pairs;
  const entries = pairs.value.map(([name, v]): [string, string] => [name, String(v)]);
  if (entries.length > SPEC_MAX_ENTRIES) return { error: `At most ${SPEC_MAX_ENTRIES} specifications (this cell has ${entries.length})` };
  for (const [name, v] of entries) {
    if (name.length > SPEC_NAME_MAX) return { error: `A specification's name is longer than ${SPEC_NAME_MAX} characters ("${name.slice(0, 20)}…")` };
    if (v.length > SPEC_VALUE_MAX) return { error: `The value of "${name}" is longer than ${SPEC_VALUE_MAX} characters` };
  }
  return { value: Object.fromEntries(entries) };
}

/**
 * A cell of named values (Specifications, Variant attributes): a JSON object of texts, numbers and true / false, or
 * `Name: value` pairs separated by `;` or line breaks (split on the first `:` or `=`); names and text trimmed. A name
 * is given once (any case) and never empty; the caller's schema holds the limits.
 */
function parsePairs(cell: string, noun: string): { value: [string, string | number | boolean][] } | { error: string } {
  const entries: [string, string | number | boolean][] = [];
  if (cell.startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(cell);
    } catch (e) {
      return { error: `Not valid JSON (${e instanceof Error ? e.message : String(e)}): give a JSON object or Name: value pairs separated by ;` };
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return { error: "Give a JSON object or Name: value pairs separated by ;" };
    for (const [name, v] of Object.entries(json)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return { error: `The value of "${name}" is not a text, number or true / false` };
      entries.push([name.trim(), typeof v === "string" ? v.trim() : v]);
    }
  } else {
    for (const part of cell.split(/[;\r\n]+/)) {
      if (!part.trim()) continue;
      const at = part.search(/[:=]/);
      if (at < 0) return { error: `"${part.trim()}" is not a pair: write Name: value` };
      entries.push([part.slice(0, at).trim(), part.slice(at + 1).trim()]);
    }
  }
  const names = new Set<string>();
  for (const [name, v] of entries) {
    if (!name) return { error: `A${/^[aeiou]/.test(noun) ? "n" : ""} ${noun} has no name ("${String(v)}")` };
    if (names.has(name.toLowerCase())) return { error: `"${name}" is given twice` };
    names.add(name.toLowerCase());
  }
  return { value: entries };
}

/** Specifications compared whatever the order of their names. */
function canonicalSpecs(v: unknown): string {
  return JSON.stringify(Object.entries((v ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function dedupe(errors: { field: string; message: string }[]) {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A category path ("Parent / Child" or "Parent > Child", by names or codes) as the lookup key. */
function pathKey(s: string): string {
  return "path:" + s.split(/\s*[/>\\]\s*/).map(key).filter(Boolean).join("/");
}

// ---------------------------------------------------------------------------------------------------------------
// Matching (set-based per chunk)

interface Existing {
  id: string;
  sku: string;
  version: number;
  archivedAt: Date | null;
  values: Record<string, unknown>;
  /** The SKU of the item that replaces it (values.replacedByItemId), for the messages. */
  replacedBySku: string | null;
  barcodes: string[];
  conversions: { unitId: string; factor: string }[];
  opened: boolean;
}
type ItemPart =
  | { kind: "create"; id: string; replacedByItemId: string | null }
  | { kind: "update" | "skip"; id: string; existing: Existing; changed: Partial<TCreateItemInput> }
  /** A later row of the item (a variant row): the item's fields are its first row's. */
  | { kind: "repeat"; id: string };
interface FoundVariant {
  id: string;
  sku: string;
  name: string | null;
  itemSku: string;
  version: number;
  archivedAt: Date | null;
  attributes: Record<string, unknown>;
  priceDelta: string;
  barcodes: string[];
}
type VariantPart =
  | { kind: "create"; id: string }
  | { kind: "update" | "skip"; found: FoundVariant; changed: VariantChanges };
type VariantChanges = { name?: string; attributes?: Record<string, unknown>; priceDelta?: string; barcode?: string };
interface Decision {
  row: number;
  action: "create" | "update" | "skip";
  record: ItemImportRecord;
  item: ItemPart;
  variant: VariantPart | null;
  /** The opening stock is received (into the variant on a variant row). */
  receiveStock: boolean;
  /** The item's standard cost the receipt falls back on. */
  cost: string | null;
  shape: StockShape;
}

/** The id of a replacing item that an earlier chunk's row creates, in the dry run (which writes nothing). */
const PENDING = "pending";
const COMPARED = ["name", "description", "type", "categoryId", "baseUnitId", "purchaseUnitId", "salesUnitId", "status", "makeOrBuy", "leadTimeDays", "listPrice",
  "standardUnitCost", "taxRateId", "hsnCode", "weight", "length", "width", "height", "trackInventory", "lotControl", "serialControl", "shelfLifeDays"] as const;
const DECIMALS = new Set(["listPrice", "standardUnitCost", "weight", "length", "width", "height", "priceDelta"]);
const LEDGER_FIELDS = ["baseUnitId", "trackInventory", "lotControl", "serialControl"] as const;

function same(k: string, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (DECIMALS.has(k)) return new Prisma.Decimal(String(a)).equals(new Prisma.Decimal(String(b)));
  return a === b;
}

/**
 * The item service's own rules (itemShapeErrors) on the values the item will have, then the opening stock's.
 * `kept`: the replacement the item already has and the row does not give (the SKU replacing it) — a row that makes
 * such an item active or inactive is refused on its status (a blank cell never clears the replacement).
 */
function shapeErrors(v: ItemShape, stock: OpeningStock | null, kept: { sku: string; by: string } | null = null): { field: string; message: string }[] {
  const out = itemShapeErrors(v).map((e) =>
    e.field === "purchaseUnitId" || e.field === "salesUnitId"
      ? { field: e.field === "purchaseUnitId" ? "purchaseFactor" : "salesFactor", message: "Enter how many base units one of this unit holds" }
      : e.field === "conversions" ? { field: "purchaseUnit", message: e.message }
      : e.field === "replacedByItemId"
        ? kept
          ? { field: "status", message: `${kept.sku} is replaced by ${kept.by}: only a discontinued or obsolete item is replaced — clear its replacement on the item first, or keep it discontinued or obsolete` }
          : { field: "replacedBy", message: `${e.message}: give the status discontinued or obsolete` }
      : e,
  );
  return [...out, ...stockErrors(v, stock)];
}

/** The opening stock's rules on the item's tracking (for a variant row too: lots and serials are the item's). */
function stockErrors(v: StockShape, stock: OpeningStock | null): { field: string; message: string }[] {
  if (!stock) return [];
  if (!v.trackInventory) return [{ field: "quantity", message: "An item that does not track inventory holds no stock" }];
  if (v.serialControl) return [{ field: "quantity", message: "Serial-controlled items: receive their serials in stock, one by one, not by import" }];
  if (v.lotControl && !stock.lotNumber) return [{ field: "lot", message: "Lot-controlled items need the lot of their opening stock" }];
  if (!v.lotControl && stock.lotNumber) return [{ field: "lot", message: "Only lot-controlled items take a lot" }];
  return [];
}

async function decide(tx: Tx, scope: OrgScope, ctx: Ctx, rows: ValidRow<ItemImportRecord>[], lock: boolean): Promise<{ decisions: Decision[]; errors: RowError[] }> {
  const org = scope.orgId;
  const skus = [...new Set(rows.map((r) => r.record.sku))];
  const variantSkus = rows.flatMap((r) => (r.record.variant ? [r.record.variant.sku] : []));
  const replacing = [...new Set(rows.flatMap((r) => (r.record.replacedBy ? [r.record.replacedBy] : [])))];
  const barcodes = rows.flatMap((r) => (r.record.barcode ? [r.record.barcode] : []));
  // (organization_id, sku) unique on items and variants, (organization_id, barcode) unique: leakproof equalities.
  // The matched items are locked by the commit (FOR UPDATE, in id order) before their opening receipts are looked at.
  const found = await tx.$queryRaw<Omit<Existing, "opened">[]>`
      select i.id::text as id, i.sku, i.version, i.archived_at as "archivedAt",
             jsonb_build_object('name', i.name, 'description', i.description, 'type', i.type::text, 'categoryId', i.category_id, 'baseUnitId', i.base_unit_id,
               'purchaseUnitId', i.purchase_unit_id, 'salesUnitId', i.sales_unit_id, 'status', i.status::text, 'makeOrBuy', i.make_or_buy::text,
               'leadTimeDays', i.lead_time_days, 'listPrice', i.list_price::text, 'standardUnitCost', i.standard_unit_cost::text, 'taxRateId', i.tax_rate_id,
               'hsnCode', i.hsn_code, 'weight', i.weight::text, 'length', i.length::text, 'width', i.width::text, 'height', i.height::text,
               'trackInventory', i.track_inventory, 'lotControl', i.lot_control, 'serialControl', i.serial_control, 'shelfLifeDays', i.shelf_life_days, 'tags', i.tags,
               'replacedByItemId', i.replaced_by_item_id, 'specifications', i.specifications) as values,
             (select r.sku from inventory.items r where r.organization_id = i.organization_id and r.id = i.replaced_by_item_id) as "replacedBySku",
             coalesce((select array_agg(b.barcode order by b.barcode) from inventory.item_barcodes b
                        where b.organization_id = i.organization_id and b.item_id = i.id and b.variant_id is null), '{}') as barcodes,
             coalesce((select jsonb_agg(jsonb_build_object('unitId', u.unit_id, 'factor', u.factor::text)) from inventory.item_units u
                        where u.organization_id = i.organization_id and u.item_id = i.id), '[]') as conversions
        from inventory.items i where i.organization_id = ${org}::uuid and i.sku = any(${skus}::text[])
       order by i.id ${lock ? Prisma.sql`for update of i` : Prisma.empty}`;
  // The rows' variants by their own SKU (of any item: one of another item is refused), locked with their items.
  const rowVariants = variantSkus.length
    ? await tx.$queryRaw<FoundVariant[]>`
      select v.id::text as id, v.sku, v.name, i.sku as "itemSku", v.version, v.archived_at as "archivedAt", v.attributes, v.price_delta::text as "priceDelta",
             coalesce((select array_agg(b.barcode order by b.barcode) from inventory.item_barcodes b
                        where b.organization_id = v.organization_id and b.variant_id = v.id), '{}') as barcodes
        from inventory.variants v join inventory.items i on i.organization_id = v.organization_id and i.id = v.item_id
       where v.organization_id = ${org}::uuid and v.sku = any(${variantSkus}::text[])
       order by v.id ${lock ? Prisma.sql`for update of v` : Prisma.empty}`
    : [];
  const ids = found.map((f) => f.id);
  // Opening receipts are keyed by the item's id (rows without a variant) or the variant's id (variant rows).
  const openingIds = [...ids, ...rowVariants.map((v) => v.id)];
  const [variants, itemSkuTaken, taken, openedRows, movedRows, variedRows, replacers] = await Promise.all([
    tx.$queryRaw<{ sku: string; itemSku: string }[]>`
      select v.sku, i.sku as "itemSku" from inventory.variants v join inventory.items i on i.organization_id = v.organization_id and i.id = v.item_id
       where v.organization_id = ${org}::uuid and v.sku = any(${[...skus, ...replacing]}::text[])`,
    variantSkus.length
      ? tx.$queryRaw<{ sku: string }[]>`select sku from inventory.items where organization_id = ${org}::uuid and sku = any(${variantSkus}::text[])`
      : Promise.resolve([]),
    barcodes.length
      ? tx.$queryRaw<{ barcode: string; sku: string; variantId: string | null }[]>`
        select b.barcode, coalesce(v.sku, i.sku) as sku, b.variant_id::text as "variantId" from inventory.item_barcodes b
          join inventory.items i on i.organization_id = b.organization_id and i.id = b.item_id
          left join inventory.variants v on v.organization_id = b.organization_id and v.id = b.variant_id
         where b.organization_id = ${org}::uuid and b.barcode = any(${barcodes}::text[])`
      : Promise.resolve([]),
    // The opening receipts already made (not reversed) of these items and variants: not received again.
    openingIds.length
      ? tx.$queryRaw<{ id: string }[]>`
        select distinct m.source_document_id::text as id from inventory.stock_moves m
         where m.organization_id = ${org}::uuid and m.source_document_type = ${OPENING_SOURCE} and m.source_document_id = any(${openingIds}::uuid[])
           and m.reversal_of_move_id is null
           and not exists (select 1 from inventory.stock_moves r where r.organization_id = m.organization_id and r.reversal_of_move_id = m.id)`
      : Promise.resolve([]),
    // Items with stock moves (of any workspace: their cost row is organization-wide): base unit, tracking, lots and
    // serials can no longer change.
    ids.length
      ? tx.$queryRaw<{ id: string }[]>`select item_id::text as id from inventory.item_costs where organization_id = ${org}::uuid and item_id = any(${ids}::uuid[])`
      : Promise.resolve([]),
    // Items with active variants: stock.receive takes their stock only per variant (a variant row names it).
    ids.length
      ? tx.$queryRaw<{ id: string }[]>`
        select distinct item_id::text as id from inventory.variants
         where organization_id = ${org}::uuid and item_id = any(${ids}::uuid[]) and archived_at is null`
      : Promise.resolve([]),
    // The replacing items named by the rows (archived ones too: the item service only asks that they exist).
    replacing.length
      ? tx.$queryRaw<{ id: string; sku: string }[]>`select id::text as id, sku from inventory.items where organization_id = ${org}::uuid and sku = any(${replacing}::text[])`
      : Promise.resolve([]),
  ]);
  const varied = new Set(variedRows.map((r) => r.id));
  const opened = new Set(openedRows.map((r) => r.id));
  const moved = new Set(movedRows.map((r) => r.id));
  const bySku = new Map(found.map((f) => [f.sku, { ...f, opened: opened.has(f.id) } as Existing]));
  const variantOf = new Map(variants.map((v) => [v.sku, v.itemSku]));
  const variantBySku = new Map(rowVariants.map((v) => [v.sku, v]));
  const itemSkus = new Set(itemSkuTaken.map((i) => i.sku));
  const barcodeOf = new Map(taken.map((b) => [b.barcode, b]));
  const itemOf = new Map(replacers.map((r) => [r.sku, r.id]));
  /** Items with variant rows anywhere in the file (the prescan runs whenever Variant SKU is mapped): a row without a
   *  variant receives no opening stock into them. */
  const hasVariantRows = (sku: string) => ctx.variedInFile.has(sku);
  /** The items the chunk's earlier rows create or update (SKU → id and what their stock rows are checked against). */
  const decided = new Map<string, { id: string; shape: StockShape; cost: string | null }>();
  /** The replacing item's id: of the organization, of an earlier row of this chunk, or of an earlier chunk's row (the
   *  dry run does not commit those: PENDING, a new item's id not known yet). */
  const replacement = (sku: string): { id: string } | { error: string } => {
    const id = itemOf.get(sku) ?? decided.get(sku)?.id ?? (ctx.earlier.has(sku) ? PENDING : undefined);
    if (id) return { id };
    const holder = variantOf.get(sku);
    if (holder) return { error: `SKU ${sku} is a variant of ${holder}: an item is replaced by an item` };
    return { error: `No item with SKU ${sku} (an item this file creates must come in an earlier row)` };
  };
  const shapeOf = (v: Record<string, unknown>): StockShape => ({ trackInventory: v.trackInventory as boolean, lotControl: v.lotControl as boolean, serialControl: v.serialControl as boolean });

  const errors: RowError[] = [];
  const decisions: Decision[] = [];
  for (const r of rows) {
    const rec = r.record;
    const f = rec.fields;
    const existing = bySku.get(rec.sku);
    const holder = variantOf.get(rec.sku);
    const refuse = (list: { field: string; message: string }[]) => {
      for (const e of list) errors.push({ row: r.row, ...e });
      return list.length > 0;
    };
    if (holder && refuse([{ field: "sku", message: `SKU ${rec.sku} is used by a variant of ${holder}` }])) continue;
    const vsku = rec.variant?.sku;
    const vfound = vsku ? variantBySku.get(vsku) : undefined;
    if (vsku) {
      if (itemSkus.has(vsku) && refuse([{ field: "variantSku", message: `SKU ${vsku} is an item's SKU: a variant takes its own` }])) continue;
      if (vfound && vfound.itemSku !== rec.sku && refuse([{ field: "variantSku", message: `SKU ${vsku} is a variant of ${vfound.itemSku}, not of ${rec.sku}` }])) continue;
      if (vfound?.archivedAt && refuse([{ field: "variantSku", message: `Variant ${vsku} is archived; restore it to update it` }])) continue;
    }
    if (rec.barcode) {
      const b = barcodeOf.get(rec.barcode);
      const own = vsku ? !!vfound && b?.variantId === vfound.id : !b?.variantId && b?.sku === rec.sku;
      if (b && !own && refuse([{ field: "barcode", message: `Barcode ${rec.barcode} is already used by ${b.sku}` }])) continue;
    }
    // Opening receipts once per item (rows without a variant) or per variant (variant rows).
    const receiveStock = !!rec.stock && !(vsku ? vfound && opened.has(vfound.id) : existing?.opened);
    const plainStock = receiveStock && !vsku;

    let item: ItemPart;
    let shape: StockShape;
    let cost: string | null;
    if (rec.first !== r.row) {
      // A later row of an item (its variant rows): the first row wrote the item — in this chunk, an earlier one (the
      // dry run keeps those in the context, the commit finds them in the database), or the item was there.
      const here = decided.get(rec.sku);
      const before = ctx.earlier.get(rec.sku);
      if (existing?.archivedAt && !here && refuse([{ field: "sku", message: `${rec.sku} is archived; restore it to update it` }])) continue;
      if (!here && !before && !existing && refuse([{ field: "sku", message: `${rec.sku} was not imported (row ${rec.first}): correct that row` }])) continue;
      item = { kind: "repeat", id: here?.id ?? existing?.id ?? PENDING };
      shape = here?.shape ?? before?.shape ?? shapeOf(existing!.values);
      cost = here ? here.cost : ((existing?.values.standardUnitCost as string | null | undefined) ?? null);
      if (plainStock && (hasVariantRows(rec.sku) || before?.varied || (existing && varied.has(existing.id))))
        if (refuse([{ field: "quantity", message: `${rec.sku} has variants: receive its opening stock per variant (a Variant SKU on the row)` }])) continue;
      if (refuse(stockErrors(shape, receiveStock ? rec.stock : null))) continue;
    } else {
      let replacedByItemId: string | null = null;
      if (rec.replacedBy) {
        const repl = replacement(rec.replacedBy);
        if ("error" in repl && refuse([{ field: "replacedBy", message: repl.error }])) continue;
        if ("id" in repl) replacedByItemId = repl.id;
      }
      if (!existing) {
        const type = f.type ?? "product";
        shape = { trackInventory: f.trackInventory ?? !(type === "service" || type === "digital"), lotControl: f.lotControl ?? false, serialControl: f.serialControl ?? false };
        const errs = shapeErrors({ ...shape, type, status: f.status ?? "active", replacedByItemId, baseUnitId: f.baseUnitId, purchaseUnitId: f.purchaseUnitId ?? null,
          salesUnitId: f.salesUnitId ?? null, conversions: f.conversions ?? [] }, receiveStock ? rec.stock : null);
        if (plainStock && hasVariantRows(rec.sku))
          errs.push({ field: "quantity", message: `${rec.sku} has variants: receive its opening stock per variant (a Variant SKU on the row)` });
        if (refuse(errs)) continue;
        item = { kind: "create", id: uuidv7(), replacedByItemId };
        cost = f.standardUnitCost ?? null;
      } else {
        if (existing.archivedAt && refuse([{ field: "sku", message: `${rec.sku} is archived; restore it to update it` }])) continue;
        const changed: Partial<TCreateItemInput> = {};
        const fv = f as unknown as Record<string, unknown>;
        for (const k of COMPARED) if (rec.given.includes(k) && !same(k, fv[k], existing.values[k])) (changed as Record<string, unknown>)[k] = fv[k];
        if (rec.given.includes("tags")) {
          const cur = (existing.values.tags as string[]) ?? [];
          const next = f.tags ?? [];
          if (cur.length !== next.length || cur.some((t, i) => t !== next[i])) changed.tags = next;
        }
        if (rec.given.includes("specifications") && canonicalSpecs(f.specifications) !== canonicalSpecs(existing.values.specifications)) changed.specifications = f.specifications;
        if (replacedByItemId && replacedByItemId !== existing.values.replacedByItemId) changed.replacedByItemId = replacedByItemId;
        const conv = f.conversions ?? [];
        const newConv = conv.filter((c) => !existing.conversions.some((e) => e.unitId === c.unitId && new Prisma.Decimal(e.factor).equals(new Prisma.Decimal(c.factor))));
        if (newConv.length) changed.conversions = [...existing.conversions.filter((e) => !newConv.some((c) => c.unitId === e.unitId)), ...newConv];
        const v = existing.values;
        const next = <K extends string>(k: K) => (k in changed ? (changed as Record<string, unknown>)[k] : v[k]);
        shape = { trackInventory: next("trackInventory") as boolean, lotControl: next("lotControl") as boolean, serialControl: next("serialControl") as boolean };
        const errs = shapeErrors({ ...shape, type: next("type") as string, status: next("status") as string, replacedByItemId: next("replacedByItemId") as string | null,
          baseUnitId: next("baseUnitId") as string, purchaseUnitId: next("purchaseUnitId") as string | null, salesUnitId: next("salesUnitId") as string | null,
          conversions: (changed.conversions ?? existing.conversions) }, receiveStock ? rec.stock : null,
          rec.replacedBy || !existing.replacedBySku ? null : { sku: rec.sku, by: existing.replacedBySku });
        const ledger = LEDGER_FIELDS.find((k) => k in changed);
        if (ledger && moved.has(existing.id))
          errs.push({ field: FIELD_OF[ledger] ?? ledger, message: `${rec.sku} has stock moves: its base unit, tracking, lot and serial control can no longer change` });
        if (plainStock && (varied.has(existing.id) || hasVariantRows(rec.sku)))
          errs.push({ field: "quantity", message: `${rec.sku} has variants: receive its opening stock per variant, not by import` });
        if (refuse(errs)) continue;
        const touched = Object.keys(changed).length > 0 || (!vsku && !!rec.barcode && !existing.barcodes.includes(rec.barcode));
        item = { kind: touched ? "update" : "skip", id: existing.id, existing, changed };
        cost = f.standardUnitCost ?? (existing.values.standardUnitCost as string | null) ?? null;
      }
      decided.set(rec.sku, { id: item.id, shape, cost });
    }

    let variant: VariantPart | null = null;
    if (rec.variant) {
      if (!vfound) variant = { kind: "create", id: uuidv7() };
      else {
        const changed: VariantChanges = {};
        if (rec.variant.name !== null && rec.variant.name !== vfound.name) changed.name = rec.variant.name;
        if (rec.variant.attributes && canonicalSpecs(rec.variant.attributes) !== canonicalSpecs(vfound.attributes)) changed.attributes = rec.variant.attributes;
        if (rec.variant.priceDelta !== null && !same("priceDelta", rec.variant.priceDelta, vfound.priceDelta)) changed.priceDelta = rec.variant.priceDelta;
        if (rec.barcode && !vfound.barcodes.includes(rec.barcode)) changed.barcode = rec.barcode;
        variant = { kind: Object.keys(changed).length ? "update" : "skip", found: vfound, changed };
      }
    }
    // One row, one count: create when it creates its item or its variant; update when it changes either or receives
    // opening stock; skip otherwise.
    const action = item.kind === "create" || variant?.kind === "create" ? "create" : item.kind === "update" || variant?.kind === "update" || receiveStock ? "update" : "skip";
    decisions.push({ row: r.row, action, record: rec, item, variant, receiveStock, cost, shape });
  }
  return { decisions, errors };
}

function count(decisions: Decision[], errors: RowError[]): ChunkCounts {
  let create = 0;
  let update = 0;
  let skip = 0;
  // Rows matched to an existing record, by the key that matched it: a row without a variant to its item by SKU, a
  // variant row to its variant by variant SKU (a variant row that creates its variant counts as a create, whether its
  // item exists or not). The dry run and the commit count the same way.
  const matchedBy: NonNullable<ChunkCounts["matchedBy"]> = {};
  for (const d of decisions) {
    if (d.action === "create") {
      create++;
      continue;
    }
    if (d.action === "update") update++;
    else skip++;
    const m = (matchedBy[d.variant ? "variantSku" : "sku"] ??= { update: 0, skip: 0 });
    m[d.action]++;
  }
  return { create, update, skip, errors, matchedBy };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a chunk: items, their conversions and barcodes set-based (a few statements per chunk); then each opening
// stock through stock.receive, in (item, location) order, in the same transaction.

const ITEM_COLUMNS = `id uuid, sku text, name text, description text, type text, category_id uuid, base_unit_id uuid, purchase_unit_id uuid, sales_unit_id uuid,
  status text, make_or_buy text, lead_time_days int, list_price numeric, standard_unit_cost numeric, tax_rate_id uuid, hsn_code text, weight numeric,
  length numeric, width numeric, height numeric, tags text[], track_inventory boolean, lot_control boolean, serial_control boolean, shelf_life_days int,
  replaced_by_item_id uuid, specifications jsonb, version int`;

function itemJson(id: string, v: Partial<TCreateItemInput> & { sku?: string }, version: number | null) {
  return {
    id, sku: v.sku ?? null, name: v.name ?? null, description: v.description ?? null, type: v.type ?? null, category_id: v.categoryId ?? null,
    base_unit_id: v.baseUnitId ?? null, purchase_unit_id: v.purchaseUnitId ?? null, sales_unit_id: v.salesUnitId ?? null, status: v.status ?? null,
    make_or_buy: v.makeOrBuy ?? null, lead_time_days: v.leadTimeDays ?? null, list_price: v.listPrice ?? null, standard_unit_cost: v.standardUnitCost ?? null,
    tax_rate_id: v.taxRateId ?? null, hsn_code: v.hsnCode ?? null, weight: v.weight ?? null, length: v.length ?? null, width: v.width ?? null,
    height: v.height ?? null, tags: v.tags ?? null, track_inventory: v.trackInventory ?? null, lot_control: v.lotControl ?? null,
    serial_control: v.serialControl ?? null, shelf_life_days: v.shelfLifeDays ?? null, replaced_by_item_id: v.replacedByItemId ?? null,
    specifications: v.specifications ?? null, version,
  };
}

async function commitChunk(tx: Tx, scope: OrgScope, ctx: Ctx, rows: ValidRow<ItemImportRecord>[], importId: string): Promise<ChunkCounts> {
  const { decisions, errors } = await decide(tx, scope, ctx, rows, true);
  const org = scope.orgId;
  const user = scope.userId;
  const creates = decisions.flatMap((d) => (d.item.kind === "create" ? [{ ...d, id: d.item.id, replacedByItemId: d.item.replacedByItemId }] : []));
  const updates = decisions.flatMap((d) => (d.item.kind === "update" ? [{ ...d, existing: d.item.existing, changed: d.item.changed }] : []));
  if (creates.length)
    await tx.$executeRawUnsafe(
      `insert into inventory.items (organization_id, id, sku, name, description, type, category_id, base_unit_id, purchase_unit_id, sales_unit_id, status,
         make_or_buy, lead_time_days, list_price, standard_unit_cost, tax_rate_id, hsn_code, weight, length, width, height, tags, track_inventory,
         lot_control, serial_control, shelf_life_days, replaced_by_item_id, specifications, created_by, updated_by)
       select $1::uuid, r.id, r.sku, r.name, r.description, coalesce(r.type, 'product')::inventory.item_type, r.category_id, r.base_unit_id, r.purchase_unit_id,
              r.sales_unit_id, coalesce(r.status, 'active')::inventory.item_status,
              coalesce(r.make_or_buy, case when r.type = 'manufactured' then 'make' else 'buy' end)::inventory.make_or_buy, r.lead_time_days, r.list_price,
              r.standard_unit_cost, r.tax_rate_id, r.hsn_code, r.weight, r.length, r.width, r.height, coalesce(r.tags, '{}'),
              coalesce(r.track_inventory, coalesce(r.type, 'product') not in ('service', 'digital')), coalesce(r.lot_control, false),
              coalesce(r.serial_control, false), r.shelf_life_days, r.replaced_by_item_id, coalesce(r.specifications, '{}'), $2::uuid, $2::uuid
         from jsonb_to_recordset($3::jsonb) as r(${ITEM_COLUMNS})`,
      org,
      user,
      // A new item replaced by another row's new item of this chunk: one statement, the foreign key is checked at its end.
      JSON.stringify(creates.map((d) => itemJson(d.id, { ...d.record.fields, replacedByItemId: d.replacedByItemId }, null))),
    );
  const changed = updates.filter((d) => Object.keys(d.changed).some((k) => k !== "conversions"));
  if (changed.length) {
    // Only the fields the row changes (coalesce keeps the rest); the version read (rows locked) moves like a service update.
    const n = await tx.$executeRawUnsafe(
      `update inventory.items i set
         name = coalesce(r.name, i.name), description = coalesce(r.description, i.description), type = coalesce(r.type::inventory.item_type, i.type),
         category_id = coalesce(r.category_id, i.category_id), base_unit_id = coalesce(r.base_unit_id, i.base_unit_id),
         purchase_unit_id = coalesce(r.purchase_unit_id, i.purchase_unit_id), sales_unit_id = coalesce(r.sales_unit_id, i.sales_unit_id),
         status = coalesce(r.status::inventory.item_status, i.status), make_or_buy = coalesce(r.make_or_buy::inventory.make_or_buy, i.make_or_buy),
         lead_time_days = coalesce(r.lead_time_days, i.lead_time_days), list_price = coalesce(r.list_price, i.list_price),
         standard_unit_cost = coalesce(r.standard_unit_cost, i.standard_unit_cost), tax_rate_id = coalesce(r.tax_rate_id, i.tax_rate_id),
         hsn_code = coalesce(r.hsn_code, i.hsn_code), weight = coalesce(r.weight, i.weight), length = coalesce(r.length, i.length),
         width = coalesce(r.width, i.width), height = coalesce(r.height, i.height), tags = coalesce(r.tags, i.tags),
         track_inventory = coalesce(r.track_inventory, i.track_inventory), lot_control = coalesce(r.lot_control, i.lot_control),
         serial_control = coalesce(r.serial_control, i.serial_control), shelf_life_days = coalesce(r.shelf_life_days, i.shelf_life_days),
         replaced_by_item_id = coalesce(r.replaced_by_item_id, i.replaced_by_item_id), specifications = coalesce(r.specifications, i.specifications),
         version = i.version + 1, updated_by = $2::uuid, updated_at = current_timestamp
        from jsonb_to_recordset($3::jsonb) as r(${ITEM_COLUMNS})
       where i.organization_id = $1::uuid and i.id = r.id and i.version = r.version and i.archived_at is null`,
      org,
      user,
      JSON.stringify(changed.map((d) => itemJson(d.existing.id, d.changed, d.existing.version))),
    );
    if (n !== changed.length) throw new Error(`items import ${importId}: ${changed.length - n} item(s) changed while locked`);
  }
  // Conversions: a created item's, or an updated item's merged list (replaced, as the service does).
  const convItems = [...creates.map((d) => ({ id: d.id, list: d.record.fields.conversions ?? [] })), ...updates.flatMap((d) => (d.changed.conversions ? [{ id: d.existing.id, list: d.changed.conversions }] : []))].filter((c) => c.list.length);
  const replaced = updates.flatMap((d) => (d.changed.conversions ? [d.existing.id] : []));
  if (replaced.length) await tx.$executeRaw`delete from inventory.item_units where organization_id = ${org}::uuid and item_id = any(${replaced}::uuid[])`;
  if (convItems.length)
    await tx.$executeRawUnsafe(
      `insert into inventory.item_units (organization_id, id, item_id, unit_id, factor, created_by, updated_by)
       select $1::uuid, r.id, r.item_id, r.unit_id, r.factor, $2::uuid, $2::uuid from jsonb_to_recordset($3::jsonb) as r(id uuid, item_id uuid, unit_id uuid, factor numeric)`,
      org,
      user,
      JSON.stringify(convItems.flatMap((c) => c.list.map((u) => ({ id: uuidv7(), item_id: c.id, unit_id: u.unitId, factor: u.factor })))),
    );
  // Variants: new ones inserted, matched ones updated (only what the row gives, version + 1, locked by decide).
  const newVariants = decisions.flatMap((d) => (d.variant?.kind === "create" ? [{ d, id: d.variant.id }] : []));
  if (newVariants.length)
    await tx.$executeRawUnsafe(
      `insert into inventory.variants (organization_id, id, item_id, sku, name, attributes, price_delta, created_by, updated_by)
       select $1::uuid, r.id, r.item_id, r.sku, r.name, coalesce(r.attributes, '{}'), coalesce(r.price_delta, 0), $2::uuid, $2::uuid
         from jsonb_to_recordset($3::jsonb) as r(id uuid, item_id uuid, sku text, name text, attributes jsonb, price_delta numeric)`,
      org,
      user,
      JSON.stringify(newVariants.map(({ d, id }) => ({ id, item_id: d.item.id, sku: d.record.variant!.sku, name: d.record.variant!.name, attributes: d.record.variant!.attributes, price_delta: d.record.variant!.priceDelta }))),
    );
  const changedVariants = decisions.flatMap((d) => (d.variant?.kind === "update" ? [d.variant] : []));
  const reVariants = changedVariants.filter((v) => v.changed.name !== undefined || v.changed.attributes || v.changed.priceDelta !== undefined);
  if (reVariants.length) {
    const n = await tx.$executeRawUnsafe(
      `update inventory.variants v set name = coalesce(r.name, v.name), attributes = coalesce(r.attributes, v.attributes),
              price_delta = coalesce(r.price_delta, v.price_delta), version = v.version + 1, updated_by = $2::uuid, updated_at = current_timestamp
         from jsonb_to_recordset($3::jsonb) as r(id uuid, name text, attributes jsonb, price_delta numeric, version int)
        where v.organization_id = $1::uuid and v.id = r.id and v.version = r.version and v.archived_at is null`,
      org,
      user,
      JSON.stringify(reVariants.map((v) => ({ id: v.found.id, name: v.changed.name ?? null, attributes: v.changed.attributes ?? null, price_delta: v.changed.priceDelta ?? null, version: v.found.version }))),
    );
    if (n !== reVariants.length) throw new Error(`items import ${importId}: ${reVariants.length - n} variant(s) changed while locked`);
  }
  // A variant has one barcode (as the variant service keeps it): the row's replaces it.
  const rebarcoded = changedVariants.flatMap((v) => (v.changed.barcode ? [v.found.id] : []));
  if (rebarcoded.length) await tx.$executeRaw`delete from inventory.item_barcodes where organization_id = ${org}::uuid and variant_id = any(${rebarcoded}::uuid[])`;
  // Barcodes: the row's barcode is added to the item's, or is its variant's (never one another item or variant
  // holds: decide refused those rows).
  const newBarcodes = [
    ...creates.flatMap((d) => (d.record.barcode && !d.variant ? [{ item_id: d.id, variant_id: null, barcode: d.record.barcode }] : [])),
    ...updates.flatMap((d) => (d.record.barcode && !d.variant && !d.existing.barcodes.includes(d.record.barcode) ? [{ item_id: d.existing.id, variant_id: null, barcode: d.record.barcode }] : [])),
    ...newVariants.flatMap(({ d, id }) => (d.record.barcode ? [{ item_id: d.item.id, variant_id: id, barcode: d.record.barcode }] : [])),
    ...changedVariants.flatMap((v) => {
      const d = decisions.find((x) => x.variant === v)!;
      return v.changed.barcode ? [{ item_id: d.item.id, variant_id: v.found.id, barcode: v.changed.barcode }] : [];
    }),
  ];
  if (newBarcodes.length)
    await tx.$executeRawUnsafe(
      `insert into inventory.item_barcodes (organization_id, id, item_id, variant_id, barcode, created_by, updated_by)
       select $1::uuid, r.id, r.item_id, r.variant_id, r.barcode, $2::uuid, $2::uuid from jsonb_to_recordset($3::jsonb) as r(id uuid, item_id uuid, variant_id uuid, barcode text)`,
      org,
      user,
      JSON.stringify(newBarcodes.map((b) => ({ id: uuidv7(), ...b }))),
    );
  // Opening stock, through the stock service (levels, lot, moving average, ledger), in (item, variant) order; the
  // receipt's source document is the item (a row without a variant) or the variant (a variant row).
  const receipts = decisions
    .flatMap((d) => {
      if (!d.receiveStock || !d.record.stock) return [];
      const variantId = d.variant ? (d.variant.kind === "create" ? d.variant.id : d.variant.found.id) : null;
      return [{ row: d.row, itemId: d.item.id, variantId, stock: d.record.stock, cost: d.cost }];
    })
    .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : (a.variantId ?? "") < (b.variantId ?? "") ? -1 : 1));
  for (const r of receipts) {
    await receive(tx, scope, {
      itemId: r.itemId,
      variantId: r.variantId,
      locationId: r.stock.locationId,
      quantity: r.stock.quantity,
      unitCost: r.stock.unitCost ?? r.cost ?? "0",
      lotNumber: r.stock.lotNumber ?? undefined,
      expiresOn: r.stock.expiresOn ?? undefined,
      moveType: "receipt",
      sourceDocumentType: OPENING_SOURCE,
      sourceDocumentId: r.variantId ?? r.itemId,
      note: `Opening stock (import ${importId}, row ${r.row})`,
    }).catch((e: unknown) => {
      // Every check of the receipt was made up front; one refused now (a location archived meanwhile …) fails the
      // chunk, whose transaction rolls back whole: the job reports it and may be resumed.
      if (e instanceof AppError) throw new Error(`Row ${r.row}: ${e.message}`);
      throw e;
    });
  }
  return count(decisions, errors);
}

export const itemsImport = defineImport<Ctx, ItemImportRecord>({
  kind: ITEMS_IMPORT_KIND,
  permission: "inventory.item.manage",
  // Opening stock goes through stock.receive (about ten statements a row): 250 rows per transaction keeps a chunk of
  // rows that all carry stock to a few seconds.
  chunkRows: ITEMS_CHUNK_ROWS,
  fields: FIELDS,
  async context(tx, scope) {
    const org = scope.orgId;
    const [units, categories, taxRates, warehouses, locations] = await Promise.all([
      tx.$queryRaw<{ id: string; code: string }[]>`select id::text as id, code from settings.units_of_measure where organization_id = ${org}::uuid and active`,
      tx.$queryRaw<{ id: string; code: string; codePath: string; namePath: string }[]>`
        with recursive t as (
          select id, code, lower(code) as code_path, lower(name) as name_path from inventory.categories where organization_id = ${org}::uuid and parent_id is null
          union all
          select c.id, c.code, t.code_path || '/' || lower(c.code), t.name_path || '/' || lower(c.name)
            from inventory.categories c join t on c.parent_id = t.id where c.organization_id = ${org}::uuid)
        select id::text as id, code, code_path as "codePath", name_path as "namePath" from t`,
      tx.$queryRaw<{ id: string; code: string }[]>`select id::text as id, code from settings.tax_rates where organization_id = ${org}::uuid and active`,
      tx.$queryRaw<{ id: string; code: string }[]>`
        select id::text as id, code from inventory.warehouses where organization_id = ${org}::uuid and workspace_id = any(${scope.workspaceIds}::uuid[]) and archived_at is null`,
      tx.$queryRaw<{ id: string; warehouseId: string; code: string }[]>`
        select id::text as id, warehouse_id::text as "warehouseId", code from inventory.locations
         where organization_id = ${org}::uuid and workspace_id = any(${scope.workspaceIds}::uuid[]) and archived_at is null`,
    ]);
    const cats = new Map<string, string>();
    for (const c of categories) {
      cats.set(pathKey(c.namePath), c.id);
      cats.set(pathKey(c.codePath), c.id);
    }
    for (const c of categories) cats.set(key(c.code), c.id); // a code wins over a one-level path of the same text
    return {
      canMoveStock: scope.permissions.has("inventory.stock.move"),
      units: new Map(units.map((u) => [key(u.code), u.id])),
      categories: cats,
      taxRates: new Map(taxRates.map((t) => [key(t.code), t.id])),
      warehouses: new Map(warehouses.map((w) => [key(w.code), w.id])),
      locations: new Map(locations.map((l) => [`${l.warehouseId}\u0000${key(l.code)}`, l.id])),
      earlier: new Map<string, EarlierItem>(),
      firstRows: new Map<string, { row: number; fields: Record<string, unknown> }>(),
      variantSkus: new Map<string, number>(),
      itemSkus: new Map<string, number>(),
      itemRows: new Set<string>(),
      variedInFile: new Set<string>(),
    };
  },
  // An item's row with opening stock may come in a chunk before its variant rows: the whole file tells it has variants.
  prescan: {
    fields: ["sku", "variantSku"],
    row: (ctx, r) => {
      if (r.values.sku && r.values.variantSku) ctx.variedInFile.add(r.values.sku);
    },
  },
  validateRow: (ctx, row) => validateRow(ctx, row.row, row.values),
  // An item's SKU once among the rows without a variant (its variant rows repeat it); a variant SKU once.
  uniqueKeys: [
    { field: "sku", key: (r) => (r.variant ? null : r.sku) },
    { field: "variantSku", key: (r) => r.variant?.sku },
    { field: "barcode", key: (r) => r.barcode },
  ],
  async plan(tx, scope, ctx, rows) {
    const { decisions, errors } = await decide(tx, scope, ctx, rows, false);
    for (const d of decisions) ctx.earlier.set(d.record.sku, { shape: d.shape, varied: !!d.variant || !!ctx.earlier.get(d.record.sku)?.varied });
    return count(decisions, errors);
  },
  commit: (tx, scope, ctx, rows, meta) => commitChunk(tx, scope, ctx, rows, meta.importId),
});
