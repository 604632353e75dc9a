// Cycle counts: a numbered count (kernel document type "inventory_count", CNT-{#####}) of one warehouse, optionally
// narrowed to a location subtree, a location code range and / or a category subtree. Creating it snapshots every
// stock level in scope as a line (expected = on hand at that moment, the item's cost then). Counters enter counted
// quantities (and add lines for stock found where the snapshot had none); counting → review → posted | cancelled
// through countMachine. Posting writes, per counted line, ONE `count` move (an adjust) that brings the level to the
// counted quantity as of posting (difference = counted − on hand at posting, which equals the snapshot difference
// unless stock moved since), in (item, location) order — the stock services' lock order — inside the machine's
// savepoint: all lines and the status change, or nothing. Non-serial lines go in batches (postCountedRun: levels
// locked and read in one statement, one stock.postMoves, one update of the lines); serial lines one at a time, each
// line's serial moves in one stock.postMoves.
// Blind counts: while counting, no procedure returns the expected quantity, the current on hand, differences or value
// impact (held here, not only in the UI); from review on they are shown.
// Reading: getCount answers the header and its totals (SQL aggregates); countLines a page of the lines (searched and
// filtered in SQL) — a stocktake's lines never travel in one answer.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, likePattern, sql, type Sql } from "@/server/kernel/list-query";
import { numberedListPage, numberedListQuery } from "./numbered-list";
import * as numbering from "@/server/kernel/numbering";
import type { OrgScope } from "@/server/kernel/scope";
import { allowedTransitions, defineMachine, historyFor } from "@/server/kernel/state-machine";
import * as serials from "./count-serials.service";
import { LIST_LIVE_DIFFERENCES_MAX, type TAddCountLineInput, type TCountLinesInput, type TCreateCountInput, type TListCountsInput, type TSetCountSerialsInput, type TSetCountedInput } from "./counts.schemas";
import * as stock from "./stock.service";
import { fieldError, qtyText } from "./stock.service";
import type { TPostMoveLine } from "./inventory.schemas";
import { subtreeIds } from "./subtree.sql";
import { visible } from "./visibility";
import { warehouseOr404 } from "./warehouses.service";

export const COUNT_STATUSES = ["counting", "review", "posted", "cancelled"] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];
const D = (v: Prisma.Decimal | string | number) => new Prisma.Decimal(v);
const PERMISSION = "inventory.stock.adjust";

export const countMachine = defineMachine<CountStatus, "review" | "reopen" | "post" | "cancel", { counted: number }>({
  entityType: "inventory_count",
  states: COUNT_STATUSES,
  transitions: {
    review: {
      from: ["counting"], to: "review", label: "Review", permission: PERMISSION,
      guard: ({ context }) => (context && context.counted === 0 ? "Count at least one line first." : undefined),
    },
    reopen: { from: ["review"], to: "counting", label: "Back to counting", permission: PERMISSION },
    post: { from: ["review"], to: "posted", label: "Post", permission: PERMISSION },
    cancel: { from: ["counting", "review"], to: "cancelled", label: "Cancel", permission: PERMISSION, requiresReason: true },
  },
});

const expectedVisible = (c: { blind: boolean; status: string }) => !c.blind || c.status !== "counting";

// ---------------------------------------------------------------------------------------------------------------
// Reading

type CountRow = Prisma.StockCountGetPayload<{ include: { warehouse: true; location: true; category: true } }>;

async function countOr404(tx: Tx, scope: OrgScope, id: string): Promise<CountRow> {
  const c = await tx.stockCount.findFirst({
    where: { ...visible(scope), id },
    include: { warehouse: true, location: true, category: true },
  });
  if (!c) throw notFound("Count not found");
  return c;
}

/** Locks the count's row (FOR SHARE: entries wait for a transition, a transition waits for entries) and checks it is counting. */
async function countingOr412(tx: Tx, scope: OrgScope, id: string, lock: "share" | "update" = "share") {
  const rows = lock === "share"
    ? await tx.$queryRaw<{ status: string; number: string }[]>`
        select status::text as status, number from inventory.stock_counts
         where organization_id = ${scope.orgId}::uuid and id = ${id}::uuid and workspace_id = any(${scope.workspaceIds}::uuid[]) for share`
    : await tx.$queryRaw<{ status: string; number: string }[]>`
        select status::text as status, number from inventory.stock_counts
         where organization_id = ${scope.orgId}::uuid and id = ${id}::uuid and workspace_id = any(${scope.workspaceIds}::uuid[]) for update`;
  const c = rows[0];
  if (!c) throw notFound("Count not found");
  if (c.status !== "counting")
    throw new AppError("PRECONDITION_FAILED", `${c.number} is ${c.status === "review" ? "in review: go back to counting to change it" : c.status}`);
  return c;
}

interface LineRow {
  id: string;
  lineNo: number;
  itemId: string;
  sku: string;
  itemName: string;
  unitCode: string | null;
  variantId: string | null;
  variantSku: string | null;
  locationId: string;
  locationCode: string;
  lotNumber: string | null;
  serialControl: boolean;
  added: boolean;
  expectedQty: Prisma.Decimal;
  countedQty: Prisma.Decimal | null;
  countedAt: Date | null;
  onHandNow: Prisma.Decimal;
  /** The one definition of a line with a difference (hasDifference), also the list's. */
  hasDifference: boolean;
  costNow: Prisma.Decimal;
  postingOnHandQty: Prisma.Decimal | null;
  postedQty: Prisma.Decimal | null;
  moveId: string | null;
}

/**
 * A count line's level NOW (alias `cl`) as left joins `lo` (the line's lot by number when it has no lot id) and `s`
 * (the level of item, variant, location and lot): at most one row each (unique keys), so they never multiply lines.
 * A join, not a correlated subquery per line: the count page and the counts list (its open counts) read many lines.
 */
const LEVEL_JOIN = sql`left join inventory.lots lo on cl.lot_id is null and lo.organization_id = cl.organization_id and lo.item_id = cl.item_id
                             and lo.lot_number = cl.lot_number
      left join inventory.stock_levels s on s.organization_id = cl.organization_id and s.item_id = cl.item_id and s.location_id = cl.location_id
                             and s.variant_id is not distinct from cl.variant_id and s.lot_id is not distinct from coalesce(cl.lot_id, lo.id)`;

/** A count line's on hand NOW (with LEVEL_JOIN): its level's, 0 without a level. */
const ON_HAND_NOW = sql`coalesce(s.on_hand_qty, 0)`;

/**
 * THE definition of "a line with a difference" (alias `cl` with LEVEL_JOIN; `status` the count's status), used by
 * the count page's totals (`countTotals` → `totals.withDifference`), its lines (`lineRows` → `hasDifference`, the
 * `differences` filter of `countLines`), by the counts list's `differenceCount` of open and cancelled counts, and by posting, which freezes a posted count's number in
 * `stock_count_totals.difference_count` — so they always agree. A counted line has a difference when
 * - its quantity differs: open counts counted − on hand NOW ≠ 0 (what posting will write, the page's "difference"),
 *   posted counts the posted difference ≠ 0;
 * - or (serial lines) a serial moved at posting, or an expected serial was not found on it (missing, or found on
 *   another line: relocated), or — while not posted — a serial was found that was not expected and is not recorded
 *   in stock at the line's location as the line's variant now (extra of kind transfer / new / elsewhere — an extra
 *   serial already recorded here as that variant is no difference: nothing to post). Once posted, every found extra is in stock at the line's location
 *   (moved or received by the posting, or there already): that part is left out, so a posted count's answer depends
 *   on what posting wrote only and stays what it was at posting, whatever stock does later.
 * Uncounted lines never have one. `serials`: false only when the count has no serial rows at all
 * (`stock_count_totals.has_serials`), sparing the per-line serial lookup.
 */
const hasDifference = (status: Sql, serials: Sql = sql`true`) => sql`(cl.counted_qty is not null and (
          case when ${status} = 'posted' then coalesce(cl.posted_qty, 0) <> 0 else cl.counted_qty <> ${ON_HAND_NOW} end
          or (${serials} and exists (select 1 from inventory.stock_count_serials cs
                      where cs.organization_id = cl.organization_id and cs.line_id = cl.id
                        and (cs.move_id is not null or (cs.expected and not cs.found)
                             or (${status} <> 'posted' and cs.found and not cs.expected and not exists (
                                   select 1 from inventory.serials sr
                                    where sr.organization_id = cs.organization_id and sr.item_id = cl.item_id and sr.serial_number = cs.serial_number
                                      and sr.status = 'in_stock' and sr.location_id = cl.location_id
                                      and sr.variant_id is not distinct from cl.variant_id)))))))`;

/** A count's lines with what a line answer shows (alias `cl`, its count `d`, item `i`, location `l`, variant `v`, cost `ic`, LEVEL_JOIN). */
const LINES_FROM = sql`from inventory.stock_count_lines cl
      join inventory.stock_counts d on d.organization_id = cl.organization_id and d.id = cl.count_id
      join inventory.items i on i.organization_id = cl.organization_id and i.id = cl.item_id
      join inventory.locations l on l.organization_id = cl.organization_id and l.id = cl.location_id
      left join settings.units_of_measure u on u.organization_id = i.organization_id and u.id = i.base_unit_id
      left join inventory.variants v on v.organization_id = cl.organization_id and v.id = cl.variant_id
      left join inventory.item_costs ic on ic.organization_id = cl.organization_id and ic.item_id = cl.item_id
      ${LEVEL_JOIN}`;

/** A line's cost now (with LINES_FROM): the moving average, else the standard cost. */
const COST_NOW = sql`coalesce(ic.average_unit_cost, i.standard_unit_cost, 0)`;

/** Lines of a count in line number order: all, one (`lineId`) or those of `ids` (a page). */
async function lineRows(tx: Tx, scope: OrgScope, countId: string, opts: { lineId?: string; ids?: string[] } = {}): Promise<LineRow[]> {
  return tx.$queryRaw<LineRow[]>`
    select cl.id::text as id, cl.line_no as "lineNo", cl.item_id::text as "itemId", i.sku, i.name as "itemName", u.code as "unitCode",
           cl.variant_id::text as "variantId", v.sku as "variantSku", cl.location_id::text as "locationId", l.code as "locationCode",
           cl.lot_number as "lotNumber", i.serial_control as "serialControl", cl.added, cl.expected_qty as "expectedQty", cl.counted_qty as "countedQty", cl.counted_at as "countedAt",
           ${ON_HAND_NOW} as "onHandNow", ${hasDifference(sql`d.status::text`)} as "hasDifference",
           ${COST_NOW} as "costNow",
           cl.posting_on_hand_qty as "postingOnHandQty", cl.posted_qty as "postedQty", cl.move_id::text as "moveId"
      ${LINES_FROM}
     where cl.organization_id = ${scope.orgId}::uuid and cl.count_id = ${countId}::uuid
       ${opts.lineId ? sql`and cl.id = ${opts.lineId}::uuid` : sql``}
       ${opts.ids ? sql`and cl.id = any(${opts.ids}::uuid[])` : sql``}
     order by cl.line_no`;
}

const money = (v: Prisma.Decimal) => v.toDecimalPlaces(2).toFixed(2);

/**
 * A line as the member may see it. Open counts (counting / review) compare with the CURRENT on hand: the posting
 * difference is counted − on hand now (what the count move will be), the snapshot difference counted − expected.
 * Posted counts show what was posted (on hand at posting, the posted difference, its move). Value impact: the posting
 * difference × the item's current cost (moving average; the standard cost while it has none).
 */
function lineOut(c: { blind: boolean; status: string }, l: LineRow, serialView: serials.SerialLineView | null = null) {
  const visible = expectedVisible(c);
  const posted = c.status === "posted";
  const onHand = posted ? l.postingOnHandQty : l.onHandNow;
  const difference = posted ? l.postedQty : l.countedQty === null ? null : l.countedQty.minus(l.onHandNow);
  return {
    id: l.id, lineNo: l.lineNo, itemId: l.itemId, sku: l.sku, itemName: l.itemName, unitCode: l.unitCode, variantId: l.variantId,
    variantSku: l.variantSku, locationId: l.locationId, locationCode: l.locationCode, lotNumber: l.lotNumber, added: l.added,
    countedQty: l.countedQty === null ? null : qtyText(l.countedQty),
    countedAt: l.countedAt,
    expectedQty: visible ? qtyText(l.expectedQty) : null,
    snapshotDifference: visible && l.countedQty !== null ? qtyText(l.countedQty.minus(l.expectedQty)) : null,
    onHandQty: visible && onHand !== null ? qtyText(onHand) : null,
    difference: visible && difference !== null ? qtyText(difference) : null,
    unitCost: visible ? l.costNow.toFixed(6) : null,
    valueImpact: visible && difference !== null ? money(difference.times(l.costNow)) : null,
    moveId: l.moveId,
    /** Serial-controlled items: the serials found (and, when visible, expected / missing / extra); null otherwise. */
    serialControl: l.serialControl,
    serials: serialView,
  };
}

type SerialContext = { rows: serials.CountSerialRow[]; found: Map<string, string>; warehouseId: string };

/**
 * What the serial views of `lines` need: the serial rows of those of them that are serial-controlled, and the serials
 * found on ANY line of the count for their items (a serial expected here and found on another line — maybe on
 * another page — is relocated, not missing).
 */
async function serialContext(tx: Tx, scope: OrgScope, c: { id: string; warehouseId: string }, lines: LineRow[]): Promise<SerialContext> {
  const serial = lines.filter((l) => l.serialControl);
  if (!serial.length) return { rows: [], found: new Map(), warehouseId: c.warehouseId };
  const rows = await serials.serialRows(tx, scope, c.id, serial.map((l) => l.id));
  const found = await serials.foundKeys(tx, scope, c.id, [...new Set(serial.map((l) => l.itemId))]);
  return { rows, found, warehouseId: c.warehouseId };
}

function serialViewOf(c: { blind: boolean; status: string }, l: LineRow, ctx: SerialContext) {
  return l.serialControl ? serials.serialLineView(expectedVisible(c), l, ctx.rows, ctx.found, ctx.warehouseId) : null;
}

/** Lines as answered, each serial line with its serial view. */
async function linesOut(tx: Tx, scope: OrgScope, c: CountRow, lines: LineRow[]) {
  const ctx = await serialContext(tx, scope, c, lines);
  return lines.map((l) => lineOut(c, l, serialViewOf(c, l, ctx)));
}

/** One line as answered after an entry (its serials seen against the whole count's). */
async function oneLineOut(tx: Tx, scope: OrgScope, c: CountRow, lineId: string) {
  return (await linesOut(tx, scope, c, await lineRows(tx, scope, c.id, { lineId })))[0]!;
}

/**
 * The count's totals by SQL aggregates over its lines (never loading them): lines and counted lines (the count's
 * totals row, `stock_count_totals`), then — unless a blind count hides them — over its COUNTED lines only (an uncounted line has neither a
 * difference nor a value impact), joined with their levels: lines with a difference (THE definition; the serial
 * lookup only when the count has serial rows, `stock_count_totals.has_serials`) and the value impact — Σ per line of
 * the posting difference (posted: the posted one) × the item's cost now, each rounded to cents as the line shows it.
 */
async function countTotals(tx: Tx, scope: OrgScope, c: CountRow) {
  const visible = expectedVisible(c);
  // Lines and counted lines from the count's totals row (kept exact by triggers, in this transaction too): O(1).
  const [n] = await tx.$queryRaw<{ lines: number; counted: number; hasSerials: boolean }[]>`
    select coalesce(t.line_count, 0) as lines, coalesce(t.counted_count, 0) as counted, coalesce(t.has_serials, true) as "hasSerials"
      from (select 1) one
      left join inventory.stock_count_totals t on t.organization_id = ${scope.orgId}::uuid and t.count_id = ${c.id}::uuid`;
  let differences: { withDifference: number; valueImpact: Prisma.Decimal } | undefined;
  if (visible) {
    const difference = c.status === "posted" ? sql`cl.posted_qty` : sql`cl.counted_qty - ${ON_HAND_NOW}`;
    [differences] = await tx.$queryRaw<{ withDifference: number; valueImpact: Prisma.Decimal }[]>`
      select count(*) filter (where ${hasDifference(sql`${c.status}::text`, sql`${n!.hasSerials}`)})::int as "withDifference",
             coalesce(sum(round((${difference}) * ${COST_NOW}, 2)), 0)::numeric as "valueImpact"
        from inventory.stock_count_lines cl
        join inventory.items i on i.organization_id = cl.organization_id and i.id = cl.item_id
        left join inventory.item_costs ic on ic.organization_id = cl.organization_id and ic.item_id = cl.item_id
        ${LEVEL_JOIN}
       where cl.organization_id = ${scope.orgId}::uuid and cl.count_id = ${c.id}::uuid and cl.counted_qty is not null`;
  }
  return {
    lines: n!.lines,
    counted: n!.counted,
    uncounted: n!.lines - n!.counted,
    withDifference: differences ? differences.withDifference : null,
    valueImpact: differences ? money(D(differences.valueImpact)) : null,
  };
}

/** The count's header and totals (no lines: `inventory.counts.lines` pages them). */
async function countOut(tx: Tx, scope: OrgScope, c: CountRow) {
  const totals = await countTotals(tx, scope, c);
  return {
    id: c.id,
    number: c.number,
    workspaceId: c.workspaceId,
    warehouse: { id: c.warehouse.id, code: c.warehouse.code, name: c.warehouse.name },
    location: c.location ? { id: c.location.id, code: c.location.code } : null,
    locationCodeFrom: c.locationCodeFrom,
    locationCodeTo: c.locationCodeTo,
    category: c.category ? { id: c.category.id, code: c.category.code, name: c.category.name } : null,
    blind: c.blind,
    expectedVisible: expectedVisible(c),
    status: c.status as CountStatus,
    note: c.note,
    snapshotAt: c.snapshotAt,
    reviewedAt: c.reviewedAt,
    postedAt: c.postedAt,
    cancelledAt: c.cancelledAt,
    version: c.version,
    createdAt: c.createdAt,
    totals,
    transitions: allowedTransitions(countMachine, c.status as CountStatus, scope, {
      entity: { id: c.id, status: c.status as CountStatus, version: c.version },
      context: { counted: totals.counted },
    }).map((t) => ({ name: t.name, label: t.label, requiresReason: t.requiresReason, blockedReason: t.blockedReason })),
  };
}

/** Who posted the count: the actor of its `post` transition in the machine's log (historyFor); null before posting. */
async function postedBy(tx: Tx, scope: OrgScope, c: { id: string; status: string }) {
  if (c.status !== "posted") return null;
  return (await historyFor(tx, scope, countMachine.entityType, c.id)).findLast((h) => h.toStatus === "posted")?.actor ?? null;
}

export async function getCount(tx: Tx, scope: OrgScope, input: { id: string }) {
  const c = await countOr404(tx, scope, input.id);
  return { ...(await countOut(tx, scope, c)), postedBy: await postedBy(tx, scope, c) };
}

/**
 * The line filters of the count page: `uncounted` (the entry tab's "only uncounted"; with `keptSince`, lines counted
 * after that moment stay in it — a row just counted does not vanish under the counter, and the pages' offsets do not
 * shift while counting), `differences` (the review tab: a line with a difference — THE definition — or a snapshot
 * difference, counted ≠ expected), `serial` (serial-controlled lines: the serials review).
 */
function lineFilter(c: CountRow, input: TCountLinesInput): { joins: Sql[]; where: Sql } {
  const joins = new Set<"item" | "place" | "level">();
  const parts: Sql[] = [];
  const q = input.q?.trim();
  if (q) {
    const p = likePattern(q);
    joins.add("item").add("place");
    parts.push(sql`(i.sku ilike ${p} or i.name ilike ${p} or l.code ilike ${p} or cl.lot_number ilike ${p} or v.sku ilike ${p})`);
  }
  if (input.filter === "uncounted")
    parts.push(input.keptSince ? sql`(cl.counted_qty is null or cl.counted_at > ${input.keptSince}::timestamptz)` : sql`cl.counted_qty is null`);
  else if (input.filter === "serial") {
    joins.add("item");
    parts.push(sql`i.serial_control`);
  } else if (input.filter === "differences") {
    // Which lines differ is what a blind count hides while counting: refused, not ignored (all lines would pass for
    // "the lines that differ" on a page that asked for them).
    if (!expectedVisible(c)) throw new AppError("PRECONDITION_FAILED", `${c.number} is a blind count still counting: its differences are hidden until review`);
    joins.add("level");
    parts.push(sql`(${hasDifference(sql`${c.status}::text`)} or (cl.counted_qty is not null and cl.counted_qty <> cl.expected_qty))`);
  }
  return {
    joins: [
      joins.has("item") ? sql`join inventory.items i on i.organization_id = cl.organization_id and i.id = cl.item_id` : sql``,
      joins.has("place")
        ? sql`join inventory.locations l on l.organization_id = cl.organization_id and l.id = cl.location_id
              left join inventory.variants v on v.organization_id = cl.organization_id and v.id = cl.variant_id`
        : sql``,
      joins.has("level") ? LEVEL_JOIN : sql``,
    ],
    where: and(parts),
  };
}

/**
 * One page of a count's lines (line number order, offset paging: a count's lines are bounded and (count, line_no) is
 * unique-indexed), searched (SKU, item name, location code, lot, variant SKU; wildcards literal) and filtered in SQL,
 * with the filtered total. A page past the last answers the last page. The total and the page's line ids are read
 * with only the joins the filter needs (a page deep in a stocktake skips its lines on the index, not through every
 * line's level and serial lookups); then the page's lines in full. Each line as `lineOut` (blind counts hide
 * expected / differences / value while counting), serial lines with their serial views. `at`: the server's time of
 * the answer (the page's `keptSince` when it turns "only uncounted" on).
 */
export async function countLines(tx: Tx, scope: OrgScope, input: TCountLinesInput) {
  const at = new Date();
  const c = await countOr404(tx, scope, input.id);
  const { joins, where } = lineFilter(c, input);
  const from = sql`from inventory.stock_count_lines cl ${Prisma.join(joins, " ")}
     where cl.organization_id = ${scope.orgId}::uuid and cl.count_id = ${c.id}::uuid and ${where}`;
  const [{ total }] = (await tx.$queryRaw<{ total: number }[]>`select count(*)::int as total ${from}`) as [{ total: number }];
  const page = Math.min(input.page, Math.max(1, Math.ceil(total / input.perPage)));
  const ids = total
    ? (await tx.$queryRaw<{ id: string }[]>`select cl.id::text as id ${from} order by cl.line_no limit ${input.perPage} offset ${(page - 1) * input.perPage}`).map((r) => r.id)
    : [];
  const rows = ids.length ? await lineRows(tx, scope, c.id, { ids }) : [];
  return { rows: await linesOut(tx, scope, c, rows), total, page, perPage: input.perPage, at };
}

// ---------------------------------------------------------------------------------------------------------------
// Create: the snapshot

/**
 * The count's locations (the warehouse's, or the location's subtree — the shared `subtreeIds` walk —, within the
 * code range) as a CTE `locs(id)`, and with a category its subtree as `cats(id)`.
 */
function scopeCtes(orgId: string, c: { warehouseId: string; locationId: string | null; locationCodeFrom: string | null; locationCodeTo: string | null; categoryId: string | null }): Sql {
  const locs = and([
    sql`organization_id = ${orgId}::uuid`,
    sql`warehouse_id = ${c.warehouseId}::uuid`,
    c.locationId ? sql`id in ${subtreeIds("locations", orgId, [c.locationId])}` : sql`true`,
    c.locationCodeFrom ? sql`code >= ${c.locationCodeFrom}` : sql`true`,
    c.locationCodeTo ? sql`code <= ${c.locationCodeTo}` : sql`true`,
  ]);
  const cats = c.categoryId ? sql`, cats(id) as ${subtreeIds("categories", orgId, [c.categoryId])}` : sql``;
  return sql`with locs(id) as (select id from inventory.locations where ${locs})${cats}`;
}

/**
 * How long inventory.counts.create's transaction may run: the snapshot grows with the zone (118,424 levels took
 * about 26 s on the benchmark machine, most of it the lines' audit rows), beyond the default 30 s it must not fail at.
 */
export const CREATE_COUNT_TIMEOUT_MS = 120_000;

export async function createCount(tx: Tx, scope: OrgScope, input: TCreateCountInput) {
  const w = await warehouseOr404(tx, scope, input.warehouseId);
  if (w.archivedAt) throw fieldError("warehouseId", `${w.code} is archived`);
  if (input.locationId) {
    const l = await tx.location.findFirst({ where: { organizationId: scope.orgId, id: input.locationId, warehouseId: w.id }, select: { id: true } });
    if (!l) throw fieldError("locationId", `Choose a location of ${w.code}`);
  }
  if (input.categoryId && !(await tx.category.findFirst({ where: { organizationId: scope.orgId, id: input.categoryId }, select: { id: true } })))
    throw fieldError("categoryId", "Choose a category");
  const number = await numbering.next(tx, scope, "inventory_count", { workspaceId: w.workspaceId });
  const header = await tx.stockCount.create({
    data: {
      organizationId: scope.orgId, number, workspaceId: w.workspaceId, warehouseId: w.id, locationId: input.locationId ?? null,
      locationCodeFrom: input.locationCodeFrom ?? null, locationCodeTo: input.locationCodeTo ?? null, categoryId: input.categoryId ?? null,
      blind: input.blind, note: input.note ?? null, createdBy: scope.userId || null, updatedBy: scope.userId || null,
    },
  });
  const user = scope.userId || null;
  // Every level in scope (archived items excepted: their differences need a restore), in location code, SKU,
  // variant, lot order; serial-controlled items with their expected serials (count-serials.service).
  const inserted = await tx.$executeRaw`
    ${scopeCtes(scope.orgId, header)}
    insert into inventory.stock_count_lines (organization_id, id, count_id, line_no, item_id, variant_id, location_id, lot_id, lot_number,
                                             expected_qty, unit_cost, created_by, updated_by)
    select s.organization_id, uuidv7(), ${header.id}::uuid,
           row_number() over (order by l.code, i.sku, v.sku nulls first, lo.lot_number nulls first, s.id)::int,
           s.item_id, s.variant_id, s.location_id, s.lot_id, lo.lot_number, s.on_hand_qty,
           coalesce(ic.average_unit_cost, i.standard_unit_cost, 0), ${user}::uuid, ${user}::uuid
      from inventory.stock_levels s
      join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
      join inventory.items i on i.organization_id = s.organization_id and i.id = s.item_id
      left join inventory.variants v on v.organization_id = s.organization_id and v.id = s.variant_id
      left join inventory.lots lo on lo.organization_id = s.organization_id and lo.id = s.lot_id
      left join inventory.item_costs ic on ic.organization_id = s.organization_id and ic.item_id = s.item_id
     where s.organization_id = ${scope.orgId}::uuid and s.location_id in (select id from locs)
       and i.archived_at is null
       ${header.categoryId ? sql`and i.category_id in (select id from cats)` : sql``}`;
  if (inserted === 0) {
    const field = input.categoryId ? "categoryId" : input.locationId ? "locationId" : input.locationCodeFrom || input.locationCodeTo ? "locationCodeFrom" : "warehouseId";
    throw fieldError(field, "Nothing to count here: no stock level in this scope");
  }
  await serials.snapshotSerials(tx, scope, header.id);
  return getCount(tx, scope, { id: header.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Counting

/** Records (or clears, null) a line's counted quantity while the count is counting. Answers the line. */
export async function setCounted(tx: Tx, scope: OrgScope, input: TSetCountedInput) {
  await countingOr412(tx, scope, input.id);
  const target = await tx.stockCountLine.findFirst({
    where: { organizationId: scope.orgId, countId: input.id, id: input.lineId }, select: { item: { select: { sku: true, serialControl: true } } },
  });
  if (!target) throw notFound("Count line not found");
  if (target.item.serialControl) throw fieldError("countedQty", `${target.item.sku} is serial-controlled: enter the serial numbers found`);
  const updated = await tx.stockCountLine.updateMany({
    where: { organizationId: scope.orgId, countId: input.id, id: input.lineId },
    data: input.countedQty === null
      ? { countedQty: null, countedAt: null, countedBy: null, updatedBy: scope.userId || null }
      : { countedQty: input.countedQty, countedAt: new Date(), countedBy: scope.userId || null, updatedBy: scope.userId || null },
  });
  if (updated.count !== 1) throw notFound("Count line not found");
  const c = await countOr404(tx, scope, input.id);
  return lineOut(c, (await lineRows(tx, scope, input.id, { lineId: input.lineId }))[0]!);
}

/**
 * Records the serial numbers found on a serial line while the count is counting (the whole list, replacing the
 * previous one; null clears the entry): counted quantity = the number found. A number the organization does not
 * know is kept without a serial (posting receives it). Answers the line (expected serials hidden in a blind count).
 */
export async function setSerials(tx: Tx, scope: OrgScope, input: TSetCountSerialsInput) {
  await countingOr412(tx, scope, input.id);
  const line = await tx.stockCountLine.findFirst({
    where: { organizationId: scope.orgId, countId: input.id, id: input.lineId },
    select: { id: true, itemId: true, item: { select: { sku: true, serialControl: true } } },
  });
  if (!line) throw notFound("Count line not found");
  if (!line.item.serialControl) throw fieldError("serials", `${line.item.sku} is not serial-controlled: enter the counted quantity`);
  const list = input.serials === null ? null : serials.cleanSerials(input.serials);
  const n = await serials.writeFound(tx, scope, line, list);
  await tx.stockCountLine.update({
    where: { organizationId_id: { organizationId: scope.orgId, id: line.id } },
    data: n === null
      ? { countedQty: null, countedAt: null, countedBy: null, updatedBy: scope.userId || null }
      : { countedQty: n, countedAt: new Date(), countedBy: scope.userId || null, updatedBy: scope.userId || null },
  });
  return oneLineOut(tx, scope, await countOr404(tx, scope, input.id), line.id);
}

/** A line for stock found where the snapshot had no level: a location the count covers, an item in its category
 *  (a serial-controlled item with the serial numbers found). */
export async function addLine(tx: Tx, scope: OrgScope, input: TAddCountLineInput) {
  await countingOr412(tx, scope, input.id, "update");
  const c = await countOr404(tx, scope, input.id);
  const inScope = await tx.$queryRaw<{ id: string }[]>`
    ${scopeCtes(scope.orgId, c)} select id::text from locs where id = ${input.locationId}::uuid`;
  if (!inScope.length) throw fieldError("locationId", "Choose a location this count covers");
  const item = await tx.item.findFirst({
    where: { organizationId: scope.orgId, id: input.itemId },
    select: { id: true, sku: true, archivedAt: true, trackInventory: true, serialControl: true, lotControl: true, categoryId: true, standardUnitCost: true },
  });
  if (!item || item.archivedAt) throw fieldError("itemId", "Choose an item");
  if (!item.trackInventory) throw fieldError("itemId", `${item.sku} does not track inventory`);
  // A serial-controlled item is counted by its serials (counted = their number); a plain one by its quantity.
  const found = item.serialControl ? serials.cleanSerials(input.serials ?? []) : null;
  if (found && !found.length) throw fieldError("serials", `${item.sku} is serial-controlled: enter the serial numbers found`);
  if (!found && input.serials?.length) throw fieldError("serials", `${item.sku} is not serial-controlled: enter the counted quantity`);
  if (!found && input.countedQty === undefined) throw fieldError("countedQty", "Enter the counted quantity");
  if (c.categoryId) {
    const inCat = await tx.$queryRaw<{ id: string }[]>`
      ${scopeCtes(scope.orgId, c)} select id::text from cats where id = ${item.categoryId}::uuid`;
    if (!inCat.length) throw fieldError("itemId", `${item.sku} is not in ${c.category?.name ?? "this count's category"}`);
  }
  // Found stock comes in when the count posts: its variant as posting will check stock coming in.
  await stock.variantFor(tx, scope, item, input.variantId, { direction: "in", locationId: input.locationId });
  if (item.lotControl && !input.lotNumber) throw fieldError("lotNumber", `${item.sku} is lot-controlled: enter the lot number`);
  if (!item.lotControl && input.lotNumber) throw fieldError("lotNumber", `${item.sku} is not lot-controlled`);
  const lot = input.lotNumber
    ? await tx.lot.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, lotNumber: input.lotNumber }, select: { id: true } })
    : null;
  const same = await tx.stockCountLine.findFirst({
    where: { organizationId: scope.orgId, countId: c.id, itemId: item.id, variantId: input.variantId ?? null, locationId: input.locationId, lotNumber: input.lotNumber ?? null },
    select: { lineNo: true },
  });
  if (same) throw fieldError("itemId", `${item.sku} already has line ${same.lineNo} here: enter the count there`, "CONFLICT");
  const last = await tx.stockCountLine.aggregate({ where: { organizationId: scope.orgId, countId: c.id }, _max: { lineNo: true } });
  const cost = await tx.itemCost.findFirst({ where: { organizationId: scope.orgId, itemId: item.id }, select: { averageUnitCost: true } });
  const line = await tx.stockCountLine.create({
    data: {
      organizationId: scope.orgId, countId: c.id, lineNo: (last._max.lineNo ?? 0) + 1, itemId: item.id, variantId: input.variantId ?? null,
      locationId: input.locationId, lotId: lot?.id ?? null, lotNumber: input.lotNumber ?? null, expectedQty: 0,
      unitCost: cost?.averageUnitCost ?? item.standardUnitCost ?? 0, added: true,
      countedQty: found ? found.length : input.countedQty!, countedAt: new Date(), countedBy: scope.userId || null, createdBy: scope.userId || null,
      updatedBy: scope.userId || null,
    },
  });
  if (found) await serials.writeFound(tx, scope, line, found);
  return oneLineOut(tx, scope, c, line.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

const countUpdate = (scope: OrgScope, id: string, version: number, extra: Prisma.StockCountUpdateManyMutationInput) =>
  async (tx: Tx, to: CountStatus, from: CountStatus) =>
    (await tx.stockCount.updateMany({
      where: { organizationId: scope.orgId, id, status: from, version },
      data: { ...extra, status: to, version: { increment: 1 }, updatedBy: scope.userId || null },
    })).count;

async function countedLines(tx: Tx, scope: OrgScope, id: string) {
  return tx.stockCountLine.count({ where: { organizationId: scope.orgId, countId: id, countedQty: { not: null } } });
}

export async function reviewCount(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const c = await countOr404(tx, scope, input.id);
  await countMachine.apply(tx, scope, {
    transition: "review",
    entity: { id: c.id, status: c.status as CountStatus, version: input.version, workspaceId: c.workspaceId },
    context: { counted: await countedLines(tx, scope, c.id) },
    update: countUpdate(scope, c.id, input.version, { reviewedAt: new Date() }),
  });
  return getCount(tx, scope, { id: c.id });
}

export async function reopenCount(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const c = await countOr404(tx, scope, input.id);
  await countMachine.apply(tx, scope, {
    transition: "reopen",
    entity: { id: c.id, status: c.status as CountStatus, version: input.version, workspaceId: c.workspaceId },
    update: countUpdate(scope, c.id, input.version, { reviewedAt: null }),
  });
  return getCount(tx, scope, { id: c.id });
}

export async function cancelCount(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  const c = await countOr404(tx, scope, input.id);
  await countMachine.apply(tx, scope, {
    transition: "cancel",
    reason: input.reason,
    entity: { id: c.id, status: c.status as CountStatus, version: input.version, workspaceId: c.workspaceId },
    update: countUpdate(scope, c.id, input.version, { cancelledAt: new Date() }),
  });
  return getCount(tx, scope, { id: c.id });
}

/**
 * Posts a count in review: for every counted line, the level is locked and brought to the counted quantity with one
 * `count` move (source document inventory.stock_count = this count) of counted − on hand now; uncounted lines and
 * lines without a difference write nothing. Lines go in (item, location) order. A refused move (e.g. counted below
 * what is reserved) fails the whole posting with the line's number: no move, the count stays in review.
 */
export async function postCount(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const c = await countOr404(tx, scope, input.id);
  await countMachine.apply(tx, scope, {
    transition: "post",
    entity: { id: c.id, status: c.status as CountStatus, version: input.version, workspaceId: c.workspaceId },
    update: async (t, to, from) => {
      const n = await countUpdate(scope, c.id, input.version, { postedAt: new Date() })(t, to, from);
      if (n !== 1) return n;
      const lines = await t.stockCountLine.findMany({
        where: { organizationId: scope.orgId, countId: c.id, countedQty: { not: null } },
        include: { item: { select: { sku: true, serialControl: true } } },
      });
      // Serial lines: refuse first (extra serials recorded elsewhere), before any move.
      const serialLines = lines.filter((l) => l.item.serialControl);
      let sctx: SerialContext | null = null;
      if (serialLines.length) {
        sctx = { rows: await serials.serialRows(t, scope, c.id), found: await serials.foundKeys(t, scope, c.id), warehouseId: c.warehouseId };
        const refused = serials.refusals(serialLines.map((l) => ({ ...l, sku: l.item.sku })), sctx.rows, c.warehouseId);
        if (refused) throw refused;
      }
      lines.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : a.lineNo - b.lineNo));
      // Runs of non-serial lines post in batches (postCountedRun); a serial line keeps its own path. Runs and serial
      // lines go in the one (item, location) order: serial and non-serial items never share a level or a cost row.
      let run: typeof lines = [];
      for (const l of lines) {
        if (!l.item.serialControl) {
          run.push(l);
          continue;
        }
        await postCountedRun(t, scope, c, run);
        run = [];
        const lotId = l.lotId ?? (l.lotNumber
          ? (await t.lot.findFirst({ where: { organizationId: scope.orgId, itemId: l.itemId, lotNumber: l.lotNumber }, select: { id: true } }))?.id ?? null
          : null);
        const level = await t.$queryRaw<{ onHand: Prisma.Decimal }[]>`
          select on_hand_qty as "onHand" from inventory.stock_levels
           where organization_id = ${scope.orgId}::uuid and item_id = ${l.itemId}::uuid and location_id = ${l.locationId}::uuid
             and variant_id is not distinct from ${l.variantId}::uuid and lot_id is not distinct from ${lotId}::uuid
           for update`;
        const onHand = level[0]?.onHand ?? D(0);
        const moved = await serials.postSerialLine(t, scope, c, l, sctx!.rows, sctx!.found);
        await t.stockCountLine.update({
          where: { organizationId_id: { organizationId: scope.orgId, id: l.id } },
          data: { postingOnHandQty: onHand, postedQty: moved, updatedBy: scope.userId || null },
        });
      }
      await postCountedRun(t, scope, c, run);
      // The posted count's lines with a difference, frozen now (THE definition, status 'posted': what was posted).
      await t.$executeRaw`
        update inventory.stock_count_totals t
           set difference_count = (select count(*)::int from inventory.stock_count_lines cl ${LEVEL_JOIN}
                                    where cl.organization_id = t.organization_id and cl.count_id = t.count_id and ${hasDifference(sql`'posted'`)})
         where t.organization_id = ${scope.orgId}::uuid and t.count_id = ${c.id}::uuid`;
      return n;
    },
  });
  return getCount(tx, scope, { id: c.id });
}

type CountedLine = { id: string; lineNo: number; itemId: string; variantId: string | null; locationId: string; lotId: string | null;
  lotNumber: string | null; unitCost: Prisma.Decimal; countedQty: Prisma.Decimal | null };

/**
 * Posts counted non-serial lines (in (item, location) order) in chunks of stock.POST_MOVES_CHUNK, each in three
 * statements whatever its size: (1) ONE select that locks and reads, in line order, every line's level and, after an
 * item's last line of the chunk, the item's cost row — the per-item order (levels → cost row) that line-by-line
 * posting and documents take, so no new cross-item lock cycle; (2) ONE stock.postMoves of the `count` moves of the
 * lines with a difference (counted − on hand now, under the lock); (3) ONE update recording each line's on hand at
 * posting, posted quantity and move. Stock added is valued at the item's average at the move (the posting function
 * reads it under the cost row's lock) — or, when the item has no cost row yet, at the line's snapshot cost — exactly
 * what the line-by-line posting passed. A refusal names its line (lineError), as before.
 */
async function postCountedRun(tx: Tx, scope: OrgScope, c: { id: string; number: string }, lines: readonly CountedLine[]) {
  const costed = new Set<string>();
  for (let start = 0; start < lines.length; start += stock.POST_MOVES_CHUNK) {
    const chunk = lines.slice(start, start + stock.POST_MOVES_CHUNK);
    const targets = chunk.flatMap((l, i) => {
      const level = { item: l.itemId, variant: l.variantId, location: l.locationId, lot: l.lotId, lotNumber: l.lotId ? null : l.lotNumber, cost: false };
      return chunk[i + 1]?.itemId === l.itemId ? [level] : [level, { ...level, variant: null, location: null, lot: null, lotNumber: null, cost: true }];
    });
    const locked = await tx.$queryRaw<{ onHand: Prisma.Decimal | null; hasCost: boolean | null }[]>`
      select case when not k.cost then
               (select s.on_hand_qty from inventory.stock_levels s
                 where s.organization_id = ${scope.orgId}::uuid and s.item_id = k.item and s.location_id = k.location
                   and s.variant_id is not distinct from k.variant
                   and s.lot_id is not distinct from coalesce(k.lot, (select lt.id from inventory.lots lt
                                                                       where lt.organization_id = ${scope.orgId}::uuid and lt.item_id = k.item and lt.lot_number = k.lot_number))
                 for update of s) end as "onHand",
             case when k.cost then
               coalesce((select true from inventory.item_costs ic where ic.organization_id = ${scope.orgId}::uuid and ic.item_id = k.item for update of ic), false) end as "hasCost"
        from unnest(${targets.map((x) => x.item)}::uuid[], ${targets.map((x) => x.variant)}::uuid[], ${targets.map((x) => x.location)}::uuid[],
                    ${targets.map((x) => x.lot)}::uuid[], ${targets.map((x) => x.lotNumber)}::text[], ${targets.map((x) => x.cost)}::boolean[])
             with ordinality as k(item, variant, location, lot, lot_number, cost, n)
       order by k.n`;
    const onHand: Prisma.Decimal[] = [];
    for (const [i, r] of locked.entries()) {
      if (targets[i]!.cost) {
        if (r.hasCost) costed.add(targets[i]!.item);
      } else onHand.push(r.onHand ?? D(0));
    }
    const deltas = chunk.map((l, i) => l.countedQty!.minus(onHand[i]!));
    const moving = chunk.flatMap((l, i) => (deltas[i]!.isZero() ? [] : [i]));
    const moveLines = moving.map((i): TPostMoveLine => {
      const l = chunk[i]!;
      const delta = deltas[i]!;
      // Without a cost row yet (a first move of the item creates it), the line's snapshot cost, as before.
      const unitCost = delta.greaterThan(0) && !costed.has(l.itemId) ? l.unitCost.toFixed(6) : undefined;
      costed.add(l.itemId);
      return {
        kind: "adjust", itemId: l.itemId, variantId: l.variantId, locationId: l.locationId, quantity: qtyText(delta), unitCost,
        lotNumber: l.lotNumber ?? undefined, moveType: "count", sourceDocumentType: "inventory.stock_count", sourceDocumentId: c.id, note: c.number,
      };
    });
    const moves = await stock.postMoves(tx, scope, moveLines).catch((e: unknown) => {
      const i = stock.moveLineIndex(e);
      throw i === undefined ? e : lineError(e, chunk[moving[i]!]!.lineNo);
    });
    const moveIds: (string | null)[] = chunk.map(() => null);
    for (const [j, i] of moving.entries()) moveIds[i] = moves[j]!.id;
    const updated = await tx.$executeRaw`
      update inventory.stock_count_lines l
         set posting_on_hand_qty = u.on_hand, posted_qty = u.posted, move_id = u.move_id,
             updated_by = ${scope.userId || null}::uuid, updated_at = ${new Date()}::timestamptz
        from unnest(${chunk.map((l) => l.id)}::uuid[], ${onHand.map((q) => q.toFixed())}::numeric[], ${deltas.map((q) => q.toFixed())}::numeric[],
                    ${moveIds}::uuid[]) as u(id, on_hand, posted, move_id)
       where l.organization_id = ${scope.orgId}::uuid and l.id = u.id`;
    if (updated !== chunk.length) throw new Error(`recorded ${updated} of ${chunk.length} posted count lines`);
  }
}

/** A stock service's error, moved onto the count line (lines.<n-1>.countedQty) with the line's number. */
function lineError(e: unknown, lineNo: number): unknown {
  if (!(e instanceof AppError)) return e;
  const messages = Object.values(e.fieldErrors ?? {}).flat();
  const text = `Line ${lineNo}: ${messages[0] ?? e.message}`;
  return new AppError(e.code, text, { [`lines.${lineNo - 1}.countedQty`]: [text] });
}

// ---------------------------------------------------------------------------------------------------------------
// List (STYLE.md list contract): keyset by number (newest first by default), filters status and warehouse, q = the
// number from its start. Differences are withheld for blind counts still counting.

export interface CountListRow {
  id: string;
  number: string;
  status: string;
  workspaceId: string;
  warehouseCode: string;
  locationCode: string | null;
  locationCodeFrom: string | null;
  locationCodeTo: string | null;
  categoryName: string | null;
  blind: boolean;
  lineCount: number;
  countedCount: number;
  /** null with `differenceHidden`: "blind" (a blind count still counting), "large" (see LIST_LIVE_DIFFERENCES_MAX). */
  differenceCount: number | null;
  differenceHidden: "blind" | "large" | null;
  createdAt: Date;
  postedAt: Date | null;
  version: number;
}


export async function listCounts(tx: Tx, scope: OrgScope, input: TListCountsInput): Promise<ListOutput<CountListRow>> {
  const { parts, warehouseIds, keyset, order } = numberedListQuery(scope, input, COUNT_STATUSES, "Counts");
  if (warehouseIds) parts.push(warehouseIds.length ? sql`d.warehouse_id = any(${warehouseIds}::uuid[])` : sql`false`);
  const where = and(parts);
  const from = sql`from inventory.stock_counts d`;
  // Lines and counted lines from the count's totals row (kept by triggers), a posted count's differences frozen there
  // at posting; an open (or cancelled) count's compare with on hand NOW: one aggregate over its counted lines joined
  // with their levels, evaluated only for the page's counts that show it (not for blind counts still counting, nor
  // above LIST_LIVE_DIFFERENCES_MAX counted lines).
  const rows = await tx.$queryRaw<CountListRow[]>`
    select d.id::text as id, d.number, d.status::text as status, d.workspace_id::text as "workspaceId",
           (select w.code from inventory.warehouses w where w.organization_id = d.organization_id and w.id = d.warehouse_id) as "warehouseCode",
           (select l.code from inventory.locations l where l.organization_id = d.organization_id and l.id = d.location_id) as "locationCode",
           d.location_code_from as "locationCodeFrom", d.location_code_to as "locationCodeTo",
           (select c.name from inventory.categories c where c.organization_id = d.organization_id and c.id = d.category_id) as "categoryName",
           d.blind, coalesce(t.line_count, 0) as "lineCount", coalesce(t.counted_count, 0) as "countedCount",
           case when d.blind and d.status = 'counting' then null
                when d.status = 'posted' then t.difference_count
                when coalesce(t.counted_count, 0) > ${LIST_LIVE_DIFFERENCES_MAX} then null
                else (select count(*)::int from inventory.stock_count_lines cl ${LEVEL_JOIN}
                       where cl.organization_id = d.organization_id and cl.count_id = d.id and cl.counted_qty is not null
                         and ${hasDifference(sql`d.status::text`, sql`coalesce(t.has_serials, true)`)}) end as "differenceCount",
           case when d.blind and d.status = 'counting' then 'blind'
                when d.status <> 'posted' and coalesce(t.counted_count, 0) > ${LIST_LIVE_DIFFERENCES_MAX} then 'large' end as "differenceHidden",
           d.created_at as "createdAt", d.posted_at as "postedAt", d.version
      ${from}
      left join inventory.stock_count_totals t on t.organization_id = d.organization_id and t.count_id = d.id
     where ${where} and ${keyset} ${order} limit ${input.perPage + 1}`;
  return numberedListPage(tx, input, rows, { from, where });
}
