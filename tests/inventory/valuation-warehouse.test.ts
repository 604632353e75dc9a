// The valuation by warehouse from inventory.valuation_days (one row per workspace × warehouse × closed UTC day: Σ of
// the day's move sides in the warehouse). Checked exact against the ledger: the day rows (receipts, issues, transfers
// inside one warehouse and between two warehouses of a workspace, back-dated moves after the fill, a UTC boundary in
// the organization's time zone), the warehouse grouping and the warehouse-filtered totals against both the ledger's
// sides and the grouped query over the moves (forced by a SKU prefix every item matches), and a member of one
// workspace, who sees only that workspace's warehouses and rows.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { fillValuationDays } from "@/server/modules/inventory/valuation-days.job";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

type Filters = Record<string, { type: "text"; value: string } | { type: "enum"; values: string[] }>;

const textF = (value: string) => ({ type: "text" as const, value });
const enumF = (...values: string[]) => ({ type: "enum" as const, values });
const TZ = "America/New_York";
const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// One move's sides: (location, ± quantity, value) — the reports' sideSums, written out for the expectations.
const SIDES = `cross join lateral (values
    (m.to_location_id, m.quantity, case when m.from_location_id is null then m.value else round(m.quantity * m.unit_cost, 2) end),
    (m.from_location_id, -m.quantity, case when m.to_location_id is null then m.value else -round(m.quantity * m.unit_cost, 2) end)) s(location_id, quantity, value)
  join inventory.locations l on l.organization_id = m.organization_id and l.id = s.location_id`;

type Sums = Record<string, { quantity: string; value: string }>;

/** Per warehouse Σ of the ledger's sides before the end of `asOf` in TZ (none: every move), non-zero groups only. */
async function ledgerByWarehouse(orgId: string, asOf: string | null): Promise<Sums> {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ wh: string; quantity: string; value: string }>(
      `select l.warehouse_id::text as wh, sum(s.quantity)::numeric(20,4)::float8::text as quantity, sum(s.value)::numeric(20,2)::text as value
         from inventory.stock_moves m ${SIDES}
        where m.organization_id = $1 and ($2::date is null or m.moved_at < (($2::date + 1)::timestamp at time zone $3))
        group by 1 having sum(s.quantity) <> 0 or sum(s.value) <> 0`,
      [orgId, asOf, TZ],
    );
    return Object.fromEntries(rows.map((r) => [r.wh, { quantity: String(Number(r.quantity)), value: r.value }]));
  });
}

/** The day rows and the ledger's sides per warehouse × UTC day up to the newest row (as the system role). */
async function rowsAndLedger(orgId: string) {
  return withConnection("system", async (c) => {
    const rows = (await c.query<{ key: string; quantity: string; value: string }>(
      `select warehouse_id::text || ' ' || to_char(day, 'YYYY-MM-DD') as key, quantity::float8::text as quantity, value::text
         from inventory.valuation_days where organization_id = $1 order by 1`, [orgId])).rows;
    const ledger = (await c.query<{ key: string; quantity: string; value: string }>(
      `select l.warehouse_id::text || ' ' || to_char((m.moved_at at time zone 'UTC')::date, 'YYYY-MM-DD') as key,
              sum(s.quantity)::numeric(18,4)::float8::text as quantity, sum(s.value)::numeric(18,2)::text as value
         from inventory.stock_moves m ${SIDES}
        where m.organization_id = $1
          and m.moved_at < ((select max(day) + 1 from inventory.valuation_days where organization_id = $1)::timestamp at time zone 'UTC')
        group by 1 order by 1`, [orgId])).rows;
    return { rows, ledger };
  });
}

/**
 * Every day row is the ledger's Σ of that warehouse × day, except the workspaces' zero marks: at today − 2, and at the
 * last day of a bounded fill step (a request's month, the job's steps) when that day had no move.
 */
async function expectRowsEqualLedger(orgId: string) {
  const { rows, ledger } = await rowsAndLedger(orgId);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const l of ledger) expect({ key: l.key, quantity: byKey.get(l.key)?.quantity, value: byKey.get(l.key)?.value }).toEqual(l);
  const inLedger = new Set(ledger.map((l) => l.key));
  for (const r of rows.filter((x) => !inLedger.has(x.key))) expect({ ...r, key: r.key <= `${r.key.slice(0, 36)} ${utcDay(-2)}` }).toEqual({ key: true, quantity: "0", value: "0.00" });
  return { rows, ledger };
}

describe("valuation by warehouse from the closed days", () => {
  let room: Stockroom;
  let third: { id: string; d: string };
  let a: { id: string };
  let b: { id: string };
  const valuation = (c: Caller, filters: Filters, q?: string) => c.inventory.reports.valuation({ filters, perPage: 50, ...(q ? { q } : {}) });
  const totals = (c: Caller, filters: Filters, q?: string) => c.inventory.reports.valuationTotals({ filters, perPage: 50, ...(q ? { q } : {}) });
  const asOfF = (asOf?: string): Filters => (asOf ? { asOf: textF(asOf) } : {});
  const asSums = (rows: { id: string; quantity: string; value: string }[]): Sums =>
    Object.fromEntries(rows.map((r) => [r.id, { quantity: r.quantity, value: r.value }]));

  beforeAll(async () => {
    room = await stockroom();
    await systemDb().organization.update({ where: { id: room.org.id }, data: { timeZone: TZ } });
    // A second warehouse in the main workspace: transfers between two warehouses of one workspace.
    const w3 = await room.owner.inventory.warehouses.create({ workspaceId: room.org.workspaces.main!, code: "WH3", name: "Overflow" });
    const d = await room.owner.inventory.locations.create({ warehouseId: w3.id, code: "D", kind: "bin" });
    third = { id: w3.id, d: d.id };
    a = await makeItem(room);
    b = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "10", unitCost: "2", movedAt: new Date("2026-01-05T12:00:00Z") });
    await s.receive({ itemId: b.id, locationId: room.second.c, quantity: "4", unitCost: "2.5", movedAt: new Date("2026-01-06T12:00:00Z") });
    // Inside one warehouse (A → B of WH1): its row nets to zero that day.
    await s.transfer({ itemId: a.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3", movedAt: new Date("2026-02-01T12:00:00Z") });
    // An odd cost, so that a transfer's sides are rounded: average (20 + 4.00) / 13.
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "3", unitCost: "1.333", movedAt: new Date("2026-02-10T12:00:00Z") });
    // Between two warehouses of the main workspace (WH1 → WH3): two rows.
    await s.transfer({ itemId: a.id, fromLocationId: room.main.a, toLocationId: third.d, quantity: "7", movedAt: new Date("2026-02-15T12:00:00Z") });
    // 03:00 UTC on 10 March is 23:00 on 9 March in New York: the 9th's valuation includes it, its UTC day is the 10th.
    await s.issue({ itemId: a.id, locationId: third.d, quantity: "1", movedAt: new Date("2026-03-10T03:00:00Z") });
    await s.receive({ itemId: a.id, locationId: third.d, quantity: "5", unitCost: "4", movedAt: new Date("2026-03-10T12:00:00Z") });
    // Yesterday and today: not in any row, read from the moves.
    await s.transfer({ itemId: a.id, fromLocationId: third.d, toLocationId: room.main.b, quantity: "2", movedAt: new Date(`${utcDay(-1)}T00:30:00Z`) });
    await s.issue({ itemId: b.id, locationId: room.second.c, quantity: "1" });
  });

  it("fills one row per warehouse × UTC day equal to the ledger's sides, and Σ of a day's rows is the day's ledger", async () => {
    await totals(room.owner, asOfF("2026-02-01")); // a request closes its first month
    await fillValuationDays({ orgIds: [room.org.id] }); // the job closes the rest
    const { rows } = await expectRowsEqualLedger(room.org.id);
    // The transfer between WH1 and WH3 on 15 February: two rows, −7 and +7 at the same rounded value.
    const feb15 = rows.filter((r) => r.key.endsWith(" 2026-02-15"));
    expect(feb15.map((r) => r.key.slice(0, 36)).sort()).toEqual([room.main.id, third.id].sort());
    expect(feb15.find((r) => r.key.startsWith(third.id))).toMatchObject({ quantity: "7" });
    const v15 = feb15.map((r) => Number(r.value));
    expect(v15[0]! + v15[1]!).toBe(0);
    expect(Math.abs(v15[0]!)).toBe(Math.round(7 * (24 / 13) * 100) / 100); // 12.92
    // Inside WH1 on 1 February: one row at zero.
    expect(rows.filter((r) => r.key.endsWith(" 2026-02-01"))).toEqual([{ key: `${room.main.id} 2026-02-01`, quantity: "0", value: "0.00" }]);
    // Both workspaces closed through today − 2 (a mark row when that day had no move).
    const wsOf = new Map([[room.main.id, "main"], [third.id, "main"], [room.second.id, "second"]]);
    for (const ws of ["main", "second"]) expect(rows.filter((r) => wsOf.get(r.key.slice(0, 36)) === ws).map((r) => r.key.slice(37)).sort().at(-1)).toBe(utcDay(-2));
  });

  it("groups by warehouse and totals a warehouse filter exactly as the ledger and the grouped query over the moves", async () => {
    const dates = ["2025-12-31", "2026-01-05", "2026-02-01", "2026-02-15", "2026-03-09", "2026-03-10", utcDay(-3), utcDay(-2), utcDay(-1), undefined];
    for (const asOf of dates) {
      const expected = await ledgerByWarehouse(room.org.id, asOf ?? null);
      const grouped = await valuation(room.owner, { group: enumF("warehouse"), ...asOfF(asOf) });
      expect({ asOf, rows: asSums(grouped.rows) }).toEqual({ asOf, rows: expected });
      // Ordered by code, as the grouped query over the moves (every SKU starts with "SKU-": that path).
      expect(grouped.rows).toEqual((await valuation(room.owner, { group: enumF("warehouse"), ...asOfF(asOf) }, "SKU-")).rows);
      const groupedTotals = await totals(room.owner, { group: enumF("warehouse"), ...asOfF(asOf) });
      expect(groupedTotals.groups).toBe(grouped.rows.length);
      for (const ids of [[room.main.id], [third.id, room.second.id], [room.main.id, third.id, room.second.id]]) {
        const want = ids.map((id) => expected[id]).filter((x) => x !== undefined);
        const sum = (k: "quantity" | "value") => want.reduce((t, x) => t + Number(x[k]), 0);
        const wh = { warehouse: enumF(...ids), ...asOfF(asOf) };
        const byItem = await totals(room.owner, wh);
        const old = await totals(room.owner, wh, "SKU-");
        expect({ asOf, ids, quantity: byItem.quantity, value: byItem.value }).toEqual({ asOf, ids, quantity: old.quantity, value: old.value });
        expect([Number(byItem.quantity), byItem.value]).toEqual([sum("quantity"), sum("value").toFixed(2)]);
        expect(byItem.groups).toBeNull(); // items with stock at that date are not counted ("—")
        expect((await totals(room.owner, { ...wh, group: enumF("category") })).groups).toBeNull();
        const byWh = await totals(room.owner, { ...wh, group: enumF("warehouse") });
        expect(byWh).toEqual({ groups: want.length, quantity: byItem.quantity, value: byItem.value });
        const page = await valuation(room.owner, { ...wh, group: enumF("warehouse") });
        expect(page.rows.map((r) => r.id).sort()).toEqual(ids.filter((id) => expected[id]).sort());
      }
    }
    // By hand, end of 9 March in New York: WH1 holds 10 + 3 − 7 = 6, WH3 7 − 1 = 6 (the 03:00 UTC issue), WH2 4 @ 2.5.
    const mar9 = asSums((await valuation(room.owner, { group: enumF("warehouse"), asOf: textF("2026-03-09") })).rows);
    expect(mar9).toEqual({
      [room.main.id]: { quantity: "6", value: (24 - 12.92).toFixed(2) },
      [third.id]: { quantity: "6", value: (12.92 - 1.85).toFixed(2) }, // the issue: 1 × 24/13 = 1.85
      [room.second.id]: { quantity: "4", value: "10.00" },
    });
    // Keyset pages by code: WH1, WH2, WH3.
    const p1 = await room.owner.inventory.reports.valuation({ filters: { group: enumF("warehouse") }, perPage: 2 });
    const p2 = await room.owner.inventory.reports.valuation({ filters: { group: enumF("warehouse") }, perPage: 2, cursor: p1.nextCursor });
    expect([...p1.rows, ...p2.rows].map((r) => r.code)).toEqual(["WH1", "WH2", "WH3"]);
    expect(p2.nextCursor).toBeUndefined();
  });

  it("adds back-dated moves to their warehouses' rows (the trigger), so rows, groups and totals stay exact", async () => {
    await fillValuationDays({ orgIds: [room.org.id] }); // the days are closed
    const s = room.owner.inventory.stock;
    await s.transfer({ itemId: a.id, fromLocationId: third.d, toLocationId: room.main.a, quantity: "2", movedAt: new Date("2026-03-20T15:00:00Z") });
    await s.transfer({ itemId: a.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1", movedAt: new Date("2026-03-21T15:00:00Z") });
    await s.receive({ itemId: b.id, locationId: room.second.c, quantity: "7", unitCost: "3", movedAt: new Date(`${utcDay(-3)}T12:00:00Z`) });
    await expectRowsEqualLedger(room.org.id);
    for (const asOf of ["2026-03-19", "2026-03-20", "2026-03-21", utcDay(-3), undefined]) {
      const expected = await ledgerByWarehouse(room.org.id, asOf ?? null);
      expect({ asOf, rows: asSums((await valuation(room.owner, { group: enumF("warehouse"), ...asOfF(asOf) })).rows) }).toEqual({ asOf, rows: expected });
      const t = await totals(room.owner, { warehouse: enumF(third.id), ...asOfF(asOf) });
      expect({ asOf, quantity: t.quantity, value: t.value }).toEqual({ asOf, ...(expected[third.id] ?? { quantity: "0", value: "0.00" }) });
    }
  });

  it("shows a member of one workspace only that workspace's warehouses and day rows", async () => {
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    for (const asOf of ["2026-01-06", "2026-03-10", undefined]) {
      const expected = await ledgerByWarehouse(room.org.id, asOf ?? null);
      const rows = (await valuation(member, { group: enumF("warehouse"), ...asOfF(asOf) })).rows;
      expect(asSums(rows)).toEqual({ [room.second.id]: expected[room.second.id] });
      // Another workspace's warehouse: nothing, even when named.
      expect(await totals(member, { warehouse: enumF(room.main.id, third.id), group: enumF("warehouse"), ...asOfF(asOf) })).toEqual({ groups: 0, quantity: "0", value: "0.00" });
      const t = await totals(member, { warehouse: enumF(room.main.id, room.second.id), ...asOfF(asOf) });
      expect({ quantity: t.quantity, value: t.value }).toEqual(expected[room.second.id]);
    }
    const seen = await asApp({ orgId: room.org.id, workspaceIds: [room.org.workspaces.second!] }, async (pg) =>
      (await pg.query<{ warehouse_id: string }>("select distinct warehouse_id::text from inventory.valuation_days")).rows.map((r) => r.warehouse_id));
    expect(seen).toEqual([room.second.id]);
    const all = await asApp({ orgId: room.org.id, workspaceIds: Object.values(room.org.workspaces) }, async (pg) =>
      (await pg.query<{ warehouse_id: string }>("select distinct warehouse_id::text from inventory.valuation_days")).rows.map((r) => r.warehouse_id));
    expect(all.sort()).toEqual([room.main.id, room.second.id, third.id].sort());
  });
});
