// Posting in one statement (migration 20261203000000_inventory_posting_functions): every move is BEGIN, the scope,
// ONE inventory.post_* call, COMMIT; the functions keep row-level security (SECURITY INVOKER): called directly as
// tessera_app with another organization's or an invisible workspace's ids they find nothing and write nothing; and
// the refusals the review found missing — stock back into an archived location or to an archived variant.
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { recordStatements } from "../helpers/statements";
import { differences, failure, level, makeItem, stockroom, type Stockroom } from "./helpers";

// Statements on every pg connection (BEGIN and COMMIT included), as tests/kernel/scope-statements.test.ts counts them.
const statementsOf = recordStatements();

const moveCount = (orgId: string) =>
  withConnection("system", async (c) => Number((await c.query<{ n: string }>("select count(*)::text as n from inventory.stock_moves where organization_id = $1", [orgId])).rows[0]!.n));

describe("a stock move is one statement", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("receive, issue, transfer, adjust and reverse: BEGIN, the scope, one posting call, COMMIT", async () => {
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }); // warm: the caller's pool and plans
    const calls: [string, () => Promise<{ id: string }>][] = [
      ["post_in", () => s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2.5" })],
      ["post_out", () => s.issue({ itemId: item.id, locationId: room.main.a, quantity: "2" })],
      ["post_transfer", () => s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3" })],
      ["post_in", () => s.adjust({ itemId: item.id, locationId: room.main.b, quantity: "1" })],
      ["post_out", () => s.adjust({ itemId: item.id, locationId: room.main.b, quantity: "-1" })],
    ];
    let last = "";
    for (const [fn, call] of calls) {
      const statements = await statementsOf(async () => (last = (await call()).id));
      expect(statements.filter((q) => q.includes(`inventory.${fn}(`)), fn).toHaveLength(1);
      expect(statements.filter((q) => /inventory\.post_/.test(q)), fn).toHaveLength(1);
      expect(statements.length, `${fn}:\n${statements.join("\n")}`).toBeLessThanOrEqual(4);
    }
    const statements = await statementsOf(() => s.reverse({ moveId: last }));
    expect(statements.filter((q) => q.includes("inventory.post_reversal("))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(4);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("a refusal leaves the caller's transaction usable (answered as a row, not raised) and the AppError unchanged", async () => {
    const item = await makeItem(room);
    const settings = { orgId: room.org.id, userId: room.ownerId, workspaceIds: Object.values(room.org.workspaces) };
    await asApp(settings, async (c) => {
      const r = await c.query(
        `select * from inventory.post_out($1, $2, $3, null, $4, 5, false, true, null, null, 'issue', null, null, null, now())`,
        [room.org.id, room.ownerId, item.id, room.main.a],
      );
      expect(r.rows[0]).toMatchObject({ error_code: "BAD_REQUEST", error_field: "quantity", error_message: `Not enough ${item.sku} at WH1/A: 0 available, 5 requested`, id: null });
      // Same transaction, still open.
      expect((await c.query("select 1 as ok")).rows[0]).toEqual({ ok: 1 });
    });
  });
});

describe("the posting functions keep row-level security", () => {
  let a: Stockroom;
  let b: Stockroom;
  let bMove: string;
  let bItem: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([stockroom(), stockroom()]);
    bItem = (await makeItem(b)).id;
    bMove = (await b.owner.inventory.stock.receive({ itemId: bItem, locationId: b.main.a, quantity: "5", unitCost: "1" })).id;
  });

  it("as tessera_app for another organization's ids: found nothing, written nothing", async () => {
    const settings = { orgId: a.org.id, userId: a.ownerId, workspaceIds: Object.values(a.org.workspaces) };
    const before = await moveCount(b.org.id);
    const aItem = (await makeItem(a)).id;
    await asApp(settings, async (c) => {
      const q = (sql: string, params: unknown[]) => c.query<{ error_code: string | null; error_message: string | null; id: string | null }>(sql, params).then((r) => r.rows[0]!);
      // B's organization, item and location under A's settings: the policies hide them.
      expect(await q(`select * from inventory.post_in($1, $2, $3, null, $4, 1, 1, null, null, null, 'receipt', null, null, null, now())`, [b.org.id, a.ownerId, bItem, b.main.a]))
        .toMatchObject({ error_code: "NOT_FOUND", error_message: "Item not found", id: null });
      expect(await q(`select * from inventory.post_out($1, $2, $3, null, $4, 1, false, true, null, null, 'issue', null, null, null, now())`, [b.org.id, a.ownerId, bItem, b.main.a]))
        .toMatchObject({ error_code: "NOT_FOUND", id: null });
      expect(await q(`select * from inventory.post_transfer($1, $2, $3, null, $4, $5, 1, null, null, null, null, null, now())`, [b.org.id, a.ownerId, bItem, b.main.a, b.main.b]))
        .toMatchObject({ error_code: "NOT_FOUND", id: null });
      expect(await q(`select * from inventory.post_reversal($1, $2, $3, null, now())`, [b.org.id, a.ownerId, bMove]))
        .toMatchObject({ error_code: "NOT_FOUND", error_message: "Stock move not found" });
      expect(await q(`select * from inventory.post_reversal($1, $2, $3, null, now())`, [a.org.id, a.ownerId, bMove]))
        .toMatchObject({ error_code: "NOT_FOUND", error_message: "Stock move not found" });
      // A's own item into B's location: the location is not found.
      expect(await q(`select * from inventory.post_in($1, $2, $3, null, $4, 1, 1, null, null, null, 'receipt', null, null, null, now())`, [a.org.id, a.ownerId, aItem, b.main.a]))
        .toMatchObject({ error_code: "NOT_FOUND", error_message: "Location not found" });
    });
    // B's organization in the settings but none of B's workspaces: B's location stays hidden, nothing is written.
    await expect(
      asApp({ ...settings, orgId: b.org.id, workspaceIds: [] }, (c) =>
        c.query(`select * from inventory.post_in($1, $2, $3, null, $4, 1, 1, null, null, null, 'receipt', null, null, null, now())`, [b.org.id, a.ownerId, bItem, b.main.a]),
      ),
    ).resolves.toMatchObject({ rows: [{ error_code: "NOT_FOUND", error_message: "Location not found" }] });
    expect(await moveCount(b.org.id)).toBe(before);
    expect(await level(b.org.id, bItem, b.main.a)).toMatchObject({ on_hand: "5.0000" });
  });

  it("a member sees only their workspaces' locations: another workspace's location is not found", async () => {
    const clerk = await makeUser(a.org, { roles: ["warehouse"], workspaces: ["main"] });
    const caller = await callerFor(clerk.id, { org: a.org.slug });
    const item = await makeItem(a);
    expect(await failure(caller.inventory.stock.receive({ itemId: item.id, locationId: a.second.c, quantity: "1", unitCost: "1" }))).toMatchObject({ code: "NOT_FOUND" });
    await caller.inventory.stock.receive({ itemId: item.id, locationId: a.main.a, quantity: "1", unitCost: "1" });
    expect(await differences(a.org.id)).toEqual([]);
  });
});

describe("stock never comes back into an archived location or to an archived variant", () => {
  it("refuses receipts and transfer targets in an archived location, and a reversal bringing stock back into one", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "4", unitCost: "1" });
    const fromB = await s.receive({ itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "1" }).then(() => s.transfer({ itemId: item.id, fromLocationId: room.main.b, toLocationId: room.main.a, quantity: "1" }));
    await room.owner.inventory.locations.archive({ id: room.main.b, archived: true });
    const archived = (field: string) => ({ code: "PRECONDITION_FAILED", fields: { [field]: ["WH1/B is archived"] } });
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "1" }))).toMatchObject(archived("locationId"));
    expect(await failure(s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }))).toMatchObject(archived("toLocationId"));
    // Undoing the transfer B → A would bring the unit back into B.
    expect(await failure(s.reverse({ moveId: fromB.id }))).toMatchObject(archived("moveId"));
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("5.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("refuses reversing a move whose variant is archived now when the reversal takes stock in; taking it out stays possible", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    const red = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-RED` });
    await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-BLUE` });
    const receipt = await s.receive({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "6", unitCost: "2" });
    const out = await s.issue({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "2" });
    const moved = await s.transfer({ itemId: item.id, variantId: red.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" });
    await room.owner.inventory.variants.archive({ id: red.id });
    const refused = { code: "PRECONDITION_FAILED", fields: { moveId: [`${red.sku} is archived: restore it to take stock in`] } };
    const before = await moveCount(room.org.id);
    // The issue undone and the transfer undone would both take stock in for the archived variant.
    expect(await failure(s.reverse({ moveId: out.id }))).toMatchObject(refused);
    expect(await failure(s.reverse({ moveId: moved.id }))).toMatchObject(refused);
    expect(await moveCount(room.org.id)).toBe(before);
    // Undoing the receipt takes stock out (what an archived variant may still do): 6 − 2 − 1 = 3 at A, not enough.
    expect(await failure(s.reverse({ moveId: receipt.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { quantity: [`Not enough ${item.sku} at WH1/A: 3 available, 6 requested`] } });
    await s.issue({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "3" });
    await s.issue({ itemId: item.id, variantId: red.id, locationId: room.main.b, quantity: "1" });
    expect(await differences(room.org.id)).toEqual([]);
  });
});

describe("a refused issue takes nothing", () => {
  // post_out's conditional UPDATE is the only statement that takes stock. When it matches no level, the refusal must
  // only read: a second UPDATE in a new statement would see a receipt committed in between, take the stock, and
  // answer neither a move nor a refusal. PostgreSQL refuses writes in a STABLE function, so STABLE proves "only reads".
  it("post_out answers 'not enough' through a read-only refusal, never a second take", async () => {
    const defs = await withConnection("system", async (c) =>
      (await c.query<{ name: string; volatility: string; def: string }>(
        `select p.proname as name, p.provolatile as volatility, pg_get_functiondef(p.oid) as def
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'inventory' and p.proname in ('post_out', 'posting_level_refusal')`,
      )).rows);
    const postOut = defs.find((d) => d.name === "post_out")!;
    const refusal = defs.find((d) => d.name === "posting_level_refusal")!;
    expect(refusal.volatility).toBe("s");
    expect(postOut.def).toContain("posting_level_refusal(");
    expect(postOut.def).not.toContain("posting_level_take(");
    expect(postOut.def.match(/UPDATE inventory\.stock_levels/g)?.length).toBe(1);
  });

  it("the refusal names what is available and leaves the level as it was", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "2" });
    const e = await failure(room.owner.inventory.stock.issue({ itemId: item.id, locationId: room.main.a, quantity: "5" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/Not enough .* 3 available, 5 requested/);
    expect(await level(room.org.id, item.id, room.main.a)).toMatchObject({ on_hand: "3.0000" });
  });
});
