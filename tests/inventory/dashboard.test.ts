// The inventory dashboard: values from inventory.location_values (trigger-maintained Σ ledger per item × location)
// equal Σ ledger value — overall, by warehouse and by category — through receipts, issues, transfers, adjustments and
// reversals; stock alerts from the reorder statuses; slow movers; recent moves; workspace visibility.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/server/db/migrate";
import { callerFor, makeUser } from "../helpers/factory";
import { onDatabase, withConnection } from "../helpers/db";
import { dropOlderDatabases, olderDatabase } from "../helpers/upgrade";
import { ledgerValue, makeItem, stockroom, type Stockroom } from "./helpers";

/** Per location: Σ ledger value (transfers at quantity × unit cost) and quantity, against location_values. */
async function locationDifferences(orgId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query(
      `with flows as (
         select m.item_id, m.to_location_id as loc, m.quantity as q,
                case when m.from_location_id is null then m.value else round(m.quantity * m.unit_cost, 2) end as v
           from inventory.stock_moves m where m.organization_id = $1 and m.to_location_id is not null
         union all
         select m.item_id, m.from_location_id, -m.quantity,
                case when m.to_location_id is null then m.value else -round(m.quantity * m.unit_cost, 2) end
           from inventory.stock_moves m where m.organization_id = $1 and m.from_location_id is not null),
       ledger as (select item_id, loc, sum(q) as q, sum(v) as v from flows group by 1, 2)
       select coalesce(l.item_id, v.item_id) as item_id, coalesce(l.loc, v.location_id) as loc, l.q, l.v, v.quantity, v.value
         from ledger l full join (select * from inventory.location_values where organization_id = $1) v on v.item_id = l.item_id and v.location_id = l.loc
        where coalesce(l.q, 0) <> coalesce(v.quantity, 0) or coalesce(l.v, 0) <> coalesce(v.value, 0)`,
      [orgId],
    );
    return rows;
  });
}

const sum = (xs: string[]) => xs.reduce((s, x) => s + Math.round(Number(x) * 100), 0) / 100;

describe("inventory dashboard", () => {
  let room: Stockroom;
  let items: { a: { id: string; sku: string }; b: { id: string; sku: string } };
  let catA: { id: string };
  beforeAll(async () => {
    room = await stockroom();
    catA = await room.owner.inventory.categories.create({ code: `CA-${Date.now()}`, name: "Fasteners" });
    const a = await makeItem(room, { categoryId: catA.id });
    const b = await makeItem(room);
    items = { a, b };
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "10", unitCost: "3" });
    await s.receive({ itemId: a.id, locationId: room.main.b, quantity: "5", unitCost: "6" }); // average 4
    await s.issue({ itemId: a.id, locationId: room.main.a, quantity: "4" }); // −16
    await s.transfer({ itemId: a.id, fromLocationId: room.main.b, toLocationId: room.main.a, quantity: "2" }); // 2 × 4 moved
    // b arrived 40 days ago and was never issued (a slow mover at 30 days, not yet at 60).
    await s.receive({ itemId: b.id, locationId: room.second.c, quantity: "7", unitCost: "1.15", movedAt: new Date(Date.now() - 40 * 86_400_000) });
    const adj = await s.adjust({ itemId: b.id, locationId: room.second.c, quantity: "-1" });
    await s.reverse({ moveId: adj.id });
    await s.adjust({ itemId: a.id, locationId: room.main.b, quantity: "1", unitCost: "2.5" });
  });

  it("location values follow the ledger move by move; the dashboard total is Σ ledger value", async () => {
    expect(await locationDifferences(room.org.id)).toEqual([]);
    const d = await room.owner.inventory.dashboard();
    const ledger = await ledgerValue(room.org.id);
    expect(d.totalValue).toBe(ledger);
    expect(sum(d.byWarehouse.map((w) => w.value))).toBe(Number(ledger));
    expect(sum(d.byCategory.map((c) => c.value))).toBe(Number(ledger));
    // Item b sits in WH2 only: 7 × 1.15 = 8.05 (the adjustment and its reversal cancel out).
    expect(d.byWarehouse.find((w) => w.code === "WH2")).toMatchObject({ value: "8.05", items: 1 });
    expect(d.byCategory.find((c) => c.categoryId === catA.id)).toMatchObject({ name: "Fasteners", items: 1 });
    expect(d.byCategory.find((c) => c.categoryId === null)).toMatchObject({ value: "8.05" });
  });

  it("rebuilds the same location values from the ledger (backfill, bulk loads)", async () => {
    const snapshot = () =>
      withConnection("system", async (c) =>
        (await c.query(`select location_id, item_id, quantity::text, value::text, last_issue_at from inventory.location_values where organization_id = $1 order by 1, 2`, [room.org.id])).rows);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    await withConnection("system", (c) => c.query(`delete from inventory.location_values where organization_id = $1`, [room.org.id]));
    expect(await snapshot()).toEqual([]);
    await withConnection("system", (c) => c.query(`select inventory.location_values_rebuild($1)`, [room.org.id]));
    expect(await snapshot()).toEqual(before);
  });

  it("counts the reorder statuses as stock alerts", async () => {
    const rules = room.owner.inventory.reorder.rules;
    // a in WH1: 12 on hand; reserve 10 → available 2 ≤ reorder point 5 → reorder (on hand says otherwise).
    await rules.upsert({ itemId: items.a.id, warehouseId: room.main.id, reorderPoint: "5", reorderQty: "10" });
    await rules.upsert({ itemId: items.b.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" });
    const before = await room.owner.inventory.dashboard();
    expect(before.alerts).toMatchObject({ reorder: 0, in_stock: 2, belowReorderPoint: 0 });
    await room.owner.inventory.stock.reserve({ itemId: items.a.id, locationId: room.main.a, quantity: "8" });
    const after = await room.owner.inventory.dashboard();
    expect(after.alerts).toMatchObject({ out_of_stock: 0, low: 0, reorder: 1, in_stock: 1, belowReorderPoint: 1 });
  });

  it("lists slow movers (stock there for N days, no issue in N days) and the newest moves", async () => {
    expect((await room.owner.inventory.dashboard({ slowDays: 60 })).slowMovers).toMatchObject({ total: 0, rows: [] });
    const d = await room.owner.inventory.dashboard({ slowDays: 30 });
    // a was issued today; b arrived 40 days ago and was never issued.
    expect(d.slowMovers.rows.map((r) => r.itemId)).toEqual([items.b.id]);
    expect(d.slowMovers).toMatchObject({ days: 30, total: 1 });
    expect(d.slowMovers.rows[0]).toMatchObject({ quantity: "7", value: "8.05", lastIssueAt: null });
    expect(d.recentMoves).toHaveLength(8);
    expect(d.recentMoves[0]).toMatchObject({ itemId: items.a.id, moveType: "adjustment", quantity: "1", value: "2.50", toLocationCode: "B", warehouseCode: "WH1" });
  });

  it("shows a member only their workspaces' warehouses, values and moves", async () => {
    const second = await callerFor((await makeUser(room.org, { roles: ["viewer"], workspaces: ["second"] })).id, { org: room.org.slug });
    const d = await second.inventory.dashboard();
    expect(d.byWarehouse.map((w) => w.code)).toEqual(["WH2"]);
    expect(d.totalValue).toBe("8.05");
    expect(new Set(d.recentMoves.map((m) => m.itemId))).toEqual(new Set([items.b.id]));
    expect(d.alerts.belowReorderPoint + d.alerts.in_stock).toBe(1);
  });
});

describe("upgrading a database whose organizations already have stock moves", () => {
  const MIGRATION = "20261202180000_inventory_reorder";
  afterAll(dropOlderDatabases);

  it("backfills location_values from the existing ledger", async () => {
    const { db, orgId, wsId } = await olderDatabase(MIGRATION, { name: "Stocked Co", slug: "stocked" });
    // A receipt of 10 at 2.50 into A, an issue of 4 (−10.00) and a transfer of 2 at 2.50 from A to B.
    await onDatabase(db.system, async (c) => {
      await c.query("begin");
      const unit = (await c.query(`insert into settings.units_of_measure (organization_id, id, code, name, category) values ($1, gen_random_uuid(), 'pc-up', 'Piece', 'count') returning id`, [orgId])).rows[0].id;
      const item = (await c.query(`insert into inventory.items (organization_id, id, sku, name, base_unit_id) values ($1, gen_random_uuid(), 'UP-1', 'Upgraded', $2) returning id`, [orgId, unit])).rows[0].id;
      const wh = (await c.query(`insert into inventory.warehouses (organization_id, id, workspace_id, code, name) values ($1, gen_random_uuid(), $2, 'W', 'W') returning id`, [orgId, wsId])).rows[0].id;
      const loc = async (code: string) => (await c.query(`insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, code) values ($1, gen_random_uuid(), $2, $3, $4) returning id`, [orgId, wh, wsId, code])).rows[0].id;
      const a = await loc("A");
      const b = await loc("B");
      const move = (from: string | null, to: string | null, q: string, cost: string, value: string, type: string) =>
        c.query(`insert into inventory.stock_moves (organization_id, id, workspace_id, item_id, from_location_id, to_location_id, quantity, unit_cost, value, move_type)
                 values ($1, gen_random_uuid(), $2, $3, $4, $5, $6, $7, $8, $9)`, [orgId, wsId, item, from, to, q, cost, value, type]);
      await move(null, a, "10", "2.5", "25.00", "receipt");
      await move(a, null, "4", "2.5", "-10.00", "issue");
      await move(a, b, "2", "2.5", "0", "transfer");
      await c.query("commit");
    });
    expect(await migrate(db.owner)).toContain(MIGRATION);
    const rows = await onDatabase(db.system, async (c) =>
      (await c.query(`select l.code, v.quantity::text, v.value::text, v.last_issue_at is not null as issued
                        from inventory.location_values v join inventory.locations l on l.organization_id = v.organization_id and l.id = v.location_id
                       where v.organization_id = $1 order by l.code`, [orgId])).rows);
    expect(rows).toEqual([
      { code: "A", quantity: "4.0000", value: "10.00", issued: true },
      { code: "B", quantity: "2.0000", value: "5.00", issued: false },
    ]);
  });
});
