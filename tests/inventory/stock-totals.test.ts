// The stock report's totals by item from the warehouse counters (migration
// 20261203080000_inventory_warehouse_stock_totals: warehouse_items, warehouse_stock_totals + warehouse_stock_deltas)
// against the exact scan of the levels. Compared through the API: the counters answer with a warehouse filter or none
// (one warehouse in view: base + deltas; every warehouse: the organization's counters, migration
// 20261203120000_inventory_organization_stock_totals; some of them: the per-item rows), the scan with any filter the counters do not
// take (all item statuses: the same groups). Also against Σ of the levels in SQL, after every kind of posting, with and without
// a fold in between, under concurrent postings and folds; inventory.check_levels reports nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/server/db/migrate";
import { ITEM_STATUSES } from "@/server/modules/inventory/inventory.schemas";
import { foldWarehouseStock } from "@/server/modules/inventory/warehouse-stock-fold.job";
import { onDatabase, withConnection } from "../helpers/db";
import { dropOlderDatabases, olderDatabase } from "../helpers/upgrade";
import { callerFor, makeUser } from "../helpers/factory";
import { differences, failure, makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

const enumF = (...values: string[]) => ({ type: "enum" as const, values });
type Totals = { groups: number; onHand: string; reserved: string; available: string; value: string };

/** The totals through the API: by the counters (warehouse filter) and by the scan (same filter + every item status). */
async function both(c: Caller, warehouse: string | string[] | null, inStock: boolean) {
  const filters: Record<string, { type: "enum"; values: string[] }> = {};
  if (warehouse) filters.warehouse = enumF(...[warehouse].flat());
  if (inStock) filters.stock = enumF("inStock");
  const counted = await c.inventory.reports.stockTotals({ filters, perPage: 50 });
  const scanned = await c.inventory.reports.stockTotals({ filters: { ...filters, status: enumF(...ITEM_STATUSES) }, perPage: 50 });
  return { counted, scanned };
}

/** The expected totals of warehouses, computed here from their levels and the items' averages (system role). */
async function expected(orgId: string, warehouse: string | string[], inStock: boolean): Promise<Totals> {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ groups: string; on_hand: string; reserved: string; value: string }>(
      `select count(*)::text as groups, coalesce(sum(g.q), 0)::numeric(20,4)::text as on_hand,
              coalesce(sum(g.r), 0)::numeric(20,4)::text as reserved,
              coalesce(sum(round(g.q * coalesce(c.average_unit_cost, 0), 2)), 0)::numeric(20,2)::text as value
         from (select s.item_id, sum(s.on_hand_qty) as q, sum(s.reserved_qty) as r
                 from inventory.stock_levels s join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
                where s.organization_id = $1 and l.warehouse_id = any($2::uuid[]) group by s.item_id) g
         left join inventory.item_costs c on c.organization_id = $1 and c.item_id = g.item_id
        where not $3 or g.q <> 0`,
      [orgId, [warehouse].flat(), inStock],
    );
    const r = rows[0]!;
    const n = (v: string) => String(Number(v));
    return { groups: Number(r.groups), onHand: n(r.on_hand), reserved: n(r.reserved), available: n(String(Number(r.on_hand) - Number(r.reserved))), value: r.value };
  });
}

const norm = (t: Totals) => ({ ...t, onHand: String(Number(t.onHand)), reserved: String(Number(t.reserved)), available: String(Number(t.available)) });

/**
 * Counters = scan = Σ levels for every warehouse, for the first two together and without a filter (all of them), with
 * and without "in stock"; check_levels reports nothing.
 */
async function agree(c: Caller, orgId: string, warehouses: string[]) {
  const sets: [string | string[] | null, string[]][] = warehouses.map((wh) => [wh, [wh]]);
  if (warehouses.length > 1) sets.push([warehouses.slice(0, 2), warehouses.slice(0, 2)], [null, warehouses]);
  for (const [filter, whs] of sets)
    for (const inStock of [false, true]) {
      const { counted, scanned } = await both(c, filter, inStock);
      expect(counted, `warehouses ${whs.join(", ")}${inStock ? " in stock" : ""}`).toEqual(scanned);
      expect(norm(counted)).toEqual(await expected(orgId, whs, inStock));
    }
  expect(await differences(orgId)).toEqual([]);
}

async function deltaCount(orgId: string): Promise<number> {
  return withConnection("system", async (c) =>
    Number((await c.query<{ n: string }>("select count(*)::text as n from inventory.warehouse_stock_deltas where organization_id = $1", [orgId])).rows[0]!.n));
}

describe("stock report totals from the warehouse counters", () => {
  let room: Stockroom;
  /** A second warehouse of workspace "main" (transfers between warehouses stay inside one workspace), bin D. */
  let third: { id: string; d: string };
  let whs: string[];
  let x: { id: string };
  let y: { id: string };

  beforeAll(async () => {
    room = await stockroom();
    const w3 = await room.owner.inventory.warehouses.create({ workspaceId: room.org.workspaces.main!, code: "WH3", name: "Third" });
    third = { id: w3.id, d: (await room.owner.inventory.locations.create({ warehouseId: w3.id, code: "D", kind: "bin" })).id };
    whs = [room.main.id, third.id, room.second.id];
    x = await makeItem(room);
    y = await makeItem(room);
  });

  it("follows receipts at different costs (other warehouses revalued), issues, transfers, reversals, reservations", async () => {
    const s = room.owner.inventory.stock;
    await agree(room.owner, room.org.id, whs);
    await s.receive({ itemId: x.id, locationId: room.main.a, quantity: "10", unitCost: "1.333333" });
    await s.receive({ itemId: x.id, locationId: third.d, quantity: "3", unitCost: "2.5" });
    await agree(room.owner, room.org.id, whs);
    // A receipt in another workspace's warehouse changes the average: WH1 and WH3 are revalued.
    const r = await s.receive({ itemId: x.id, locationId: room.second.c, quantity: "7", unitCost: "9.99" });
    await agree(room.owner, room.org.id, whs);
    await s.issue({ itemId: x.id, locationId: room.main.a, quantity: "4" });
    await s.transfer({ itemId: x.id, fromLocationId: room.main.a, toLocationId: third.d, quantity: "5" });
    await s.transfer({ itemId: x.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" });
    await agree(room.owner, room.org.id, whs);
    await foldWarehouseStock({ orgIds: [room.org.id] });
    expect(await deltaCount(room.org.id)).toBe(0);
    await agree(room.owner, room.org.id, whs);
    // Reversals: the receipt in WH2 (average recomputed from what remains), a transfer between warehouses, an issue.
    await s.reverse({ moveId: r.id });
    const t = await s.transfer({ itemId: x.id, fromLocationId: third.d, toLocationId: room.main.b, quantity: "2" });
    await s.reverse({ moveId: t.id });
    const i = await s.issue({ itemId: x.id, locationId: third.d, quantity: "1" });
    await s.reverse({ moveId: i.id });
    await agree(room.owner, room.org.id, whs);
    // Reservations and releases (reserved of an item at zero is outside "in stock").
    await s.receive({ itemId: y.id, locationId: room.main.a, quantity: "2", unitCost: "3" });
    await s.reserve({ itemId: x.id, locationId: room.main.b, quantity: "1" });
    await s.reserve({ itemId: y.id, locationId: room.main.a, quantity: "2" });
    await agree(room.owner, room.org.id, whs);
    await foldWarehouseStock({ orgIds: [room.org.id] });
    await s.release({ itemId: y.id, locationId: room.main.a, quantity: "1" });
    await agree(room.owner, room.org.id, whs);
  });

  it("counts an item whose stock drops to zero as a group but not as in stock", async () => {
    const z = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: z.id, locationId: third.d, quantity: "4", unitCost: "0.07" });
    const before = { inStock: await both(room.owner, third.id, true), all: await both(room.owner, third.id, false) };
    await s.issue({ itemId: z.id, locationId: third.d, quantity: "4" });
    const after = { inStock: await both(room.owner, third.id, true), all: await both(room.owner, third.id, false) };
    expect(after.inStock.counted.groups).toBe(before.inStock.counted.groups - 1);
    expect(after.all.counted.groups).toBe(before.all.counted.groups);
    await agree(room.owner, room.org.id, whs);
    await foldWarehouseStock({ orgIds: [room.org.id] });
    await agree(room.owner, room.org.id, whs);
  });

  it("over several warehouses an item is one group, rounded once (not the sum of the warehouses' roundings)", async () => {
    const r = await makeItem(room);
    const cents = (v: string) => Math.round(Number(v) * 100);
    const read = async () => {
      const [a, d, two] = [await both(room.owner, room.main.id, false), await both(room.owner, third.id, false), await both(room.owner, [room.main.id, third.id], false)];
      expect(two.counted).toEqual(two.scanned);
      return { a: a.counted, d: d.counted, two: two.counted };
    };
    const before = await read();
    // 1 at 0.01 and 1 at 0: the average 0.005 — 0.01 in each warehouse alone, round(2 × 0.005, 2) = 0.01 together.
    await room.owner.inventory.stock.receive({ itemId: r.id, locationId: room.main.a, quantity: "1", unitCost: "0.01" });
    await room.owner.inventory.stock.receive({ itemId: r.id, locationId: third.d, quantity: "1", unitCost: "0" });
    const after = await read();
    expect([after.a, after.d, after.two].map((t, k) => cents(t.value) - cents([before.a, before.d, before.two][k]!.value))).toEqual([1, 1, 1]);
    expect([after.a, after.d, after.two].map((t, k) => t.groups - [before.a, before.d, before.two][k]!.groups)).toEqual([1, 1, 1]);
    await agree(room.owner, room.org.id, whs);
  });

  it("reads the counters (a wrong delta shows; check_levels names it) and the fold is idempotent", async () => {
    await foldWarehouseStock({ orgIds: [room.org.id] });
    const good = await both(room.owner, room.main.id, false);
    expect(await foldWarehouseStock({ orgIds: [room.org.id] })).toBe(0);
    expect((await both(room.owner, room.main.id, false)).counted).toEqual(good.counted);
    await withConnection("system", (c) =>
      c.query("insert into inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, on_hand_qty) values ($1, $2, $3, 1)",
        [room.org.id, room.main.id, room.org.workspaces.main]));
    const bad = await both(room.owner, room.main.id, false);
    expect(bad.counted.onHand).not.toBe(bad.scanned.onHand);
    expect((await differences(room.org.id)).map((d) => d.kind)).toEqual(["warehouse_on_hand"]);
    // The admin action reports it with the warehouse's code.
    expect(await room.owner.inventory.stock.check()).toMatchObject({
      consistent: false,
      differences: [{ kind: "warehouse_on_hand", sku: null, place: "WH1", recorded: String(Number(bad.counted.onHand)), ledger: String(Number(bad.scanned.onHand)) }],
    });
    await withConnection("system", (c) =>
      c.query("insert into inventory.warehouse_stock_deltas (organization_id, warehouse_id, workspace_id, on_hand_qty) values ($1, $2, $3, -1)",
        [room.org.id, room.main.id, room.org.workspaces.main]));
    await foldWarehouseStock({ orgIds: [room.org.id] });
    await agree(room.owner, room.org.id, whs);
  });

  it("with every warehouse in view reads the organization's counters (a wrong delta shows), folded by the same job", async () => {
    await foldWarehouseStock({ orgIds: [room.org.id] });
    const good = await both(room.owner, null, false);
    expect(good.counted).toEqual(good.scanned);
    const orgDeltas = () =>
      withConnection("system", async (c) =>
        Number((await c.query<{ n: string }>("select count(*)::text as n from inventory.organization_stock_deltas where organization_id = $1", [room.org.id])).rows[0]!.n));
    await room.owner.inventory.stock.receive({ itemId: x.id, locationId: third.d, quantity: "1", unitCost: "4.44" });
    expect(await orgDeltas()).toBe(2);
    await agree(room.owner, room.org.id, whs);
    await foldWarehouseStock({ orgIds: [room.org.id] });
    expect(await orgDeltas()).toBe(1);
    await agree(room.owner, room.org.id, whs);
    await withConnection("system", (c) =>
      c.query("insert into inventory.organization_stock_deltas (organization_id, value) values ($1, 1)", [room.org.id]));
    const bad = await both(room.owner, null, false);
    expect(bad.counted.value).not.toBe(bad.scanned.value);
    expect((await differences(room.org.id)).map((d) => d.kind)).toEqual(["organization_value"]);
    // Organization-wide: not shown to a member who does not see every workspace.
    const member = await callerFor((await makeUser(room.org, { roles: ["viewer"], workspaces: ["main"] })).id, { org: room.org.slug });
    expect(await member.inventory.stock.check()).toMatchObject({ consistent: true, costsChecked: false });
    expect((await room.owner.inventory.stock.check()).differences.map((d) => d.kind)).toEqual(["organization_value"]);
    // Two warehouses of three: not the organization's counters (the per-item rows answer, unaffected).
    const two = await both(room.owner, [room.main.id, third.id], false);
    expect(two.counted).toEqual(two.scanned);
    await withConnection("system", (c) =>
      c.query("insert into inventory.organization_stock_deltas (organization_id, value) values ($1, -1)", [room.org.id]));
    await agree(room.owner, room.org.id, whs);
  });

  it("a member of one workspace sees only its warehouse's totals (no filter: the counters)", async () => {
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    for (const inStock of [false, true]) {
      const { counted, scanned } = await both(member, null, inStock);
      expect(counted).toEqual(scanned);
      expect(norm(counted)).toEqual(await expected(room.org.id, room.second.id, inStock));
      // Another workspace's warehouse: nothing.
      const hidden = await both(member, room.main.id, inStock);
      expect(hidden.counted).toEqual({ groups: 0, onHand: "0", reserved: "0", available: "0", value: "0.00" });
    }
    // Their receipt at another cost changes the organization's average: the rows of the warehouses they do not see
    // are revalued too.
    const m = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: m.id, locationId: room.main.a, quantity: "5", unitCost: "1.11" });
    await room.owner.inventory.stock.receive({ itemId: m.id, locationId: third.d, quantity: "2", unitCost: "1.11" });
    await member.inventory.stock.receive({ itemId: m.id, locationId: room.second.c, quantity: "3", unitCost: "7.77" });
    await agree(room.owner, room.org.id, whs);
    expect(await member.inventory.stock.check()).toMatchObject({ consistent: true, costsChecked: false });
  });

  it("stays exact under concurrent postings on hot items across two warehouses, with folds between", async () => {
    const hot = [await makeItem(room), await makeItem(room), await makeItem(room)];
    const s = room.owner.inventory.stock;
    for (const [k, it] of hot.entries()) {
      await s.receive({ itemId: it.id, locationId: room.main.a, quantity: "50", unitCost: String(1 + k) });
      await s.receive({ itemId: it.id, locationId: third.d, quantity: "50", unitCost: String(2 + k) });
    }
    const bins = [room.main.a, room.main.b, third.d];
    const jobs: Promise<unknown>[] = [];
    for (let n = 0; n < 24; n++) {
      const it = hot[n % hot.length]!;
      const at = bins[n % bins.length]!;
      const to = bins[(n + 1) % bins.length]!;
      const op = n % 4;
      const call =
        op === 0 ? s.receive({ itemId: it.id, locationId: at, quantity: String(1 + (n % 5)), unitCost: `${1 + n / 7}` })
        : op === 1 ? s.issue({ itemId: it.id, locationId: at, quantity: "2" })
        : op === 2 ? s.transfer({ itemId: it.id, fromLocationId: at, toLocationId: to, quantity: "3" })
        : s.reserve({ itemId: it.id, locationId: at, quantity: "1" });
      jobs.push(failure(call).then((r) => expect(["OK", "BAD_REQUEST"]).toContain(r.code)));
      if (n % 8 === 3) jobs.push(foldWarehouseStock({ orgIds: [room.org.id] }));
    }
    await Promise.all(jobs);
    await agree(room.owner, room.org.id, whs);
    await Promise.all([foldWarehouseStock({ orgIds: [room.org.id] }), foldWarehouseStock({ orgIds: [room.org.id] })]);
    expect(await deltaCount(room.org.id)).toBe(0);
    await agree(room.owner, room.org.id, whs);
  });

  it("with negative stock: reservations of an item at zero, negative on hand, a first level made by a transfer", async () => {
    const neg = await stockroom({ allowNegative: true });
    const s = neg.owner.inventory.stock;
    const w = await makeItem(neg);
    const v = await makeItem(neg);
    const one = [neg.main.id, neg.second.id];
    // w: 2 received and reserved, then issued (allowed below its reservation): on hand 0, reserved 2.
    await s.receive({ itemId: w.id, locationId: neg.main.a, quantity: "2", unitCost: "5" });
    await s.reserve({ itemId: w.id, locationId: neg.main.a, quantity: "2" });
    await s.issue({ itemId: w.id, locationId: neg.main.a, quantity: "2" });
    // v: never received; a transfer inside the warehouse makes its first levels (-1 at A, +1 at B: a group at 0).
    await s.transfer({ itemId: v.id, fromLocationId: neg.main.a, toLocationId: neg.main.b, quantity: "1" });
    await agree(neg.owner, neg.org.id, one);
    const { counted } = await both(neg.owner, neg.main.id, true);
    expect(counted).toMatchObject({ groups: 0, onHand: "0", reserved: "0" });
    expect((await both(neg.owner, neg.main.id, false)).counted).toMatchObject({ groups: 2, reserved: "2", available: "-2" });
    // Below zero in the warehouse: a group in stock.
    await s.issue({ itemId: v.id, locationId: neg.main.b, quantity: "3" });
    await agree(neg.owner, neg.org.id, one);
    await foldWarehouseStock({ orgIds: [neg.org.id] });
    await agree(neg.owner, neg.org.id, one);
  });

  it("the rebuild (the migration's backfill) gives the rows and totals the postings kept", async () => {
    const rows = (sql: string) => withConnection("system", async (c) => (await c.query(sql, [room.org.id])).rows);
    const items = "select warehouse_id, item_id, on_hand_qty::text, value::text from inventory.warehouse_items where organization_id = $1 order by 1, 2";
    const before = { items: await rows(items), totals: await Promise.all(whs.map((wh) => both(room.owner, wh, false))) };
    await withConnection("system", (c) => c.query("select inventory.warehouse_stock_rebuild($1)", [room.org.id]));
    expect(await deltaCount(room.org.id)).toBe(0);
    expect(await rows(items)).toEqual(before.items);
    expect(await Promise.all(whs.map((wh) => both(room.owner, wh, false)))).toEqual(before.totals);
    await agree(room.owner, room.org.id, whs);
  });

  it("the fold is exact when it races postings", async () => {
    const it = await makeItem(room);
    const s = room.owner.inventory.stock;
    const jobs: Promise<unknown>[] = [];
    for (let n = 0; n < 20; n++) {
      jobs.push(s.receive({ itemId: it.id, locationId: n % 2 ? room.main.a : third.d, quantity: "1", unitCost: `${1 + (n % 3)}.01` }));
      jobs.push(foldWarehouseStock({ orgIds: [room.org.id] }));
    }
    await Promise.all(jobs);
    await agree(room.owner, room.org.id, whs);
  });
});

describe("upgrading a database whose organizations already have stock", () => {
  const MIGRATION = "20261203080000_inventory_warehouse_stock_totals";
  afterAll(dropOlderDatabases);

  it("fills warehouse_items and the warehouse totals from the levels and costs", async () => {
    const { db, orgId, wsId } = await olderDatabase(MIGRATION, { name: "Counted Co", slug: "counted" });
    // Two items in two warehouses: P 3 + 4 (one level reserved 2) in W1 and 0 in W2 at 1.333333; Q 5 in W2 at 2.
    await onDatabase(db.system, async (c) => {
      await c.query("begin");
      const unit = (await c.query(`insert into settings.units_of_measure (organization_id, id, code, name, category) values ($1, gen_random_uuid(), 'pc-up', 'Piece', 'count') returning id`, [orgId])).rows[0].id;
      const item = async (sku: string) => (await c.query(`insert into inventory.items (organization_id, id, sku, name, base_unit_id) values ($1, gen_random_uuid(), $2, 'Up', $3) returning id`, [orgId, sku, unit])).rows[0].id;
      const wh = async (code: string) => (await c.query(`insert into inventory.warehouses (organization_id, id, workspace_id, code, name) values ($1, gen_random_uuid(), $2, $3, $3) returning id`, [orgId, wsId, code])).rows[0].id;
      const loc = async (w: string, code: string) => (await c.query(`insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, code) values ($1, gen_random_uuid(), $2, $3, $4) returning id`, [orgId, w, wsId, code])).rows[0].id;
      const level = (i: string, l: string, q: string, r: string) =>
        c.query(`insert into inventory.stock_levels (organization_id, id, workspace_id, item_id, location_id, on_hand_qty, reserved_qty) values ($1, gen_random_uuid(), $2, $3, $4, $5, $6)`, [orgId, wsId, i, l, q, r]);
      const [p, q] = [await item("UP-P"), await item("UP-Q")];
      const [w1, w2] = [await wh("W1"), await wh("W2")];
      const [a, b, cc] = [await loc(w1, "A"), await loc(w1, "B"), await loc(w2, "C")];
      await level(p, a, "3", "0");
      await level(p, b, "4", "2");
      await level(p, cc, "0", "0");
      await level(q, cc, "5", "0");
      await c.query(`insert into inventory.item_costs (organization_id, item_id, quantity, value, average_unit_cost) values ($1, $2, 7, 9.33, 1.333333), ($1, $3, 5, 10, 2)`, [orgId, p, q]);
      await c.query("commit");
    });
    expect(await migrate(db.owner)).toContain(MIGRATION);
    const rows = await onDatabase(db.system, async (c) => ({
      items: (await c.query(`select w.code, i.sku, x.on_hand_qty::text as q, x.value::text as v from inventory.warehouse_items x
                               join inventory.warehouses w on w.organization_id = x.organization_id and w.id = x.warehouse_id
                               join inventory.items i on i.organization_id = x.organization_id and i.id = x.item_id
                              where x.organization_id = $1 order by 1, 2`, [orgId])).rows,
      totals: (await c.query(`select w.code, t.items_in_stock::int as "inStock", t.items::int as items, t.on_hand_qty::text as q, t.reserved_qty::text as r, t.value::text as v
                                from inventory.warehouse_stock_totals t join inventory.warehouses w on w.organization_id = t.organization_id and w.id = t.warehouse_id
                               where t.organization_id = $1 order by 1`, [orgId])).rows,
    }));
    expect(rows.items).toEqual([
      { code: "W1", sku: "UP-P", q: "7.0000", v: "9.33" },
      { code: "W2", sku: "UP-P", q: "0.0000", v: "0.00" },
      { code: "W2", sku: "UP-Q", q: "5.0000", v: "10.00" },
    ]);
    expect(rows.totals).toEqual([
      { code: "W1", inStock: 1, items: 1, q: "7.0000", r: "2.0000", v: "9.33" },
      { code: "W2", inStock: 1, items: 2, q: "5.0000", r: "0.0000", v: "10.00" },
    ]);
    // The organization's row (migration 20261203120000): P 7 × 1.333333 = 9.33 and Q 5 × 2 = 10, two items in stock.
    const org = await onDatabase(db.system, async (c) =>
      (await c.query(`select sum(items_in_stock)::int as "inStock", sum(items)::int as items, sum(on_hand_qty)::text as q, sum(value)::text as v
                        from inventory.organization_stock_deltas where organization_id = $1`, [orgId])).rows);
    expect(org).toEqual([{ inStock: 2, items: 2, q: "12.0000", v: "19.33" }]);
  });
});
