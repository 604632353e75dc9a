// Stock adjustment reasons (adjustment-reasons.service.ts): a closed list per organization — created with the
// defaults, added, edited, archived and restored by inventory.settings.manage, read with inventory.stock.read; codes
// unique case-insensitively; updates, moves, archives and restores take the version read (CONFLICT when stale); the
// order is the sort order, changed one place up or down by move only; adjustments take an active reason of their
// organization and keep its name as saved.
// And the migration 20261203140000_inventory_adjustment_reasons maps existing free-text reasons onto the list.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { migrate } from "@/server/db/migrate";
import { onDatabase, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { dropOlderDatabases, olderDatabase } from "../helpers/upgrade";
import { failure, makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

type Reason = Awaited<ReturnType<Caller["inventory"]["adjustmentReasons"]["list"]>>[number];

/** The field errors of an input the procedure's zod schema refuses (what the form shows in place). */
async function inputErrors(p: Promise<unknown>): Promise<Record<string, string[] | undefined>> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof TRPCError) || e.code !== "BAD_REQUEST" || !(e.cause instanceof ZodError)) throw new Error(`expected a BAD_REQUEST on the input, got ${String(e)}`);
  return z.flattenError(e.cause).fieldErrors as Record<string, string[] | undefined>;
}

describe("adjustment reasons", () => {
  let room: Stockroom;
  let viewer: Caller;
  beforeAll(async () => {
    room = await stockroom();
    viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
  });

  it("gives a new organization the default reasons, in their order", async () => {
    expect((await room.owner.inventory.adjustmentReasons.list()).map((r) => [r.code, r.name])).toEqual([
      ["DAMAGED", "Damaged"], ["EXPIRED", "Expired"], ["LOST", "Lost or stolen"], ["FOUND", "Found"], ["CORRECTION", "Data correction"], ["OPENING", "Opening balance"],
    ]);
  });

  it("creates, updates, archives and restores; archived ones are listed only on request", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const made = await r.create({ code: " theft-2 ", name: "  Theft at night " });
    expect(made).toMatchObject({ code: "THEFT-2", name: "Theft at night", sortOrder: 70, archivedAt: null });
    expect((await r.list()).at(-1)).toMatchObject({ id: made.id });
    expect(made.version).toBe(1);
    expect(await r.update({ id: made.id, version: 1, code: "theft", name: "Theft" })).toMatchObject({ code: "THEFT", name: "Theft", sortOrder: 70, version: 2 });
    expect((await r.list()).at(-1)).toMatchObject({ id: made.id });
    const archived = await r.archive({ id: made.id, version: 2 });
    expect(archived).toMatchObject({ version: 3 });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    // Asked again with the current version: nothing changes.
    expect(await r.archive({ id: made.id, version: 3 })).toEqual(archived);
    expect((await r.list()).map((x) => x.id)).not.toContain(made.id);
    expect((await r.list({ includeArchived: true })).find((x) => x.id === made.id)).toMatchObject({ code: "THEFT" });
    const restored = await r.restore({ id: made.id, version: 3 });
    expect(restored).toMatchObject({ archivedAt: null, version: 4 });
    expect((await r.list()).map((x) => x.id)).toContain(made.id);
  });

  it("validates fields and refuses a code in use, whatever its case, as a field error on code", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    expect(await inputErrors(r.create({ code: "", name: " " }))).toEqual({ code: ["Enter a code"], name: ["Enter a name"] });
    expect(await inputErrors(r.create({ code: "A".repeat(21), name: "N".repeat(81) }))).toEqual({ code: ["At most 20 characters"], name: ["At most 80 characters"] });
    expect(await inputErrors(r.create({ code: "NO SPACE", name: "x" }))).toEqual({ code: ["Letters, digits, - and _ only"] });
    expect(await failure(r.create({ code: "damaged", name: "Broken" }))).toMatchObject({ code: "CONFLICT", fields: { code: ["Code DAMAGED is already used by another reason"] } });
    const mine = await r.create({ code: "SPILL", name: "Spilled" });
    expect(await failure(r.update({ id: mine.id, version: 1, code: "Expired", name: "Spilled" }))).toMatchObject({ code: "CONFLICT", fields: { code: [expect.stringContaining("EXPIRED")] } });
    // Its own code is no conflict.
    expect(await r.update({ id: mine.id, version: 1, code: "spill", name: "Spilled liquid" })).toMatchObject({ code: "SPILL", name: "Spilled liquid" });
  });

  it("updates only the version read: a stale one answers CONFLICT and changes nothing", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const made = await r.create({ code: "WET", name: "Water damage" });
    const first = await r.update({ id: made.id, version: made.version, code: "WET", name: "Water" });
    expect(first).toMatchObject({ name: "Water", version: made.version + 1 });
    // A second editor who read the reason before the first saved.
    const stale = await failure(r.update({ id: made.id, version: made.version, code: "WET", name: "Flood" }));
    expect(stale).toMatchObject({ code: "CONFLICT", message: "This reason was changed by someone else. Reload it and try again." });
    expect(stale.fields).toBeUndefined(); // the "changed by someone else" state, not a field error
    expect(await failure(r.update({ id: made.id, version: first.version + 1, code: "WET", name: "Flood" }))).toMatchObject({ code: "CONFLICT" });
    expect((await r.list()).find((x) => x.id === made.id)).toMatchObject({ name: "Water", version: first.version });
    // Archive and restore change the reason too: an edit read before them is stale.
    const archived = await r.archive({ id: made.id, version: first.version });
    expect(archived.version).toBe(first.version + 1);
    expect((await failure(r.update({ id: made.id, version: first.version, code: "WET", name: "Flood" }))).code).toBe("CONFLICT");
    expect(await r.update({ id: made.id, version: archived.version, code: "WET", name: "Flood" })).toMatchObject({ name: "Flood", version: archived.version + 1 });
  });

  it("archives and restores only the version read: a stale one answers CONFLICT and changes nothing", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const made = await r.create({ code: "MOLD", name: "Mould" });
    // Renamed by someone else after this caller read it: its archive is refused, the reason stays active.
    const renamed = await r.update({ id: made.id, version: made.version, code: "MOLD", name: "Mold" });
    const stale = await failure(r.archive({ id: made.id, version: made.version }));
    expect(stale).toMatchObject({ code: "CONFLICT", message: "This reason was changed by someone else. Reload it and try again." });
    expect(stale.fields).toBeUndefined();
    expect((await r.list()).find((x) => x.id === made.id)).toMatchObject({ archivedAt: null, version: renamed.version });
    // Two members archive from the same read: one wins, the other is told.
    const results = await Promise.allSettled([r.archive({ id: made.id, version: renamed.version }), r.archive({ id: made.id, version: renamed.version })]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((x): x is PromiseRejectedResult => x.status === "rejected").map((x) => (x.reason as TRPCError).code)).toEqual(["CONFLICT"]);
    const archived = (await r.list({ includeArchived: true })).find((x) => x.id === made.id)!;
    expect(archived.version).toBe(renamed.version + 1);
    // Restore the same way: the version before the archive is stale.
    expect((await failure(r.restore({ id: made.id, version: renamed.version }))).code).toBe("CONFLICT");
    expect((await r.list({ includeArchived: true })).find((x) => x.id === made.id)?.archivedAt).toBeInstanceOf(Date);
    expect(await r.restore({ id: made.id, version: archived.version })).toMatchObject({ archivedAt: null, version: archived.version + 1 });
    // The version is required.
    expect(Object.keys(await inputErrors(r.archive({ id: made.id } as never)))).toEqual(["version"]);
  });

  it("never changes the sort order on update: move is the one way to reorder", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const made = await r.create({ code: "SORTED", name: "Sorted" });
    // An old client still sending a sort order: ignored (the input has no such field).
    const updated = await r.update({ id: made.id, version: made.version, code: "SORTED", name: "Sorted out", sortOrder: 1 } as never);
    expect(updated).toMatchObject({ name: "Sorted out", sortOrder: made.sortOrder, version: made.version + 1 });
  });

  it("lets exactly one of two concurrent updates from the same read win", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const made = await r.create({ code: "RACE", name: "Race" });
    const results = await Promise.allSettled([
      r.update({ id: made.id, version: made.version, code: "RACE", name: "First" }),
      r.update({ id: made.id, version: made.version, code: "RACE", name: "Second" }),
    ]);
    const won = results.filter((x) => x.status === "fulfilled");
    const lost = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((x) => (x.reason as TRPCError).code)).toEqual(["CONFLICT"]);
    expect((await r.list()).find((x) => x.id === made.id)).toMatchObject({ version: made.version + 1, name: (won[0] as PromiseFulfilledResult<{ name: string }>).value.name });
  });

  it("lets readers list and only settings managers change", async () => {
    expect((await viewer.inventory.adjustmentReasons.list()).length).toBeGreaterThanOrEqual(6);
    const id = room.reasons.DAMAGED;
    for (const call of [
      () => viewer.inventory.adjustmentReasons.create({ code: "NOPE", name: "Nope" }),
      () => viewer.inventory.adjustmentReasons.update({ id, version: 1, code: "DAMAGED", name: "Nope" }),
      () => viewer.inventory.adjustmentReasons.archive({ id, version: 1 }),
      () => viewer.inventory.adjustmentReasons.restore({ id, version: 1 }),
    ])
      expect((await failure(call())).code).toBe("FORBIDDEN");
    expect((await room.owner.inventory.adjustmentReasons.list()).find((r) => r.id === id)).toMatchObject({ name: "Damaged", archivedAt: null });
  });

  it("answers NOT_FOUND for another organization's reason and never lets an adjustment use it", async () => {
    const other = await stockroom();
    const theirs = other.reasons.LOST;
    for (const call of [
      () => room.owner.inventory.adjustmentReasons.update({ id: theirs, version: 1, code: "LOST", name: "Mine now" }),
      () => room.owner.inventory.adjustmentReasons.archive({ id: theirs, version: 1 }),
      () => room.owner.inventory.adjustmentReasons.restore({ id: theirs, version: 1 }),
    ])
      expect((await failure(call())).code).toBe("NOT_FOUND");
    const item = await makeItem(room);
    const refused = await failure(room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: theirs, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] }));
    // The same answer as an id nobody has: nothing about the other organization leaks.
    const unknown = await failure(room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: "0190f1f4-0000-7000-8000-000000000000", lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] }));
    expect(refused).toEqual(unknown);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", fields: { reasonId: ["Choose a reason"] } });
    expect((await other.owner.inventory.adjustmentReasons.list()).find((r) => r.id === theirs)).toMatchObject({ name: "Lost or stolen" });
  });

  it("refuses an archived reason on a new adjustment; a draft keeps its own archived reason", async () => {
    const item = await makeItem(room);
    const r = await room.owner.inventory.adjustmentReasons.create({ code: "RECOUNT", name: "Recount" });
    const a = room.owner.inventory.adjustments;
    const lines = [{ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "1" }];
    const d = await a.create({ warehouseId: room.main.id, reasonId: r.id, lines });
    await room.owner.inventory.adjustmentReasons.archive({ id: r.id, version: r.version });
    expect(await failure(a.create({ warehouseId: room.main.id, reasonId: r.id, lines }))).toMatchObject({
      code: "BAD_REQUEST", fields: { reasonId: ["Reason RECOUNT is archived: choose another"] },
    });
    // Editing the draft with its own (now archived) reason is fine; choosing another archived one is not.
    expect(await a.update({ id: d.id, version: 1, warehouseId: room.main.id, reasonId: r.id, note: "edited", lines })).toMatchObject({ version: 2, reasonId: r.id, reason: "Recount" });
    const gone = await room.owner.inventory.adjustmentReasons.create({ code: "GONE", name: "Gone" });
    await room.owner.inventory.adjustmentReasons.archive({ id: gone.id, version: gone.version });
    expect((await failure(a.update({ id: d.id, version: 2, warehouseId: room.main.id, reasonId: gone.id, lines }))).fields).toEqual({ reasonId: ["Reason GONE is archived: choose another"] });
    expect((await a.post({ id: d.id, version: 2 })).status).toBe("posted");
  });

  it("shows the reason's name in the list and on the document, as saved: a later rename leaves old documents as they were", async () => {
    const item = await makeItem(room);
    const r = await room.owner.inventory.adjustmentReasons.create({ code: "SAMPLE", name: "Free sample" });
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: r.id, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }] });
    expect(d).toMatchObject({ reasonId: r.id, reason: "Free sample" });
    expect((await room.owner.inventory.adjustments.list({ q: d.number })).rows).toMatchObject([{ id: d.id, reason: "Free sample" }]);
    await room.owner.inventory.adjustmentReasons.update({ id: r.id, version: r.version, code: "SAMPLE", name: "Marketing sample" });
    expect(await room.owner.inventory.adjustments.get({ id: d.id })).toMatchObject({ reasonId: r.id, reason: "Free sample" });
    expect((await room.owner.inventory.adjustments.list({ q: d.number })).rows[0]?.reason).toBe("Free sample");
    // Saving the draft again takes the reason's current name.
    const saved = await room.owner.inventory.adjustments.update({ id: d.id, version: 1, warehouseId: room.main.id, reasonId: r.id, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }] });
    expect(saved.reason).toBe("Marketing sample");
  });
});

describe("moving adjustment reasons in the list", () => {
  let room: Stockroom;
  const codes = async () => (await room.owner.inventory.adjustmentReasons.list({ includeArchived: true })).map((r) => r.code);
  const reason = async (code: string) => (await room.owner.inventory.adjustmentReasons.list({ includeArchived: true })).find((r) => r.code === code)!;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("moves a reason one place up or down; the list's order is the sort order, archived reasons included", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const found = await reason("FOUND");
    const moved = await r.move({ id: found.id, version: found.version, direction: "up" });
    expect(moved).toMatchObject({ code: "FOUND", version: found.version + 1 });
    expect(await codes()).toEqual(["DAMAGED", "EXPIRED", "FOUND", "LOST", "CORRECTION", "OPENING"]);
    const damaged = await reason("DAMAGED");
    await r.move({ id: damaged.id, version: damaged.version, direction: "down" });
    expect(await codes()).toEqual(["EXPIRED", "DAMAGED", "FOUND", "LOST", "CORRECTION", "OPENING"]);
    // The sort order says so (the adjustment form's choices come in it), not the code.
    expect((await r.list()).map((x) => [x.code, x.sortOrder])).toEqual([["EXPIRED", 10], ["DAMAGED", 20], ["FOUND", 30], ["LOST", 40], ["CORRECTION", 50], ["OPENING", 60]]);
    // An archived reason keeps its place and is moved over like any other.
    const lost = await reason("LOST");
    await r.archive({ id: lost.id, version: lost.version });
    const found2 = await reason("FOUND");
    await r.move({ id: found2.id, version: found2.version, direction: "down" });
    expect(await codes()).toEqual(["EXPIRED", "DAMAGED", "LOST", "FOUND", "CORRECTION", "OPENING"]);
    const lost2 = await reason("LOST");
    await r.restore({ id: lost2.id, version: lost2.version });
  });

  it("changes nothing at the ends", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const before = await r.list({ includeArchived: true });
    const first = before[0]!;
    const last = before.at(-1)!;
    expect(await r.move({ id: first.id, version: first.version, direction: "up" })).toEqual(first);
    expect(await r.move({ id: last.id, version: last.version, direction: "down" })).toEqual(last);
    expect(await r.list({ includeArchived: true })).toEqual(before);
  });

  it("orders ties by code and renumbers, so a move always takes one place", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    // ZZ and AA share a sort order with the last reason: the list shows AA, OPENING, ZZ (code breaks the tie).
    const opening = await reason("OPENING");
    const zz = await r.create({ code: "ZZ", name: "Zz", sortOrder: opening.sortOrder });
    const aa = await r.create({ code: "AA", name: "Aa", sortOrder: opening.sortOrder });
    expect((await codes()).slice(-3)).toEqual(["AA", "OPENING", "ZZ"]);
    await r.move({ id: zz.id, version: zz.version, direction: "up" });
    expect((await codes()).slice(-3)).toEqual(["AA", "ZZ", "OPENING"]);
    const aaNow = await reason("AA");
    await r.move({ id: aaNow.id, version: aaNow.version, direction: "down" });
    expect((await codes()).slice(-3)).toEqual(["ZZ", "AA", "OPENING"]);
    const sorts = (await r.list({ includeArchived: true })).map((x) => x.sortOrder);
    expect(new Set(sorts).size).toBe(sorts.length);
    expect(aa.id).toBe(aaNow.id);
  });

  it("refuses a stale version, and makes an edit read before a move stale", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const [a, b] = (await r.list({ includeArchived: true })).slice(0, 2) as [Reason, Reason];
    await r.move({ id: b.id, version: b.version, direction: "up" });
    const order = await codes();
    // Both rows changed place: each one's old version is stale, for a move and for an edit (which would put back the old sort order).
    expect(await failure(r.move({ id: b.id, version: b.version, direction: "down" }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(r.move({ id: a.id, version: a.version, direction: "up" }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(r.update({ id: a.id, version: a.version, code: a.code, name: a.name }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(r.archive({ id: a.id, version: a.version }))).toMatchObject({ code: "CONFLICT" });
    expect(await codes()).toEqual(order);
  });

  it("validates the input, needs inventory.settings.manage, and answers NOT_FOUND for another organization's reason", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const damaged = await reason("DAMAGED");
    expect(Object.keys(await inputErrors(r.move({ id: damaged.id, version: 0, direction: "left" as "up" }))).sort()).toEqual(["direction", "version"]);
    const viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    expect((await failure(viewer.inventory.adjustmentReasons.move({ id: damaged.id, version: damaged.version, direction: "up" }))).code).toBe("FORBIDDEN");
    const other = await stockroom();
    const theirs = (await other.owner.inventory.adjustmentReasons.list()).find((x) => x.code === "LOST")!;
    expect((await failure(r.move({ id: theirs.id, version: theirs.version, direction: "up" }))).code).toBe("NOT_FOUND");
    expect((await other.owner.inventory.adjustmentReasons.list()).map((x) => x.code)).toEqual(["DAMAGED", "EXPIRED", "LOST", "FOUND", "CORRECTION", "OPENING"]);
    expect(await reason("DAMAGED")).toEqual(damaged);
  });

  it("is audited: every renumbered reason has an update event by the member who moved it", async () => {
    const r = room.owner.inventory.adjustmentReasons;
    const [a, b] = (await r.list({ includeArchived: true })).slice(-2) as [Reason, Reason];
    await r.move({ id: b.id, version: b.version, direction: "up" });
    const events = await withConnection("system", async (c) =>
      (await c.query<{ record_id: string; actor_id: string; sort_order: { old: number; new: number } }>(
        `select record_id, actor_id, changes -> 'sort_order' as sort_order from audit.events
          where organization_id = $1 and table_name = 'inventory.adjustment_reasons' and operation = 'UPDATE' and record_id = any ($2)
            and changes ? 'sort_order' order by created_at desc, id desc limit 2`, [room.org.id, [a.id, b.id]])).rows);
    expect(events.map((e) => [e.record_id, e.actor_id, e.sort_order]).sort()).toEqual(
      [[a.id, room.ownerId, { old: a.sortOrder, new: b.sortOrder }], [b.id, room.ownerId, { old: b.sortOrder, new: a.sortOrder }]].sort(),
    );
  });
});

describe("upgrading a database whose adjustments have free-text reasons", () => {
  const MIGRATION = "20261203140000_inventory_adjustment_reasons";
  afterAll(dropOlderDatabases);

  it("creates the default reasons and one reason per other text, and points every adjustment at its reason", async () => {
    const { db, orgId, wsId } = await olderDatabase(MIGRATION, { name: "Reasoned Co", slug: "reasoned" });
    const texts = ["damaged ", "Found", "Broken glass", "broken GLASS", "Damaged!!", "Поломка", "Шум", "x".repeat(120)];
    await onDatabase(db.system, async (c) => {
      await c.query("begin");
      const wh = (await c.query(`insert into inventory.warehouses (organization_id, id, workspace_id, code, name) values ($1, gen_random_uuid(), $2, 'W', 'W') returning id`, [orgId, wsId])).rows[0].id;
      for (const [i, text] of texts.entries())
        await c.query(`insert into inventory.stock_adjustments (organization_id, id, number, workspace_id, warehouse_id, reason) values ($1, gen_random_uuid(), $2, $3, $4, $5)`, [orgId, `ADJ-${i}`, wsId, wh, text]);
      await c.query("commit");
    });
    expect(await migrate(db.owner)).toContain(MIGRATION);
    const { reasons, adjustments } = await onDatabase(db.system, async (c) => ({
      reasons: (await c.query<{ code: string; name: string }>(`select code, name from inventory.adjustment_reasons where organization_id = $1 order by sort_order, code`, [orgId])).rows,
      adjustments: (await c.query<{ number: string; reason: string; code: string }>(
        `select a.number, a.reason, r.code from inventory.stock_adjustments a join inventory.adjustment_reasons r on r.organization_id = a.organization_id and r.id = a.reason_id
          where a.organization_id = $1 order by a.number`, [orgId])).rows,
    }));
    expect(reasons.map((r) => r.code)).toEqual(["DAMAGED", "EXPIRED", "LOST", "FOUND", "CORRECTION", "OPENING", "BROKEN_GLASS", "DAMAGED_2", "XXXXXXXXXXXXXXXXXXXX", "REASON", "REASON_2"]);
    expect(reasons.find((r) => r.code === "BROKEN_GLASS")?.name).toBe("Broken glass");
    expect(reasons.find((r) => r.code === "DAMAGED_2")?.name).toBe("Damaged!!");
    expect(reasons.find((r) => r.code.startsWith("X"))?.name).toBe("x".repeat(80));
    expect(new Set(reasons.filter((r) => r.code.startsWith("REASON")).map((r) => r.name))).toEqual(new Set(["Поломка", "Шум"]));
    // Each document keeps the text it was saved with and points at its reason.
    expect(adjustments.map((a) => [a.number, a.reason, a.code])).toEqual([
      ["ADJ-0", "damaged ", "DAMAGED"], ["ADJ-1", "Found", "FOUND"], ["ADJ-2", "Broken glass", "BROKEN_GLASS"], ["ADJ-3", "broken GLASS", "BROKEN_GLASS"],
      ["ADJ-4", "Damaged!!", "DAMAGED_2"], ["ADJ-5", "Поломка", expect.stringMatching(/^REASON/)], ["ADJ-6", "Шум", expect.stringMatching(/^REASON/)],
      ["ADJ-7", "x".repeat(120), "XXXXXXXXXXXXXXXXXXXX"],
    ]);
    const nullable = await onDatabase(db.system, async (c) => (await c.query(`select is_nullable from information_schema.columns where table_schema = 'inventory' and table_name = 'stock_adjustments' and column_name = 'reason_id'`)).rows[0].is_nullable);
    expect(nullable).toBe("NO");
  });
});
