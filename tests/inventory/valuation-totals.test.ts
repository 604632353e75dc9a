// The valuation's totals at scale: without filters they come from inventory.valuation_days (closed UTC days, filled
// incrementally by inventory.valuation_days_fill) plus the moves after the newest closed day up to the bound. Checked
// exact against Σ ledger — dates in the organization's time zone across a UTC day boundary, a back-dated move after the
// fill (the trigger), a member of one workspace — and the plans the pages rely on (EXPLAIN under RLS).
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { fillValuationDays } from "@/server/modules/inventory/valuation-days.job";
import { REQUEST_FILL_DAYS, stockReportSql } from "@/server/modules/inventory/reports.service";
import { ZStockReportInput } from "@/server/modules/inventory/reports.schemas";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

const textF = (value: string) => ({ type: "text" as const, value });
const enumF = (...values: string[]) => ({ type: "enum" as const, values });
const TZ = "America/New_York";

/** Σ ledger (signed quantity, value) of the organization's moves before the end of `asOf` in TZ, as the system role. */
async function ledgerAsOf(orgId: string, asOf: string | null, workspaceId?: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ quantity: string; value: string }>(
      `select coalesce(sum(case when to_location_id is not null then quantity else 0 end - case when from_location_id is not null then quantity else 0 end), 0)::numeric(20,4)::float8::text as quantity,
              coalesce(sum(value), 0)::numeric(20,2)::text as value
         from inventory.stock_moves
        where organization_id = $1 and ($2::date is null or moved_at < (($2::date + 1)::timestamp at time zone $3))
          and ($4::uuid is null or workspace_id = $4)`,
      [orgId, asOf, TZ, workspaceId ?? null],
    );
    return { quantity: String(Number(rows[0]!.quantity)), value: rows[0]!.value };
  });
}

async function dayRows(orgId: string) {
  return withConnection("system", async (c) => (await c.query<{ day: string; workspace_id: string }>(
    "select to_char(day, 'YYYY-MM-DD') as day, workspace_id::text from inventory.valuation_days where organization_id = $1 order by workspace_id, day", [orgId])).rows);
}

const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("valuation totals from closed days", () => {
  let room: Stockroom;
  let a: { id: string };
  let b: { id: string };
  const totals = (c: Caller, asOf?: string) => c.inventory.reports.valuationTotals({ filters: asOf ? { asOf: textF(asOf) } : {}, perPage: 50 });

  beforeAll(async () => {
    room = await stockroom();
    await systemDb().organization.update({ where: { id: room.org.id }, data: { timeZone: TZ } });
    a = await makeItem(room);
    b = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "10", unitCost: "2", movedAt: new Date("2026-01-05T12:00:00Z") });
    await s.receive({ itemId: b.id, locationId: room.second.c, quantity: "4", unitCost: "2.5", movedAt: new Date("2026-01-06T12:00:00Z") });
    await s.transfer({ itemId: a.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3", movedAt: new Date("2026-02-01T12:00:00Z") });
    // 03:00 UTC on 10 March is 23:00 on 9 March in New York (EDT): the 9th's valuation includes it, its UTC day is the 10th.
    await s.issue({ itemId: a.id, locationId: room.main.b, quantity: "1", movedAt: new Date("2026-03-10T03:00:00Z") });
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "5", unitCost: "4", movedAt: new Date("2026-03-10T12:00:00Z") });
    await s.issue({ itemId: b.id, locationId: room.second.c, quantity: "1" }); // today
  });

  it("answers Σ ledger as of each date (the organization's day, across the UTC boundary) and now, and closes the days up to today − 2", async () => {
    for (const asOf of ["2025-12-31", "2026-01-05", "2026-02-01", "2026-03-09", "2026-03-10", utcDay(-2), utcDay(-1)]) {
      const t = await totals(room.owner, asOf);
      expect({ asOf, quantity: t.quantity, value: t.value }).toEqual({ asOf, ...(await ledgerAsOf(room.org.id, asOf)) });
      expect(t.groups).toBeNull();
    }
    const now = await totals(room.owner);
    expect({ quantity: now.quantity, value: now.value }).toEqual(await ledgerAsOf(room.org.id, null));
    const [on9th, on8th] = [await totals(room.owner, "2026-03-09"), await totals(room.owner, "2026-03-08")];
    expect(Number(on9th.quantity) - Number(on8th.quantity)).toBe(-1); // the 03:00 UTC issue belongs to the 9th in New York
    // A request closes at most REQUEST_FILL_DAYS per workspace; the job closes the rest: both workspaces through
    // today − 2 (UTC); the 10 March row holds both of that UTC day's moves.
    await fillValuationDays({ orgIds: [room.org.id] });
    const rows = await dayRows(room.org.id);
    for (const ws of [room.org.workspaces.main!, room.org.workspaces.second!]) expect(rows.filter((r) => r.workspace_id === ws).at(-1)?.day).toBe(utcDay(-2));
    expect(rows.filter((r) => r.day === "2026-03-10")).toHaveLength(1);
    // The report's own rows (the grouped query) agree with the totals.
    const page = await room.owner.inventory.valuation({ filters: { asOf: textF("2026-03-10") }, perPage: 50 });
    const t10 = await totals(room.owner, "2026-03-10");
    expect(page.rows.reduce((v, r) => v + Number(r.value), 0).toFixed(2)).toBe(t10.value);
    // With a filter, the totals are the grouped query's, with the group count.
    expect(await room.owner.inventory.reports.valuationTotals({ filters: { asOf: textF("2026-03-10"), item: enumF(a.id) }, perPage: 50 })).toMatchObject({ groups: 1, quantity: "14" });
  });

  it("fills in bounded steps: a request closes at most REQUEST_FILL_DAYS, the job the rest in committed steps, exact at every step", async () => {
    const r = await stockroom();
    await systemDb().organization.update({ where: { id: r.org.id }, data: { timeZone: TZ } });
    const it = await makeItem(r);
    const s = r.owner.inventory.stock;
    await s.receive({ itemId: it.id, locationId: r.main.a, quantity: "10", unitCost: "2", movedAt: new Date("2026-01-05T12:00:00Z") });
    await s.issue({ itemId: it.id, locationId: r.main.a, quantity: "3", movedAt: new Date("2026-03-01T12:00:00Z") });
    await s.receive({ itemId: it.id, locationId: r.main.a, quantity: "4", unitCost: "5", movedAt: new Date("2026-06-15T12:00:00Z") });
    const newest = async () => (await dayRows(r.org.id)).filter((x) => x.workspace_id === r.org.workspaces.main!).at(-1)?.day;
    // One request: the main workspace's rows reach its first move's day + REQUEST_FILL_DAYS − 1, the rest is read
    // from the moves — the totals are exact all the same.
    for (const asOf of ["2026-01-31", "2026-03-01", "2026-07-01", undefined]) {
      const t = await totals(r.owner, asOf);
      expect({ asOf, quantity: t.quantity, value: t.value }).toEqual({ asOf, ...(await ledgerAsOf(r.org.id, asOf ?? null)) });
    }
    const afterRequests = await newest();
    expect(afterRequests! < utcDay(-2)).toBe(true);
    expect(afterRequests! >= new Date(Date.parse("2026-01-05") + (REQUEST_FILL_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)).toBe(true);
    // The job in steps of 30 days: several committed steps, then every workspace closed through today − 2.
    const steps = await fillValuationDays({ orgIds: [r.org.id], stepDays: 30 });
    expect(steps).toBeGreaterThan(3);
    expect(await newest()).toBe(utcDay(-2));
    expect(await fillValuationDays({ orgIds: [r.org.id], stepDays: 30 })).toBe(1); // nothing left: one step finds it
    for (const asOf of ["2026-02-01", "2026-06-15", utcDay(-2), undefined]) {
      const t = await totals(r.owner, asOf);
      expect({ asOf, quantity: t.quantity, value: t.value }).toEqual({ asOf, ...(await ledgerAsOf(r.org.id, asOf ?? null)) });
    }
  });

  it("adds a move dated into a closed day to that day (the trigger), so the totals stay exact", async () => {
    await fillValuationDays({ orgIds: [room.org.id] }); // the days are closed
    await room.owner.inventory.stock.receive({ itemId: b.id, locationId: room.second.c, quantity: "7", unitCost: "3", movedAt: new Date("2026-01-20T15:00:00Z") });
    await room.owner.inventory.stock.issue({ itemId: a.id, locationId: room.main.a, quantity: "2", movedAt: new Date(`${utcDay(-3)}T12:00:00Z`) });
    for (const asOf of ["2026-01-19", "2026-01-20", "2026-02-01", utcDay(-3), utcDay(-1)]) {
      const t = await totals(room.owner, asOf);
      expect({ asOf, quantity: t.quantity, value: t.value }).toEqual({ asOf, ...(await ledgerAsOf(room.org.id, asOf)) });
    }
    const now = await totals(room.owner);
    expect({ quantity: now.quantity, value: now.value }).toEqual(await ledgerAsOf(room.org.id, null));
  });

  it("gives a member of one workspace the totals of that workspace's ledger only", async () => {
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    for (const asOf of ["2026-01-06", "2026-03-10", undefined]) {
      const t = await member.inventory.reports.valuationTotals({ filters: asOf ? { asOf: textF(asOf) } : {}, perPage: 50 });
      expect({ quantity: t.quantity, value: t.value }).toEqual(await ledgerAsOf(room.org.id, asOf ?? null, room.org.workspaces.second!));
    }
    // The owner's totals are unchanged by the member's fill (each workspace is filled once).
    const t = await totals(room.owner, "2026-03-10");
    expect({ quantity: t.quantity, value: t.value }).toEqual(await ledgerAsOf(room.org.id, "2026-03-10"));
  });

  it("serves a stock report page from the items index in SKU order (no sort of every item) under RLS", async () => {
    const input = ZStockReportInput.parse({ filters: { warehouse: enumF(room.main.id) }, perPage: 2 });
    const q = stockReportSql({ orgId: room.org.id } as never, input);
    const plan = await asApp({ orgId: room.org.id, workspaceIds: Object.values(room.org.workspaces) }, async (pg) => {
      // Tiny tables: forbid the full sort and the sequential scan so that the plan shows what the order can use.
      await pg.query("set local enable_seqscan = off");
      await pg.query("set local enable_sort = off");
      const r = await pg.query(`explain ${q.text}`, q.values);
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index Scan using items_organization_id_sku_key on items i/);
    expect(plan).not.toMatch(/Sort Key: \(ROW/);
    expect(plan).not.toMatch(/^\s*->\s+Sort\b/m);
    // A category subtree (resolved): one SKU-ordered range per category of (organization_id, category_id, sku), merged.
    const [c1, c2] = [crypto.randomUUID(), crypto.randomUUID()];
    const byCategory = stockReportSql({ orgId: room.org.id } as never, ZStockReportInput.parse({ filters: { category: enumF(c1) }, perPage: 2 }), [c1, c2]);
    const merged = await asApp({ orgId: room.org.id, workspaceIds: Object.values(room.org.workspaces) }, async (pg) => {
      await pg.query("set local enable_seqscan = off");
      await pg.query("set local enable_sort = off");
      const r = await pg.query(`explain ${byCategory.text}`, byCategory.values);
      return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(merged).toMatch(/Merge Append/);
    expect(merged).toMatch(/Index Scan using items_organization_id_category_id_sku_idx/);
  });
});
