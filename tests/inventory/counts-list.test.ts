// The cycle count list (the numbered-document list contract shared with adjustments and transfers): newest number
// first in keyset pages, the capped count on the first page only, filters status and warehouse, `q` the number from
// its start, page numbers refused.
import { beforeAll, describe, expect, it } from "vitest";
import { failure, makeItem, stockroom, type Stockroom } from "./helpers";

describe("cycle count list", () => {
  let room: Stockroom;
  const ids: string[] = [];
  beforeAll(async () => {
    room = await stockroom();
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "1" });
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.second.c, quantity: "2", unitCost: "1" });
    for (const warehouseId of [room.main.id, room.main.id, room.second.id]) ids.push((await room.owner.inventory.counts.create({ warehouseId })).id);
  });

  it("pages newest first by cursor, counts on the first page, filters by status, warehouse and number", async () => {
    const list = room.owner.inventory.counts.list;
    const first = await list({ perPage: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first).toMatchObject({ total: 3 });
    const second = await list({ perPage: 2, cursor: first.nextCursor });
    expect(second.rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect(second).not.toHaveProperty("total");
    // Oldest first.
    expect((await list({ perPage: 5, sort: { id: "number", desc: false } })).rows.map((r) => r.id)).toEqual(ids);
    expect((await list({ perPage: 5, filters: { warehouse: { type: "enum", values: [room.second.id] } } })).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect((await list({ perPage: 5, filters: { warehouse: { type: "enum", values: ["not-a-uuid"] } } })).rows).toEqual([]);
    await room.owner.inventory.counts.cancel({ id: ids[1]!, version: 1, reason: "Wrong scope" });
    expect((await list({ perPage: 5, filters: { status: { type: "enum", values: ["cancelled"] } } })).rows.map((r) => r.id)).toEqual([ids[1]]);
    const numbered = first.rows[0]!.number;
    expect((await list({ perPage: 5, q: numbered.toLowerCase() })).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect(await failure(list({ perPage: 5, page: 2 }))).toMatchObject({ code: "BAD_REQUEST", fields: { page: ["Counts page by cursor."] } });
  });
});
