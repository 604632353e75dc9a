// The valuation by category from inventory.valuation_category_days / _months (per workspace × the item's current
// category × closed UTC day, and × UTC month = Σ of the month's days). Checked exact against the ledger grouped by
// each item's current category: the rows after the fill (moves across month ends, transfers, an item without a
// category, a UTC boundary in the organization's time zone), the category grouping and the category-filtered totals
// at dates around month ends against both the ledger and the grouped query over the moves (forced by a SKU prefix
// every item matches), back-dated moves after the fill, recategorizations (by a member who sees only one of the
// workspaces holding the item's moves) and a member of one workspace, who sees only that workspace's rows.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { receive } from "@/server/modules/inventory/stock.service";
import { fillValuationDays } from "@/server/modules/inventory/valuation-days.job";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

type Filters = Record<string, { type: "text"; value: string } | { type: "enum"; values: string[] }>;
type Sums = Record<string, { quantity: string; value: string }>;

const NIL = "00000000-0000-0000-0000-000000000000";
const textF = (value: string) => ({ type: "text" as const, value });
const enumF = (...values: string[]) => ({ type: "enum" as const, values });
const TZ = "Asia/Almaty"; // UTC+5: the end of a local day is 19:00 UTC
const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SIGNED = "case when m.to_location_id is not null then m.quantity else 0 end - case when m.from_location_id is not null then m.quantity else 0 end";

/** Per current category Σ signed quantity and ledger value before the end of `asOf` in TZ (none: every move). */
async function ledgerByCategory(orgId: string, asOf: string | null, workspaceIds?: string[]): Promise<Sums> {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ cat: string; quantity: string; value: string }>(
      `select coalesce(i.category_id, '${NIL}')::text as cat, sum(${SIGNED})::numeric(20,4)::float8::text as quantity, sum(m.value)::numeric(20,2)::text as value
         from inventory.stock_moves m join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
        where m.organization_id = $1 and ($2::date is null or m.moved_at < (($2::date + 1)::timestamp at time zone $3))
          and ($4::uuid[] is null or m.workspace_id = any($4::uuid[]))
        group by 1 having sum(${SIGNED}) <> 0 or sum(m.value) <> 0`,
      [orgId, asOf, TZ, workspaceIds ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.cat, { quantity: String(Number(r.quantity)), value: r.value }]));
  });
}

/**
 * Every day row is the ledger's Σ of that workspace × current category × UTC day (rows a recategorization emptied stay
 * at zero), every day of the ledger up to the workspace's coverage has its row, and every month row is Σ of its days.
 */
async function expectRowsExact(orgId: string) {
  await withConnection("system", async (c) => {
    const covered = `(select max(v.day) from inventory.valuation_days v where v.organization_id = $1 and v.workspace_id = m.workspace_id)`;
    const ledger = (await c.query<{ key: string; quantity: string; value: string }>(
      `select m.workspace_id || ' ' || coalesce(i.category_id, '${NIL}') || ' ' || to_char((m.moved_at at time zone 'UTC')::date, 'YYYY-MM-DD') as key,
              sum(${SIGNED})::numeric(18,4)::float8::text as quantity, sum(m.value)::numeric(18,2)::text as value
         from inventory.stock_moves m join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
        where m.organization_id = $1 and m.moved_at < ((${covered} + 1)::timestamp at time zone 'UTC')
        group by 1 order by 1`, [orgId])).rows;
    const rows = (await c.query<{ key: string; quantity: string; value: string }>(
      `select workspace_id || ' ' || category_id || ' ' || to_char(day, 'YYYY-MM-DD') as key, quantity::float8::text as quantity, value::text
         from inventory.valuation_category_days where organization_id = $1 order by 1`, [orgId])).rows;
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const l of ledger) expect({ key: l.key, quantity: byKey.get(l.key)?.quantity, value: byKey.get(l.key)?.value }).toEqual(l);
    const inLedger = new Set(ledger.map((l) => l.key));
    for (const r of rows.filter((x) => !inLedger.has(x.key))) expect(r).toEqual({ key: r.key, quantity: "0", value: "0.00" });
    expect(ledger.length).toBeGreaterThan(0);
    const months = (await c.query<{ key: string; quantity: string; value: string }>(
      `select workspace_id || ' ' || category_id || ' ' || to_char(month, 'YYYY-MM') as key, quantity::float8::text as quantity, value::text
         from inventory.valuation_category_months where organization_id = $1 order by 1`, [orgId])).rows;
    const fromDays = (await c.query<{ key: string; quantity: string; value: string }>(
      `select workspace_id || ' ' || category_id || ' ' || to_char(day, 'YYYY-MM') as key, sum(quantity)::float8::text as quantity, sum(value)::text as value
         from inventory.valuation_category_days where organization_id = $1 group by 1 order by 1`, [orgId])).rows;
    expect(months).toEqual(fromDays);
  });
}

describe("valuation by category from the closed days and months", () => {
  let room: Stockroom;
  let tools: string; // parent of drills
  let drills: string;
  let paint: string;
  let a: { id: string; version: number }; // drills
  let b: { id: string; version: number }; // paint
  let u: { id: string; version: number }; // no category
  const valuation = (c: Caller, filters: Filters, q?: string) => c.inventory.reports.valuation({ filters, perPage: 50, ...(q ? { q } : {}) });
  const totals = (c: Caller, filters: Filters, q?: string) => c.inventory.reports.valuationTotals({ filters, perPage: 50, ...(q ? { q } : {}) });
  const asOfF = (asOf?: string): Filters => (asOf ? { asOf: textF(asOf) } : {});
  const asSums = (rows: { id: string; quantity: string; value: string }[]): Sums =>
    Object.fromEntries(rows.map((r) => [r.id, { quantity: r.quantity, value: r.value }]));
  const pick = (sums: Sums, ids: string[]) => Object.fromEntries(Object.entries(sums).filter(([k]) => ids.includes(k)));
  const total = (sums: Sums, k: "quantity" | "value") => Object.values(sums).reduce((t, x) => t + Number(x[k]), 0);

  /** Grouped by category and the category-filtered totals equal the ledger and the grouped query over the moves. */
  async function expectReportsExact(c: Caller, asOf: string | undefined, workspaceIds?: string[]) {
    const expected = await ledgerByCategory(room.org.id, asOf ?? null, workspaceIds);
    const grouped = await valuation(c, { group: enumF("category"), ...asOfF(asOf) });
    expect({ asOf, rows: asSums(grouped.rows) }).toEqual({ asOf, rows: expected });
    // Same rows and order (category name) as the grouped query over the moves (every SKU starts with "SKU-": that path).
    expect({ asOf, rows: grouped.rows }).toEqual({ asOf, rows: (await valuation(c, { group: enumF("category"), ...asOfF(asOf) }, "SKU-")).rows });
    // The totals grouped by category count the groups (cheap from the days), unlike the item grouping's.
    const all = await totals(c, { group: enumF("category"), ...asOfF(asOf) });
    expect({ asOf, groups: all.groups, quantity: Number(all.quantity), value: all.value })
      .toEqual({ asOf, groups: grouped.rows.length, quantity: total(expected, "quantity"), value: total(expected, "value").toFixed(2) });
    for (const ids of [[tools], [drills], [paint], [tools, paint]]) {
      const subtree = ids.includes(tools) ? [...ids, drills] : ids;
      const want = pick(expected, subtree);
      const filters = { category: enumF(...ids), ...asOfF(asOf) };
      const byItem = await totals(c, filters);
      expect({ asOf, ids, quantity: Number(byItem.quantity), value: byItem.value }).toEqual({ asOf, ids, quantity: total(want, "quantity"), value: total(want, "value").toFixed(2) });
      expect(byItem.groups).toBeNull(); // items with stock at that date are not counted ("—")
      const old = await totals(c, filters, "SKU-");
      expect({ quantity: byItem.quantity, value: byItem.value }).toEqual({ quantity: old.quantity, value: old.value });
      const byCategory = await totals(c, { ...filters, group: enumF("category") });
      expect(byCategory).toEqual({ groups: Object.keys(want).length, quantity: byItem.quantity, value: byItem.value });
      expect(asSums((await valuation(c, { ...filters, group: enumF("category") })).rows)).toEqual(want);
    }
  }

  beforeAll(async () => {
    room = await stockroom();
    await systemDb().organization.update({ where: { id: room.org.id }, data: { timeZone: TZ } });
    const cats = room.owner.inventory.categories;
    tools = (await cats.create({ code: `TL-${Date.now()}`, name: "Tools" })).id;
    drills = (await cats.create({ code: `DR-${Date.now()}`, name: "Drills", parentId: tools })).id;
    paint = (await cats.create({ code: `PT-${Date.now()}`, name: "Paint" })).id;
    a = await makeItem(room, { categoryId: drills });
    b = await makeItem(room, { categoryId: paint });
    u = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "10", unitCost: "2", movedAt: new Date("2026-01-05T12:00:00Z") });
    await s.receive({ itemId: a.id, locationId: room.second.c, quantity: "4", unitCost: "3", movedAt: new Date("2026-01-20T12:00:00Z") });
    await s.receive({ itemId: b.id, locationId: room.main.b, quantity: "6", unitCost: "1.5", movedAt: new Date("2026-01-31T20:00:00Z") }); // 1 Feb in Almaty
    await s.transfer({ itemId: a.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3", movedAt: new Date("2026-02-01T12:00:00Z") });
    await s.issue({ itemId: a.id, locationId: room.main.b, quantity: "2", movedAt: new Date("2026-02-28T23:30:00Z") }); // 1 March UTC and local
    await s.receive({ itemId: u.id, locationId: room.second.c, quantity: "5", unitCost: "1.333", movedAt: new Date("2026-03-01T00:10:00Z") });
    await s.issue({ itemId: b.id, locationId: room.main.b, quantity: "1", movedAt: new Date("2026-03-31T18:59:00Z") }); // 31 March local
    await s.issue({ itemId: u.id, locationId: room.second.c, quantity: "2", movedAt: new Date("2026-04-01T02:00:00Z") });
    // Yesterday and today: not in any row, read from the moves.
    await s.receive({ itemId: b.id, locationId: room.main.a, quantity: "2", unitCost: "4", movedAt: new Date(`${utcDay(-1)}T00:30:00Z`) });
    await s.issue({ itemId: a.id, locationId: room.second.c, quantity: "1" });
  });

  it("fills day and month rows per workspace × category equal to the ledger, with the valuation days", async () => {
    await totals(room.owner, { category: enumF(tools), asOf: textF("2026-02-01") }); // a request closes its first month
    await expectRowsExact(room.org.id);
    await fillValuationDays({ orgIds: [room.org.id] }); // the job closes the rest
    await expectRowsExact(room.org.id);
    // Both workspaces covered through today − 2, in both tables' coverage (valuation_days holds the mark).
    const newest = await withConnection("system", async (c) =>
      (await c.query<{ ws: string; day: string }>(`select workspace_id::text as ws, to_char(max(day), 'YYYY-MM-DD') as day from inventory.valuation_days where organization_id = $1 group by 1`, [room.org.id])).rows);
    expect(newest.map((r) => r.day)).toEqual([utcDay(-2), utcDay(-2)]);
    // By hand, January (UTC) in the main workspace: drills +10 @ 2 and paint +6 @ 1.5 (31 January 20:00 UTC, already
    // 1 February in Almaty); the second workspace: drills +4 @ 3.
    const jan = await withConnection("system", async (c) =>
      (await c.query<{ ws: string; cat: string; quantity: string; value: string }>(
        `select workspace_id::text as ws, category_id::text as cat, quantity::float8::text as quantity, value::text from inventory.valuation_category_months
          where organization_id = $1 and month = '2026-01-01' order by value::numeric`, [room.org.id])).rows);
    expect(jan).toEqual([
      { ws: room.org.workspaces.main, cat: paint, quantity: "6", value: "9.00" },
      { ws: room.org.workspaces.second, cat: drills, quantity: "4", value: "12.00" },
      { ws: room.org.workspaces.main, cat: drills, quantity: "10", value: "20.00" },
    ]);
  });

  it("groups by category and totals a category filter exactly as the ledger and the grouped query over the moves", async () => {
    await fillValuationDays({ orgIds: [room.org.id] });
    const dates = ["2025-12-31", "2026-01-05", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31", "2026-04-01", utcDay(-3), utcDay(-2), utcDay(-1), undefined];
    for (const asOf of dates) await expectReportsExact(room.owner, asOf);
    // By hand, end of 31 January in Almaty (19:00 UTC): drills 14 (20 + 12), the paint receipt of 20:00 UTC not yet.
    expect(asSums((await valuation(room.owner, { group: enumF("category"), asOf: textF("2026-01-31") })).rows)).toEqual({ [drills]: { quantity: "14", value: "32.00" } });
    // Keyset pages by name: Drills, Paint, then the items without a category (name "").
    const p1 = await room.owner.inventory.reports.valuation({ filters: { group: enumF("category"), asOf: textF("2026-03-01") }, perPage: 2 });
    const p2 = await room.owner.inventory.reports.valuation({ filters: { group: enumF("category"), asOf: textF("2026-03-01") }, perPage: 2, cursor: p1.nextCursor });
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual([NIL, drills, paint]);
    expect(p2.nextCursor).toBeUndefined();
  });

  it("adds back-dated moves to their category's day and month rows (the trigger)", async () => {
    await fillValuationDays({ orgIds: [room.org.id] });
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: b.id, locationId: room.main.a, quantity: "3", unitCost: "2", movedAt: new Date("2026-02-10T10:00:00Z") });
    await s.transfer({ itemId: a.id, fromLocationId: room.main.b, toLocationId: room.main.a, quantity: "1", movedAt: new Date("2026-03-15T10:00:00Z") });
    await s.issue({ itemId: u.id, locationId: room.second.c, quantity: "1", movedAt: new Date(`${utcDay(-3)}T12:00:00Z`) });
    await expectRowsExact(room.org.id);
    for (const asOf of ["2026-02-09", "2026-02-10", "2026-03-15", utcDay(-3), undefined]) await expectReportsExact(room.owner, asOf);
  });

  it("moves an item's history to its new category in every workspace, whoever changes it", async () => {
    await fillValuationDays({ orgIds: [room.org.id] });
    // A member of the main workspace only: the item's moves in the second workspace move too.
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    const current = async (id: string) => (await room.owner.inventory.items.get({ id })).version;
    await member.inventory.items.update({ id: a.id, version: await current(a.id), categoryId: paint });
    await expectRowsExact(room.org.id);
    for (const asOf of ["2026-01-20", "2026-03-01", undefined]) await expectReportsExact(room.owner, asOf);
    expect(asSums((await valuation(room.owner, { group: enumF("category"), asOf: textF("2026-01-20") })).rows)).toEqual({ [paint]: { quantity: "14", value: "32.00" } });
    // To no category and back to drills; the member's own workspace setting is restored after the trigger.
    await member.inventory.items.update({ id: a.id, version: await current(a.id), categoryId: null });
    await expectRowsExact(room.org.id);
    await expectReportsExact(room.owner, "2026-03-01");
    await room.owner.inventory.items.update({ id: b.id, version: await current(b.id), categoryId: drills });
    await member.inventory.items.update({ id: a.id, version: await current(a.id), categoryId: drills });
    await expectRowsExact(room.org.id);
    for (const asOf of ["2026-02-10", "2026-03-31", utcDay(-2), undefined]) await expectReportsExact(room.owner, asOf);
    const seen = await asApp({ orgId: room.org.id, workspaceIds: [room.org.workspaces.main!] }, async (pg) => {
      await pg.query("update inventory.items set category_id = $1 where id = $2", [paint, u.id]);
      return (await pg.query<{ ws: string }>("select current_setting('app.workspace_ids') as ws")).rows[0]!.ws;
    });
    expect(seen).toBe(`{${room.org.workspaces.main}}`);
    await expectRowsExact(room.org.id);
    await expectReportsExact(room.owner, undefined);
  });

  it("serializes a recategorization after a back-dated move still in flight, which it then moves too", async () => {
    await fillValuationDays({ orgIds: [room.org.id] });
    const workspaceIds = Object.values(room.org.workspaces);
    const scope = { orgId: room.org.id, orgSlug: room.org.slug, userId: room.ownerId, requestId: "t", membershipId: "", workspaceIds,
      permissions: new Set<string>(), roles: ["owner"], recordScope: "all" } as never;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let posted!: () => void;
    const inFlight = new Promise<void>((r) => (posted = r));
    // T1: a back-dated receipt of `b` on a covered day, its transaction held open (it holds the workspace's lock shared).
    const t1 = withSettings({ orgId: room.org.id, workspaceIds, userId: room.ownerId, requestId: "t" }, async (tx) => {
      await receive(tx, scope, { itemId: b.id, locationId: room.main.a, quantity: "4", unitCost: "5", movedAt: new Date("2026-02-20T10:00:00Z") });
      posted();
      await gate;
    });
    await inFlight;
    // T2: `b` to paint → tools. It must wait for T1 (the move's FK takes only a key-share lock on the item row, so only
    // the advisory lock orders them); without the wait it would move the history without T1's move.
    const version = (await room.owner.inventory.items.get({ id: b.id })).version;
    const t2 = room.owner.inventory.items.update({ id: b.id, version, categoryId: tools });
    const waiting = async () => withConnection("admin", async (c) =>
      Number((await c.query<{ n: string }>("select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())")).rows[0]!.n));
    let n = 0;
    for (let i = 0; i < 50 && n === 0; i++) {
      n = await waiting();
      if (!n) await new Promise((r) => setTimeout(r, 100));
    }
    expect(n).toBe(1);
    release();
    await t1;
    await t2;
    await expectRowsExact(room.org.id);
    for (const asOf of ["2026-02-19", "2026-02-20", undefined]) await expectReportsExact(room.owner, asOf);
  });

  it("shows a member of one workspace only that workspace's category rows", async () => {
    const user = await makeUser(room.org, { roles: ["viewer"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    for (const asOf of ["2026-01-20", "2026-03-01", utcDay(-2), undefined]) await expectReportsExact(member, asOf, [room.org.workspaces.second!]);
    const seen = await asApp({ orgId: room.org.id, workspaceIds: [room.org.workspaces.second!] }, async (pg) =>
      (await pg.query<{ ws: string }>("select distinct workspace_id::text as ws from inventory.valuation_category_months")).rows.map((r) => r.ws));
    expect(seen).toEqual([room.org.workspaces.second]);
  });
});
