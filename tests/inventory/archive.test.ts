// Archive / restore of items, variants, categories and warehouses carry the version the screen showed: a record
// changed since is a CONFLICT and stays as it was; a repeated click (already archived / restored) is answered as it
// is; without a version the version just read is used (the kernel's setArchived).
import { beforeAll, describe, expect, it } from "vitest";
import { failure, makeItem, stockroom, type Stockroom } from "./helpers";

describe("inventory archive / restore with the version shown", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("items: stale version CONFLICT, repeated click idempotent, restore likewise", async () => {
    const item = await makeItem(room);
    const items = room.owner.inventory.items;
    await items.update({ id: item.id, version: item.version, name: "Renamed widget" });
    expect(await failure(items.archive({ id: item.id, archived: true, version: item.version }))).toMatchObject({ code: "CONFLICT" });
    expect(await items.get({ id: item.id })).toMatchObject({ archivedAt: null, version: item.version + 1 });
    const archived = await items.archive({ id: item.id, archived: true, version: item.version + 1 });
    expect(archived).toMatchObject({ version: item.version + 2, archivedAt: expect.any(Date) });
    expect(await items.archive({ id: item.id, archived: true, version: item.version + 1 })).toMatchObject({ version: item.version + 2 });
    expect(await failure(items.archive({ id: item.id, archived: false, version: item.version + 1 }))).toMatchObject({ code: "CONFLICT" });
    expect(await items.archive({ id: item.id, archived: false })).toMatchObject({ archivedAt: null, version: item.version + 3 });
  });

  it("variants, categories and warehouses take the version the same way", async () => {
    const item = await makeItem(room);
    const created = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-M`, attributes: { size: "M" } });
    const v = (await room.owner.inventory.variants.list({ itemId: item.id })).rows.find((r) => r.id === created.id)!;
    await room.owner.inventory.variants.update({ id: v.id, version: v.version, name: "Medium" });
    expect(await failure(room.owner.inventory.variants.archive({ id: v.id, version: v.version }))).toMatchObject({ code: "CONFLICT" });
    expect(await room.owner.inventory.variants.archive({ id: v.id, version: v.version + 1 })).toMatchObject({ archivedAt: expect.any(Date) });

    const c = await room.owner.inventory.categories.create({ code: `AV-${Date.now()}`, name: "Archivable" });
    await room.owner.inventory.categories.update({ id: c.id, version: c.version, name: "Archivable (renamed)" });
    expect(await failure(room.owner.inventory.categories.archive({ id: c.id, version: c.version }))).toMatchObject({ code: "CONFLICT" });
    expect(await room.owner.inventory.categories.archive({ id: c.id, version: c.version + 1 })).toMatchObject({ archivedAt: expect.any(Date) });
    expect(await room.owner.inventory.categories.archive({ id: c.id, version: c.version + 1 })).toMatchObject({ version: c.version + 2 });

    const w = await room.owner.inventory.warehouses.create({ workspaceId: room.org.workspaces.main!, code: `WA${Date.now() % 100000}`, name: "Spare" });
    await room.owner.inventory.warehouses.update({ id: w.id, version: w.version, name: "Spare (renamed)" });
    expect(await failure(room.owner.inventory.warehouses.archive({ id: w.id, version: w.version }))).toMatchObject({ code: "CONFLICT" });
    expect(await room.owner.inventory.warehouses.archive({ id: w.id, version: w.version + 1 })).toMatchObject({ archivedAt: expect.any(Date) });
    expect(await room.owner.inventory.warehouses.archive({ id: w.id, archived: false, version: w.version + 2 })).toMatchObject({ archivedAt: null });
  });
});
