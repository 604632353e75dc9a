// stock.postMoves (migration 20261203200000_inventory_post_moves): many moves in one inventory.post_moves call, through
// the same posting functions as the single-line services — the same ledger, levels, costs and answers; the first
// refused line throws that line's service error with its index and the caller's rollback leaves nothing; concurrent
// batches never oversell; a document's posting is a constant number of statements, whatever its number of lines.
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/kernel/errors";
import type { TPostMoveLine } from "@/server/modules/inventory/inventory.schemas";
import * as stock from "@/server/modules/inventory/stock.service";
import { asApp, withConnection } from "../helpers/db";
import { asMember } from "../helpers/scoped";
import { recordStatements } from "../helpers/statements";
import { cost, differences, failure, ledgerValue, level, makeItem, stockroom, type Stockroom } from "./helpers";

const statementsOf = recordStatements();

const as = <T>(room: Stockroom, fn: Parameters<typeof asMember<T>>[1]) => asMember({ userId: room.ownerId, orgSlug: room.org.slug }, fn);

/** The single-line service of a postMoves line. */
function single(tx: Parameters<typeof stock.receive>[0], scope: Parameters<typeof stock.receive>[1], line: TPostMoveLine) {
  switch (line.kind) {
    case "receive": { const { kind: _, ...input } = line; return stock.receive(tx, scope, input); }
    case "issue": { const { kind: _, ...input } = line; return stock.issue(tx, scope, input); }
    case "transfer": { const { kind: _, ...input } = line; return stock.transfer(tx, scope, input); }
    case "adjust": { const { kind: _, ...input } = line; return stock.adjust(tx, scope, input); }
    case "reverse": { const { kind: _, ...input } = line; return stock.reverse(tx, scope, input); }
  }
}

/** Posts the lines one service call each, in one transaction, as documents did before postMoves. */
const lineByLine = (room: Stockroom, lines: TPostMoveLine[]) =>
  as(room, async (tx, s) => {
    const out: stock.StockMoveOut[] = [];
    for (const l of lines) out.push(await single(tx, s, l));
    return out;
  });

const batch = (room: Stockroom, lines: TPostMoveLine[]) => as(room, (tx, s) => stock.postMoves(tx, s, lines));

/** The error a call ends with (its AppError fields, or the error's name), and the line index postMoves put on it. */
async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError
      ? { code: e.code, message: e.message, fields: e.fieldErrors, line: stock.moveLineIndex(e) }
      : { code: (e as Error).name, message: (e as Error).message, line: stock.moveLineIndex(e) };
  }
  return { code: "OK" };
}

/** A mixed sequence over two items (one lot-controlled) in a stockroom: receipts, issue, transfer, adjustments. */
async function sequence(room: Stockroom) {
  const plain = await makeItem(room);
  const lotted = await makeItem(room, { lotControl: true });
  const lines: TPostMoveLine[] = [
    { kind: "receive", itemId: plain.id, locationId: room.main.a, quantity: "10", unitCost: "2.5" },
    { kind: "receive", itemId: plain.id, locationId: room.main.b, quantity: "5", unitCost: "3.1" },
    { kind: "issue", itemId: plain.id, locationId: room.main.a, quantity: "3", note: "picked" },
    { kind: "transfer", itemId: plain.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" },
    { kind: "adjust", itemId: plain.id, locationId: room.main.b, quantity: "-1.5" },
    { kind: "adjust", itemId: plain.id, locationId: room.main.a, quantity: "4" },
    { kind: "adjust", itemId: plain.id, locationId: room.main.a, quantity: "1", unitCost: "7" },
    { kind: "receive", itemId: lotted.id, locationId: room.main.a, quantity: "6", unitCost: "1.25", lotNumber: "L-1", expiresOn: "2099-01-31" },
    { kind: "issue", itemId: lotted.id, locationId: room.main.a, quantity: "2", lotNumber: "L-1", moveType: "production_consume" },
    { kind: "transfer", itemId: lotted.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1", lotNumber: "L-1" },
  ];
  return { plain: plain.id, lotted: lotted.id, lines };
}

describe("stock.postMoves", () => {
  let one: Stockroom;
  let other: Stockroom;
  beforeAll(async () => {
    [one, other] = await Promise.all([stockroom(), stockroom()]);
  });

  it("gives the same ledger, levels, costs and answers as the services line by line", async () => {
    const a = await sequence(one);
    const b = await sequence(other);
    const byLine = await lineByLine(one, a.lines);
    const batched = await batch(other, b.lines);
    // The same moves, ids aside (another organization: its own items, locations, lots).
    const names = (room: Stockroom, s: Awaited<ReturnType<typeof sequence>>) =>
      new Map<string | null, string>([[s.plain, "plain"], [s.lotted, "lotted"], [room.main.a, "A"], [room.main.b, "B"], [null, "-"]]);
    const shape = (names: Map<string | null, string>, moves: stock.StockMoveOut[]) =>
      moves.map((m) => ({
        moveType: m.moveType, item: names.get(m.itemId), from: names.get(m.fromLocationId), to: names.get(m.toLocationId), quantity: m.quantity,
        unitCost: m.unitCost, value: m.value, lot: m.lotId ? "lot" : null, note: m.note, variantId: m.variantId, serialId: m.serialId,
      }));
    expect(batched).toHaveLength(a.lines.length);
    expect(shape(names(other, b), batched)).toEqual(shape(names(one, a), byLine));
    // Answers in input order, each the move the ledger holds.
    const ledger = await withConnection("system", async (c) =>
      (await c.query<{ id: string }>(`select id from inventory.stock_moves where organization_id = $1 order by id`, [other.org.id])).rows.map((r) => r.id));
    expect(batched.map((m) => m.id)).toEqual(ledger);
    for (const [x, y] of [[a.plain, b.plain], [a.lotted, b.lotted]] as const) {
      expect(await cost(other.org.id, y)).toEqual(await cost(one.org.id, x));
      for (const loc of ["a", "b"] as const) expect(await level(other.org.id, y, other.main[loc])).toEqual(await level(one.org.id, x, one.main[loc]));
    }
    const lotLevel = (room: Stockroom, item: string, loc: string) => withConnection("system", async (c) =>
      (await c.query(`select l.lot_number, l.expires_on::text, s.on_hand_qty::text from inventory.stock_levels s join inventory.lots l on l.organization_id = s.organization_id and l.id = s.lot_id
                       where s.organization_id = $1 and s.item_id = $2 and s.location_id = $3`, [room.org.id, item, loc])).rows);
    expect(await lotLevel(other, b.lotted, other.main.b)).toEqual(await lotLevel(one, a.lotted, one.main.b));
    expect(await lotLevel(other, b.lotted, other.main.b)).toEqual([{ lot_number: "L-1", expires_on: "2099-01-31", on_hand_qty: "1.0000" }]);
    expect(await ledgerValue(other.org.id)).toBe(await ledgerValue(one.org.id));
    expect(await differences(other.org.id)).toEqual([]);
  });

  it("posts more lines than one call takes, in order, one post_moves call per chunk", async () => {
    const item = await makeItem(other);
    const n = stock.POST_MOVES_CHUNK + 3;
    const lines: TPostMoveLine[] = Array.from({ length: n }, (_, i) => ({ kind: "receive", itemId: item.id, locationId: other.main.a, quantity: "1", unitCost: String(i + 1) }));
    let moves: stock.StockMoveOut[] = [];
    const statements = await statementsOf(async () => (moves = await batch(other, lines)));
    expect(statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(2);
    expect(moves.map((m) => m.unitCost)).toEqual(lines.map((_, i) => (i + 1).toFixed(6)));
    expect((await level(other.org.id, item.id, other.main.a)).on_hand).toBe(`${n}.0000`);
    expect(await differences(other.org.id)).toEqual([]);
  }, 120_000);

  it("the first refused line throws its service's error with its index; the rollback leaves nothing of the call", async () => {
    const item = await makeItem(one);
    const lines: TPostMoveLine[] = [
      { kind: "receive", itemId: item.id, locationId: one.main.a, quantity: "3", unitCost: "2" },
      { kind: "issue", itemId: item.id, locationId: one.main.a, quantity: "1" },
      { kind: "issue", itemId: item.id, locationId: one.main.a, quantity: "5" },
      { kind: "receive", itemId: item.id, locationId: one.main.b, quantity: "9", unitCost: "2" },
    ];
    const expected = await refusal(lineByLine(one, lines));
    expect(expected).toMatchObject({ code: "BAD_REQUEST", fields: { quantity: [`Not enough ${item.sku} at WH1/A: 2 available, 5 requested`] }, line: undefined });
    expect(await refusal(batch(one, lines))).toEqual({ ...expected, line: 2 });
    expect(await level(one.org.id, item.id, one.main.a)).toMatchObject({ on_hand: "0.0000" });
    expect(await level(one.org.id, item.id, one.main.b)).toMatchObject({ on_hand: "0.0000" });
    const moves = await withConnection("system", async (c) =>
      (await c.query(`select id from inventory.stock_moves where organization_id = $1 and item_id = $2`, [one.org.id, item.id])).rows);
    expect(moves).toEqual([]);
    expect(await cost(one.org.id, item.id)).toBeUndefined();
  });

  it("a line refused before the database (validation, same locations) still comes after an earlier line's refusal", async () => {
    const item = await makeItem(one);
    const sameBins: TPostMoveLine = { kind: "transfer", itemId: item.id, fromLocationId: one.main.a, toLocationId: one.main.a, quantity: "1" };
    // Alone: the transfer service's own refusal, on line 1 (index 1).
    expect(await refusal(batch(one, [{ kind: "receive", itemId: item.id, locationId: one.main.a, quantity: "1", unitCost: "1" }, sameBins])))
      .toEqual({ code: "BAD_REQUEST", message: "Choose a different destination", fields: { toLocationId: ["Choose a different destination"] }, line: 1 });
    // After a line the database refuses: that earlier refusal, as line by line.
    const lines: TPostMoveLine[] = [{ kind: "issue", itemId: item.id, locationId: one.main.a, quantity: "1" }, sameBins];
    expect(await refusal(batch(one, lines))).toEqual({ ...(await refusal(lineByLine(one, lines))), line: 0 });
    // Invalid input: the schema's error, with the line's index.
    const bad = await refusal(batch(one, [{ kind: "receive", itemId: item.id, locationId: one.main.a, quantity: "1", unitCost: "1" }, { kind: "adjust", itemId: item.id, locationId: "nope", quantity: "1" }]));
    expect(bad).toMatchObject({ code: "ZodError", line: 1 });
    expect(bad.message).toContain("Choose a location");
    expect(await level(one.org.id, item.id, one.main.a)).toMatchObject({ on_hand: "0.0000" });
  });

  it("one call for many lines: BEGIN, the scope, one post_moves, COMMIT", async () => {
    const item = await makeItem(one);
    const lines: TPostMoveLine[] = Array.from({ length: 8 }, () => ({ kind: "receive", itemId: item.id, locationId: one.main.a, quantity: "1", unitCost: "1" }));
    await batch(one, lines); // warm
    const statements = await statementsOf(() => batch(one, lines));
    expect(statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(1);
    expect(statements.filter((q) => /inventory\.post_(in|out|transfer)\(/.test(q))).toHaveLength(0);
    // asMember resolves the scope in one statement: BEGIN, set_config, resolve_request_scope, post_moves, COMMIT.
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(5);
  });
});

describe("inventory.post_moves itself", () => {
  it("stops at the first refusal (its row last, with its ordinal), writes nothing after it, and keeps row-level security", async () => {
    const [room, stranger] = await Promise.all([stockroom(), stockroom()]);
    const item = await makeItem(room);
    const settings = { orgId: room.org.id, userId: room.ownerId, workspaceIds: Object.values(room.org.workspaces) };
    const receive = (locationId: string) => ({ kind: "in", itemId: item.id, locationId, quantity: "2", unitCost: "1", moveType: "receipt", movedAt: new Date() });
    await asApp(settings, async (c) => {
      const call = (lines: unknown[]) =>
        c.query<{ ordinal: number; error_field: string | null; id: string | null }>(
          `select ordinal, (move).error_field, (move).id from inventory.post_moves($1, $2, $3::jsonb)`, [room.org.id, room.ownerId, JSON.stringify(lines)]).then((r) => r.rows);
      const rows = await call([
        receive(room.main.a),
        { kind: "out", itemId: item.id, locationId: room.main.b, quantity: "1", unitCostGiven: false, refuseExpired: true, moveType: "issue", movedAt: new Date() },
        receive(room.main.b),
      ]);
      expect(rows.map((r) => [r.ordinal, r.error_field, !!r.id])).toEqual([[1, null, true], [2, "quantity", false]]);
      // The same transaction, still usable: line 1 written, line 3 never called.
      const written = await c.query(`select to_location_id from inventory.stock_moves where organization_id = $1 and item_id = $2`, [room.org.id, item.id]);
      expect(written.rows).toEqual([{ to_location_id: room.main.a }]);
      // Another organization's location under these settings: not found, nothing written.
      expect((await call([receive(stranger.main.a)])).map((r) => r.id)).toEqual([null]);
      await expect(call([{ kind: "sideways" }])).rejects.toThrow(/expected in, out, transfer or reverse/);
    });
  });
});

describe("concurrent batches on the last units", () => {
  it("40 concurrent two-line batch issues against 10 + 10 on hand: exactly 10 commit, none oversells", async () => {
    const room = await stockroom();
    const [x, y] = [await makeItem(room), await makeItem(room)];
    // The lines in (item, location) order, as every caller passes them.
    const [first, second] = [x.id, y.id].sort();
    await batch(room, [first!, second!].map((itemId) => ({ kind: "receive", itemId, locationId: room.main.a, quantity: "10", unitCost: "1.5" })));
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        refusal(batch(room, [first!, second!].map((itemId) => ({ kind: "issue", itemId, locationId: room.main.a, quantity: "1" })))),
      ),
    );
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === "OK")).toHaveLength(10);
    expect(codes.filter((c) => c !== "OK")).toEqual(Array(30).fill("BAD_REQUEST"));
    for (const item of [x.id, y.id]) expect(await level(room.org.id, item, room.main.a)).toEqual({ on_hand: "0.0000", reserved: "0.0000", available: "0.0000" });
    const moves = await withConnection("system", async (c) =>
      (await c.query<{ n: string; value: string }>(`select count(*)::text as n, sum(value)::text as value from inventory.stock_moves where organization_id = $1 and move_type = 'issue'`, [room.org.id])).rows[0]);
    expect(moves).toEqual({ n: "20", value: "-30.00" });
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);
});

describe("posting a document: constant statements, lines linked and audited", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  async function postedAdjustment(n: number) {
    const items = await Promise.all(Array.from({ length: n }, () => makeItem(room)));
    const draft = await room.owner.inventory.adjustments.create({
      warehouseId: room.main.id,
      reasonId: room.reasons.OPENING,
      lines: items.map((i, k) => ({ itemId: i.id, locationId: k % 2 ? room.main.a : room.main.b, quantity: "2", unitCost: "1.5" })),
    });
    const statements = await statementsOf(() => room.owner.inventory.adjustments.post({ id: draft.id, version: 1 }));
    return { draft, statements };
  }

  it("an N-line adjustment posts in as many statements as a 2-line one", async () => {
    await postedAdjustment(2); // warm
    const small = await postedAdjustment(2);
    const large = await postedAdjustment(12);
    expect(large.statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(1);
    expect(large.statements.filter((q) => /inventory\.post_(in|out|transfer)\(/.test(q))).toHaveLength(0);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    const got = await room.owner.inventory.adjustments.get({ id: large.draft.id });
    expect(got.lines.every((l) => l.moveId)).toBe(true);
    // The moves are the lines' own: same item, location and quantity.
    const ledger = await withConnection("system", async (c) =>
      (await c.query<{ id: string; item_id: string; to_location_id: string; quantity: string }>(
        `select id, item_id, to_location_id, quantity::numeric(18,4)::text as quantity from inventory.stock_moves where organization_id = $1 and source_document_id = $2`,
        [room.org.id, large.draft.id])).rows);
    expect(ledger).toHaveLength(12);
    const byId = new Map(ledger.map((m) => [m.id, m]));
    for (const l of got.lines) expect(byId.get(l.moveId!)).toMatchObject({ item_id: l.itemId, to_location_id: l.locationId, quantity: "2.0000" });
    // Each line's link is audited as the per-line update was: one UPDATE event per line, move_id and updated_by, by the poster.
    const events = await withConnection("system", async (c) =>
      (await c.query<{ record_id: string; actor_id: string; move: string; changed: string[] }>(
        `select record_id, actor_id, changes -> 'move_id' ->> 'new' as move, array(select jsonb_object_keys(changes) order by 1) as changed
           from audit.events where organization_id = $1 and table_name = 'inventory.stock_adjustment_lines' and operation = 'UPDATE'
            and record_id = any($2::text[])`,
        [room.org.id, got.lines.map((l) => l.id)])).rows);
    expect(events.map((e) => e.record_id).sort()).toEqual(got.lines.map((l) => l.id).sort());
    for (const e of events) {
      expect(e.actor_id).toBe(room.ownerId);
      expect(e.move).toBe(got.lines.find((l) => l.id === e.record_id)!.moveId);
      expect(e.changed).toEqual(expect.arrayContaining(["move_id", "updated_at"]));
    }
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);

  it("a transfer's refused line keeps its field and number", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "1" });
    // Two lines of 2 from A with 3 there: the second is refused.
    const line = { itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" };
    const draft = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [line, line] });
    expect(await failure(room.owner.inventory.transfers.post({ id: draft.id, version: 1 }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.1.quantity": [`Line 2: Not enough ${item.sku} at WH1/A: 1 available, 2 requested`] },
    });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("3.0000");
    expect(await room.owner.inventory.transfers.get({ id: draft.id })).toMatchObject({ status: "draft", lines: [{ moveId: null }, { moveId: null }] });
  });
});

describe("posting a count: constant statements for its non-serial lines", () => {
  it("a count with 12 differing lines posts in as many statements as one with 2; levels equal the counted quantities", async () => {
    const room = await stockroom();
    const c = room.owner.inventory.counts;
    async function postedCount(n: number, warehouseId: string, location: string) {
      const items = await Promise.all(Array.from({ length: n }, () => makeItem(room)));
      for (const i of items) await room.owner.inventory.stock.receive({ itemId: i.id, locationId: location, quantity: "5", unitCost: "2" });
      const count = await c.create({ warehouseId, locationId: location });
      const lines = (await c.lines({ id: count.id, page: 1, perPage: 100 })).rows.filter((l) => items.some((i) => i.id === l.itemId));
      // Half up, half down: stock in at the average, stock out.
      for (const [k, l] of lines.entries()) await c.setCounted({ id: count.id, lineId: l.id, countedQty: k % 2 ? "7" : "3" });
      await c.review({ id: count.id, version: 1 });
      const statements = await statementsOf(() => c.post({ id: count.id, version: 2 }));
      return { items, lines, statements };
    }
    await postedCount(2, room.main.id, room.main.a); // warm
    const small = await postedCount(2, room.main.id, room.main.b);
    const large = await postedCount(12, room.second.id, room.second.c);
    expect(large.statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(1);
    expect(large.statements.filter((q) => /inventory\.post_(in|out|transfer)\(/.test(q))).toHaveLength(0);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    for (const [k, l] of large.lines.entries()) {
      expect((await level(room.org.id, l.itemId, room.second.c)).on_hand).toBe(k % 2 ? "7.0000" : "3.0000");
      expect(await cost(room.org.id, l.itemId)).toEqual({ quantity: k % 2 ? "7.0000" : "3.0000", value: k % 2 ? "14.00" : "6.00", average: "2.000000" });
    }
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);
});

describe("cancelling a posted document: its moves reversed in one post_moves call", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  /** A posted adjustment of n lines (2 in of a new item each, alternating bins), then its cancel's statements. */
  async function cancelledAdjustment(n: number) {
    const items = await Promise.all(Array.from({ length: n }, () => makeItem(room)));
    const a = room.owner.inventory.adjustments;
    const draft = await a.create({
      warehouseId: room.main.id,
      reasonId: room.reasons.OPENING,
      lines: items.map((i, k) => ({ itemId: i.id, locationId: k % 2 ? room.main.a : room.main.b, quantity: "2", unitCost: "1.5" })),
    });
    const posted = await a.post({ id: draft.id, version: 1 });
    const statements = await statementsOf(() => a.cancel({ id: draft.id, version: posted.version, reason: "Wrong delivery" }));
    return { items, posted, statements };
  }

  it("an N-line adjustment cancels in as many statements as a 2-line one: every move reversed, newest line first", async () => {
    await cancelledAdjustment(2); // warm
    const small = await cancelledAdjustment(2);
    const large = await cancelledAdjustment(12);
    expect(large.statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(1);
    expect(large.statements.filter((q) => q.includes("inventory.post_reversal("))).toHaveLength(0);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    const got = await room.owner.inventory.adjustments.get({ id: large.posted.id });
    expect(got.status).toBe("cancelled");
    // One reversal per line's move, written in descending line order, each with the cancel's note.
    const reversals = await withConnection("system", async (c) =>
      (await c.query<{ reversal_of_move_id: string; note: string; value: string }>(
        `select reversal_of_move_id::text, note, value::text from inventory.stock_moves
          where organization_id = $1 and reversal_of_move_id = any($2::uuid[]) order by id`,
        [room.org.id, got.lines.map((l) => l.moveId)])).rows);
    expect(reversals.map((r) => r.reversal_of_move_id)).toEqual([...got.lines].sort((x, y) => y.lineNo - x.lineNo).map((l) => l.moveId));
    expect(new Set(reversals.map((r) => r.note))).toEqual(new Set([`${got.number} cancelled: Wrong delivery`]));
    expect(reversals.every((r) => r.value === "-3.00")).toBe(true);
    for (const [k, i] of large.items.entries()) {
      expect((await level(room.org.id, i.id, k % 2 ? room.main.a : room.main.b)).on_hand).toBe("0.0000");
      expect(await cost(room.org.id, i.id)).toMatchObject({ quantity: "0.0000", value: "0.00" });
    }
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);

  it("a reversal that cannot take its stock back out refuses the cancel on its line; nothing is reversed", async () => {
    const [x, y] = await Promise.all([makeItem(room), makeItem(room)]);
    const a = room.owner.inventory.adjustments;
    const draft = await a.create({
      warehouseId: room.main.id,
      reasonId: room.reasons.OPENING,
      lines: [
        { itemId: x.id, locationId: room.main.a, quantity: "3", unitCost: "1" },
        { itemId: y.id, locationId: room.main.b, quantity: "2", unitCost: "1" },
      ],
    });
    const posted = await a.post({ id: draft.id, version: 1 });
    // Two of line 1's three units leave: its receipt can no longer be taken back.
    await room.owner.inventory.stock.issue({ itemId: x.id, locationId: room.main.a, quantity: "2" });
    expect(await failure(a.cancel({ id: draft.id, version: posted.version, reason: "Wrong delivery" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.quantity": [`Line 1: Not enough ${x.sku} at WH1/A: 1 available, 3 requested`] },
    });
    // Line 2 (reversed first, newest first) is back as it was: the cancel left nothing.
    expect(await a.get({ id: draft.id })).toMatchObject({ status: "posted", version: posted.version });
    expect((await level(room.org.id, y.id, room.main.b)).on_hand).toBe("2.0000");
    expect((await level(room.org.id, x.id, room.main.a)).on_hand).toBe("1.0000");
    const reversals = await withConnection("system", async (c) =>
      (await c.query(`select 1 from inventory.stock_moves where organization_id = $1 and source_document_id = $2 and reversal_of_move_id is not null`,
        [room.org.id, draft.id])).rowCount);
    expect(reversals).toBe(0);
    expect(await differences(room.org.id)).toEqual([]);
  });
});
