// Inventory of the reference data set (issue 6, tables of migration 20261202140000_inventory_core), made by
// bench/generate.ts after the CRM phases, in the same deterministic, set-based way, as the table owner inside the
// organization's RLS scope (FORCE RLS: app.org_id and every workspace of the organization are set by runPhase).
//
// Per organization: units of measure (pcs, kg, m — bench organizations have none), a three-level category tree
// (8 × 6 × 5: 296 categories, items in the 240 leaves), items, warehouses with zone / aisle / bin trees, lots, the
// ledger (inventory.stock_moves) and what the services keep in step with it: inventory.stock_levels and
// inventory.item_costs, computed from the ledger itself (Σ per item × location × lot; Σ quantity and value per item),
// so both are exactly consistent with it — runPhase then runs inventory.check_levels and rolls everything back if it
// reports a difference.
//
// How the ledger stays realistic and valid without replaying 5,000,000 moves one by one:
//   - Moves come in streams of 12 on one item × bin (× lot for lot-controlled items), a few days apart, the streams
//     spread over two years. Every 4th move of a stream (k = 0, 4, 8) is a receipt of 30–100 units; the three moves
//     after it take 1–10 units each out of that bin (issue 73 %, transfer to another bin of the warehouse 16 %,
//     adjustment / count down 5.5 %) or add some (adjustment / count up 5.5 %). A stream's running balance therefore
//     never drops below zero, and neither does any level (a sum of such streams and of transfers in): the warehouses
//     forbid negative stock, as the services would.
//   - Receipts are at the item's standard cost, so the moving average never changes and an issue's value is exactly
//     −round(q × cost, 2) as issue() would write it; item_costs.value is Σ ledger value, its average the cost.
//   - Overall mix: receipts 25 %, issues ~55 %, transfers ~12 %, adjustments and counts ~8 %.
//   - Item popularity is skewed (a stream picks its item with power 1.6: the busiest items have a few thousand moves,
//     a fifth of the stocked items none); warehouses of the big organization by weight 45 / 15 / 20 / 20 %.
// Not generated: variants, serials, reservations, stock documents (adjustments / transfers headers), barcodes.
import type pg from "pg";

export const INVENTORY_TABLES = [
  "inventory.items",
  "inventory.categories",
  "inventory.warehouses",
  "inventory.locations",
  "inventory.lots",
  "inventory.stock_moves",
  "inventory.stock_levels",
  "inventory.item_costs",
];

interface Org {
  id: string;
  slug: string;
  big: boolean;
  workspaceIds: string[];
  ownerUserId: string;
}
interface Helpers {
  u: (key: string, seed: number) => string;
  pick: (xs: readonly string[], key: string, seed: number, power?: number) => string;
}
export interface InventorySizes {
  items: number;
  moves: number;
}

const ROOTS = ["Electrical", "Fasteners", "Hydraulics", "Tools", "Packaging", "Chemicals", "Electronics", "Safety"];
const PREFIX = ["EL", "FS", "HY", "TL", "PK", "CH", "EC", "SF"];
const SUB = ["Standard", "Industrial", "Heavy-duty", "Precision", "Compact", "Premium"];
const GRADE = ["Grade A", "Grade B", "Economy", "Professional", "Spare parts"];
const ADJ = ["Heavy-duty", "Compact", "Standard", "Precision", "Industrial", "Marine", "Hi-temp", "Low-profile", "Reinforced", "Flexible", "Quick-release", "Sealed"];
const MATERIAL = ["steel", "stainless", "aluminium", "brass", "copper", "plastic", "nylon", "rubber", "carbon", "ceramic", "zinc-plated", "galvanised"];
const NOUN = `bolt nut washer bracket cable connector valve pump hose fitting sensor switch relay motor bearing gear belt
  filter gasket seal box tape glove helmet drill saw wrench clamp pipe panel fuse breaker terminal spring pin rivet
  anchor hinge latch caster wheel`.split(/\s+/);
const TAGS = ["fast-moving", "bulky", "fragile", "hazardous", "imported", "seasonal", "spare", "consumable"];

const STREAM = 12; // moves per stream (3 periods of receipt + 3 moves out or in)
const DAYS = 730; // the ledger spans two years up to now

/** Warehouses (code, name, workspace index, weight) and their layout: zones × aisles × bins per aisle. */
function layout(org: Org) {
  const ws = org.workspaceIds;
  if (org.big)
    return {
      warehouses: [
        { code: "WH-HQ1", name: "Central warehouse", ws: ws[0]!, weight: 0.45 },
        { code: "WH-HQ2", name: "Overflow warehouse", ws: ws[0]!, weight: 0.15 },
        { code: "WH-EAST", name: "East distribution centre", ws: ws[1] ?? ws[0]!, weight: 0.2 },
        { code: "WH-WEST", name: "West distribution centre", ws: ws[2] ?? ws[0]!, weight: 0.2 },
      ],
      zones: 4,
      aisles: 10,
      bins: 25,
    };
  return { warehouses: [{ code: "MAIN", name: "Main warehouse", ws: ws[0]!, weight: 1 }], zones: 2, aisles: 3, bins: 5 };
}

/** Loads one organization's inventory; `c` is in runPhase's transaction, scoped to `org`. */
export async function insertInventory(c: pg.Client, org: Org, size: InventorySizes, h: Helpers): Promise<Record<string, number>> {
  const { u, pick } = h;
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(",")}]`;
  const out: Record<string, number> = {};

  // Units: the bench organizations were created without the demo settings.
  await c.query(
    `insert into settings.units_of_measure (organization_id, id, code, name, category, factor, decimals, is_base, created_by, updated_by)
     select $1::uuid, uuidv7(), x.code, x.name, x.category::settings.unit_category, 1, x.decimals, true, $2::uuid, $2::uuid
       from (values ('pcs', 'Pieces', 'count', 0), ('kg', 'Kilogram', 'mass', 3), ('m', 'Metre', 'length', 3)) x(code, name, category, decimals)
     on conflict do nothing`,
    [org.id, org.ownerUserId],
  );
  const units = await c.query<{ code: string; id: string }>("select code, id from settings.units_of_measure where organization_id = $1 and code in ('pcs', 'kg', 'm')", [org.id]);
  const unit = Object.fromEntries(units.rows.map((r) => [r.code, r.id]));
  if (!unit.pcs || !unit.kg || !unit.m) throw new Error(`${org.slug}: units pcs, kg, m missing`);

  // Categories: 8 roots × 6 children × 5 grandchildren; codes C<r>, C<r>-<c>, C<r>-<c>-<g>.
  let r = await c.query(
    `insert into inventory.categories (organization_id, id, parent_id, code, name, sort_order, created_by, updated_by)
     select $1::uuid, uuidv7(), null, 'C' || i, (${arr(ROOTS)})[i], i, $2::uuid, $2::uuid from generate_series(1, ${ROOTS.length}) i`,
    [org.id, org.ownerUserId],
  );
  let cats = r.rowCount ?? 0;
  r = await c.query(
    `insert into inventory.categories (organization_id, id, parent_id, code, name, sort_order, created_by, updated_by)
     select $1::uuid, uuidv7(), p.id, p.code || '-' || j, p.name || ' – ' || (${arr(SUB)})[j], j, $2::uuid, $2::uuid
       from inventory.categories p cross join generate_series(1, ${SUB.length}) j where p.organization_id = $1 and p.parent_id is null`,
    [org.id, org.ownerUserId],
  );
  cats += r.rowCount ?? 0;
  r = await c.query(
    `insert into inventory.categories (organization_id, id, parent_id, code, name, sort_order, created_by, updated_by)
     select $1::uuid, uuidv7(), p.id, p.code || '-' || j, p.name || ', ' || (${arr(GRADE)})[j], j, $2::uuid, $2::uuid
       from inventory.categories p cross join generate_series(1, ${GRADE.length}) j
      where p.organization_id = $1 and p.code ~ '^C[0-9]+-[0-9]+$'`,
    [org.id, org.ownerUserId],
  );
  cats += r.rowCount ?? 0;
  out.categories = cats;
  const leavesPerRoot = SUB.length * GRADE.length;
  await c.query("drop table if exists inv_cats");
  await c.query(
    `create temp table inv_cats as
     select (row_number() over (order by split_part(code, '-', 1), split_part(code, '-', 2)::int, split_part(code, '-', 3)::int))::int as n, id
       from inventory.categories where organization_id = $1 and code ~ '^C[0-9]+-[0-9]+-[0-9]+$'`,
    [org.id],
  );
  await c.query("alter table inv_cats add primary key (n)");

  // Items.
  const g = "g";
  const leaf = `(1 + (hashint8extended(g, 101) & 2147483647) % ${ROOTS.length * leavesPerRoot})::int`;
  const type = `case when ${u(g, 102)} < 0.60 then 'product' when ${u(g, 102)} < 0.85 then 'material' when ${u(g, 102)} < 0.95 then 'manufactured'
                     when ${u(g, 102)} < 0.99 then 'service' else 'digital' end`;
  const status = `case when ${u(g, 103)} < 0.90 then 'active' when ${u(g, 103)} < 0.95 then 'inactive' when ${u(g, 103)} < 0.99 then 'discontinued' else 'obsolete' end`;
  const cost = `round((0.5 + power(${u(g, 104)}, 3) * 2000)::numeric, 2)`;
  r = await c.query(
    `insert into inventory.items (organization_id, id, sku, name, description, type, category_id, base_unit_id, status, make_or_buy,
       lead_time_days, list_price, standard_unit_cost, weight, specifications, tags, track_inventory, lot_control, shelf_life_days,
       archived_at, created_at, updated_at, created_by, updated_by)
     select $1::uuid, uuidv7(), (${arr(PREFIX)})[1 + (x.leaf - 1) / ${leavesPerRoot}] || '-' || lpad(g::text, 6, '0'),
       ${pick(ADJ, g, 105)} || ' ' || ${pick(MATERIAL, g, 106)} || ' ' || ${pick(NOUN, g, 107, 1.2)} || ' ' || (5 * (1 + (hashint8extended(g, 108) & 63)))::text || ' mm',
       case when ${u(g, 109)} < 0.1 then 'Generated for the benchmark.' end,
       x.type::inventory.item_type, cat.id,
       case when x.type in ('service', 'digital') or ${u(g, 110)} < 0.8 then $3::uuid when ${u(g, 110)} < 0.9 then $4::uuid else $5::uuid end,
       x.status::inventory.item_status, (case when x.type = 'manufactured' then 'make' else 'buy' end)::inventory.make_or_buy,
       case when ${u(g, 111)} < 0.7 then 1 + floor(${u(g, 112)} * 60)::int end,
       round((x.cost * (1.2 + ${u(g, 113)} * 0.8))::numeric, 2), x.cost,
       case when x.type not in ('service', 'digital') then round((0.01 + ${u(g, 114)} * 25)::numeric, 4) end,
       '{}'::jsonb,
       case when ${u(g, 115)} < 0.6 then '{}'::text[] else array[${pick(TAGS, g, 116)}] end,
       x.type not in ('service', 'digital'), x.lot, case when x.lot then 730 end,
       case when ${u(g, 117)} < 0.01 then now() - interval '1 day' * (g % 300) end,
       x.created, x.created, $2::uuid, $2::uuid
     from generate_series(1, $6::int) g
     cross join lateral (select ${type} as type, ${status} as status, ${cost} as cost, ${leaf} as leaf,
                                now() - interval '3 years' * (1 - g::float8 / $6::int) as created) x0
     cross join lateral (select x0.*, x0.type not in ('service', 'digital') and ${u(g, 118)} < 0.1 as lot) x
     join inv_cats cat on cat.n = x.leaf`,
    [org.id, org.ownerUserId, unit.pcs, unit.kg, unit.m, size.items],
  );
  out.items = r.rowCount ?? 0;
  // The stocked items in a random (deterministic) order: a stream's item is picked by position, skewed to the first.
  await c.query("drop table if exists inv_items");
  await c.query(
    `create temp table inv_items as
     select (row_number() over (order by md5(sku)))::int as n, id, standard_unit_cost as cost, lot_control
       from inventory.items where organization_id = $1 and track_inventory`,
    [org.id],
  );
  await c.query("alter table inv_items add primary key (n)");
  const stocked = Number((await c.query<{ n: string }>("select count(*) as n from inv_items")).rows[0]!.n);

  // Warehouses and locations: zones A.., aisles A-01.., bins A-01-01.. (bins hold the stock).
  const L = layout(org);
  for (const w of L.warehouses) {
    await c.query(
      `insert into inventory.warehouses (organization_id, id, workspace_id, code, name, address, created_by, updated_by)
       values ($1::uuid, uuidv7(), $2::uuid, $3, $4, null, $5::uuid, $5::uuid)`,
      [org.id, w.ws, w.code, w.name, org.ownerUserId],
    );
  }
  const zone = "chr(64 + z)";
  r = await c.query(
    `insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, parent_id, kind, code, name, created_by, updated_by)
     select w.organization_id, uuidv7(), w.id, w.workspace_id, null, 'zone', ${zone}, 'Zone ' || ${zone}, $2::uuid, $2::uuid
       from inventory.warehouses w cross join generate_series(1, ${L.zones}) z where w.organization_id = $1`,
    [org.id, org.ownerUserId],
  );
  let locations = r.rowCount ?? 0;
  r = await c.query(
    `insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, parent_id, kind, code, name, created_by, updated_by)
     select p.organization_id, uuidv7(), p.warehouse_id, p.workspace_id, p.id, 'aisle', p.code || '-' || lpad(a::text, 2, '0'), null, $2::uuid, $2::uuid
       from inventory.locations p cross join generate_series(1, ${L.aisles}) a where p.organization_id = $1 and p.kind = 'zone'`,
    [org.id, org.ownerUserId],
  );
  locations += r.rowCount ?? 0;
  r = await c.query(
    `insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, parent_id, kind, code, name, created_by, updated_by)
     select p.organization_id, uuidv7(), p.warehouse_id, p.workspace_id, p.id, 'bin', p.code || '-' || lpad(b::text, 2, '0'), null, $2::uuid, $2::uuid
       from inventory.locations p cross join generate_series(1, ${L.bins}) b where p.organization_id = $1 and p.kind = 'aisle'`,
    [org.id, org.ownerUserId],
  );
  locations += r.rowCount ?? 0;
  out.warehouses = L.warehouses.length;
  out.locations = locations;
  const perWarehouse = L.zones * L.aisles * L.bins;
  await c.query("drop table if exists inv_bins");
  await c.query(
    `create temp table inv_bins as
     select (array_position($2::text[], w.code) - 1)::int as wh, (row_number() over (partition by w.id order by l.code) - 1)::int as idx,
            l.id, l.workspace_id
       from inventory.locations l join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
      where l.organization_id = $1 and l.kind = 'bin'`,
    [org.id, L.warehouses.map((w) => w.code)],
  );
  await c.query("alter table inv_bins add primary key (wh, idx)");

  // Streams of 12 moves: item, bin, lot, start and spacing.
  const streams = Math.ceil(size.moves / STREAM);
  let acc = 0;
  const whCase = `case ${L.warehouses.map((w, i) => `when ${u("s", 121)} < ${(acc += w.weight).toFixed(4)} then ${i}`).join(" ")} else ${L.warehouses.length - 1} end`;
  await c.query("drop table if exists inv_streams");
  await c.query(
    `create temp table inv_streams as
     select s, it.id as item_id, it.cost, b.id as bin_id, b.workspace_id, b.wh, b.idx,
            case when it.lot_control then uuidv7() end as lot_id,
            ${u("s", 122)} * (${DAYS} - 61) as start_days, 1 + ${u("s", 123)} * 4 as step_days
       from generate_series(1, $1::int) s
       cross join lateral (select 1 + floor(power(${u("s", 120)}, 1.6) * $2::int)::int as item_n, ${whCase} as wh,
                                  floor(${u("s", 124)} * ${perWarehouse})::int as idx) x
       join inv_items it on it.n = x.item_n
       join inv_bins b on b.wh = x.wh and b.idx = x.idx`,
    [streams, stocked],
  );
  await c.query("alter table inv_streams add primary key (s)");
  await c.query("analyze inv_streams");
  r = await c.query(
    `insert into inventory.lots (organization_id, id, item_id, lot_number, expires_on, created_at, updated_at, created_by, updated_by)
     select $1::uuid, lot_id, item_id, 'L' || to_char(now() - interval '${DAYS} days' + interval '1 day' * start_days, 'YYMMDD') || '-' || s,
            (now() - interval '${DAYS} days' + interval '1 day' * start_days)::date + 730,
            now() - interval '${DAYS} days' + interval '1 day' * start_days, now() - interval '${DAYS} days' + interval '1 day' * start_days, $2::uuid, $2::uuid
       from inv_streams where lot_id is not null`,
    [org.id, org.ownerUserId],
  );
  out.lots = r.rowCount ?? 0;

  // The ledger.
  const kind = `case when p.k % 4 = 0 then 'receipt' when ${u(g, 131)} < 0.73 then 'issue' when ${u(g, 131)} < 0.89 then 'transfer'
                     when ${u(g, 131)} < 0.945 then 'down' else 'up' end`;
  r = await c.query(
    `insert into inventory.stock_moves (organization_id, id, workspace_id, item_id, variant_id, from_location_id, to_location_id, quantity,
       lot_id, serial_id, unit_cost, value, move_type, moved_at, created_at, created_by)
     select $1::uuid, uuidv7(), st.workspace_id, st.item_id, null,
       case when x.kind in ('issue', 'transfer', 'down') then st.bin_id end,
       case when x.kind in ('receipt', 'up') then st.bin_id when x.kind = 'transfer' then tb.id end,
       x.q, st.lot_id, null, st.cost,
       case when x.kind in ('receipt', 'up') then round(x.q * st.cost, 2) when x.kind = 'transfer' then 0 else -round(x.q * st.cost, 2) end,
       (case when x.kind in ('up', 'down') then case when ${u(g, 132)} < 0.3 then 'count' else 'adjustment' end else x.kind end)::inventory.move_type,
       x.at, x.at, $2::uuid
     from generate_series(1, $3::int) g
     cross join lateral (select (g - 1) / ${STREAM} + 1 as s, (g - 1) % ${STREAM} as k) p
     join inv_streams st on st.s = p.s
     cross join lateral (select ${kind} as kind,
                                case when p.k % 4 = 0 then 30 + floor(${u(g, 133)} * 71) else 1 + floor(${u(g, 134)} * 10) end::numeric as q,
                                now() - interval '${DAYS} days' + interval '1 day' * (st.start_days + p.k * st.step_days + ${u(g, 135)} * st.step_days * 0.5) as at) x
     left join inv_bins tb on x.kind = 'transfer' and tb.wh = st.wh
       and tb.idx = (st.idx + 1 + floor(${u(g, 136)} * ${perWarehouse - 1})::int) % ${perWarehouse}`,
    [org.id, org.ownerUserId, size.moves],
  );
  out.moves = r.rowCount ?? 0;

  // Levels and costs from the ledger (what the services would have kept in step, move by move).
  r = await c.query(
    `insert into inventory.stock_levels (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty, updated_at)
     select $1::uuid, uuidv7(), f.workspace_id, f.item_id, null, f.location_id, f.lot_id, sum(f.q), max(f.at)
       from (select workspace_id, item_id, to_location_id as location_id, lot_id, quantity as q, moved_at as at
               from inventory.stock_moves where organization_id = $1 and to_location_id is not null
             union all
             select workspace_id, item_id, from_location_id, lot_id, -quantity, moved_at
               from inventory.stock_moves where organization_id = $1 and from_location_id is not null) f
      group by f.workspace_id, f.item_id, f.location_id, f.lot_id`,
    [org.id],
  );
  out.levels = r.rowCount ?? 0;
  r = await c.query(
    `insert into inventory.item_costs (organization_id, item_id, quantity, value, average_unit_cost, updated_at)
     select $1::uuid, m.item_id,
            sum(case when m.from_location_id is null then m.quantity when m.to_location_id is null then -m.quantity else 0 end),
            sum(m.value), min(m.unit_cost), max(m.moved_at)
       from inventory.stock_moves m where m.organization_id = $1 group by m.item_id`,
    [org.id],
  );
  out.itemCosts = r.rowCount ?? 0;
  // The stock report's warehouse counters (migration 20261203080000_inventory_warehouse_stock_totals) from those
  // levels and costs, as the posting functions would have kept them; check_levels compares them too.
  const counters = await c.query<{ ok: boolean }>("select to_regprocedure('inventory.warehouse_stock_rebuild(uuid)') is not null as ok");
  if (counters.rows[0]!.ok) {
    await c.query("select inventory.warehouse_stock_rebuild($1::uuid)", [org.id]);
    out.warehouseItems = Number((await c.query<{ n: string }>("select count(*)::text as n from inventory.warehouse_items where organization_id = $1", [org.id])).rows[0]!.n);
  }
  // The same over every warehouse, from the cost rows (migration 20261203120000_inventory_organization_stock_totals).
  const orgCounters = await c.query<{ ok: boolean }>("select to_regprocedure('inventory.organization_stock_rebuild(uuid)') is not null as ok");
  if (orgCounters.rows[0]!.ok) await c.query("select inventory.organization_stock_rebuild($1::uuid)", [org.id]);
  for (const t of ["inv_cats", "inv_items", "inv_bins", "inv_streams"]) await c.query(`drop table ${t}`);
  return out;
}

/**
 * inventory.check_levels for the organization (levels and costs against Σ ledger): throws with the first differences
 * when there are any. Called by runPhase before COMMIT, so an inconsistent data set is never kept.
 */
export async function checkInventory(c: pg.Client, org: { id: string; slug: string }): Promise<void> {
  const r = await c.query<{ kind: string; item_id: string; location_id: string | null; recorded: string; ledger: string }>(
    "select kind, item_id::text, location_id::text, recorded::text, ledger::text from inventory.check_levels($1::uuid)",
    [org.id],
  );
  if (r.rowCount) {
    const sample = r.rows.slice(0, 5).map((x) => `${x.kind} item ${x.item_id}${x.location_id ? ` at ${x.location_id}` : ""}: recorded ${x.recorded}, ledger ${x.ledger}`);
    throw new Error(`inventory.check_levels(${org.slug}) reports ${r.rowCount} difference(s):\n  ${sample.join("\n  ")}`);
  }
  const neg = await c.query<{ n: string }>(
    "select count(*) as n from inventory.stock_levels where organization_id = $1 and (on_hand_qty < 0 or reserved_qty > on_hand_qty)",
    [org.id],
  );
  if (Number(neg.rows[0]!.n)) throw new Error(`${org.slug}: ${neg.rows[0]!.n} stock level(s) below zero or below their reservations`);
}

/** The stock report's counters (migration 20261203080000_inventory_warehouse_stock_totals), rebuilt by insertInventory. */
export const INVENTORY_COUNTERS = ["inventory.warehouse_items", "inventory.warehouse_stock_totals", "inventory.organization_stock_totals"];

/** The items list's search terms (migration 20261202230000_inventory_search_terms), derived from inventory.items. */
export const INVENTORY_SEARCH_TERMS = "inventory.search_terms";

/**
 * The fill path for items the terms trigger never saw (a .bench generated before the table existed whose migration
 * did not backfill, or a load with the trigger off): `inventory.search_terms_rebuild(org)` — idempotent, set-based —
 * for every organization that has items but no terms. One transaction per organization, in its scope (the owner
 * sees nothing under FORCE RLS without app.org_id). Skipped when the branch has no such table.
 */
export async function fillInventorySearchTerms(c: pg.Client, orgs: Org[]): Promise<{ orgs: number; terms: number }> {
  const exists = await c.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [INVENTORY_SEARCH_TERMS]);
  if (!exists.rows[0]!.ok) return { orgs: 0, terms: 0 };
  let filled = 0;
  let terms = 0;
  for (const org of orgs) {
    await c.query("begin");
    try {
      await c.query("select set_config('app.org_id', $1, true)", [org.id]);
      const r = await c.query<{ missing: boolean }>(
        `select exists (select 1 from inventory.items where organization_id = $1)
            and not exists (select 1 from inventory.search_terms where organization_id = $1) as missing`,
        [org.id],
      );
      if (r.rows[0]!.missing) {
        const n = await c.query<{ n: string }>("select inventory.search_terms_rebuild($1::uuid) as n", [org.id]);
        terms += Number(n.rows[0]!.n);
        filled++;
      }
      await c.query("commit");
    } catch (e) {
      await c.query("rollback").catch(() => undefined);
      throw e;
    }
  }
  return { orgs: filled, terms };
}
