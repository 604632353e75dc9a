// Who posted a stock document or a cycle count (and when): the `get` procedures answer the poster's display name,
// read from the machine's transition log (the actor of the transition into `posted`) — the member who pressed Post,
// not the author; for an approved document the approver (approving posts it), next to who submitted it.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeUser, uniq } from "../helpers/factory";
import { makeItem, stockroom, type Caller, type Stockroom, withLines } from "./helpers";

describe("posted by", () => {
  let room: Stockroom;
  let clerk: { id: string; name: string; caller: Caller };
  let approver: { id: string; name: string; caller: Caller };

  async function member(roles: string[], name: string) {
    const u = await makeUser(room.org, { roles });
    await systemDb().user.update({ where: { id: u.id }, data: { name } });
    return { id: u.id, name, caller: await callerFor(u.id, { org: room.org.slug }) };
  }

  beforeAll(async () => {
    room = await stockroom();
    clerk = await member(["warehouse"], `Clerk ${uniq()}`);
    approver = await member(["warehouse"], `Approver ${uniq()}`);
  });

  it("an adjustment: the member who posted it and when; nobody before posting; still shown once cancelled", async () => {
    const item = await makeItem(room);
    const d = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "3" }] });
    expect(d).toMatchObject({ postedBy: null, postedAt: null, createdBy: { id: room.ownerId } });
    const before = new Date();
    const posted = await clerk.caller.inventory.adjustments.post({ id: d.id, version: d.version });
    expect(posted).toMatchObject({ status: "posted", postedBy: { id: clerk.id, name: clerk.name }, approvedBy: null });
    expect(posted.postedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // Anyone who reads it sees the same poster.
    expect((await room.owner.inventory.adjustments.get({ id: d.id })).postedBy).toEqual({ id: clerk.id, name: clerk.name });
    const cancelled = await room.owner.inventory.adjustments.cancel({ id: d.id, version: posted.version, reason: "Wrong bin" });
    expect(cancelled).toMatchObject({ status: "cancelled", postedBy: { id: clerk.id, name: clerk.name } });
  });

  it("a draft cancelled before posting has no poster", async () => {
    const item = await makeItem(room);
    const e = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }] });
    expect((await room.owner.inventory.adjustments.cancel({ id: e.id, version: e.version, reason: "Not needed" })).postedBy).toBeNull();
  });

  it("an approved transfer: submitted by its author, posted by the approver (who is recorded as approver too)", async () => {
    await room.owner.inventory.documentSettings.update({ quantityThreshold: "5", valueThreshold: "" });
    try {
      const item = await makeItem(room);
      await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "1" });
      const t = await clerk.caller.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "6" }] });
      const pending = await clerk.caller.inventory.transfers.post({ id: t.id, version: t.version });
      expect(pending).toMatchObject({ status: "pending_approval", postedBy: null, submittedBy: { id: clerk.id, name: clerk.name } });
      const approved = await approver.caller.inventory.transfers.approve({ id: t.id, version: pending.version });
      expect(approved).toMatchObject({
        status: "posted",
        postedBy: { id: approver.id, name: approver.name },
        approvedBy: { id: approver.id, name: approver.name },
        submittedBy: { id: clerk.id, name: clerk.name },
        createdBy: { id: clerk.id, name: clerk.name },
      });
      expect(approved.postedAt).toEqual(approved.approvedAt);
    } finally {
      await room.owner.inventory.documentSettings.update({ quantityThreshold: "", valueThreshold: "" });
    }
  });

  it("a cycle count: the member who posted it, not who created or reviewed it", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.b, quantity: "4", unitCost: "2" });
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.b }));
    expect(count.postedBy).toBeNull();
    const line = count.lines.find((l) => l.itemId === item.id)!;
    await room.owner.inventory.counts.setCounted({ id: count.id, lineId: line.id, countedQty: "3" });
    const review = await room.owner.inventory.counts.review({ id: count.id, version: count.version });
    expect(review.postedBy).toBeNull();
    const posted = await approver.caller.inventory.counts.post({ id: count.id, version: review.version });
    expect(posted).toMatchObject({ status: "posted", postedBy: { id: approver.id, name: approver.name } });
    expect(posted.postedAt).toBeInstanceOf(Date);
    expect((await clerk.caller.inventory.counts.get({ id: count.id })).postedBy).toEqual({ id: approver.id, name: approver.name });
  });
});
