// Draft editing of stock documents: header and lines replaced with the version read (CONFLICT when stale), drafts
// deleted, anything else immutable (PRECONDITION_FAILED); another organization's documents answer NOT_FOUND.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { failure, level, makeItem, stockroom, type Stockroom } from "./helpers";

describe("draft editing", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("updates an adjustment draft's header and lines on the version read; a stale version is a CONFLICT", async () => {
    const item = await makeItem(room);
    const other = await makeItem(room);
    const a = room.owner.inventory.adjustments;
    const d = await a.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "1" }] });
    const v2 = await a.update({
      id: d.id, version: 1, warehouseId: room.main.id, reasonId: room.reasons.LOST, note: "recount",
      lines: [{ itemId: other.id, locationId: room.main.b, quantity: "3", unitCost: "2" }, { itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }],
    });
    expect(v2).toMatchObject({ number: d.number, version: 2, reason: "Lost or stolen", note: "recount", totalQuantity: "4", lines: [{ lineNo: 1, itemId: other.id, quantity: "3" }, { lineNo: 2, itemId: item.id }] });
    // The second editor read version 1: refused, nothing changes.
    expect(await failure(a.update({ id: d.id, version: 1, warehouseId: room.main.id, reasonId: room.reasons.LOST, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-1" }] }))).toMatchObject({
      code: "CONFLICT", message: expect.stringContaining("changed by someone else"),
    });
    expect(await a.get({ id: d.id })).toMatchObject({ version: 2, reason: "Lost or stolen" });
    // Same line checks as create.
    expect(await failure(a.update({ id: d.id, version: 2, warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.second.c, quantity: "1" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.locationId": ["Choose a location of WH1"] },
    });
    expect(await failure(a.update({ id: d.id, version: 2, warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-1", unitCost: "1" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { "lines.0.unitCost": [expect.any(String)] },
    });
    // Posted: immutable.
    await a.post({ id: d.id, version: 2 });
    expect((await level(room.org.id, other.id, room.main.b)).on_hand).toBe("3.0000");
    expect(await failure(a.update({ id: d.id, version: 3, warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] }))).toMatchObject({
      code: "PRECONDITION_FAILED", message: expect.stringContaining("Only a draft"),
    });
    expect((await failure(a.delete({ id: d.id, version: 3 }))).code).toBe("PRECONDITION_FAILED");
    const lines = await systemDb().stockAdjustmentLine.count({ where: { organizationId: room.org.id, adjustmentId: d.id } });
    expect(lines).toBe(2);
  });

  it("deletes a draft (its lines with it) on the version read; the number is not reused", async () => {
    const item = await makeItem(room);
    const a = room.owner.inventory.adjustments;
    const d = await a.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] });
    expect((await failure(a.delete({ id: d.id, version: 2 }))).code).toBe("CONFLICT");
    expect(await a.delete({ id: d.id, version: 1 })).toEqual({ id: d.id, number: d.number });
    expect((await failure(a.get({ id: d.id }))).code).toBe("NOT_FOUND");
    expect(await systemDb().stockAdjustmentLine.count({ where: { organizationId: room.org.id, adjustmentId: d.id } })).toBe(0);
    const next = await a.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] });
    expect(next.number > d.number).toBe(true);
    // The deletion is in the audit trail (row trigger).
    expect(await systemDb().auditEvent.count({ where: { organizationId: room.org.id, tableName: "inventory.stock_adjustments", recordId: d.id, action: "delete" } })).toBe(1);
  });

  it("updates and deletes transfer drafts the same way", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "2" });
    const t = room.owner.inventory.transfers;
    const d = await t.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    const v2 = await t.update({ id: d.id, version: 1, fromWarehouseId: room.main.id, toWarehouseId: room.main.id, note: "two", lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" }] });
    expect(v2).toMatchObject({ version: 2, note: "two", totalQuantity: "2", totalValue: "4.00", lines: [{ quantity: "2", fromLocation: "WH1/A", toLocation: "WH1/B" }] });
    expect(await failure(t.update({ id: d.id, version: 2, fromWarehouseId: room.main.id, toWarehouseId: room.second.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.second.c, quantity: "2" }] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { toWarehouseId: [expect.any(String)] },
    });
    expect((await failure(t.update({ id: d.id, version: 1, fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3" }] }))).code).toBe("CONFLICT");
    await t.post({ id: d.id, version: 2 });
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("2.0000");
    expect((await failure(t.delete({ id: d.id, version: 3 }))).code).toBe("PRECONDITION_FAILED");
    const d2 = await t.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    expect(await t.delete({ id: d2.id, version: 1 })).toMatchObject({ id: d2.id });
  });

  it("another organization's drafts answer NOT_FOUND for get, update, delete, post and cancel", async () => {
    const other = await stockroom();
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] });
    const o = other.owner.inventory.adjustments;
    expect((await failure(o.get({ id: d.id }))).code).toBe("NOT_FOUND");
    expect((await failure(o.update({ id: d.id, version: 1, warehouseId: other.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: other.main.a, quantity: "1" }] }))).code).toBe("NOT_FOUND");
    expect((await failure(o.delete({ id: d.id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await failure(o.post({ id: d.id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await failure(o.cancel({ id: d.id, version: 1, reason: "x" }))).code).toBe("NOT_FOUND");
    const tr = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    expect((await failure(other.owner.inventory.transfers.delete({ id: tr.id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await failure(other.owner.inventory.transfers.update({ id: tr.id, version: 1, fromWarehouseId: other.main.id, toWarehouseId: other.main.id, lines: [{ itemId: item.id, fromLocationId: other.main.a, toLocationId: other.main.b, quantity: "1" }] }))).code).toBe("NOT_FOUND");
    // Still there, unchanged.
    expect(await room.owner.inventory.adjustments.get({ id: d.id })).toMatchObject({ version: 1, status: "draft" });
  });

  it("keeps a location archived since the draft was written, marks it, and refuses to post it naming the line", async () => {
    const item = await makeItem(room);
    const bin = await room.owner.inventory.locations.create({ warehouseId: room.main.id, code: `ARC-${Date.now()}`, kind: "bin" });
    const a = room.owner.inventory.adjustments;
    const d = await a.create({
      warehouseId: room.main.id, reasonId: room.reasons.FOUND,
      lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }, { itemId: item.id, locationId: bin.id, quantity: "2", unitCost: "1" }],
    });
    await room.owner.inventory.locations.archive({ id: bin.id });
    const read = await a.get({ id: d.id });
    expect(read.lines.map((l) => [l.location, l.locationArchived])).toEqual([["WH1/A", false], [`WH1/${bin.code}`, true]]);
    // Posting refuses it with a field error on the line; nothing moves, the draft stays as it was.
    expect(await failure(a.post({ id: d.id, version: 1 }))).toMatchObject({
      code: "PRECONDITION_FAILED", fields: { "lines.1.locationId": [`Line 2: location WH1/${bin.code} is archived; choose another location`] },
    });
    expect(await a.get({ id: d.id })).toMatchObject({ status: "draft", version: 1, lines: [{ moveId: null }, { moveId: null }] });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("0.0000");
    // The draft can still be saved as it is (the editor keeps the value), and posts once the line moves elsewhere.
    const kept = await a.update({ id: d.id, version: 1, warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: bin.id, quantity: "2", unitCost: "1" }] });
    expect(kept.lines[0]).toMatchObject({ locationId: bin.id, locationArchived: true });
    await a.update({ id: d.id, version: 2, warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.b, quantity: "2", unitCost: "1" }] });
    expect(await a.post({ id: d.id, version: 3 })).toMatchObject({ status: "posted" });

    // Transfers: each side of the line is checked; a restored location posts again.
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    await room.owner.inventory.locations.archive({ id: bin.id, archived: false });
    const x = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: bin.id, quantity: "1" }] });
    await room.owner.inventory.locations.archive({ id: bin.id });
    expect((await room.owner.inventory.transfers.get({ id: x.id })).lines[0]).toMatchObject({ fromLocationArchived: false, toLocationArchived: true });
    expect(await failure(room.owner.inventory.transfers.post({ id: x.id, version: 1 }))).toMatchObject({
      code: "PRECONDITION_FAILED", fields: { "lines.0.toLocationId": [`Line 1: location WH1/${bin.code} is archived; choose another location`] },
    });
    await room.owner.inventory.locations.archive({ id: bin.id, archived: false });
    expect(await room.owner.inventory.transfers.post({ id: x.id, version: 1 })).toMatchObject({ status: "posted" });
  });
});
