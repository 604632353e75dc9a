// Stock reports and the lot / serial trace. Reads only: the stock on hand report (levels grouped by item, location ×
// item or item × lot, valued at the item's current moving-average cost), the valuation as of the end of a day in the
// organization's time zone (Σ ledger up to then) and the trace of a lot or a serial (its levels and every move).
// Workspace visibility comes from RLS on levels, moves, locations and warehouses (visible_workspace) plus the
// explicit organization filter; items, categories, lots, serials and costs are organization-wide.
import { Prisma } from "@/generated/prisma/client";
import { encodeCursor, type ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import { and, badRequest, readCursor, sql, type Sql, enumIds } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { ITEM_STATUSES } from "./inventory.schemas";
import {
  STOCK_GROUPINGS,
  VALUATION_GROUPINGS,
  type StockGrouping,
  type TStockReportInput,
  type TTraceFindInput,
  type TTraceInput,
  type TValuationReportInput,
  type ValuationGrouping,
} from "./reports.schemas";
import { qtyText } from "./stock.service";
import { subtreeIds } from "./subtree.sql";

const NIL = "00000000-0000-0000-0000-000000000000";
/** Closed days a valuation totals request fills at most per workspace (the rest: the job inventory.valuation-days). */
export const REQUEST_FILL_DAYS = 31;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

type Filter = { type: string; values?: string[]; value?: string } | undefined;
type Dec = Prisma.Decimal;

const money = (v: Dec | string | number | null) => new Prisma.Decimal(v ?? 0).toFixed(2);
const cost = (v: Dec | string | number | null) => new Prisma.Decimal(v ?? 0).toFixed(6);

function grouping<G extends string>(v: Filter, allowed: readonly G[]): G {
  if (!v || v.type !== "enum") return allowed[0]!;
  const g = v.values?.[0];
  if (!g || !(allowed as readonly string[]).includes(g)) throw badRequest("filters.group", `Group by one of: ${allowed.join(", ")}`);
  return g as G;
}

/** `column` in the given categories or any of their descendants. */
function inCategorySubtree(scope: OrgScope, column: Sql, categories: string[]): Sql {
  if (!categories.length) return sql`false`;
  return sql`${column} in ${subtreeIds("categories", scope.orgId, categories)}`;
}

/** The given locations and every location beneath them (the member's visible ones: RLS on locations). */
function locationSubtree(scope: OrgScope, locations: string[]): Sql {
  return subtreeIds("locations", scope.orgId, locations);
}

/** Decodes a composite keyset cursor: `n` text parts (JSON in the sort value) and the row's id. */
function compositeCursor(cursor: string, n: number): { parts: string[]; id: string } {
  const c = readCursor(cursor);
  let parts: unknown;
  try {
    parts = typeof c.sortValue === "string" ? JSON.parse(c.sortValue) : null;
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== n || !parts.every((p) => typeof p === "string"))
    throw badRequest("cursor", "This cursor is not valid; start from the first page.");
  return { parts: parts as string[], id: c.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Stock on hand

export interface StockReportRow {
  /** The group's key (unique in the answer). */
  id: string;
  itemId: string;
  sku: string;
  itemName: string;
  itemStatus: string;
  warehouseId: string | null;
  warehouseCode: string | null;
  locationId: string | null;
  locationCode: string | null;
  lotId: string | null;
  lotNumber: string | null;
  expiresOn: Date | null;
  onHand: string;
  reserved: string;
  available: string;
  unitCost: string;
  value: string;
}

type RawStock = {
  itemId: string;
  sku: string;
  itemName: string;
  itemStatus: string;
  warehouseId: string | null;
  warehouseCode: string | null;
  locationId: string | null;
  locationCode: string | null;
  lotId: string | null;
  lotNumber: string | null;
  expiresOn: Date | null;
  onHand: Dec;
  reserved: Dec;
  available: Dec;
  unitCost: Dec;
  value: Dec;
};

/**
 * The stock report's filter conditions (levels `s`, items `i`, locations `l`, lots `t`): `level` for a scan of levels
 * (warehouse on `l`, location subtree on `s.location_id`, lot number on `t`), `place` for a scan of locations (the
 * warehouse and location filters on `l` alone), `lot` (on `t`) and `item` (on `i`).
 */
function stockWhere(scope: OrgScope, input: TStockReportInput, withCategory = true): { level: Sql; place: Sql; lot: Sql; item: Sql } {
  const f = input.filters ?? {};
  const level: Sql[] = [];
  const place: Sql[] = [];
  const item: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`];
  const warehouse = enumIds(f.warehouse);
  if (warehouse) {
    const c = warehouse.length ? sql`l.warehouse_id = any(${warehouse}::uuid[])` : sql`false`;
    level.push(c);
    place.push(c);
  }
  const location = enumIds(f.location);
  if (location) {
    level.push(location.length ? sql`s.location_id in ${locationSubtree(scope, location)}` : sql`false`);
    place.push(location.length ? sql`l.id in ${locationSubtree(scope, location)}` : sql`false`);
  }
  const lotNumber = lotFilter(input);
  // Lot number from its start: a text range (leakproof, an index condition under RLS).
  const lot = lotNumber ? sql`t.lot_number >= ${lotNumber} and t.lot_number < ${lotNumber + "\uffff"}` : sql`true`;
  if (lotNumber) level.push(lot);
  const itemIds = enumIds(f.item);
  if (itemIds) item.push(itemIds.length ? sql`i.id = any(${itemIds}::uuid[])` : sql`false`);
  const category = enumIds(f.category);
  if (category && withCategory) item.push(inCategorySubtree(scope, sql`i.category_id`, category));
  if (f.status?.type === "enum") {
    const keys = (f.status.values ?? []).map((v) => ITEM_STATUSES.indexOf(v as never) + 1).filter((k) => k > 0);
    item.push(keys.length ? sql`i.status_key = any(${keys}::int[])` : sql`false`);
  }
  const q = input.q?.trim();
  if (q) item.push(sql`i.sku >= ${q} and i.sku < ${q + "\uffff"}`);
  return { level: level.length ? and(level) : sql`true`, place: place.length ? and(place) : sql`true`, lot, item: and(item) };
}

/** The lot filter's text (a lot number's start), if any. */
function lotFilter(input: TStockReportInput): string | undefined {
  const v = input.filters?.lot;
  return v?.type === "text" ? v.value?.trim() || undefined : undefined;
}

function inStockOnly(input: TStockReportInput): boolean {
  const v = input.filters?.stock;
  if (!v) return false;
  if (v.type !== "enum" || !(v.values ?? []).every((x) => x === "inStock")) throw badRequest("filters.stock", 'The only stock filter is "inStock".');
  return true;
}

const LEVELS_FROM = sql`inventory.stock_levels s
  join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
  join inventory.warehouses w on w.organization_id = s.organization_id and w.id = l.warehouse_id
  left join inventory.lots t on t.organization_id = s.organization_id and t.id = s.lot_id`;

/** The item's current average unit cost (0 without a cost row), for an item `i`. */
const AVG = sql`coalesce((select c.average_unit_cost from inventory.item_costs c where c.organization_id = i.organization_id and c.item_id = i.id), 0)`;

/**
 * Levels `s` with the joins the filters need: the location for a warehouse filter, the lot for a lot filter — or, with
 * `withLots`, the lot always (left join: levels without a lot too).
 */
function levelsJoined(input: TStockReportInput, withLots = false): Sql {
  const lots = lotFilter(input)
    ? sql`join inventory.lots t on t.organization_id = s.organization_id and t.id = s.lot_id`
    : withLots
      ? sql`left join inventory.lots t on t.organization_id = s.organization_id and t.id = s.lot_id`
      : sql``;
  return sql`inventory.stock_levels s
    ${enumIds(input.filters?.warehouse) ? sql`join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id` : sql``}
    ${lots}`;
}

/**
 * The report's items in SKU order, for the item-driven groupings (item, item × lot): `items` (aliased `i`) and the
 * condition the outer query still applies to them.
 *
 * A category subtree: its items sorted by SKU first (the category index, then a sort of that subset, behind an OFFSET 0
 * fence), so the levels are summed only for the page's items. Unfenced, the planner summed every item of the subtree
 * before the limit (1 s for a top category of 25,000 items); the SKU index filtered by category reads far into the
 * index when SKUs follow categories. Resolved subtree (`subtree`): per category an ordered range of
 * (organization_id, category_id, sku), merged by the planner.
 */
function itemsBySku(scope: OrgScope, input: TStockReportInput, width: number, cursor?: string, subtree?: string[]): { items: Sql; where: Sql } {
  const w = stockWhere(scope, input);
  if (enumIds(input.filters?.category) === null) return { items: sql`inventory.items i`, where: w.item };
  const from = cursor ? sql`and i.sku >= ${compositeCursor(cursor, width).parts[0]!}` : sql``;
  const cols = sql`i.organization_id, i.id, i.sku, i.name, i.status`;
  const other = stockWhere(scope, input, false).item;
  const items = subtree
    ? subtreeItemsBySku(subtree, cols, sql`${other} ${from}`)
    : sql`(select ${cols} from inventory.items i where ${w.item} ${from} order by i.sku, i.id offset 0) i`;
  return { items, where: sql`true` };
}

/** The items of a resolved category subtree (`i`) in SKU order: one ordered range per category, merged. */
function subtreeItemsBySku(subtree: string[], cols: Sql, where: Sql): Sql {
  if (!subtree.length) return sql`(select ${cols} from inventory.items i where false) i`;
  return sql`(${Prisma.join(subtree.map((c) => sql`(select ${cols} from inventory.items i where ${where} and i.category_id = ${c}::uuid order by i.sku)`), " union all ")}) i`;
}

/** A category filter's subtree (ids), when it has at most 100 categories: pages then merge one SKU range per category. */
async function resolvedSubtree(tx: Tx, scope: OrgScope, category: string[] | null): Promise<string[] | undefined> {
  if (!category?.length) return undefined;
  const ids = await tx.$queryRaw<{ id: string }[]>`select id::text from ${subtreeIds("categories", scope.orgId, category)} c`;
  return ids.length <= 100 ? ids.map((r) => r.id) : undefined;
}

/**
 * The statement of a stock report's groups in their key order (no keyset, no limit): each group's on hand, reserved,
 * available, the item's current average unit cost and value = round(on hand × average, 2); `k1…k4, kid` the key.
 *
 * Every grouping is driven by its first key, so that a page reads about as many levels as it shows:
 * - item: items in SKU order, each item's levels summed through (organization_id, item_id, …);
 * - item × lot: the same items, each item's levels grouped by lot;
 * - location × item: the visible locations in (warehouse code, location code, id) order — a few thousand, sorted
 *   whole —, each location's levels (organization_id, location_id, item_id) grouped by item.
 * A grouped scan of every filtered level (the totals' form, `stockGroupedScan`) took 3–5 s for the first page of a
 * warehouse of 450,000 levels.
 */
function stockGrouped(
  scope: OrgScope,
  input: TStockReportInput,
  group: StockGrouping,
  cursor?: string,
  /** The category filter's subtree, resolved (the page's items come as one SKU-ordered range per category, merged). */
  subtree?: string[],
): { query: Sql; width: number } {
  const w = stockWhere(scope, input);
  const inStock = inStockOnly(input);
  const having = inStock ? sql`and g."onHand" <> 0` : sql``;
  if (group === "location") {
    const c = cursor ? compositeCursor(cursor, 4) : null;
    const after = c ? sql`and (w.code, l.code, l.id::text) >= (${c.parts[0]!}, ${c.parts[1]!}, ${c.parts[2]!})` : sql``;
    const lotJoin = lotFilter(input) ? sql`join inventory.lots t on t.organization_id = s.organization_id and t.id = s.lot_id` : sql``;
    return {
      query: sql`select g."itemId", g.sku, g."itemName", g."itemStatus",
          p.wid::text as "warehouseId", p.wcode as "warehouseCode", p.lid::text as "locationId", p.lcode as "locationCode",
          null::text as "lotId", null::text as "lotNumber", null::date as "expiresOn",
          g."onHand", g.reserved, g."onHand" - g.reserved as available, g."unitCost", round(g."onHand" * g."unitCost", 2) as value,
          p.wcode as k1, p.lcode as k2, p.k3, g.sku as k4, g.kid
        from (select w.id as wid, w.code as wcode, l.id as lid, l.code as lcode, l.id::text as k3
                from inventory.locations l join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
               where l.organization_id = ${scope.orgId}::uuid and ${w.place} ${after}
               order by w.code, l.code, l.id::text offset 0) p
        cross join lateral (
          select i.id::text as "itemId", i.sku, i.name as "itemName", i.status::text as "itemStatus", i.id as kid,
                 sum(s.on_hand_qty) as "onHand", sum(s.reserved_qty) as reserved, ${AVG} as "unitCost"
            from inventory.stock_levels s ${lotJoin}
            join inventory.items i on i.organization_id = s.organization_id and i.id = s.item_id
           where s.organization_id = ${scope.orgId}::uuid and s.location_id = p.lid and ${w.lot} and ${w.item}
           group by i.organization_id, i.id, i.sku, i.name, i.status
           ${inStock ? sql`having sum(s.on_hand_qty) <> 0` : sql``}) g`,
      width: 4,
    };
  }
  const { items, where } = itemsBySku(scope, input, group === "lot" ? 4 : 1, cursor, subtree);
  if (group === "lot") {
    return {
      query: sql`select i.id::text as "itemId", i.sku, i.name as "itemName", i.status::text as "itemStatus",
          null::text as "warehouseId", null::text as "warehouseCode", null::text as "locationId", null::text as "locationCode",
          g."lotId", g."lotNumber", g."expiresOn",
          g."onHand", g.reserved, g."onHand" - g.reserved as available, ${AVG} as "unitCost", round(g."onHand" * ${AVG}, 2) as value,
          i.sku as k1, i.id::text as k2, g.k3, g.k4, i.id as kid
        from ${items}
        cross join lateral (
          select t.id::text as "lotId", t.lot_number as "lotNumber", t.expires_on as "expiresOn",
                 coalesce(t.lot_number, '') as k3, coalesce(t.id, ${NIL}::uuid)::text as k4,
                 sum(s.on_hand_qty) as "onHand", sum(s.reserved_qty) as reserved
            from ${levelsJoined(input, true)}
           where s.organization_id = i.organization_id and s.item_id = i.id and ${w.level}
           group by t.id, t.lot_number, t.expires_on) g
        where ${where} ${having}`,
      width: 4,
    };
  }
  return {
    query: sql`select i.id::text as "itemId", i.sku, i.name as "itemName", i.status::text as "itemStatus",
        null::text as "warehouseId", null::text as "warehouseCode", null::text as "locationId", null::text as "locationCode",
        null::text as "lotId", null::text as "lotNumber", null::date as "expiresOn",
        g."onHand", g.reserved, g."onHand" - g.reserved as available, ${AVG} as "unitCost", round(g."onHand" * ${AVG}, 2) as value,
        i.sku as k1, i.id as kid
      from ${items}
      cross join lateral (
        select coalesce(sum(s.on_hand_qty), 0) as "onHand", coalesce(sum(s.reserved_qty), 0) as reserved, count(*) as n
          from ${levelsJoined(input)}
         where s.organization_id = i.organization_id and s.item_id = i.id and ${w.level}) g
      where ${where} and g.n > 0 ${having}`,
    width: 1,
  };
}

/**
 * The location × item or item × lot groups as one grouped scan of the filtered levels (no order): the totals' form,
 * O(levels), where the pages' driven form would probe every location or item.
 */
function stockGroupedScan(scope: OrgScope, input: TStockReportInput, group: "location" | "lot"): Sql {
  const w = stockWhere(scope, input);
  const having = inStockOnly(input) ? sql`and g."onHand" <> 0` : sql``;
  const groupBy = group === "location" ? sql`l.id` : sql`t.id`;
  return sql`select g."onHand", g.reserved, g."onHand" - g.reserved as available, round(g."onHand" * g."unitCost", 2) as value
    from (
      select sum(s.on_hand_qty) as "onHand", sum(s.reserved_qty) as reserved, ${AVG} as "unitCost"
        from ${LEVELS_FROM} join inventory.items i on i.organization_id = s.organization_id and i.id = s.item_id
       where s.organization_id = ${scope.orgId}::uuid and ${w.level} and ${w.item}
       group by i.organization_id, i.id, ${groupBy}) g
    where true ${having}`;
}

/**
 * The keyset condition after a cursor: `k1 >= p1 and (k1, …, kid) > (p1, …, id)`. The leading `k1 >= p1` is what an
 * index on the first key column (items' `(organization_id, sku)`) takes as its range start.
 */
function keysetAfter(width: number, cursor: string | undefined): Sql {
  if (!cursor) return sql`true`;
  const c = compositeCursor(cursor, width);
  return sql`x.k1 >= ${c.parts[0]!} and ${keyOf(width)} > (${Prisma.join(c.parts.map((p) => sql`${p}`))}, ${c.id}::uuid)`;
}

/** The keyset's columns as a row (for the comparison) … */
function keyOf(width: number): Sql {
  return width === 1 ? sql`(x.k1, x.kid)` : sql`(x.k1, x.k2, x.k3, x.k4, x.kid)`;
}

/**
 * … and as an ORDER BY list: column by column, never `order by (k1, kid)` — a row value is one opaque sort key that
 * no index provides, so the planner sorted every item of the organization before the limit (seconds at 200,000 items).
 */
function orderOf(width: number): Sql {
  return width === 1 ? sql`x.k1, x.kid` : sql`x.k1, x.k2, x.k3, x.k4, x.kid`;
}

type Keyed = { k1: string; k2?: string; k3?: string; k4?: string; kid: string };

function cursorOf(row: Keyed, width: number): string {
  const parts = [row.k1, row.k2, row.k3, row.k4].slice(0, width).map((p) => p ?? "");
  return encodeCursor(JSON.stringify(parts), row.kid);
}

/** The statement of one stock report page (exported for the plan test). */
export function stockReportSql(scope: OrgScope, input: TStockReportInput, subtree?: string[]): Sql {
  const group = grouping(input.filters?.group, STOCK_GROUPINGS);
  const { query, width } = stockGrouped(scope, input, group, input.cursor, subtree);
  return sql`select * from (${query}) x where ${keysetAfter(width, input.cursor)} order by ${orderOf(width)} limit ${input.perPage + 1}`;
}

/**
 * inventory.reports.stock — the stock on hand report: one row per group (filter `group`: item | location | lot),
 * keyset pages in the group's key order (item: SKU; location: warehouse code, location code, SKU; lot: SKU, lot
 * number). Groups are the member's visible levels (zero ones too, unless `stock: inStock`).
 */
export async function stockReport(tx: Tx, scope: OrgScope, input: TStockReportInput): Promise<ListOutput<StockReportRow>> {
  if (input.page !== undefined) throw badRequest("page", "The stock report pages by cursor.");
  const group = grouping(input.filters?.group, STOCK_GROUPINGS);
  const width = group === "item" ? 1 : 4;
  // The category subtree first (one recursive walk of the small category tree).
  const subtree = group === "location" ? undefined : await resolvedSubtree(tx, scope, enumIds(input.filters?.category));
  const rows = await tx.$queryRaw<(RawStock & Keyed)[]>(stockReportSql(scope, input, subtree));
  const more = rows.length > input.perPage;
  const page = rows.slice(0, input.perPage);
  const out: ListOutput<StockReportRow> = {
    rows: page.map((r) => ({
      id: group === "item" ? r.itemId : group === "location" ? `${r.locationId}:${r.itemId}` : `${r.itemId}:${r.lotId ?? "none"}`,
      itemId: r.itemId, sku: r.sku, itemName: r.itemName, itemStatus: r.itemStatus,
      warehouseId: r.warehouseId, warehouseCode: r.warehouseCode, locationId: r.locationId, locationCode: r.locationCode,
      lotId: r.lotId, lotNumber: r.lotNumber, expiresOn: r.expiresOn,
      onHand: qtyText(r.onHand), reserved: qtyText(r.reserved), available: qtyText(r.available), unitCost: cost(r.unitCost), value: money(r.value),
    })),
  };
  const last = page.at(-1);
  if (more && last) out.nextCursor = cursorOf(last, width);
  return out;
}

/** The item grouping's rows for the totals only (no names, no order): levels grouped by item, valued at its average. */
function stockItemTotalsQuery(scope: OrgScope, input: TStockReportInput): Sql {
  const f = input.filters ?? {};
  const w = stockWhere(scope, input);
  const itemFiltered = Boolean(enumIds(f.item) || enumIds(f.category) || f.status?.type === "enum" || input.q?.trim());
  const having = inStockOnly(input) ? sql`and g."onHand" <> 0` : sql``;
  return sql`select g."onHand", g.reserved, g."onHand" - g.reserved as available,
        round(g."onHand" * coalesce(c.average_unit_cost, 0), 2) as value
      from (
        select s.item_id, sum(s.on_hand_qty) as "onHand", sum(s.reserved_qty) as reserved
          from ${levelsJoined(input)}
          ${itemFiltered ? sql`join inventory.items i on i.organization_id = s.organization_id and i.id = s.item_id` : sql``}
         where s.organization_id = ${scope.orgId}::uuid and ${w.level} and ${itemFiltered ? w.item : sql`true`}
         group by s.item_id) g
      left join inventory.item_costs c on c.organization_id = ${scope.orgId}::uuid and c.item_id = g.item_id
      where true ${having}`;
}

export interface ReportTotals {
  /** Number of groups (rows of the report). */
  groups: number;
  onHand: string;
  reserved: string;
  available: string;
  value: string;
}

/**
 * The item grouping's totals from the warehouse counters (migration 20261203080000_inventory_warehouse_stock_totals),
 * when the only filters are the warehouse and "in stock" ones; null otherwise (the scan answers). The warehouses in
 * view W = the visible ones (RLS) named by the filter, or all visible. The groups are the items with a level in W —
 * their warehouse_items rows.
 * - One warehouse: base + Σ deltas, O(deltas since the last fold): groups = items (items_in_stock with "in stock").
 * - Several: an item is ONE group over them (one rounding of its summed quantity), which per-warehouse sums cannot
 *   give. Every warehouse of the organization (inventory.sees_every_warehouse): Σ of the organization's counter rows
 *   (from the cost rows), O(rows since the last fold). Some of them: the items' rows of W summed per item and valued at the
 *   average, O(rows of W) — not O(levels). Reserved from the warehouses' counters.
 * "In stock": the groups with on hand ≠ 0; on hand and value are unchanged (a zero group adds 0), the reservations
 * of the items at 0 over W are left out — read from the reserved levels (partial index, few rows).
 * One statement each: counters and levels from one snapshot.
 */
async function stockTotalsFromCounters(tx: Tx, scope: OrgScope, input: TStockReportInput, inStock: boolean): Promise<ReportTotals | null> {
  const f = input.filters ?? {};
  if (enumIds(f.item) || enumIds(f.category) || enumIds(f.location) || f.status?.type === "enum" || lotFilter(input) || input.q?.trim())
    return null;
  const warehouse = enumIds(f.warehouse);
  if (warehouse && !warehouse.length) return null;
  const only = warehouse ? sql`and w.id = any(${warehouse}::uuid[])` : sql``;
  const inView = await tx.$queryRaw<{ id: string; workspaceId: string }[]>`
    select w.id::text, w.workspace_id::text as "workspaceId" from inventory.warehouses w
     where w.organization_id = ${scope.orgId}::uuid ${only}`;
  if (!inView.length) return null;
  const ids = inView.map((w) => w.id);
  const workspaces = [...new Set(inView.map((w) => w.workspaceId))];
  // Σ on hand of the item over W (several warehouses) or its row in the one warehouse.
  const itemOnHand =
    ids.length === 1
      ? sql`(select z.on_hand_qty from inventory.warehouse_items z where z.organization_id = s.organization_id and z.warehouse_id = ${ids[0]!}::uuid and z.item_id = s.item_id)`
      : sql`(select sum(z.on_hand_qty) from inventory.warehouse_items z where z.organization_id = s.organization_id and z.warehouse_id = any(${ids}::uuid[]) and z.item_id = s.item_id)`;
  const zeroReserved = inStock
    ? sql`(select coalesce(sum(s.reserved_qty), 0) from inventory.stock_levels s
            join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id and l.warehouse_id = any(${ids}::uuid[])
           where s.organization_id = ${scope.orgId}::uuid and s.workspace_id = any(${workspaces}::uuid[]) and s.reserved_qty <> 0
             and ${itemOnHand} = 0)`
    : sql`0`;
  const counters = sql`select b.items_in_stock, b.items, b.on_hand_qty, b.reserved_qty, b.value from inventory.warehouse_stock_totals b
       where b.organization_id = ${scope.orgId}::uuid and b.warehouse_id = any(${ids}::uuid[])
      union all
      select d.items_in_stock, d.items, d.on_hand_qty, d.reserved_qty, d.value from inventory.warehouse_stock_deltas d
       where d.organization_id = ${scope.orgId}::uuid and d.warehouse_id = any(${ids}::uuid[])`;
  type Row = { inStock: Dec; items: Dec; onHand: Dec; reserved: Dec; value: Dec; zeroReserved: Dec };
  // Every warehouse of the organization in view: an item's on hand over all of them is its cost row's quantity, and
  // the organization's counter rows (migration 20261203120000: Σ of them) hold the groups, on hand and value; reserved
  // is Σ of the warehouses' counters.
  const everyWarehouse =
    ids.length > 1 && (await tx.$queryRaw<{ all: boolean }[]>`select inventory.sees_every_warehouse(${ids}::uuid[]) as "all"`)[0]?.all === true;
  const [t] = everyWarehouse
    ? await tx.$queryRaw<Row[]>`
          select coalesce(sum(o.items_in_stock), 0) as "inStock", coalesce(sum(o.items), 0) as items,
                 coalesce(sum(o.on_hand_qty), 0) as "onHand", (select coalesce(sum(x.reserved_qty), 0) from (${counters}) x) as reserved,
                 coalesce(sum(o.value), 0) as value, ${zeroReserved} as "zeroReserved"
            from inventory.organization_stock_deltas o where o.organization_id = ${scope.orgId}::uuid`
    : ids.length === 1
      ? await tx.$queryRaw<Row[]>`
          select coalesce(sum(x.items_in_stock), 0) as "inStock", coalesce(sum(x.items), 0) as items,
                 coalesce(sum(x.on_hand_qty), 0) as "onHand", coalesce(sum(x.reserved_qty), 0) as reserved,
                 coalesce(sum(x.value), 0) as value, ${zeroReserved} as "zeroReserved"
            from (${counters}) x`
      : await tx.$queryRaw<Row[]>`
          select count(*) filter (where g.q <> 0) as "inStock", count(*) as items, coalesce(sum(g.q), 0) as "onHand",
                 (select coalesce(sum(x.reserved_qty), 0) from (${counters}) x) as reserved,
                 coalesce(sum(round(g.q * coalesce(c.average_unit_cost, 0), 2)), 0) as value, ${zeroReserved} as "zeroReserved"
            from (select z.item_id, sum(z.on_hand_qty) as q from inventory.warehouse_items z
                   where z.organization_id = ${scope.orgId}::uuid and z.warehouse_id = any(${ids}::uuid[])
                   group by z.item_id) g
            left join inventory.item_costs c on c.organization_id = ${scope.orgId}::uuid and c.item_id = g.item_id`;
  const onHand = new Prisma.Decimal(t!.onHand);
  const reserved = new Prisma.Decimal(t!.reserved).minus(t!.zeroReserved);
  return {
    groups: Number(inStock ? t!.inStock : t!.items),
    onHand: qtyText(onHand),
    reserved: qtyText(reserved),
    available: qtyText(onHand.minus(reserved)),
    value: money(t!.value),
  };
}

/**
 * inventory.reports.stockTotals — the totals of the stock report's filtered groups (same input; cursor ignored). By
 * item filtered by warehouse and stock only: the counters (stockTotalsFromCounters); otherwise a scan of the levels.
 */
export async function stockTotals(tx: Tx, scope: OrgScope, input: TStockReportInput): Promise<ReportTotals> {
  const group = grouping(input.filters?.group, STOCK_GROUPINGS);
  if (group === "item") {
    const counted = await stockTotalsFromCounters(tx, scope, input, inStockOnly(input));
    if (counted) return counted;
  }
  return stockTotalsScan(tx, scope, input);
}

/** The totals as an exact scan of the filtered levels (any filters, any grouping); exported for the counters' tests. */
export async function stockTotalsScan(tx: Tx, scope: OrgScope, input: TStockReportInput): Promise<ReportTotals> {
  const group = grouping(input.filters?.group, STOCK_GROUPINGS);
  // By item: one grouped pass over the filtered levels (a hash aggregate by item), not the page's per-item lateral
  // sums (15 s → 2.7 s over WH-HQ1's ~450,000 levels at full scale). Still O(levels): the page asks for it apart.
  const query = group === "item" ? stockItemTotalsQuery(scope, input) : stockGroupedScan(scope, input, group);
  const [t] = await tx.$queryRaw<{ groups: bigint; onHand: Dec; reserved: Dec; available: Dec; value: Dec }[]>`
    select count(*) as groups, coalesce(sum(x."onHand"), 0) as "onHand", coalesce(sum(x.reserved), 0) as reserved,
           coalesce(sum(x.available), 0) as available, coalesce(sum(x.value), 0) as value from (${query}) x`;
  return { groups: Number(t?.groups ?? 0), onHand: qtyText(t!.onHand), reserved: qtyText(t!.reserved), available: qtyText(t!.available), value: money(t!.value) };
}

// ---------------------------------------------------------------------------------------------------------------
// Valuation as of a date

export interface ValuationReportRow {
  /** The group's id: item, category (none: the nil id) or warehouse. */
  id: string;
  code: string | null;
  name: string | null;
  quantity: string;
  value: string;
  /** value / quantity (items only; null when the quantity is zero). */
  unitCost: string | null;
}

/** The organization's time zone (platform.organizations), UTC when unset. */
export async function orgTimeZone(tx: Tx, scope: OrgScope): Promise<string> {
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { timeZone: true } });
  return org?.timeZone || "UTC";
}

/** The moment the valuation is taken at: the end of `asOf` in the organization's time zone; none: now (every move). */
async function valuationBound(tx: Tx, scope: OrgScope, input: TValuationReportInput): Promise<Sql> {
  const moment = await valuationMoment(tx, scope, input);
  return moment ? sql`m.moved_at < ${moment}` : sql`true`;
}

/** The end of `asOf` in the organization's time zone as a timestamptz expression; null without a date (now). */
async function valuationMoment(tx: Tx, scope: OrgScope, input: TValuationReportInput): Promise<Sql | null> {
  const f = input.filters?.asOf;
  if (!f) return null;
  const asOf = f.type === "text" ? f.value?.trim() : undefined;
  if (!asOf || !DATE_RE.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf)
    throw badRequest("filters.asOf", "Enter a date as YYYY-MM-DD.");
  const tz = await orgTimeZone(tx, scope);
  return sql`((${asOf}::date + 1)::timestamp at time zone ${tz})`;
}

/**
 * One move's contribution to the stock of a set of locations (`inSet(column)`): + quantity when it enters, −
 * quantity when it leaves; value: the move's own value for a receipt / issue side, and round(q × unit cost, 2) in /
 * out for each side of a transfer (whose ledger value is 0) — so the sides of a transfer cancel out and, over every
 * location, the value is exactly Σ ledger value.
 */
function sideSums(inSet: (column: Sql) => Sql): { quantity: Sql; value: Sql } {
  const into = inSet(sql`m.to_location_id`);
  const out = inSet(sql`m.from_location_id`);
  return {
    quantity: sql`coalesce(sum(case when ${into} then m.quantity else 0 end - case when ${out} then m.quantity else 0 end), 0)`,
    value: sql`coalesce(sum(
        case when ${into} then (case when m.from_location_id is null then m.value else round(m.quantity * m.unit_cost, 2) end) else 0 end
      + case when ${out} then (case when m.to_location_id is null then m.value else -round(m.quantity * m.unit_cost, 2) end) else 0 end), 0)`,
  };
}

function valuationItemWhere(scope: OrgScope, input: TValuationReportInput, withCategory = true): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`];
  const itemIds = enumIds(f.item);
  if (itemIds) parts.push(itemIds.length ? sql`i.id = any(${itemIds}::uuid[])` : sql`false`);
  const category = enumIds(f.category);
  if (category && withCategory) parts.push(inCategorySubtree(scope, sql`i.category_id`, category));
  const q = input.q?.trim();
  if (q) parts.push(sql`i.sku >= ${q} and i.sku < ${q + "\uffff"}`);
  return and(parts);
}

/** No category, item or SKU filter: the valuation's groups are whole warehouses (or the whole ledger). */
function itemFiltered(input: TValuationReportInput): boolean {
  const f = input.filters ?? {};
  return Boolean(enumIds(f.category) || enumIds(f.item) || input.q?.trim());
}

/**
 * `inventory.valuation_days` brought up to date (closed UTC days of the member's visible workspaces, at most
 * REQUEST_FILL_DAYS more per workspace) and where they stop for the bound: rows cover every day before `first` (UTC);
 * `moves` is the condition on `m` for the moves from `first` 00:00 UTC up to the bound — at most two days of moves
 * once the job inventory.valuation-days has caught up, more while a workspace is still being filled. Null when the
 * member sees no workspace.
 */
async function valuationDays(tx: Tx, scope: OrgScope, input: TValuationReportInput): Promise<{ first: Sql; moves: Sql } | null> {
  const bound = await valuationMoment(tx, scope, input);
  // At most a month of closed days per request (the job inventory.valuation-days fills the rest outside requests):
  // rows cover the days up to `covered`, the moves after it complete them.
  const [c] = await tx.$queryRaw<{ covered: Date | null }[]>`select inventory.valuation_days_fill(${scope.orgId}::uuid, ${REQUEST_FILL_DAYS}::int) as covered`;
  if (!c?.covered) return null;
  const covered = c.covered.toISOString().slice(0, 10);
  const first = bound ? sql`least(${covered}::date + 1, (${bound} at time zone 'UTC')::date)` : sql`(${covered}::date + 1)`;
  const upTo = bound ? sql`and m.moved_at < ${bound}` : sql``;
  return { first, moves: sql`m.moved_at >= (${first}::timestamp at time zone 'UTC') ${upTo}` };
}

/**
 * The valuation per warehouse (optionally only `warehouse`) from the days: per warehouse Σ of its day rows before
 * `first` + the sides of the moves after (in: + quantity, out: − quantity; value as sideSums), each side attributed
 * to its location's warehouse. The moves are summed per (to, from) location pair first, then split into their two
 * sides: one pass over the moves and a few hundred pairs to join, instead of two rows per move (a day of 200,000
 * moves: 1.2 s → 0.4 s). Same rows and keys as the grouped query over the whole ledger.
 */
function warehouseFromDays(scope: OrgScope, days: { first: Sql; moves: Sql }, warehouse: string[] | null): Sql {
  const onRows = warehouse ? sql`and d.warehouse_id = any(${warehouse}::uuid[])` : sql``;
  const onLocations = warehouse ? sql`and l.warehouse_id = any(${warehouse}::uuid[])` : sql``;
  // Also on the warehouses: the planner then joins the chosen ones only (without it, a nested loop read the rows and
  // moves once per warehouse of the organization).
  const onWarehouses = warehouse ? sql`and w.id = any(${warehouse}::uuid[])` : sql``;
  return sql`select w.id::text as id, w.code, w.name, sum(x.quantity) as quantity, sum(x.value) as value, w.code as k1, w.id as kid
    from (
      select d.warehouse_id, d.quantity, d.value from inventory.valuation_days d
       where d.organization_id = ${scope.orgId}::uuid and d.day < ${days.first} ${onRows}
      union all
      select l.warehouse_id, s.quantity, s.value
        from (select m.to_location_id, m.from_location_id, sum(m.quantity) as quantity,
                     sum(case when m.from_location_id is null then m.value else round(m.quantity * m.unit_cost, 2) end) as value_in,
                     sum(case when m.to_location_id is null then m.value else -round(m.quantity * m.unit_cost, 2) end) as value_out
                from inventory.stock_moves m
               where m.organization_id = ${scope.orgId}::uuid and ${days.moves}
               group by m.to_location_id, m.from_location_id) p
        cross join lateral (values (p.to_location_id, p.quantity, p.value_in), (p.from_location_id, -p.quantity, p.value_out)) s(location_id, quantity, value)
        join inventory.locations l on l.organization_id = ${scope.orgId}::uuid and l.id = s.location_id ${onLocations}) x
    join inventory.warehouses w on w.organization_id = ${scope.orgId}::uuid and w.id = x.warehouse_id ${onWarehouses}
    group by w.id, w.code, w.name
    having sum(x.quantity) <> 0 or sum(x.value) <> 0`;
}

/** Only a category filter (or none) on the items, and no warehouse filter: the categories' day rows answer. */
function categoryOnly(input: TValuationReportInput): boolean {
  const f = input.filters ?? {};
  return !enumIds(f.item) && !input.q?.trim() && !enumIds(f.warehouse);
}

/**
 * The valuation per item category (the item's current one; optionally only the `category` subtrees) from the days:
 * Σ month rows before the month of `first` + Σ that month's day rows before `first` + the moves from `first` up to the
 * bound, each by its item's category — a year back at full scale: ~25,000 rows and a few hours of moves instead of
 * every move up to the date (3.8 s). The moves are summed per item before the items are joined: with the category
 * filter joined first, the planner drove the moves through the subtree's 25,000 items, one index probe each (0.1 s
 * for a few hundred moves). Quantity: Σ signed (in − out over every location), value: Σ ledger value — the
 * item grouping's sideSums over every location, summed per category. Same rows and keys as the grouped query.
 */
function categoryFromDays(scope: OrgScope, days: { first: Sql; moves: Sql }, category: string[] | null): Sql {
  const inSubtree = (column: Sql) => (category ? sql`and ${inCategorySubtree(scope, column, category)}` : sql``);
  const month = sql`date_trunc('month', (${days.first})::timestamp)::date`;
  return sql`select coalesce(c.id, ${NIL}::uuid)::text as id, c.code, c.name, sum(x.quantity) as quantity, sum(x.value) as value,
               coalesce(c.name, '') as k1, coalesce(c.id, ${NIL}::uuid) as kid
    from (
      select mo.category_id, mo.quantity, mo.value from inventory.valuation_category_months mo
       where mo.organization_id = ${scope.orgId}::uuid and mo.month < ${month} ${inSubtree(sql`mo.category_id`)}
      union all
      select d.category_id, d.quantity, d.value from inventory.valuation_category_days d
       where d.organization_id = ${scope.orgId}::uuid and d.day >= ${month} and d.day < ${days.first} ${inSubtree(sql`d.category_id`)}
      union all
      select coalesce(i.category_id, ${NIL}::uuid), sum(p.quantity), sum(p.value)
        from (select m.item_id,
                     sum(case when m.to_location_id is not null then m.quantity else 0 end - case when m.from_location_id is not null then m.quantity else 0 end) as quantity,
                     sum(m.value) as value
                from inventory.stock_moves m
               where m.organization_id = ${scope.orgId}::uuid and ${days.moves}
               group by m.item_id) p
        join inventory.items i on i.organization_id = ${scope.orgId}::uuid and i.id = p.item_id
       where true ${inSubtree(sql`i.category_id`)}
       group by 1) x
    left join inventory.categories c on c.organization_id = ${scope.orgId}::uuid and c.id = x.category_id
    group by c.id, c.code, c.name
    having sum(x.quantity) <> 0 or sum(x.value) <> 0`;
}

/** No rows: the member sees no workspace. */
const NO_GROUPS = sql`select null::text as id, null::text as code, null::text as name, 0::numeric as quantity, 0::numeric as value, ''::text as k1, null::uuid as kid where false`;

/**
 * The grouped valuation query (no keyset, no limit): rows { id, code, name, quantity, value, k1, kid }.
 * Items and categories: per item, a lateral Σ over the item's moves up to the bound — (organization_id, item_id,
 * moved_at) with the covering index `stock_moves_valuation` (index-only). Warehouses without a category / item / SKU
 * filter: from `valuation_days` (warehouseFromDays; 4.3 s → ms a year ago at 5,000,000 moves); with one: the moves'
 * two sides up to the bound, each attributed to its location's warehouse. Categories without an item / SKU /
 * warehouse filter: from the category days and months (categoryFromDays; 3.8 s → 22 ms).
 */
async function valuationGrouped(
  tx: Tx,
  scope: OrgScope,
  input: TValuationReportInput,
  group: ValuationGrouping,
  /** The category filter's subtree, resolved (the item page's items come as one SKU-ordered range per category). */
  subtree?: string[],
): Promise<Sql> {
  const warehouse = enumIds(input.filters?.warehouse);
  if (group === "warehouse" && !itemFiltered(input)) {
    const days = await valuationDays(tx, scope, input);
    return days ? warehouseFromDays(scope, days, warehouse) : NO_GROUPS;
  }
  if (group === "category" && categoryOnly(input)) {
    const days = await valuationDays(tx, scope, input);
    return days ? categoryFromDays(scope, days, enumIds(input.filters?.category)) : NO_GROUPS;
  }
  const bound = await valuationBound(tx, scope, input);
  const itemWhere = valuationItemWhere(scope, input);
  // The locations of the chosen warehouses (visible ones: RLS), or any location. Read first and passed as a constant
  // array, which the planner hashes; as `any(array(subquery))` the array was searched linearly for every move side
  // (over 1,000 locations: the item page 66 ms, the totals over 30 s at full scale).
  const locations = warehouse
    ? (await tx.$queryRaw<{ id: string }[]>`select l.id::text as id from inventory.locations l where l.organization_id = ${scope.orgId}::uuid and l.warehouse_id = any(${warehouse}::uuid[])`).map((r) => r.id)
    : null;
  const inSet = locations ? (c: Sql) => sql`${c} = any(${locations}::uuid[])` : (c: Sql) => sql`${c} is not null`;
  const items = subtree ? subtreeItemsBySku(subtree, sql`i.organization_id, i.id, i.sku, i.name`, valuationItemWhere(scope, input, false)) : sql`inventory.items i`;
  const perItem = (s: { quantity: Sql; value: Sql }) => sql`
    from ${items}
    cross join lateral (
      select ${s.quantity} as quantity, ${s.value} as value
        from inventory.stock_moves m
       where m.organization_id = i.organization_id and m.item_id = i.id and ${bound}) t
    where ${subtree ? sql`true` : itemWhere} and (t.quantity <> 0 or t.value <> 0)`;
  if (group === "item") {
    return sql`select i.id::text as id, i.sku as code, i.name, t.quantity, t.value, i.sku as k1, i.id as kid ${perItem(sideSums(inSet))}`;
  }
  if (group === "category") {
    return sql`select coalesce(c.id, ${NIL}::uuid)::text as id, c.code, c.name, sum(t.quantity) as quantity, sum(t.value) as value,
                 coalesce(c.name, '') as k1, coalesce(c.id, ${NIL}::uuid) as kid
        from (select i.category_id, t.quantity, t.value ${perItem(sideSums(inSet))}) t
        left join inventory.categories c on c.organization_id = ${scope.orgId}::uuid and c.id = t.category_id
        group by c.id, c.code, c.name
        having sum(t.quantity) <> 0 or sum(t.value) <> 0`;
  }
  // Warehouses: both sides of every move up to the bound, by the side's location's warehouse.
  const whFilter = warehouse ? sql`and w.id = any(${warehouse}::uuid[])` : sql``;
  return sql`select w.id::text as id, w.code, w.name, sum(x.quantity) as quantity, sum(x.value) as value, w.code as k1, w.id as kid
    from (
      select m.to_location_id as location_id, m.quantity,
             case when m.from_location_id is null then m.value else round(m.quantity * m.unit_cost, 2) end as value
        from inventory.stock_moves m join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
       where m.organization_id = ${scope.orgId}::uuid and m.to_location_id is not null and ${bound} and ${itemWhere}
      union all
      select m.from_location_id, -m.quantity,
             case when m.to_location_id is null then m.value else -round(m.quantity * m.unit_cost, 2) end
        from inventory.stock_moves m join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
       where m.organization_id = ${scope.orgId}::uuid and m.from_location_id is not null and ${bound} and ${itemWhere}) x
    join inventory.locations l on l.organization_id = ${scope.orgId}::uuid and l.id = x.location_id
    join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
    where true ${whFilter}
    group by w.id, w.code, w.name
    having sum(x.quantity) <> 0 or sum(x.value) <> 0`;
}

/**
 * inventory.reports.valuation — quantity and value per item (or category, or warehouse) as of the end of a day in
 * the organization's time zone (filter `asOf`; none: now) = Σ of the member's visible ledger up to that moment.
 * Keyset pages by SKU (items), category name, warehouse code.
 */
export async function valuationReport(tx: Tx, scope: OrgScope, input: TValuationReportInput): Promise<ListOutput<ValuationReportRow>> {
  if (input.page !== undefined) throw badRequest("page", "The valuation pages by cursor.");
  const group = grouping(input.filters?.group, VALUATION_GROUPINGS);
  const subtree = group === "item" ? await resolvedSubtree(tx, scope, enumIds(input.filters?.category)) : undefined;
  const query = await valuationGrouped(tx, scope, input, group, subtree);
  const rows = await tx.$queryRaw<{ id: string; code: string | null; name: string | null; quantity: Dec; value: Dec; k1: string; kid: string }[]>`
    select * from (${query}) x where ${keysetAfter(1, input.cursor)} order by ${orderOf(1)} limit ${input.perPage + 1}`;
  const more = rows.length > input.perPage;
  const page = rows.slice(0, input.perPage);
  const out: ListOutput<ValuationReportRow> = {
    rows: page.map((r) => {
      const q = new Prisma.Decimal(r.quantity);
      return {
        id: r.id, code: r.code, name: r.name, quantity: qtyText(r.quantity), value: money(r.value),
        unitCost: group === "item" && !q.isZero() ? cost(new Prisma.Decimal(r.value).div(q)) : null,
      };
    }),
  };
  const last = page.at(-1);
  if (more && last) out.nextCursor = cursorOf({ k1: last.k1, kid: String(last.kid) }, 1);
  return out;
}

/**
 * inventory.reports.valuationTotals — Σ quantity and value of the valuation's groups (same input), and the number of
 * groups. Without a category / item / SKU filter the totals come from `valuation_days` (closed UTC days, see
 * valuationDays) plus the moves of the days after the newest closed one up to the bound: ~1,000 day rows per
 * warehouse and at most two days of moves once filled, whatever the ledger's size (3 s → 12 ms a year ago at 5,000,000 moves;
 * with a warehouse filter over 30 s → ms):
 * - no filter at all, grouped by item: Σ of every visible row (Σ over warehouses of a day = Σ ledger of the day);
 * - grouped by warehouse, or with a warehouse filter: Σ of the warehouse groups (warehouseFromDays).
 * `groups` is then the number of warehouse groups when grouping by warehouse, otherwise not counted (null, shown as
 * "—"): the number of items (or categories) with stock at a past date needs every item's position. With a category /
 * item / SKU filter: the grouped query (O(moves of the filtered items up to the bound)) and its group count — except
 * the category grouping (no filter or a category filter alone) and a category filter alone on the item grouping: Σ of
 * categoryFromDays' groups (495 → 19 ms for a top-level category at full scale), `groups` counted for the category
 * grouping only.
 */
export async function valuationTotals(tx: Tx, scope: OrgScope, input: TValuationReportInput): Promise<{ groups: number | null; quantity: string; value: string }> {
  const group = grouping(input.filters?.group, VALUATION_GROUPINGS);
  if (!itemFiltered(input)) {
    if (group === "warehouse" || enumIds(input.filters?.warehouse)) {
      const query = await valuationGrouped(tx, scope, input, "warehouse");
      const [t] = await tx.$queryRaw<{ groups: bigint; quantity: Dec; value: Dec }[]>`
        select count(*) as groups, coalesce(sum(x.quantity), 0) as quantity, coalesce(sum(x.value), 0) as value from (${query}) x`;
      return { groups: group === "warehouse" ? Number(t?.groups ?? 0) : null, quantity: qtyText(t!.quantity), value: money(t!.value) };
    }
    if (group === "item") {
      const days = await valuationDays(tx, scope, input);
      if (!days) return { groups: null, quantity: qtyText(0), value: money(0) };
      const [t] = await tx.$queryRaw<{ quantity: Dec; value: Dec }[]>`
        select (select coalesce(sum(d.quantity), 0) from inventory.valuation_days d where d.organization_id = ${scope.orgId}::uuid and d.day < ${days.first})
             + (select coalesce(sum(case when m.to_location_id is not null then m.quantity else 0 end - case when m.from_location_id is not null then m.quantity else 0 end), 0)
                  from inventory.stock_moves m
                 where m.organization_id = ${scope.orgId}::uuid and ${days.moves}) as quantity,
               (select coalesce(sum(d.value), 0) from inventory.valuation_days d where d.organization_id = ${scope.orgId}::uuid and d.day < ${days.first})
             + (select coalesce(sum(m.value), 0) from inventory.stock_moves m
                 where m.organization_id = ${scope.orgId}::uuid and ${days.moves}) as value`;
      return { groups: null, quantity: qtyText(t!.quantity), value: money(t!.value) };
    }
  }
  // Grouped by category (no filter, or a category filter alone), or by item with a category filter alone: Σ of the
  // category groups from the days (the item grouping's groups then need every item's position at the date: not
  // counted, as above).
  const byCategory = categoryOnly(input) && group !== "warehouse";
  const query = await valuationGrouped(tx, scope, input, byCategory ? "category" : group);
  const [t] = await tx.$queryRaw<{ groups: bigint; quantity: Dec; value: Dec }[]>`
    select count(*) as groups, coalesce(sum(x.quantity), 0) as quantity, coalesce(sum(x.value), 0) as value from (${query}) x`;
  const groups = byCategory && group !== "category" ? null : Number(t?.groups ?? 0);
  return { groups, quantity: qtyText(t!.quantity), value: money(t!.value) };
}

// ---------------------------------------------------------------------------------------------------------------
// Lot / serial trace

export interface TraceMatch {
  id: string;
  itemId: string;
  sku: string;
  itemName: string;
  number: string;
  expiresOn: Date | null;
}

/**
 * inventory.trace.find — the lots (or serials) whose number starts with the text, the exact ones first (a number is
 * unique per item, so one text may name several items' lots); at most 50.
 */
export async function traceFind(tx: Tx, scope: OrgScope, input: TTraceFindInput): Promise<{ matches: TraceMatch[] }> {
  const n = input.number;
  const matches =
    input.kind === "lot"
      ? await tx.$queryRaw<TraceMatch[]>`
          select t.id::text as id, i.id::text as "itemId", i.sku, i.name as "itemName", t.lot_number as number, t.expires_on as "expiresOn"
            from inventory.lots t join inventory.items i on i.organization_id = t.organization_id and i.id = t.item_id
           where t.organization_id = ${scope.orgId}::uuid and t.lot_number >= ${n} and t.lot_number < ${n + "\uffff"}
           order by t.lot_number <> ${n}, t.lot_number, i.sku, t.id limit 50`
      : await tx.$queryRaw<TraceMatch[]>`
          select r.id::text as id, i.id::text as "itemId", i.sku, i.name as "itemName", r.serial_number as number, t.expires_on as "expiresOn"
            from inventory.serials r join inventory.items i on i.organization_id = r.organization_id and i.id = r.item_id
            left join inventory.lots t on t.organization_id = r.organization_id and t.id = r.lot_id
           where r.organization_id = ${scope.orgId}::uuid and r.serial_number >= ${n} and r.serial_number < ${n + "\uffff"}
           order by r.serial_number <> ${n}, r.serial_number, i.sku, r.id limit 50`;
  return { matches };
}

export interface TraceLevel {
  warehouseId: string;
  warehouseCode: string;
  locationId: string;
  locationCode: string;
  onHand: string;
  reserved: string;
  available: string;
}

export interface TraceMove {
  id: string;
  movedAt: Date;
  moveType: string;
  fromWarehouseCode: string | null;
  fromLocationCode: string | null;
  toWarehouseCode: string | null;
  toLocationCode: string | null;
  quantity: string;
  unitCost: string;
  value: string;
  lotNumber: string | null;
  serialNumber: string | null;
  reversalOfMoveId: string | null;
  /** Set when a later move reverses this one. */
  reversedByMoveId: string | null;
  sourceDocumentType: string | null;
  sourceDocumentId: string | null;
  /** The adjustment's / transfer's number when the source is one of those documents. */
  sourceDocumentNumber: string | null;
  note: string | null;
}

export interface Trace {
  kind: "lot" | "serial";
  id: string;
  number: string;
  item: { id: string; sku: string; name: string };
  /** Serials: the variant the serial is stock of (null: none, and for lots). */
  variantSku: string | null;
  lotNumber: string | null;
  expiresOn: Date | null;
  /** Serials: in_stock / issued …, and where it is. */
  status: string | null;
  levels: TraceLevel[];
  moves: TraceMove[];
  /** More moves than shown (the first MAX_TRACE_MOVES in time order are). */
  truncated: boolean;
}

const MAX_TRACE_MOVES = 1000;

async function traceMoves(tx: Tx, scope: OrgScope, itemId: string, which: Sql): Promise<{ moves: TraceMove[]; truncated: boolean }> {
  const rows = await tx.$queryRaw<(Omit<TraceMove, "quantity" | "unitCost" | "value"> & { quantity: Dec; unitCost: Dec; value: Dec })[]>`
    select m.id::text as id, m.moved_at as "movedAt", m.move_type::text as "moveType",
           fw.code as "fromWarehouseCode", fl.code as "fromLocationCode", tw.code as "toWarehouseCode", tl.code as "toLocationCode",
           m.quantity, m.unit_cost as "unitCost", m.value, t.lot_number as "lotNumber", sr.serial_number as "serialNumber",
           m.reversal_of_move_id::text as "reversalOfMoveId", rv.id::text as "reversedByMoveId",
           m.source_document_type as "sourceDocumentType", m.source_document_id::text as "sourceDocumentId",
           coalesce(adj.number, trf.number, cnt.number) as "sourceDocumentNumber", m.note
      from inventory.stock_moves m
      left join inventory.locations fl on fl.organization_id = m.organization_id and fl.id = m.from_location_id
      left join inventory.warehouses fw on fw.organization_id = m.organization_id and fw.id = fl.warehouse_id
      left join inventory.locations tl on tl.organization_id = m.organization_id and tl.id = m.to_location_id
      left join inventory.warehouses tw on tw.organization_id = m.organization_id and tw.id = tl.warehouse_id
      left join inventory.lots t on t.organization_id = m.organization_id and t.id = m.lot_id
      left join inventory.serials sr on sr.organization_id = m.organization_id and sr.id = m.serial_id
      left join inventory.stock_moves rv on rv.organization_id = m.organization_id and rv.reversal_of_move_id = m.id
      left join inventory.stock_adjustments adj on m.source_document_type = 'inventory.stock_adjustment' and adj.organization_id = m.organization_id and adj.id = m.source_document_id
      left join inventory.stock_transfers trf on m.source_document_type = 'inventory.stock_transfer' and trf.organization_id = m.organization_id and trf.id = m.source_document_id
      left join inventory.stock_counts cnt on m.source_document_type = 'inventory.stock_count' and cnt.organization_id = m.organization_id and cnt.id = m.source_document_id
     where m.organization_id = ${scope.orgId}::uuid and m.item_id = ${itemId}::uuid and ${which}
     order by m.moved_at, m.id limit ${MAX_TRACE_MOVES + 1}`;
  return {
    truncated: rows.length > MAX_TRACE_MOVES,
    moves: rows.slice(0, MAX_TRACE_MOVES).map((r) => ({ ...r, quantity: qtyText(r.quantity), unitCost: cost(r.unitCost), value: money(r.value) })),
  };
}

/** inventory.trace.lot — a lot's item, expiry, current levels by location (the member's) and every move of it. */
export async function traceLot(tx: Tx, scope: OrgScope, input: TTraceInput): Promise<Trace> {
  const lot = await tx.lot.findFirst({
    where: { organizationId: scope.orgId, id: input.id },
    select: { id: true, lotNumber: true, expiresOn: true, item: { select: { id: true, sku: true, name: true } } },
  });
  if (!lot) throw notFound("Lot not found");
  const levels = await tx.$queryRaw<(Omit<TraceLevel, "onHand" | "reserved" | "available"> & Record<"onHand" | "reserved" | "available", Dec>)[]>`
    select w.id::text as "warehouseId", w.code as "warehouseCode", l.id::text as "locationId", l.code as "locationCode",
           s.on_hand_qty as "onHand", s.reserved_qty as reserved, s.available_qty as available
      from ${LEVELS_FROM}
     where s.organization_id = ${scope.orgId}::uuid and s.item_id = ${lot.item.id}::uuid and s.lot_id = ${lot.id}::uuid
       and (s.on_hand_qty <> 0 or s.reserved_qty <> 0)
     order by w.code, l.code, l.id`;
  const { moves, truncated } = await traceMoves(tx, scope, lot.item.id, sql`m.lot_id = ${lot.id}::uuid`);
  return {
    kind: "lot", id: lot.id, number: lot.lotNumber, item: lot.item, variantSku: null, lotNumber: lot.lotNumber, expiresOn: lot.expiresOn, status: null,
    levels: levels.map((r) => ({ ...r, onHand: qtyText(r.onHand), reserved: qtyText(r.reserved), available: qtyText(r.available) })),
    moves, truncated,
  };
}

/** inventory.trace.serial — a serial's item, lot, status and location (when the member sees it) and every move of it. */
export async function traceSerial(tx: Tx, scope: OrgScope, input: TTraceInput): Promise<Trace> {
  const serial = await tx.serial.findFirst({
    where: { organizationId: scope.orgId, id: input.id },
    select: {
      id: true, serialNumber: true, status: true, locationId: true, lot: { select: { lotNumber: true, expiresOn: true } },
      item: { select: { id: true, sku: true, name: true } }, variant: { select: { sku: true } },
    },
  });
  if (!serial) throw notFound("Serial not found");
  const levels = serial.locationId
    ? await tx.$queryRaw<Omit<TraceLevel, "onHand" | "reserved" | "available">[]>`
        select w.id::text as "warehouseId", w.code as "warehouseCode", l.id::text as "locationId", l.code as "locationCode"
          from inventory.locations l join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
         where l.organization_id = ${scope.orgId}::uuid and l.id = ${serial.locationId}::uuid`
    : [];
  const { moves, truncated } = await traceMoves(tx, scope, serial.item.id, sql`m.serial_id = ${serial.id}::uuid`);
  return {
    kind: "serial", id: serial.id, number: serial.serialNumber, item: serial.item, variantSku: serial.variant?.sku ?? null, lotNumber: serial.lot?.lotNumber ?? null,
    expiresOn: serial.lot?.expiresOn ?? null, status: serial.status,
    levels: levels.map((r) => ({ ...r, onHand: "1", reserved: "0", available: "1" })),
    moves, truncated,
  };
}
