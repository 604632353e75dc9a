// Stock adjustments and transfers as numbered documents: draft → posted (the lines' moves, all or nothing) →
// cancelled (posted moves reversed), with the kernel numbering and the state machine's history.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { differences, failure, level, makeItem, stockroom, type Stockroom } from "./helpers";

describe("stock adjustments", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("numbers a draft, posts its lines as moves, cancels by reversal", async () => {
    const item = await makeItem(room);
    const a = room.owner.inventory.adjustments;
    const draft = await a.create({
      warehouseId: room.main.id,
      reasonId: room.reasons.OPENING,
      lines: [
        { itemId: item.id, locationId: room.main.b, quantity: "4", unitCost: "3" },
        { itemId: item.id, locationId: room.main.a, quantity: "6", unitCost: "3" },
      ],
    });
    const year = new Date().getFullYear();
    expect(draft).toMatchObject({ number: `ADJ-${year}-00001`, status: "draft", version: 1, lines: [{ lineNo: 1, quantity: "4", moveId: null }, { lineNo: 2, quantity: "6" }] });
    expect(draft.transitions.map((t) => t.name)).toEqual(["post", "cancel"]);
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("0.0000");
    const posted = await a.post({ id: draft.id, version: 1 });
    expect(posted).toMatchObject({ status: "posted", version: 2 });
    expect(posted.lines.every((l) => l.moveId)).toBe(true);
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("6.0000");
    expect(await failure(a.post({ id: draft.id, version: 2 }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    const ledger = await room.owner.inventory.stock.ledger({ itemId: item.id });
    expect(ledger.rows.map((r) => r.sourceDocumentId)).toEqual([draft.id, draft.id]);
    // Cancelling a posted adjustment reverses its moves.
    expect(await failure(a.cancel({ id: draft.id, version: 1, reason: "Counted twice" }))).toMatchObject({ code: "CONFLICT" });
    const cancelled = await a.cancel({ id: draft.id, version: 2, reason: "Counted twice" });
    expect(cancelled).toMatchObject({ status: "cancelled", transitions: [] });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("0.0000");
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("0.0000");
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: room.org.id, entityId: draft.id }, orderBy: { createdAt: "asc" }, select: { fromStatus: true, toStatus: true, reason: true } });
    expect(history).toEqual([
      { fromStatus: "draft", toStatus: "posted", reason: null },
      { fromStatus: "posted", toStatus: "cancelled", reason: "Counted twice" },
    ]);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("posts all lines or none: a refused line names itself and leaves the draft as it was", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "1" });
    const draft = await room.owner.inventory.adjustments.create({
      warehouseId: room.main.id,
      reasonId: room.reasons.DAMAGED,
      lines: [
        { itemId: item.id, locationId: room.main.a, quantity: "-1" },
        { itemId: item.id, locationId: room.main.b, quantity: "-1" },
      ],
    });
    const r = await failure(room.owner.inventory.adjustments.post({ id: draft.id, version: 1 }));
    expect(r).toMatchObject({ code: "BAD_REQUEST", fields: { "lines.1.quantity": [`Line 2: Not enough ${item.sku} at WH1/B: 0 available, 1 requested`] } });
    expect(await room.owner.inventory.adjustments.get({ id: draft.id })).toMatchObject({ status: "draft", version: 1, lines: [{ moveId: null }, { moveId: null }] });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("2.0000");
    // A draft is cancelled without moves.
    expect(await room.owner.inventory.adjustments.cancel({ id: draft.id, version: 1, reason: "Wrong bin" })).toMatchObject({ status: "cancelled" });
  });

  it("a line of an item with variants names one of its variants where stock comes in; the document shows it", async () => {
    const item = await makeItem(room);
    const other = await makeItem(room);
    const v = room.owner.inventory.variants;
    const red = await v.create({ itemId: item.id, sku: `${item.sku}-RED`, name: "Red", attributes: { color: "red" } });
    const foreign = await v.create({ itemId: other.id, sku: `${other.sku}-X`, attributes: { size: "X" } });
    const a = room.owner.inventory.adjustments;
    const header = { warehouseId: room.main.id, reasonId: room.reasons.FOUND };
    const line = { itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "2" };
    expect(await failure(a.create({ ...header, lines: [{ ...line }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.variantId": [`${item.sku} has variants: choose one`] },
    });
    expect(await failure(a.create({ ...header, lines: [{ ...line, variantId: foreign.id }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.variantId": [`Choose a variant of ${item.sku}`] },
    });
    // Stock going out may name none only where the location holds stock without a variant (received before the item
    // had variants): none here, so it is refused as posting would refuse it.
    expect(await failure(a.create({ ...header, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-1" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.variantId": [`${item.sku} has variants: choose one`] },
    });
    const draft = await a.create({ ...header, lines: [{ ...line, variantId: red.id }] });
    expect(draft.lines[0]).toMatchObject({ variantId: red.id, variant: { sku: `${item.sku}-RED`, name: "Red", archived: false } });
    await a.post({ id: draft.id, version: 1 });
    // A transfer's line is stock coming in at its destination: the variant is required.
    const t = room.owner.inventory.transfers;
    const tline = { itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" };
    expect(await failure(t.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [tline] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.variantId": [`${item.sku} has variants: choose one`] },
    });
    const moved = await t.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ ...tline, variantId: red.id }] });
    expect(moved.lines[0]).toMatchObject({ variant: { sku: `${item.sku}-RED` } });
    await t.post({ id: moved.id, version: 1 });
    const levels = await withConnection("system", async (c) =>
      (await c.query<{ location_id: string; on_hand: string }>(
        `select location_id::text, on_hand_qty::numeric(18,4)::text as on_hand from inventory.stock_levels where organization_id = $1 and item_id = $2 and variant_id = $3 order by 2`,
        [room.org.id, item.id, red.id])).rows);
    expect(levels).toEqual([{ location_id: room.main.a, on_hand: "1.0000" }, { location_id: room.main.b, on_hand: "2.0000" }]);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("checks lines on create: locations of the document's warehouse, items of the organization", async () => {
    const item = await makeItem(room);
    expect(await failure(room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.second.c, quantity: "1" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.locationId": ["Choose a location of WH1"] },
    });
    expect(await failure(room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [] }))).toMatchObject({ code: "BAD_REQUEST" });
    const other = await stockroom();
    expect((await failure(other.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] }))).code).toBe("NOT_FOUND");
  });
});

describe("stock transfers", () => {
  it("moves every line between two warehouses of a workspace, and back on cancel; members of other workspaces see nothing", async () => {
    const room = await stockroom();
    const w3 = await room.owner.inventory.warehouses.create({ workspaceId: room.org.workspaces.main!, code: "WH3", name: "Overflow" });
    const d = await room.owner.inventory.locations.create({ warehouseId: w3.id, code: "D" });
    const item = await makeItem(room, { lotControl: true });
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2", lotNumber: "L1" });
    const t = room.owner.inventory.transfers;
    expect(await failure(t.create({ fromWarehouseId: room.main.id, toWarehouseId: room.second.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.second.c, quantity: "1", lotNumber: "L1" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { toWarehouseId: [expect.any(String)] },
    });
    const draft = await t.create({ fromWarehouseId: room.main.id, toWarehouseId: w3.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: d.id, quantity: "7", lotNumber: "L1" }] });
    expect(draft.number).toBe(`TRF-${new Date().getFullYear()}-00001`);
    await t.post({ id: draft.id, version: 1 });
    const lot = (await room.owner.inventory.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } })).rows.map((r) => [r.warehouseCode, r.locationCode, r.onHand]);
    expect(lot).toEqual(expect.arrayContaining([["WH1", "A", "3"], ["WH3", "D", "7"]]));
    const clerk = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const c = await callerFor(clerk.id, { org: room.org.slug });
    expect((await failure(c.inventory.transfers.get({ id: draft.id }))).code).toBe("NOT_FOUND");
    expect((await failure(c.inventory.transfers.cancel({ id: draft.id, version: 2, reason: "x" }))).code).toBe("NOT_FOUND");
    await t.cancel({ id: draft.id, version: 2, reason: "Wrong warehouse" });
    expect((await room.owner.inventory.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } })).rows.map((r) => [r.locationCode, r.onHand])).toEqual([["A", "10"]]);
    expect(await differences(room.org.id)).toEqual([]);
  });
});

describe("document lists", () => {
  it("list adjustments and transfers newest number first, in keyset pages, filtered by status and warehouse, per workspace", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const a = room.owner.inventory.adjustments;
    const line = (locationId: string) => [{ itemId: item.id, locationId, quantity: "1", unitCost: "1" }];
    const first = await a.create({ warehouseId: room.main.id, reasonId: room.reasons.DAMAGED, lines: line(room.main.a) });
    await a.create({ warehouseId: room.main.id, reasonId: room.reasons.EXPIRED, lines: line(room.main.b) });
    const third = await a.create({ warehouseId: room.second.id, reasonId: room.reasons.FOUND, lines: line(room.second.c) });
    await a.post({ id: first.id, version: 1 });
    const p1 = await a.list({ perPage: 2 });
    expect(p1.rows.map((r) => r.reason)).toEqual(["Found", "Expired"]);
    expect(p1.total).toBe(3);
    expect((await a.list({ perPage: 2, cursor: p1.nextCursor })).rows.map((r) => [r.reason, r.status, r.lineCount])).toEqual([["Damaged", "posted", 1]]);
    expect((await a.list({ filters: { status: { type: "enum", values: ["draft"] } } })).rows.map((r) => r.reason)).toEqual(["Found", "Expired"]);
    expect((await a.list({ filters: { warehouse: { type: "enum", values: [room.second.id] } } })).rows.map((r) => [r.reason, r.warehouseCodes])).toEqual([["Found", "WH2"]]);
    expect((await a.list({ q: third.number })).rows.map((r) => r.id)).toEqual([third.id]);
    const clerk = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] });
    const c = await callerFor(clerk.id, { org: room.org.slug });
    expect((await c.inventory.adjustments.list({})).rows.map((r) => r.reason)).toEqual(["Expired", "Damaged"]);
    const t = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    expect((await room.owner.inventory.transfers.list({})).rows.map((r) => [r.id, r.warehouseCodes, r.status])).toEqual([[t.id, "WH1 → WH1", "draft"]]);
  });
});
