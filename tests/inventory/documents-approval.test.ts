// Approval of stock documents above the organization's thresholds (settings inventory.approval.*): "Post" submits a
// document above a threshold (draft → pending_approval), an approver who is not its author posts it (four eyes — the
// owner too), a rejection sends it back to draft with the reason; within the thresholds "Post" posts at once.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeUser } from "../helpers/factory";
import { differences, failure, level, makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

describe("approval thresholds", () => {
  let room: Stockroom;
  let approver: Caller;
  let manager: Caller;
  let viewer: Caller;
  beforeAll(async () => {
    room = await stockroom();
    approver = await callerFor((await makeUser(room.org, { roles: ["warehouse"] })).id, { org: room.org.slug });
    manager = await callerFor((await makeUser(room.org, { roles: ["manager"] })).id, { org: room.org.slug });
    viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    expect(await room.owner.inventory.documentSettings.get()).toEqual({ quantityThreshold: "", valueThreshold: "" });
    expect(await room.owner.inventory.documentSettings.update({ quantityThreshold: "10", valueThreshold: "150" })).toEqual({ quantityThreshold: "10", valueThreshold: "150" });
  });

  it("settings: inventory.settings.manage only, a number or empty, organization level", async () => {
    expect((await failure(viewer.inventory.documentSettings.update({ quantityThreshold: "1", valueThreshold: "" }))).code).toBe("FORBIDDEN");
    expect((await failure(manager.inventory.documentSettings.update({ quantityThreshold: "1", valueThreshold: "" }))).code).toBe("FORBIDDEN");
    expect(await failure(room.owner.inventory.documentSettings.update({ quantityThreshold: "ten", valueThreshold: "" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { quantityThreshold: [expect.stringContaining("Enter a number")] },
    });
    // Readable by members who see stock (the document pages show the thresholds).
    expect(await viewer.inventory.documentSettings.get()).toEqual({ quantityThreshold: "10", valueThreshold: "150" });
    const row = await systemDb().appSetting.findFirst({ where: { organizationId: room.org.id, key: "inventory.approval.quantityThreshold" } });
    expect(row).toMatchObject({ workspaceId: null, value: "10" });
  });

  it("within the thresholds (equal counts as within) Post posts at once", async () => {
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "15" }] });
    expect(d).toMatchObject({ totalQuantity: "10", totalValue: "150.00", approval: { required: false, exceeded: [] } });
    expect(d.transitions.map((t) => t.name)).toEqual(["post", "cancel"]);
    expect(await room.owner.inventory.adjustments.post({ id: d.id, version: 1 })).toMatchObject({ status: "posted" });
  });

  it("above the quantity threshold: submitted, refused to its author (even the owner), approved by another member", async () => {
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "11", unitCost: "1" }] });
    expect(d).toMatchObject({ approval: { required: true, exceeded: ["quantity"] } });
    expect(d.transitions.map((t) => t.name)).toEqual(["submit", "cancel"]);
    const pending = await room.owner.inventory.adjustments.post({ id: d.id, version: 1 });
    expect(pending).toMatchObject({ status: "pending_approval", version: 2, submittedBy: { id: room.ownerId }, lines: [{ moveId: null }] });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("0.0000");
    // The owner sees Approve, blocked: four eyes.
    expect(pending.transitions.find((t) => t.name === "approve")).toMatchObject({ blockedReason: expect.stringContaining("another approver") });
    expect(await failure(room.owner.inventory.adjustments.approve({ id: d.id, version: 2 }))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("another approver") });
    // Pending documents are not edited, not posted again, not deleted.
    expect((await failure(room.owner.inventory.adjustments.post({ id: d.id, version: 2 }))).code).toBe("PRECONDITION_FAILED");
    expect((await failure(room.owner.inventory.adjustments.update({ id: d.id, version: 2, warehouseId: room.main.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] }))).code).toBe("PRECONDITION_FAILED");
    expect((await failure(room.owner.inventory.adjustments.delete({ id: d.id, version: 2 }))).code).toBe("PRECONDITION_FAILED");
    // No permission: FORBIDDEN.
    expect((await failure(viewer.inventory.adjustments.approve({ id: d.id, version: 2 }))).code).toBe("FORBIDDEN");
    // Another member with inventory.stock.approve (the warehouse role): stale version first, then posted.
    expect((await failure(approver.inventory.adjustments.approve({ id: d.id, version: 1 }))).code).toBe("CONFLICT");
    const posted = await approver.inventory.adjustments.approve({ id: d.id, version: 2 });
    expect(posted).toMatchObject({ status: "posted", version: 3, approvedBy: { id: expect.any(String) }, createdBy: { id: room.ownerId } });
    expect(posted.lines.every((l) => l.moveId)).toBe(true);
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("11.0000");
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: room.org.id, entityId: d.id }, orderBy: { createdAt: "asc" }, select: { transition: true, toStatus: true } });
    expect(history).toEqual([{ transition: "submit", toStatus: "pending_approval" }, { transition: "approve", toStatus: "posted" }]);
    const events = await systemDb().auditEvent.findMany({ where: { organizationId: room.org.id, recordId: d.id, action: "approval" } });
    expect(events).toHaveLength(1);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("above the value threshold (average cost for stock taken out); rejected back to draft with the reason, then edited and posted", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "40" });
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.DAMAGED, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-4" }] });
    expect(d).toMatchObject({ totalQuantity: "4", totalValue: "160.00", approval: { required: true, exceeded: ["value"] } });
    await room.owner.inventory.adjustments.post({ id: d.id, version: 1 });
    expect((await failure(manager.inventory.adjustments.reject({ id: d.id, version: 2, reason: " " }))).code).toBe("BAD_REQUEST");
    const back = await manager.inventory.adjustments.reject({ id: d.id, version: 2, reason: "Only three were damaged" });
    expect(back).toMatchObject({ status: "draft", version: 3, rejectionReason: "Only three were damaged", submittedBy: null });
    const edited = await room.owner.inventory.adjustments.update({ id: d.id, version: 3, warehouseId: room.main.id, reasonId: room.reasons.DAMAGED, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-3" }] });
    expect(edited).toMatchObject({ version: 4, totalValue: "120.00", approval: { required: false } });
    expect(await room.owner.inventory.adjustments.post({ id: d.id, version: 4 })).toMatchObject({ status: "posted", rejectionReason: "Only three were damaged" });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("2.0000");
  });

  it("a pending document can be cancelled; a rejected one is a draft again", async () => {
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "50" }] });
    await room.owner.inventory.adjustments.post({ id: d.id, version: 1 });
    expect(await room.owner.inventory.adjustments.cancel({ id: d.id, version: 2, reason: "Miscounted" })).toMatchObject({ status: "cancelled", transitions: [] });
  });

  it("transfers: above the quantity threshold they wait for an approver too", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "20", unitCost: "1" });
    const t = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "12" }] });
    expect(t).toMatchObject({ totalQuantity: "12", totalValue: "12.00", approval: { required: true } });
    expect(await room.owner.inventory.transfers.post({ id: t.id, version: 1 })).toMatchObject({ status: "pending_approval" });
    expect((await failure(room.owner.inventory.transfers.approve({ id: t.id, version: 2 }))).code).toBe("PRECONDITION_FAILED");
    expect(await manager.inventory.transfers.approve({ id: t.id, version: 2 })).toMatchObject({ status: "posted" });
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("12.0000");
    const list = await room.owner.inventory.transfers.list({ perPage: 5 });
    expect(list.rows[0]).toMatchObject({ id: t.id, status: "posted", lineCount: 1, totalQuantity: "12", totalValue: "12.00" });
    const pendingOnly = await room.owner.inventory.adjustments.list({ perPage: 50, filters: { status: { type: "enum", values: ["pending_approval"] } } });
    expect(pendingOnly.rows.every((r) => r.status === "pending_approval")).toBe(true);
  });
});

describe("approval of another organization's documents", () => {
  it("answers NOT_FOUND", async () => {
    const room = await stockroom();
    const other = await stockroom();
    await room.owner.inventory.documentSettings.update({ quantityThreshold: "1", valueThreshold: "" });
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "2" }] });
    await room.owner.inventory.adjustments.post({ id: d.id, version: 1 });
    expect((await failure(other.owner.inventory.adjustments.approve({ id: d.id, version: 2 }))).code).toBe("NOT_FOUND");
    expect((await failure(other.owner.inventory.adjustments.reject({ id: d.id, version: 2, reason: "no" }))).code).toBe("NOT_FOUND");
    // The other organization's thresholds are its own.
    expect(await other.owner.inventory.documentSettings.get()).toEqual({ quantityThreshold: "", valueThreshold: "" });
  });
});
