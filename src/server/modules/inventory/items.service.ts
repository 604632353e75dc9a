// Items: SKU unique per organization (items and variants share the SKU space, checked here; each table's unique index
// holds its own), base unit with per-item conversions, barcodes unique per organization, optimistic `version` on
// every change, archive / restore; a hard delete only for an item no stock move has used. Row changes are audited.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput, TFilterValue } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { afterCursor, and, badRequest, cappedCount, filterSql, keysetPage, orderBy, rawSql, readCursor, sql, type Sql, UUID_RE, wantsTotal } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { ITEM_STATUSES, ITEM_TYPES, ITEMS_LIST, type TCreateItemInput, type TListItemsInput, type TUpdateItemInput } from "./inventory.schemas";
import { fieldError, qtyText } from "./stock.service";
import { setArchived } from "@/server/kernel/archive";
import { assignPartNumber } from "./categories.service";
import { subtreeIds } from "./subtree.sql";
import { itemSearchWords, itemTermsCountFrom, itemTermsMatchSql, itemTermsPlan, type ArchivedChoice, type TermsPlan } from "./search-terms";
import type { z } from "zod";
import type { ZCreateVariantInput } from "./inventory.schemas";
import { listTaxRates, listUnits } from "@/server/modules/settings/master-data.service";
import type { TCreateVariantsInput, TUpdateVariantInput } from "./item-extras.schemas";

const ITEM_NOT_FOUND = "Item not found";
const stale = () => new AppError("CONFLICT", "This item was changed by someone else. Reload it and try again.");

export async function itemOr404(tx: Tx, scope: OrgScope, id: string) {
  const item = await tx.item.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!item) throw notFound(ITEM_NOT_FOUND);
  return item;
}

/** One item as `getItem` reads it: the row's own columns (decimals as text), its parts aggregated as json (decimals as text). */
interface ItemPageRow {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  type: ItemRow["type"];
  categoryId: string | null;
  baseUnitId: string;
  purchaseUnitId: string | null;
  salesUnitId: string | null;
  status: ItemRow["status"];
  replacedByItemId: string | null;
  makeOrBuy: ItemRow["makeOrBuy"];
  leadTimeDays: number | null;
  listPrice: string | null;
  standardUnitCost: string | null;
  taxRateId: string | null;
  hsnCode: string | null;
  weight: string | null;
  length: string | null;
  width: string | null;
  height: string | null;
  specifications: Record<string, unknown>;
  tags: string[];
  trackInventory: boolean;
  lotControl: boolean;
  serialControl: boolean;
  shelfLifeDays: number | null;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  replacedBy: { id: string; sku: string; name: string } | null;
  taxRate: { id: string; code: string; name: string; rate: string; active: boolean } | null;
  conversions: { unitId: string; factor: string }[];
  barcodes: { barcode: string; variantId: string | null }[];
  /** archivedAt: the timestamptz as json text (ISO 8601, microseconds, UTC). */
  variants: { id: string; sku: string; name: string | null; attributes: Record<string, unknown>; priceDelta: string; archivedAt: string | null; version: number }[];
  cost: { quantity: string; value: string; averageUnitCost: string } | null;
}

type ItemRow = Prisma.ItemGetPayload<object>;
const dec = (v: string | null, places: number) => (v === null ? null : new Prisma.Decimal(v).toFixed(places));

/**
 * The item with its conversions, barcodes, variants, the item replacing it, its tax rate (also when deactivated
 * since: the form offers only active ones) and its organization-wide cost position — in ONE statement: the item page
 * opens with three calls on two cores, and each statement more is a round trip and Prisma's runtime (~1 ms of CPU).
 * Decimals travel as text (json numbers are doubles); every part is the caller's organization's.
 */
export async function getItem(tx: Tx, scope: OrgScope, input: { id: string }) {
  const [i] = await tx.$queryRaw<ItemPageRow[]>`
    select i.id::text as id, i.sku, i.name, i.description, i.type::text as type, i.category_id::text as "categoryId",
           i.base_unit_id::text as "baseUnitId", i.purchase_unit_id::text as "purchaseUnitId", i.sales_unit_id::text as "salesUnitId",
           i.status::text as status, i.replaced_by_item_id::text as "replacedByItemId", i.make_or_buy::text as "makeOrBuy",
           i.lead_time_days as "leadTimeDays", i.list_price::text as "listPrice", i.standard_unit_cost::text as "standardUnitCost",
           i.tax_rate_id::text as "taxRateId", i.hsn_code as "hsnCode", i.weight::text as weight, i.length::text as length,
           i.width::text as width, i.height::text as height, i.specifications, i.tags, i.track_inventory as "trackInventory",
           i.lot_control as "lotControl", i.serial_control as "serialControl", i.shelf_life_days as "shelfLifeDays",
           i.archived_at as "archivedAt", i.version, i.created_at as "createdAt", i.updated_at as "updatedAt",
           (select json_build_object('id', r.id, 'sku', r.sku, 'name', r.name)
              from inventory.items r where r.organization_id = i.organization_id and r.id = i.replaced_by_item_id) as "replacedBy",
           (select json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'rate', t.rate::text, 'active', t.active)
              from settings.tax_rates t where t.organization_id = i.organization_id and t.id = i.tax_rate_id) as "taxRate",
           coalesce((select json_agg(json_build_object('unitId', u.unit_id, 'factor', u.factor::text) order by u.unit_id)
                       from inventory.item_units u where u.organization_id = i.organization_id and u.item_id = i.id), '[]') as conversions,
           coalesce((select json_agg(json_build_object('barcode', b.barcode, 'variantId', b.variant_id) order by b.barcode)
                       from inventory.item_barcodes b where b.organization_id = i.organization_id and b.item_id = i.id), '[]') as barcodes,
           coalesce((select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'name', v.name, 'attributes', v.attributes,
                                                       'priceDelta', v.price_delta::text, 'archivedAt', v.archived_at, 'version', v.version) order by v.sku)
                       from inventory.variants v where v.organization_id = i.organization_id and v.item_id = i.id), '[]') as variants,
           (select json_build_object('quantity', c.quantity::text, 'value', c.value::text, 'averageUnitCost', c.average_unit_cost::text)
              from inventory.item_costs c where c.organization_id = i.organization_id and c.item_id = i.id) as cost
      from inventory.items i
     where i.organization_id = ${scope.orgId}::uuid and i.id = ${input.id}::uuid`;
  if (!i) throw notFound(ITEM_NOT_FOUND);
  const { replacedBy, taxRate, conversions, barcodes, variants, cost } = i;
  return {
    id: i.id,
    sku: i.sku,
    name: i.name,
    description: i.description,
    type: i.type,
    categoryId: i.categoryId,
    baseUnitId: i.baseUnitId,
    purchaseUnitId: i.purchaseUnitId,
    salesUnitId: i.salesUnitId,
    status: i.status,
    replacedByItemId: i.replacedByItemId,
    makeOrBuy: i.makeOrBuy,
    leadTimeDays: i.leadTimeDays,
    listPrice: dec(i.listPrice, 6),
    standardUnitCost: dec(i.standardUnitCost, 6),
    taxRateId: i.taxRateId,
    hsnCode: i.hsnCode,
    weight: dec(i.weight, 4),
    length: dec(i.length, 4),
    width: dec(i.width, 4),
    height: dec(i.height, 4),
    specifications: i.specifications,
    tags: i.tags,
    trackInventory: i.trackInventory,
    lotControl: i.lotControl,
    serialControl: i.serialControl,
    shelfLifeDays: i.shelfLifeDays,
    archivedAt: i.archivedAt,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    replacedBy,
    taxRate: taxRate && { ...taxRate, rate: new Prisma.Decimal(taxRate.rate).toFixed() },
    conversions: conversions.map((u) => ({ unitId: u.unitId, factor: new Prisma.Decimal(u.factor).toFixed(6) })),
    barcodes: barcodes.filter((b) => !b.variantId).map((b) => b.barcode),
    variants: variants.map((v) => ({
      id: v.id, sku: v.sku, name: v.name, attributes: v.attributes, priceDelta: new Prisma.Decimal(v.priceDelta).toFixed(6),
      barcodes: barcodes.filter((b) => b.variantId === v.id).map((b) => b.barcode), archivedAt: v.archivedAt === null ? null : new Date(v.archivedAt), version: v.version,
    })),
    cost: {
      quantity: qtyText(cost?.quantity ?? 0),
      value: new Prisma.Decimal(cost?.value ?? 0).toFixed(2),
      averageUnitCost: new Prisma.Decimal(cost?.averageUnitCost ?? i.standardUnitCost ?? 0).toFixed(6),
    },
  };
}

/**
 * What the item forms offer: the organization's active units of measure (settings.units_of_measure) and tax rates
 * (settings.tax_rates: the tax category), readable with inventory.item.read — a warehouse clerk creates items without
 * settings.setting.read.
 */
export async function itemFormOptions(tx: Tx, scope: OrgScope) {
  // The settings module's lists (their own procedures need settings.setting.read, which the warehouse role lacks).
  const [{ rows }, taxes] = await Promise.all([listUnits(tx, scope, { includeArchived: false }), listTaxRates(tx, scope, { includeArchived: false })]);
  return {
    units: rows.map(({ id, code, name, category, decimals }) => ({ id, code, name, category, decimals })),
    taxRates: taxes.rows.map(({ id, code, name, rate, validFrom, validTo }) => ({ id, code, name, rate, validFrom, validTo })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List (STYLE.md list contract): keyset by name or SKU, numbered pages by creation date.

export interface ItemListRow {
  id: string;
  sku: string;
  name: string;
  type: string;
  status: string;
  categoryId: string | null;
  categoryName: string | null;
  baseUnitCode: string | null;
  /** The SKU of the item that replaces it (the export's column, read back by the import's "Replaced by"). */
  replacedBySku: string | null;
  listPrice: string | null;
  tags: string[];
  trackInventory: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  version: number;
}

const I_ID = sql`i.id`;
const COLUMNS: Record<(typeof ITEMS_LIST.sorts)[number], Sql> = { name: sql`i.name`, sku: sql`i.sku`, createdAt: sql`i.created_at` };
const SELECT = sql`select i.id::text as id, i.sku, i.name, i.type::text as type, i.status::text as status, i.category_id::text as "categoryId",
  (select c.name from inventory.categories c where c.organization_id = i.organization_id and c.id = i.category_id) as "categoryName",
  (select u.code from settings.units_of_measure u where u.organization_id = i.organization_id and u.id = i.base_unit_id) as "baseUnitCode",
  (select r.sku from inventory.items r where r.organization_id = i.organization_id and r.id = i.replaced_by_item_id) as "replacedBySku",
  i.list_price::text as "listPrice", i.tags, i.track_inventory as "trackInventory", i.archived_at as "archivedAt", i.created_at as "createdAt", i.version`;
const FROM = sql`from inventory.items i`;

/** An enum filter over its leakproof smallint key (type_key / status_key: position in the enum + 1). */
function keyFilter(column: Sql, labels: readonly string[], value: TFilterValue, enumColumn: Sql): Sql {
  if (value.type !== "enum") return filterSql(enumColumn, value);
  const keys = [...new Set(value.values.map((v) => labels.indexOf(v) + 1).filter((k) => k > 0))];
  if (keys.length === 1) return sql`${column} = ${keys[0]}::smallint`;
  return keys.length ? sql`${column} = any(${keys}::smallint[])` : sql`false`;
}

/** The archive state a list input asks for (default: active items only). */
function archivedChoice(input: TListItemsInput): ArchivedChoice {
  const f = input.filters ?? {};
  const archived = f.archived?.type === "enum" ? f.archived.values : ["active"];
  const wantActive = archived.includes("active");
  const wantArchived = archived.includes("archived");
  if (!wantActive && !wantArchived) throw badRequest("filters.archived", 'Use "active" and/or "archived"');
  return wantActive && wantArchived ? "all" : wantActive ? "active" : "archived";
}

function listWhere(scope: OrgScope, input: TListItemsInput, plan: TermsPlan): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`];
  const archived = archivedChoice(input);
  if (archived === "active") parts.push(sql`i.archived_at is null`);
  if (archived === "archived") parts.push(sql`i.archived_at is not null`);
  if (f.type) parts.push(keyFilter(sql`i.type_key`, ITEM_TYPES, f.type, sql`i.type::text`));
  if (f.status) parts.push(keyFilter(sql`i.status_key`, ITEM_STATUSES, f.status, sql`i.status::text`));
  if (f.category?.type === "enum") {
    const ids = f.category.values.filter((v) => UUID_RE.test(v));
    // A category and its whole subtree (categories are few per organization: the recursive walk is cheap).
    parts.push(ids.length ? sql`i.category_id in ${subtreeIds("categories", scope.orgId, ids)}` : sql`false`);
  }
  if (f.tags?.type === "enum") parts.push(sql`i.tags && ${f.tags.values}::text[]`);
  // q: every word starts a term of the item — a word of its name, a name token as written ("o-ring"), the SKU whole
  // or a word of it (inventory.search_terms: leakproof range lookups, index-served under RLS; search-terms.ts).
  if (input.q?.trim()) parts.push(itemTermsMatchSql(I_ID, scope.orgId, itemSearchWords(input.q), plan, archived));
  return and(parts);
}

/**
 * The page of a search walks the order index with the matching ids hashed when every word is common and the order
 * has an index (name, SKU) over active items; else it joins them (search-terms.ts). The capped count always joins,
 * or, when the archive state is the only other condition, counts the terms alone (index-only, no item read).
 */
async function searchPlan(tx: Tx, scope: OrgScope, input: TListItemsInput, sortId: string): Promise<TermsPlan> {
  const archived = archivedChoice(input);
  if (!input.q?.trim() || sortId === "createdAt" || archived === "archived") return "join";
  return itemTermsPlan(tx, scope.orgId, itemSearchWords(input.q), archived);
}

function countFrom(scope: OrgScope, input: TListItemsInput): Sql {
  const f = input.filters ?? {};
  const termsOnly = input.q?.trim() && !f.type && !f.status && !f.category && !f.tags;
  return termsOnly ? itemTermsCountFrom(scope.orgId, itemSearchWords(input.q!), archivedChoice(input)) : sql`${FROM} where ${listWhere(scope, input, "join")}`;
}

export async function listItems(tx: Tx, scope: OrgScope, input: TListItemsInput): Promise<ListOutput<ItemListRow>> {
  const sort = input.sort ?? ITEMS_LIST.defaultSort;
  const column = COLUMNS[sort.id];
  const where = listWhere(scope, input, await searchPlan(tx, scope, input, sort.id));
  const perPage = input.perPage;
  if ((sort.id === "name" || sort.id === "sku") && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      keyset = afterCursor(column, I_ID, sql`${c.sortValue}`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<ItemListRow[]>`${SELECT} ${FROM} where ${where} and ${keyset} ${orderBy(column, I_ID, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [sort.id === "sku" ? r.sku : r.name, r.id]);
    const out: ListOutput<ItemListRow> = { rows: page.rows };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    // A first page without a next one is the whole list: its length is the count.
    if (!input.cursor && wantsTotal(input)) Object.assign(out, page.nextCursor ? await cappedCount(tx, countFrom(scope, input)) : { total: page.rows.length, totalCapped: false });
    return out;
  }
  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<ItemListRow[]>`${SELECT} ${FROM} where ${where} order by ${column} ${dir}, i.id ${dir} limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows, ...(wantsTotal(input) ? await cappedCount(tx, countFrom(scope, input)) : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Create, update, archive, delete

async function skuFree(tx: Tx, scope: OrgScope, sku: string, exceptItemId?: string): Promise<void> {
  const [item, variant] = await Promise.all([
    tx.item.findFirst({ where: { organizationId: scope.orgId, sku, ...(exceptItemId ? { NOT: { id: exceptItemId } } : {}) }, select: { name: true } }),
    tx.variant.findFirst({ where: { organizationId: scope.orgId, sku }, select: { item: { select: { sku: true } } } }),
  ]);
  if (item) throw fieldError("sku", `SKU ${sku} is already used by "${item.name}"`, "CONFLICT");
  if (variant) throw fieldError("sku", `SKU ${sku} is already used by a variant of ${variant.item.sku}`, "CONFLICT");
}

async function barcodesFree(tx: Tx, scope: OrgScope, barcodes: string[], field: string, exceptItemId?: string): Promise<void> {
  if (new Set(barcodes).size !== barcodes.length) throw fieldError(field, "A barcode is listed twice");
  if (!barcodes.length) return;
  const taken = await tx.itemBarcode.findFirst({
    where: { organizationId: scope.orgId, barcode: { in: barcodes }, ...(exceptItemId ? { NOT: { itemId: exceptItemId, variantId: null } } : {}) },
    select: { barcode: true, item: { select: { sku: true } } },
  });
  if (taken) throw fieldError(field, `Barcode ${taken.barcode} is already used by ${taken.item.sku}`, "CONFLICT");
}

type Fields = Partial<TCreateItemInput>;

/** References of the organization; field errors otherwise. */
async function checkRefs(tx: Tx, scope: OrgScope, input: Fields, self?: string): Promise<void> {
  const org = scope.orgId;
  if (input.categoryId) {
    const category = await tx.category.findFirst({ where: { organizationId: org, id: input.categoryId }, select: { name: true, archivedAt: true } });
    if (!category) throw fieldError("categoryId", "Choose a category");
    if (category.archivedAt) throw fieldError("categoryId", `"${category.name}" is archived: choose an active category`);
  }
  for (const f of ["baseUnitId", "purchaseUnitId", "salesUnitId"] as const) {
    const id = input[f];
    if (id && !(await tx.unitOfMeasure.findFirst({ where: { organizationId: org, id, active: true }, select: { id: true } })))
      throw fieldError(f, "Choose an active unit of measure");
  }
  for (const [i, c] of (input.conversions ?? []).entries())
    if (!(await tx.unitOfMeasure.findFirst({ where: { organizationId: org, id: c.unitId }, select: { id: true } }))) throw fieldError(`conversions.${i}.unitId`, "Choose a unit");
  if (input.taxRateId && !(await tx.taxRate.findFirst({ where: { organizationId: org, id: input.taxRateId }, select: { id: true } })))
    throw fieldError("taxRateId", "Choose a tax rate");
  if (input.replacedByItemId) {
    if (input.replacedByItemId === self) throw fieldError("replacedByItemId", "An item cannot replace itself");
    if (!(await tx.item.findFirst({ where: { organizationId: org, id: input.replacedByItemId }, select: { id: true } })))
      throw fieldError("replacedByItemId", "Choose the item that replaces this one");
  }
}

export type ItemShape = { type: string; trackInventory: boolean; lotControl: boolean; serialControl: boolean; status: string; replacedByItemId: string | null;
  baseUnitId: string; purchaseUnitId: string | null; salesUnitId: string | null; conversions: { unitId: string }[] };

/** The item's rules across fields, on the values it will have: every rule broken, in the order they are checked
 *  (the item forms get the first as a field error; the items import reports them on its row). */
export function itemShapeErrors(v: ItemShape): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const no = (field: string, message: string) => out.push({ field, message });
  if ((v.type === "service" || v.type === "digital") && v.trackInventory) no("trackInventory", "Services and digital items hold no stock");
  if (!v.trackInventory && (v.lotControl || v.serialControl)) no(v.lotControl ? "lotControl" : "serialControl", "Lots and serials need inventory tracking");
  if (v.replacedByItemId && v.status !== "discontinued" && v.status !== "obsolete") no("replacedByItemId", "Only a discontinued or obsolete item is replaced by another");
  const units = new Set([v.baseUnitId, ...v.conversions.map((c) => c.unitId)]);
  if (v.conversions.some((c) => c.unitId === v.baseUnitId)) no("conversions", "The base unit needs no conversion");
  else if (units.size !== v.conversions.length + 1) no("conversions", "A unit is listed twice");
  if (v.purchaseUnitId && !units.has(v.purchaseUnitId)) no("purchaseUnitId", "Add the purchase unit's conversion to the base unit");
  if (v.salesUnitId && !units.has(v.salesUnitId)) no("salesUnitId", "Add the sales unit's conversion to the base unit");
  return out;
}

function checkShape(v: ItemShape): void {
  const [first] = itemShapeErrors(v);
  if (first) throw fieldError(first.field, first.message);
}

function uniqueViolation(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    const target = JSON.stringify(e.meta ?? {});
    if (target.includes("barcode")) throw fieldError("barcodes", "A barcode is already used by another item", "CONFLICT");
    throw fieldError("sku", "This SKU is already used by another item", "CONFLICT");
  }
  throw e;
}

export async function createItem(tx: Tx, scope: OrgScope, input: TCreateItemInput) {
  const type = input.type ?? "product";
  const trackInventory = input.trackInventory ?? !(type === "service" || type === "digital");
  const conversions = input.conversions ?? [];
  checkShape({
    type, trackInventory, lotControl: input.lotControl ?? false, serialControl: input.serialControl ?? false, status: input.status ?? "active",
    replacedByItemId: input.replacedByItemId ?? null, baseUnitId: input.baseUnitId, purchaseUnitId: input.purchaseUnitId ?? null,
    salesUnitId: input.salesUnitId ?? null, conversions,
  });
  await barcodesFree(tx, scope, input.barcodes ?? [], "barcodes");
  await checkRefs(tx, scope, input);
  // No SKU: the category's part-number series assigns it (categories.service), as late as possible.
  const sku = input.sku ?? (await assignPartNumber(tx, scope, input.categoryId ?? null));
  if (input.sku !== undefined) await skuFree(tx, scope, sku);
  try {
    const item = await tx.item.create({
      data: {
        organizationId: scope.orgId,
        sku,
        name: input.name,
        description: input.description ?? null,
        type,
        categoryId: input.categoryId ?? null,
        baseUnitId: input.baseUnitId,
        purchaseUnitId: input.purchaseUnitId ?? null,
        salesUnitId: input.salesUnitId ?? null,
        status: input.status ?? "active",
        replacedByItemId: input.replacedByItemId ?? null,
        makeOrBuy: input.makeOrBuy ?? (type === "manufactured" ? "make" : "buy"),
        leadTimeDays: input.leadTimeDays ?? null,
        listPrice: input.listPrice ?? null,
        standardUnitCost: input.standardUnitCost ?? null,
        taxRateId: input.taxRateId ?? null,
        hsnCode: input.hsnCode ?? null,
        weight: input.weight ?? null,
        length: input.length ?? null,
        width: input.width ?? null,
        height: input.height ?? null,
        specifications: (input.specifications ?? {}) as Prisma.InputJsonObject,
        tags: [...new Set(input.tags ?? [])],
        trackInventory,
        lotControl: input.lotControl ?? false,
        serialControl: input.serialControl ?? false,
        shelfLifeDays: input.shelfLifeDays ?? null,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
    });
    await writeConversions(tx, scope, item.id, conversions);
    await writeBarcodes(tx, scope, item.id, input.barcodes ?? []);
    return getItem(tx, scope, { id: item.id });
  } catch (e) {
    uniqueViolation(e);
  }
}

async function writeConversions(tx: Tx, scope: OrgScope, itemId: string, conversions: { unitId: string; factor: string }[]) {
  await tx.itemUnit.deleteMany({ where: { organizationId: scope.orgId, itemId } });
  if (conversions.length)
    await tx.itemUnit.createMany({ data: conversions.map((c) => ({ organizationId: scope.orgId, itemId, unitId: c.unitId, factor: c.factor, createdBy: scope.userId, updatedBy: scope.userId })) });
}

async function writeBarcodes(tx: Tx, scope: OrgScope, itemId: string, barcodes: string[]) {
  await tx.itemBarcode.deleteMany({ where: { organizationId: scope.orgId, itemId, variantId: null } });
  if (barcodes.length)
    await tx.itemBarcode.createMany({ data: barcodes.map((barcode) => ({ organizationId: scope.orgId, itemId, barcode, createdBy: scope.userId, updatedBy: scope.userId })) });
}

async function hasMoves(tx: Tx, scope: OrgScope, itemId: string): Promise<boolean> {
  return !!(await tx.$queryRaw<{ x: number }[]>`select 1 as x from inventory.stock_moves where organization_id = ${scope.orgId}::uuid and item_id = ${itemId}::uuid limit 1`)[0]
    // Moves of workspaces the member cannot see count too: the item's cost row is organization-wide.
    || !!(await tx.itemCost.findUnique({ where: { organizationId_itemId: { organizationId: scope.orgId, itemId } }, select: { itemId: true } }));
}

/** Changes only the fields given; `version` must be the one the caller read. */
export async function updateItem(tx: Tx, scope: OrgScope, input: TUpdateItemInput) {
  const current = await itemOr404(tx, scope, input.id);
  if (current.version !== input.version) throw stale();
  if (current.archivedAt) throw new AppError("PRECONDITION_FAILED", "This item is archived; restore it to edit it.");
  const currentConversions = await tx.itemUnit.findMany({ where: { organizationId: scope.orgId, itemId: current.id }, select: { unitId: true, factor: true } });
  const next = {
    type: input.type ?? current.type,
    trackInventory: input.trackInventory ?? current.trackInventory,
    lotControl: input.lotControl ?? current.lotControl,
    serialControl: input.serialControl ?? current.serialControl,
    status: input.status ?? current.status,
    replacedByItemId: input.replacedByItemId === undefined ? current.replacedByItemId : input.replacedByItemId,
    baseUnitId: input.baseUnitId ?? current.baseUnitId,
    purchaseUnitId: input.purchaseUnitId === undefined ? current.purchaseUnitId : input.purchaseUnitId,
    salesUnitId: input.salesUnitId === undefined ? current.salesUnitId : input.salesUnitId,
    conversions: input.conversions ?? currentConversions.map((c) => ({ unitId: c.unitId, factor: c.factor.toFixed(6) })),
  };
  checkShape(next);
  // What the ledger depends on is fixed once stock has moved: quantities are in the base unit, lots and serials
  // were (or were not) recorded on every move.
  const ledgerFields = (["baseUnitId", "trackInventory", "lotControl", "serialControl"] as const).filter((f) => input[f] !== undefined && input[f] !== current[f]);
  if (ledgerFields.length && (await hasMoves(tx, scope, current.id)))
    throw fieldError(ledgerFields[0]!, `${current.sku} has stock moves: its base unit, tracking, lot and serial control can no longer change`, "PRECONDITION_FAILED");
  if (input.sku !== undefined && input.sku !== current.sku) await skuFree(tx, scope, input.sku, current.id);
  if (input.barcodes) await barcodesFree(tx, scope, input.barcodes, "barcodes", current.id);
  await checkRefs(tx, scope, input, current.id);
  const data: Prisma.ItemUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  const keys = ["sku", "name", "description", "type", "categoryId", "baseUnitId", "purchaseUnitId", "salesUnitId", "status", "replacedByItemId", "makeOrBuy",
    "leadTimeDays", "listPrice", "standardUnitCost", "taxRateId", "hsnCode", "weight", "length", "width", "height", "trackInventory", "lotControl",
    "serialControl", "shelfLifeDays"] as const;
  for (const k of keys) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  if (input.specifications !== undefined) data.specifications = input.specifications as Prisma.InputJsonObject;
  if (input.tags !== undefined) data.tags = [...new Set(input.tags)];
  try {
    const { count } = await tx.item.updateMany({ where: { organizationId: scope.orgId, id: input.id, version: input.version }, data });
    if (count !== 1) throw stale();
    if (input.conversions) await writeConversions(tx, scope, current.id, input.conversions);
    if (input.barcodes) await writeBarcodes(tx, scope, current.id, input.barcodes);
  } catch (e) {
    uniqueViolation(e);
  }
  return getItem(tx, scope, { id: input.id });
}

/** Archive (archived: true) or restore (false); idempotent; bumps version; `version`: the one the screen showed (CONFLICT when stale). */
export async function archiveItem(tx: Tx, scope: OrgScope, input: { id: string; archived?: boolean; version?: number }) {
  return setArchived(scope, {
    delegate: tx.item,
    where: { organizationId: scope.orgId },
    load: (id) => itemOr404(tx, scope, id),
    out: (row) => getItem(tx, scope, { id: row.id }),
    stale,
  }, input.id, input.archived ?? true, input.version);
}

/** A hard delete, only for an item nothing has used yet (no stock move, lot, serial or variant); archive otherwise. */
export async function deleteItem(tx: Tx, scope: OrgScope, input: { id: string }) {
  const item = await itemOr404(tx, scope, input.id);
  if (await hasMoves(tx, scope, item.id))
    throw new AppError("PRECONDITION_FAILED", `${item.sku} has stock moves and cannot be deleted; archive it instead.`, {
      id: [`${item.sku} has stock moves and cannot be deleted; archive it instead.`],
    });
  const [lots, variants, replaces, adjustmentLines, transferLines] = await Promise.all([
    tx.lot.count({ where: { organizationId: scope.orgId, itemId: item.id } }),
    tx.variant.count({ where: { organizationId: scope.orgId, itemId: item.id } }),
    tx.item.count({ where: { organizationId: scope.orgId, replacedByItemId: item.id } }),
    tx.stockAdjustmentLine.count({ where: { organizationId: scope.orgId, itemId: item.id } }),
    tx.stockTransferLine.count({ where: { organizationId: scope.orgId, itemId: item.id } }),
  ]);
  if (lots || variants || replaces || adjustmentLines || transferLines) {
    const why = lots ? "has lots" : variants ? "has variants" : replaces ? "replaces other items" : "is used by stock documents";
    throw new AppError("PRECONDITION_FAILED", `${item.sku} ${why} and cannot be deleted; archive it instead.`, { id: [`${item.sku} ${why} and cannot be deleted; archive it instead.`] });
  }
  try {
    await tx.item.delete({ where: { organizationId_id: { organizationId: scope.orgId, id: item.id } } });
  } catch (e) {
    // A move in a workspace this member cannot see still holds the item (the foreign key sees every row).
    if (e instanceof Prisma.PrismaClientKnownRequestError && (e.code === "P2003" || e.code === "P2014"))
      throw new AppError("PRECONDITION_FAILED", `${item.sku} is in use and cannot be deleted; archive it instead.`, { id: [`${item.sku} is in use and cannot be deleted; archive it instead.`] });
    throw e;
  }
  return { id: item.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Variants

export async function createVariant(tx: Tx, scope: OrgScope, input: z.output<typeof ZCreateVariantInput>) {
  const item = await itemOr404(tx, scope, input.itemId);
  if (item.archivedAt) throw new AppError("PRECONDITION_FAILED", "This item is archived; restore it to edit it.");
  await skuFree(tx, scope, input.sku);
  if (input.barcode) await barcodesFree(tx, scope, [input.barcode], "barcode");
  try {
    const v = await tx.variant.create({
      data: {
        organizationId: scope.orgId, itemId: item.id, sku: input.sku, name: input.name ?? null,
        attributes: input.attributes as Prisma.InputJsonObject, priceDelta: input.priceDelta ?? "0", createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
    if (input.barcode)
      await tx.itemBarcode.create({ data: { organizationId: scope.orgId, itemId: item.id, variantId: v.id, barcode: input.barcode, createdBy: scope.userId, updatedBy: scope.userId } });
    return { id: v.id, itemId: item.id, sku: v.sku, name: v.name, attributes: v.attributes as Record<string, unknown>, priceDelta: v.priceDelta.toFixed(6) };
  } catch (e) {
    uniqueViolation(e);
  }
}

const variantStale = () => new AppError("CONFLICT", "This variant was changed by someone else. Reload it and try again.");
const itemArchived = () => new AppError("PRECONDITION_FAILED", "This item is archived; restore it to edit it.");

async function variantOr404(tx: Tx, scope: OrgScope, id: string) {
  const v = await tx.variant.findFirst({ where: { organizationId: scope.orgId, id }, include: { item: { select: { archivedAt: true, sku: true } } } });
  if (!v) throw notFound("Variant not found");
  return v;
}

/** Several variants of one item in one go (the generated combinations): all or none, errors on `variants.<i>.<field>`. */
export async function createVariants(tx: Tx, scope: OrgScope, input: TCreateVariantsInput) {
  const item = await itemOr404(tx, scope, input.itemId);
  if (item.archivedAt) throw itemArchived();
  const seenSkus = new Set<string>();
  const seenBarcodes = new Set<string>();
  const out = [];
  for (const [i, v] of input.variants.entries()) {
    const at = (e: unknown): never => {
      if (e instanceof AppError && e.fieldErrors) {
        const [field, messages] = Object.entries(e.fieldErrors)[0]!;
        const f = field === "barcodes" ? "barcode" : field;
        throw new AppError(e.code, `Variant ${i + 1}: ${messages[0]}`, { [`variants.${i}.${f}`]: messages });
      }
      throw e;
    };
    if (seenSkus.has(v.sku)) at(fieldError("sku", `SKU ${v.sku} is listed twice`));
    if (v.barcode && seenBarcodes.has(v.barcode)) at(fieldError("barcode", `Barcode ${v.barcode} is listed twice`));
    seenSkus.add(v.sku);
    if (v.barcode) seenBarcodes.add(v.barcode);
    out.push(await createVariant(tx, scope, { ...v, itemId: item.id }).catch(at));
  }
  return { variants: out };
}

/** The item's variants with their barcode, status and stock (on hand / available over the levels the member sees). */
export async function listVariants(tx: Tx, scope: OrgScope, input: { itemId: string }) {
  const item = await itemOr404(tx, scope, input.itemId);
  const rows = await tx.$queryRaw<{ id: string; sku: string; name: string | null; attributes: Record<string, unknown>; priceDelta: Prisma.Decimal; archivedAt: Date | null;
    version: number; barcodes: string[]; onHand: Prisma.Decimal; available: Prisma.Decimal }[]>`
    select v.id::text as id, v.sku, v.name, v.attributes, v.price_delta as "priceDelta", v.archived_at as "archivedAt", v.version,
           coalesce((select array_agg(b.barcode order by b.barcode) from inventory.item_barcodes b
                      where b.organization_id = v.organization_id and b.item_id = v.item_id and b.variant_id = v.id), '{}') as barcodes,
           coalesce((select sum(s.on_hand_qty) from inventory.stock_levels s where s.organization_id = v.organization_id and s.item_id = v.item_id and s.variant_id = v.id), 0) as "onHand",
           coalesce((select sum(s.available_qty) from inventory.stock_levels s where s.organization_id = v.organization_id and s.item_id = v.item_id and s.variant_id = v.id), 0) as available
      from inventory.variants v
     where v.organization_id = ${scope.orgId}::uuid and v.item_id = ${item.id}::uuid
     order by v.archived_at is not null, v.sku`;
  return {
    rows: rows.map((r) => ({ ...r, priceDelta: new Prisma.Decimal(r.priceDelta).toFixed(6), onHand: qtyText(r.onHand), available: qtyText(r.available), barcode: r.barcodes[0] ?? null })),
  };
}

/** Changes only the fields given (`version` the one read); the item must not be archived. */
export async function updateVariant(tx: Tx, scope: OrgScope, input: TUpdateVariantInput) {
  const current = await variantOr404(tx, scope, input.id);
  if (current.version !== input.version) throw variantStale();
  if (current.item.archivedAt || current.archivedAt) throw new AppError("PRECONDITION_FAILED", current.archivedAt ? "This variant is archived; restore it to edit it." : "This item is archived; restore it to edit it.");
  if (input.sku !== undefined && input.sku !== current.sku) await skuFree(tx, scope, input.sku);
  const currentBarcodes = await tx.itemBarcode.findMany({ where: { organizationId: scope.orgId, itemId: current.itemId, variantId: current.id }, select: { barcode: true } });
  const barcodeChanges = input.barcode !== undefined && !(currentBarcodes.length === 1 && currentBarcodes[0]!.barcode === input.barcode) && !(input.barcode === null && currentBarcodes.length === 0);
  if (barcodeChanges && input.barcode) {
    const taken = await tx.itemBarcode.findFirst({ where: { organizationId: scope.orgId, barcode: input.barcode, NOT: { variantId: current.id } }, select: { item: { select: { sku: true } } } });
    if (taken) throw fieldError("barcode", `Barcode ${input.barcode} is already used by ${taken.item.sku}`, "CONFLICT");
  }
  const data: Prisma.VariantUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.sku !== undefined) data.sku = input.sku;
  if (input.name !== undefined) data.name = input.name;
  if (input.priceDelta !== undefined) data.priceDelta = input.priceDelta;
  if (input.attributes !== undefined) data.attributes = input.attributes as Prisma.InputJsonObject;
  try {
    const { count } = await tx.variant.updateMany({ where: { organizationId: scope.orgId, id: current.id, version: input.version }, data });
    if (count !== 1) throw variantStale();
    if (barcodeChanges) {
      await tx.itemBarcode.deleteMany({ where: { organizationId: scope.orgId, itemId: current.itemId, variantId: current.id } });
      if (input.barcode)
        await tx.itemBarcode.create({ data: { organizationId: scope.orgId, itemId: current.itemId, variantId: current.id, barcode: input.barcode, createdBy: scope.userId, updatedBy: scope.userId } });
    }
  } catch (e) {
    variantUniqueViolation(e);
  }
  return (await listVariants(tx, scope, { itemId: current.itemId })).rows.find((r) => r.id === current.id)!;
}

/** Archive (archived: true) or restore (false); idempotent; bumps version. An archived variant takes no new stock in the UI. */
export async function archiveVariant(tx: Tx, scope: OrgScope, input: { id: string; archived?: boolean; version?: number }) {
  const archived = input.archived ?? true;
  const current = await variantOr404(tx, scope, input.id);
  if (current.item.archivedAt) throw itemArchived();
  return setArchived(scope, {
    delegate: tx.variant,
    where: { organizationId: scope.orgId },
    load: async () => current,
    out: async () => (await listVariants(tx, scope, { itemId: current.itemId })).rows.find((r) => r.id === current.id)!,
    stale: variantStale,
  }, current.id, archived, input.version);
}

function variantUniqueViolation(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    if (JSON.stringify(e.meta ?? {}).includes("barcode")) throw fieldError("barcode", "This barcode is already used by another item", "CONFLICT");
    throw fieldError("sku", "This SKU is already used by another item or variant", "CONFLICT");
  }
  throw e;
}
