// Concurrency on the last units: each call is its own transaction (as two clients would be), all started together.
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { callerFor } from "../helpers/factory";
import { differences, failure, level, makeItem, stockroom, type Stockroom } from "./helpers";

describe("concurrent stock moves", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("100 concurrent issues of 1 unit against 10 on hand succeed exactly 10 times", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "1.5" });
    const callers = await Promise.all(Array.from({ length: 4 }, () => callerFor(room.ownerId, { org: room.org.slug })));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => failure(callers[i % callers.length]!.inventory.stock.issue({ itemId: item.id, locationId: room.main.a, quantity: "1" }))),
    );
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === "OK")).toHaveLength(10);
    expect(codes.filter((c) => c !== "OK")).toEqual(Array(90).fill("BAD_REQUEST"));
    expect(await level(room.org.id, item.id, room.main.a)).toEqual({ on_hand: "0.0000", reserved: "0.0000", available: "0.0000" });
    const moves = await withConnection("system", async (c) =>
      (await c.query<{ n: string; value: string }>(`select count(*)::text as n, sum(value)::text as value from inventory.stock_moves where organization_id = $1 and item_id = $2 and move_type = 'issue'`, [room.org.id, item.id])).rows[0],
    );
    expect(moves).toEqual({ n: "10", value: "-15.00" });
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);

  it("concurrent transfers in opposite directions neither deadlock nor lose units", async () => {
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "50", unitCost: "1" });
    await s.receive({ itemId: item.id, locationId: room.main.b, quantity: "50", unitCost: "1" });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        failure(
          i % 2
            ? s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" })
            : s.transfer({ itemId: item.id, fromLocationId: room.main.b, toLocationId: room.main.a, quantity: "1" }),
        ),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(40).fill("OK"));
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("50.0000");
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("50.0000");
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);
});

describe("concurrent receipts of a new lot", () => {
  it("create the lot once and all of them land in it", async () => {
    const room = await stockroom();
    const item = await makeItem(room, { lotControl: true });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => failure(room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "1", lotNumber: "NEW-1" }))),
    );
    expect(results.map((r) => r.code)).toEqual(Array(6).fill("OK"));
    const onHand = await room.owner.inventory.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } });
    expect(onHand.rows.map((r) => [r.lotNumber, r.onHand])).toEqual([["NEW-1", "12"]]);
    expect(await differences(room.org.id)).toEqual([]);
  }, 60_000);
});

describe("concurrent reversals of one move", () => {
  it("reverse it exactly once", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const m = await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "2" });
    const results = await Promise.all(Array.from({ length: 8 }, () => failure(room.owner.inventory.stock.reverse({ moveId: m.id }))));
    expect(results.filter((r) => r.code === "OK")).toHaveLength(1);
    expect(results.filter((r) => r.code !== "OK").map((r) => [r.code, r.fields?.moveId])).toEqual(Array(7).fill(["CONFLICT", ["This move has already been reversed"]]));
    expect(await level(room.org.id, item.id, room.main.a)).toMatchObject({ on_hand: "0.0000" });
    expect(await differences(room.org.id)).toEqual([]);
  }, 60_000);
});
