// Reads of the stock: on hand by item / location / lot (keyset pages), an item's ledger with its running balance
// and the consistency check (levels and costs against Σ ledger). The valuation as of a date is `inventory.valuation`
// (reports.service.ts). Workspace visibility comes from RLS on levels and moves (visible_workspace) and the explicit
// organization filter.
import { Prisma } from "@/generated/prisma/client";
import { encodeCursor, type ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { badRequest, readCursor, sql, and, cappedCount, type Sql, enumIds } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { notFound } from "@/server/kernel/errors";
import type { CheckKind, TLedgerInput, TOnHandInput } from "./inventory.schemas";
import { ZLedgerInput } from "./inventory.schemas";
import { qtyText } from "./stock.service";


export interface OnHandRow {
  id: string;
  itemId: string;
  sku: string;
  itemName: string;
  variantId: string | null;
  warehouseId: string;
  warehouseCode: string;
  locationId: string;
  locationCode: string;
  lotId: string | null;
  lotNumber: string | null;
  expiresOn: Date | null;
  onHand: string;
  reserved: string;
  available: string;
}

type RawOnHand = Omit<OnHandRow, "onHand" | "reserved" | "available"> & { onHand: Prisma.Decimal; reserved: Prisma.Decimal; available: Prisma.Decimal };

/**
 * Levels with stock or reservations, by item SKU then level (keyset). Filters: item, location, warehouse ids.
 * Item-driven (as the stock report): items in SKU order through `(organization_id, sku)`, each item's levels through
 * the level index on `(organization_id, item_id, …)` — a page reads about as many items as it shows, never every level
 * of a warehouse sorted. The capped count only when asked (`withTotal: true`) or free (a first page holding every row).
 */
export async function onHand(tx: Tx, scope: OrgScope, input: TOnHandInput): Promise<ListOutput<OnHandRow>> {
  const f = input.filters ?? {};
  const level: Sql[] = [sql`(s.on_hand_qty <> 0 or s.reserved_qty <> 0)`];
  const itemParts: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`];
  const item = enumIds(f.item);
  const location = enumIds(f.location);
  const warehouse = enumIds(f.warehouse);
  if (item) itemParts.push(item.length ? sql`i.id = any(${item}::uuid[])` : sql`false`);
  if (location) level.push(location.length ? sql`s.location_id = any(${location}::uuid[])` : sql`false`);
  if (warehouse) level.push(warehouse.length ? sql`l.warehouse_id = any(${warehouse}::uuid[])` : sql`false`);
  const q = input.q?.trim();
  if (q) itemParts.push(sql`i.sku >= ${q} and i.sku < ${q + "\uffff"}`);
  const desc = input.sort?.desc ?? false;
  if (input.page !== undefined) throw badRequest("page", "The stock on hand pages by cursor.");
  // Keyset: items from the cursor's SKU on (the items index's range start; sku is unique per organization), and of the
  // cursor's item only the levels after the cursor's level.
  let itemFrom: Sql = sql`true`;
  let levelAfter: Sql = sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    itemFrom = desc ? sql`i.sku <= ${c.sortValue}` : sql`i.sku >= ${c.sortValue}`;
    levelAfter = desc ? sql`(i.sku < ${c.sortValue} or s.id < ${c.id}::uuid)` : sql`(i.sku > ${c.sortValue} or s.id > ${c.id}::uuid)`;
  }
  const dir = desc ? sql`desc` : sql`asc`;
  const levels = sql`inventory.stock_levels s
        join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
       where s.organization_id = i.organization_id and s.item_id = i.id and ${and(level)}`;
  // The page's items first (those with a level left to show, in SKU order; perPage + 1 of them, as each gives at least
  // one row), then their levels. The lateral count per item keeps the planner on the items index under the limit
  // (a join of every level of the warehouse sorted by SKU took ~5 s at 450,000 levels).
  const pageItems = sql`select i.organization_id, i.id, i.sku, i.name from inventory.items i
      cross join lateral (select count(*) as n from ${levels} and ${levelAfter}) c
     where ${and(itemParts)} and ${itemFrom} and c.n > 0
     order by i.sku ${dir} limit ${input.perPage + 1}`;
  const rows = await tx.$queryRaw<RawOnHand[]>`
    select s.id::text as id, i.id::text as "itemId", i.sku, i.name as "itemName", s.variant_id::text as "variantId",
           w.id::text as "warehouseId", w.code as "warehouseCode", s.location_id::text as "locationId", s.location_code as "locationCode",
           s.lot_id::text as "lotId", t.lot_number as "lotNumber", t.expires_on as "expiresOn",
           s.on_hand_qty as "onHand", s.reserved_qty as reserved, s.available_qty as available
      from (${pageItems}) i
      cross join lateral (
        select s.id, s.variant_id, s.lot_id, s.on_hand_qty, s.reserved_qty, s.available_qty, l.id as location_id, l.code as location_code, l.warehouse_id
          from ${levels} and ${levelAfter}) s
      join inventory.warehouses w on w.organization_id = i.organization_id and w.id = s.warehouse_id
      left join inventory.lots t on t.organization_id = i.organization_id and t.id = s.lot_id
     order by i.sku ${dir}, s.id ${dir} limit ${input.perPage + 1}`;
  const more = rows.length > input.perPage;
  const page = rows.slice(0, input.perPage).map((r) => ({ ...r, onHand: qtyText(r.onHand), reserved: qtyText(r.reserved), available: qtyText(r.available) }));
  const out: ListOutput<OnHandRow> = { rows: page };
  const last = page.at(-1);
  if (more && last) out.nextCursor = encodeCursor(last.sku, last.id);
  if (!input.cursor && !more) Object.assign(out, { total: page.length, totalCapped: false });
  else if (!input.cursor && input.withTotal === true)
    Object.assign(out, await cappedCount(tx, sql`from inventory.items i cross join lateral (select s.id from ${levels}) s where ${and(itemParts)}`));
  return out;
}

export interface LedgerRow {
  id: string;
  moveType: string;
  movedAt: Date;
  fromLocationId: string | null;
  fromLocationCode: string | null;
  toLocationId: string | null;
  toLocationCode: string | null;
  lotNumber: string | null;
  serialNumber: string | null;
  quantity: string;
  /** Signed change of the balance shown (in the location when filtered, else in the organization's stock). */
  change: string;
  balance: string;
  unitCost: string;
  value: string;
  reversalOfMoveId: string | null;
  sourceDocumentType: string | null;
  sourceDocumentId: string | null;
}

/** An item's moves in time order with the running balance (of one location, or of the stock the member sees). */
export async function ledger(tx: Tx, scope: OrgScope, raw: TLedgerInput): Promise<{ rows: LedgerRow[]; nextCursor?: string }> {
  const input = ZLedgerInput.parse(raw);
  const loc = input.locationId ?? null;
  const change = loc
    ? sql`case when m.to_location_id = ${loc}::uuid then m.quantity when m.from_location_id = ${loc}::uuid then -m.quantity else 0 end`
    : sql`case when m.from_location_id is null then m.quantity when m.to_location_id is null then -m.quantity else 0 end`;
  const locFilter = loc ? sql`and (m.from_location_id = ${loc}::uuid or m.to_location_id = ${loc}::uuid)` : sql``;
  // The page's moves first (keyset on the ledger index), then their running balance: Σ change of the moves before the
  // page (an index-only range over the covering index stock_moves_valuation_idx; 0 on the first page) + a window over
  // the page. A window over every move of the item, filtered to the page afterwards, cost O(the item's moves) per page
  // with the location, lot and serial joins for each (a hot item's ~4,700 moves: 25–33 ms for 50 rows). The page's
  // location codes, lot and serial numbers are looked up per move (primary keys): joined, the planner hashed every
  // location the member sees, twice (2 × ~4,200 at full scale: ~9 ms of a 10 ms statement for 51 moves); a lot or a
  // serial only for a move that has one (a scan of a small table per move costs more than the join did).
  let after: Sql = sql`true`;
  let upTo: Sql = sql`false`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string" || Number.isNaN(Date.parse(c.sortValue))) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    after = sql`(m.moved_at, m.id) > (${c.sortValue}::timestamptz, ${c.id}::uuid)`;
    upTo = sql`(m.moved_at, m.id) <= (${c.sortValue}::timestamptz, ${c.id}::uuid)`;
  }
  const itemMoves = sql`m.organization_id = ${scope.orgId}::uuid and m.item_id = ${input.itemId}::uuid ${locFilter}`;
  const rows = await tx.$queryRaw<(Omit<LedgerRow, "quantity" | "change" | "balance" | "unitCost" | "value"> & Record<"quantity" | "change" | "balance" | "unitCost" | "value", Prisma.Decimal> & { cursorAt: string })[]>`
    with page as (
      select m.* from inventory.stock_moves m where ${itemMoves} and ${after} order by m.moved_at, m.id limit ${input.perPage + 1}
    ), before as (
      select coalesce(sum(${change}), 0) as balance from inventory.stock_moves m where ${itemMoves} and ${upTo}
    )
    select m.id::text as id, m.move_type::text as "moveType", m.moved_at as "movedAt",
           to_char(m.moved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt",
           m.from_location_id::text as "fromLocationId",
           (select l.code from inventory.locations l where l.organization_id = m.organization_id and l.id = m.from_location_id) as "fromLocationCode",
           m.to_location_id::text as "toLocationId",
           (select l.code from inventory.locations l where l.organization_id = m.organization_id and l.id = m.to_location_id) as "toLocationCode",
           case when m.lot_id is not null then (select t.lot_number from inventory.lots t where t.organization_id = m.organization_id and t.id = m.lot_id) end as "lotNumber",
           case when m.serial_id is not null then (select sr.serial_number from inventory.serials sr where sr.organization_id = m.organization_id and sr.id = m.serial_id) end as "serialNumber",
           m.quantity, ${change} as change,
           (select b.balance from before b) + sum(${change}) over (order by m.moved_at, m.id) as balance, m.unit_cost as "unitCost", m.value,
           m.reversal_of_move_id::text as "reversalOfMoveId", m.source_document_type as "sourceDocumentType", m.source_document_id::text as "sourceDocumentId"
      from page m
     order by m.moved_at, m.id`;
  // The item and the location are looked up only when no move answers (one statement for a page with moves): a move
  // exists only for an item of the organization (foreign key), and a move the member sees names only locations of
  // its own workspace ((organization, location, workspace) foreign keys), which RLS lets them see too.
  if (!rows.length) await ledgerRefs(tx, scope, input.itemId, loc);
  const more = rows.length > input.perPage;
  // The cursor carries the move time to the microsecond (a JS Date keeps milliseconds: moves in the same millisecond
  // would repeat or be skipped on the next page).
  const lastRaw = rows.length > input.perPage ? rows[input.perPage - 1] : undefined;
  const page: LedgerRow[] = rows.slice(0, input.perPage).map(({ cursorAt: _cursorAt, ...r }) => ({
    ...r, quantity: qtyText(r.quantity), change: qtyText(r.change), balance: qtyText(r.balance),
    unitCost: new Prisma.Decimal(r.unitCost).toFixed(6), value: new Prisma.Decimal(r.value).toFixed(2),
  }));
  return more && lastRaw ? { rows: page, nextCursor: encodeCursor(lastRaw.cursorAt, lastRaw.id) } : { rows: page };
}

/** NOT_FOUND for an item of another organization, or a location of another organization or workspace (RLS). */
async function ledgerRefs(tx: Tx, scope: OrgScope, itemId: string, locationId: string | null): Promise<void> {
  const [found] = await tx.$queryRaw<{ item: boolean; location: boolean }[]>`
    select exists (select from inventory.items i where i.organization_id = ${scope.orgId}::uuid and i.id = ${itemId}::uuid) as item,
           ${locationId}::uuid is null
           or exists (select from inventory.locations l where l.organization_id = ${scope.orgId}::uuid and l.id = ${locationId}::uuid) as location`;
  if (!found?.item) throw notFound("Item not found");
  if (!found.location) throw notFound("Location not found");
}

export interface CheckRow {
  kind: CheckKind;
  itemId: string | null;
  /** The item's SKU (null for a warehouse's or the organization's totals). */
  sku: string | null;
  variantId: string | null;
  /** A level's location, or a warehouse_* row's warehouse. */
  locationId: string | null;
  /** "WAREHOUSE / LOCATION" for a level, the warehouse code for warehouse_* kinds. */
  place: string | null;
  lotId: string | null;
  recorded: string;
  ledger: string;
}

const ORGANIZATION_WIDE = (kind: CheckKind) => kind.startsWith("cost_") || kind.startsWith("organization_");

/**
 * inventory.check_levels: the rows where a stock level, an item's cost position or a stock counter differs from what
 * it is derived from (CHECK_KINDS); none when consistent. Levels and the warehouse counters are compared over what
 * the member sees; the organization-wide kinds only when the member sees every workspace (else a partial ledger would
 * differ from them by design). Each row names its item's SKU and its location or warehouse.
 */
export async function checkLevels(tx: Tx, scope: OrgScope) {
  const rows = await tx.$queryRaw<{ kind: CheckKind; item_id: string | null; sku: string | null; variant_id: string | null; location_id: string | null; place: string | null; lot_id: string | null; recorded: Prisma.Decimal; ledger: Prisma.Decimal }[]>`
    select c.kind, c.item_id::text, i.sku, c.variant_id::text, c.location_id::text,
           case when c.kind like 'warehouse%' then w.code else lw.code || ' / ' || l.code end as place,
           c.lot_id::text, c.recorded, c.ledger
      from inventory.check_levels(${scope.orgId}::uuid) c
      left join inventory.items i on i.organization_id = ${scope.orgId}::uuid and i.id = c.item_id
      left join inventory.locations l on l.organization_id = ${scope.orgId}::uuid and l.id = c.location_id
      left join inventory.warehouses lw on lw.organization_id = ${scope.orgId}::uuid and lw.id = l.warehouse_id
      left join inventory.warehouses w on w.organization_id = ${scope.orgId}::uuid and w.id = c.location_id
     order by c.kind, i.sku, place`;
  const unseen = await tx.workspace.count({ where: { organizationId: scope.orgId, id: { notIn: scope.workspaceIds } } });
  const costsChecked = unseen === 0;
  const differences: CheckRow[] = rows
    .filter((r) => costsChecked || !ORGANIZATION_WIDE(r.kind))
    .map((r) => ({
      kind: r.kind, itemId: r.item_id, sku: r.sku, variantId: r.variant_id, locationId: r.location_id, place: r.place, lotId: r.lot_id,
      recorded: qtyText(r.recorded), ledger: qtyText(r.ledger),
    }));
  return { consistent: differences.length === 0, costsChecked, differences };
}
