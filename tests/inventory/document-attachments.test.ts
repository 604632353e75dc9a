// Attachments of stock documents and cycle counts through the kernel attachments service: upload, list, delete;
// another organization's and an invisible workspace's document answer NOT_FOUND; the write permission is required.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSettings } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { deleteAttachment, listAttachments, uploadAttachment } from "@/server/modules/settings/attachments.service";
import { makeUser } from "../helpers/factory";
import { makeItem, stockroom, type Stockroom } from "./helpers";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-doc-files-"));
let room: Stockroom;
let other: Stockroom;
const docs: Record<"adjustment" | "transfer" | "count", string> = { adjustment: "", transfer: "", count: "" };
const secondDocs: Record<"adjustment" | "transfer" | "count", string> = { adjustment: "", transfer: "", count: "" };
let foreignTransfer = "";

/** Runs `fn` in a request transaction as `userId` in `orgSlug`, optionally without some permissions. */
function asUser<T>(userId: string, orgSlug: string, fn: (tx: Parameters<Parameters<typeof withSettings>[1]>[0], scope: OrgScope) => Promise<T>, without: Permission[] = []) {
  return withSettings({ userId, requestId: "t" }, async (tx) => {
    const full = await resolveOrgScope(tx, { userId, requestId: "t" }, orgSlug);
    const permissions = new Set([...full.permissions].filter((p) => !without.includes(p as Permission)));
    return fn(tx, { ...full, permissions } as OrgScope);
  });
}

const file = (text = "delivery note") => ({ fileName: "delivery-note.txt", contentType: "text/plain", body: Readable.from([Buffer.from(text)]) });

beforeAll(async () => {
  setStorage(new LocalStorage(dir));
  [room, other] = await Promise.all([stockroom(), stockroom()]);
  const item = await makeItem(room);
  await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "2" });
  await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.second.c, quantity: "5", unitCost: "2" });
  const c2 = await room.owner.inventory.locations.create({ warehouseId: room.second.id, code: "C2", kind: "bin" });
  docs.adjustment = (await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.DAMAGED, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "-1" }] })).id;
  docs.transfer = (await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] })).id;
  docs.count = (await room.owner.inventory.counts.create({ warehouseId: room.main.id })).id;
  secondDocs.adjustment = (await room.owner.inventory.adjustments.create({ warehouseId: room.second.id, reasonId: room.reasons.DAMAGED, lines: [{ itemId: item.id, locationId: room.second.c, quantity: "-1" }] })).id;
  secondDocs.transfer = (await room.owner.inventory.transfers.create({ fromWarehouseId: room.second.id, toWarehouseId: room.second.id, lines: [{ itemId: item.id, fromLocationId: room.second.c, toLocationId: c2.id, quantity: "1" }] })).id;
  secondDocs.count = (await room.owner.inventory.counts.create({ warehouseId: room.second.id })).id;
  const otherItem = await makeItem(other);
  await other.owner.inventory.stock.receive({ itemId: otherItem.id, locationId: other.main.a, quantity: "5", unitCost: "2" });
  foreignTransfer = (await other.owner.inventory.transfers.create({ fromWarehouseId: other.main.id, toWarehouseId: other.main.id, lines: [{ itemId: otherItem.id, fromLocationId: other.main.a, toLocationId: other.main.b, quantity: "1" }] })).id;
});
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("stock document attachments", () => {
  it.each(["adjustment", "transfer", "count"] as const)("uploads, lists and deletes a file of a %s (stored with its workspace)", async (kind) => {
    const entityType = `inventory.${kind}`;
    const entityId = docs[kind];
    const up = await asUser(room.ownerId, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType, entityId, ...file(`${kind} paper`) }));
    expect(up).toMatchObject({ entityType, entityId, fileName: "delivery-note.txt", sizeBytes: `${kind} paper`.length });
    const listed = await asUser(room.ownerId, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType, entityId }));
    expect(listed.rows.map((r) => r.id)).toEqual([up.id]);
    expect(listed).toMatchObject({ canUpload: true, canDelete: true });
    const ws = await asUser(room.ownerId, room.org.slug, (tx) => tx.attachment.findFirst({ where: { organizationId: room.org.id, id: up.id }, select: { workspaceId: true } }));
    expect(ws?.workspaceId).toBe(room.org.workspaces.main);
    await asUser(room.ownerId, room.org.slug, (tx, scope) => deleteAttachment(tx, scope, { id: up.id }));
    const after = await asUser(room.ownerId, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType, entityId }));
    expect(after.rows).toEqual([]);
  });

  it("accepts files on a posted or cancelled document", async () => {
    const d = await room.owner.inventory.transfers.get({ id: docs.transfer });
    const posted = await room.owner.inventory.transfers.post({ id: docs.transfer, version: d.version });
    expect(posted.status).toBe("posted");
    const up = await asUser(room.ownerId, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType: "inventory.transfer", entityId: docs.transfer, ...file() }));
    expect(up.entityId).toBe(docs.transfer);
  });

  it("answers NOT_FOUND for another organization's document", async () => {
    await expect(
      asUser(room.ownerId, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType: "inventory.transfer", entityId: foreignTransfer, ...file() })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asUser(room.ownerId, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType: "inventory.transfer", entityId: foreignTransfer }))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it.each(["adjustment", "transfer", "count"] as const)("answers NOT_FOUND for a %s in a workspace the member cannot see", async (kind) => {
    const mainOnly = await makeUser(room.org, { roles: ["owner"], workspaces: ["main"] });
    const entityType = `inventory.${kind}`;
    // The owner (all workspaces) attaches a file; the main-only member can neither list it nor attach nor delete.
    const up = await asUser(room.ownerId, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType, entityId: secondDocs[kind], ...file() }));
    await expect(asUser(mainOnly.id, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType, entityId: secondDocs[kind] }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asUser(mainOnly.id, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType, entityId: secondDocs[kind], ...file() }))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(asUser(mainOnly.id, room.org.slug, (tx, scope) => deleteAttachment(tx, scope, { id: up.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The same member sees the main workspace's document.
    const listed = await asUser(mainOnly.id, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType, entityId: docs[kind] }));
    expect(listed.canUpload).toBe(true);
  });

  it("refuses a user without the document's write permission", async () => {
    // Transfers need inventory.stock.move; adjustments and counts inventory.stock.adjust.
    const cases = [
      ["inventory.transfer", docs.transfer, "inventory.stock.move"],
      ["inventory.adjustment", docs.adjustment, "inventory.stock.adjust"],
      ["inventory.count", docs.count, "inventory.stock.adjust"],
    ] as const;
    for (const [entityType, entityId, perm] of cases) {
      await expect(asUser(room.ownerId, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType, entityId, ...file() }), [perm])).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      const listed = await asUser(room.ownerId, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType, entityId }), [perm]);
      expect(listed).toMatchObject({ canUpload: false, canDelete: false });
    }
    // A manager (reads everything, changes no stock) may list but not attach.
    const manager = await makeUser(room.org, { roles: ["manager"] });
    await expect(asUser(manager.id, room.org.slug, (tx, scope) => listAttachments(tx, scope, { entityType: "inventory.transfer", entityId: docs.transfer }))).resolves.toMatchObject({ canUpload: false });
    await expect(asUser(manager.id, room.org.slug, (tx, scope) => uploadAttachment(tx, scope, { entityType: "inventory.transfer", entityId: docs.transfer, ...file() }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
