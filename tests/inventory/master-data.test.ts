// Master data screens' procedures: categories (update, archive refused while used, reorder and reparent without
// cycles), part-number series per category through the kernel numbering (widening past 9,999, concurrency),
// warehouses (archive / restore) and locations (rename, move without cycles, archive refused while holding stock).
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { failure, makeItem, stockroom, type Stockroom } from "./helpers";

type Node = { id: string; code: string; sortOrder: number; children: Node[] };
const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
const childCodes = async (room: Stockroom, parentCode: string | null) => {
  const { roots } = await room.owner.inventory.categories.tree();
  const list = parentCode === null ? roots : flat(roots).find((n) => n.code === parentCode)!.children;
  return list.map((n) => n.code);
};

describe("categories editor", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("creates children after their siblings, renames with the version read, refuses a taken code", async () => {
    const api = room.owner.inventory.categories;
    const top = await api.create({ code: "ELEC", name: "Electrical" });
    const a = await api.create({ code: "ELEC-A", name: "Cables", parentId: top.id });
    const b = await api.create({ code: "ELEC-B", name: "Breakers", parentId: top.id });
    expect(b.sortOrder).toBeGreaterThan(a.sortOrder);
    expect(await childCodes(room, "ELEC")).toEqual(["ELEC-A", "ELEC-B"]);
    const renamed = await api.update({ id: a.id, version: a.version, name: "Cables and wires", code: "ELEC-CAB" });
    expect(renamed).toMatchObject({ name: "Cables and wires", code: "ELEC-CAB", version: a.version + 1 });
    expect(await failure(api.update({ id: a.id, version: a.version, name: "Stale" }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(api.update({ id: a.id, version: renamed.version, code: "ELEC-B" }))).toMatchObject({ code: "CONFLICT", fields: { code: [expect.stringContaining("ELEC-B")] } });
  });

  it("reorders among siblings and reparents by position; never makes a category its own ancestor", async () => {
    const api = room.owner.inventory.categories;
    const root = await api.create({ code: "R", name: "Root" });
    const x = await api.create({ code: "R-X", name: "X", parentId: root.id });
    const y = await api.create({ code: "R-Y", name: "Y", parentId: root.id });
    const z = await api.create({ code: "R-Z", name: "Z", parentId: root.id });
    // Drag Z to the top of its siblings.
    await api.move({ id: z.id, parentId: root.id, position: 0 });
    expect(await childCodes(room, "R")).toEqual(["R-Z", "R-X", "R-Y"]);
    // Move X down one (keyboard "move down").
    await api.move({ id: x.id, parentId: root.id, position: 2 });
    expect(await childCodes(room, "R")).toEqual(["R-Z", "R-Y", "R-X"]);
    // Drop Y onto Z (reparent, last child), then indent X under Y? X under Z at position 0.
    await api.move({ id: y.id, parentId: z.id });
    await api.move({ id: x.id, parentId: z.id, position: 0 });
    expect(await childCodes(room, "R-Z")).toEqual(["R-X", "R-Y"]);
    // Cycles: R under its grandchild Y, Z under itself — field errors on parentId, nothing changed.
    expect(await failure(api.move({ id: root.id, parentId: y.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { parentId: [expect.stringContaining("own subcategories")] } });
    expect(await failure(api.move({ id: z.id, parentId: z.id }))).toMatchObject({ fields: { parentId: ["A category cannot be its own parent"] } });
    expect(await childCodes(room, null)).toContain("R");
    // The trigger refuses a cycle from any writer, even past the service.
    await expect(
      withConnection("system", (c) => c.query(`update inventory.categories set parent_id = $2 where organization_id = $1 and id = $3`, [room.org.id, y.id, root.id])),
    ).rejects.toThrow(/categories_no_cycle|descendant/);
  });

  it("archives only an unused category, with a clear message, and restores below an active parent", async () => {
    const api = room.owner.inventory.categories;
    const parent = await api.create({ code: "ARC", name: "Archivable" });
    const child = await api.create({ code: "ARC-1", name: "Child", parentId: parent.id });
    expect(await failure(api.archive({ id: parent.id }))).toMatchObject({ code: "PRECONDITION_FAILED", message: '"Archivable" still has 1 subcategory: move or archive it first.' });
    const item = await makeItem(room, { categoryId: child.id });
    expect(await failure(api.archive({ id: child.id }))).toMatchObject({ code: "PRECONDITION_FAILED", message: '"Child" still has 1 item: move it to another category first.' });
    await room.owner.inventory.items.update({ id: item.id, version: item.version, categoryId: null });
    expect((await api.archive({ id: child.id })).archivedAt).not.toBeNull();
    expect((await api.archive({ id: parent.id })).archivedAt).not.toBeNull();
    // An archived category takes no new items.
    expect(await failure(makeItem(room, { categoryId: child.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { categoryId: ['"Child" is archived: choose an active category'] } });
    expect(await failure(api.archive({ id: child.id, archived: false }))).toMatchObject({ code: "PRECONDITION_FAILED", message: 'Restore "Archivable" first: "Child" is under it.' });
    await api.archive({ id: parent.id, archived: false });
    expect((await api.archive({ id: child.id, archived: false })).archivedAt).toBeNull();
  });

  it("needs inventory.item.manage to change, answers NOT_FOUND for another organization's category", async () => {
    const viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    const c = await room.owner.inventory.categories.create({ code: "PERM", name: "Perm" });
    expect((await viewer.inventory.categories.tree()).roots.length).toBeGreaterThan(0);
    expect(await failure(viewer.inventory.categories.update({ id: c.id, version: 1, name: "x" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(viewer.inventory.categories.archive({ id: c.id }))).toMatchObject({ code: "FORBIDDEN" });
    const other = await stockroom();
    expect(await failure(other.owner.inventory.categories.archive({ id: c.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(other.owner.inventory.categories.move({ id: c.id, parentId: null, position: 0 }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("part-number series per category", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  async function counterTo(categoryId: string, value: number) {
    await withConnection("system", (c) =>
      c.query(
        `insert into settings.number_sequence_counters (organization_id, sequence_id, period, last_value)
         select organization_id, id, '', $3 from settings.number_sequences where organization_id = $1 and document_type = 'item_part_number' and series_key = $2
         on conflict (organization_id, sequence_id, period) do update set last_value = excluded.last_value`,
        [room.org.id, categoryId, value],
      ),
    );
  }

  it("numbers items created without a SKU: 710-0001, …, skipping a number typed by hand; explicit SKUs still win", async () => {
    const parts = await room.owner.inventory.categories.create({ code: "P710", name: "Parts 710", numberFormat: "710-{####}" });
    expect(parts.series).toBeNull(); // node() of the create; the tree carries it
    const node = flat((await room.owner.inventory.categories.tree()).roots).find((n) => n.id === parts.id) as unknown as { series: unknown };
    expect(node.series).toEqual({ format: "710-{####}", nextNumber: "710-0001", used: false });
    expect((await makeItem(room, { sku: undefined, categoryId: parts.id })).sku).toBe("710-0001");
    expect((await makeItem(room, { sku: "", categoryId: parts.id })).sku).toBe("710-0002");
    await makeItem(room, { sku: "710-0003" }); // typed by hand elsewhere
    expect((await makeItem(room, { sku: undefined, categoryId: parts.id })).sku).toBe("710-0004");
    expect((await makeItem(room, { sku: "CUSTOM-1", categoryId: parts.id })).sku).toBe("CUSTOM-1");
    // Without a series a SKU is required.
    const plain = await room.owner.inventory.categories.create({ code: "PLAIN", name: "Plain" });
    expect(await failure(makeItem(room, { sku: undefined, categoryId: plain.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { sku: [expect.stringContaining("no part-number series")] } });
    expect(await failure(makeItem(room, { sku: undefined }))).toMatchObject({ fields: { sku: ["Enter a SKU"] } });
    // A used series is frozen; an unused one may change; a bad format is a field error.
    expect(await failure(room.owner.inventory.categories.update({ id: parts.id, version: parts.version, numberFormat: "711-{####}" }))).toMatchObject({
      code: "CONFLICT", fields: { numberFormat: [expect.stringContaining("already numbered")] },
    });
    const later = await room.owner.inventory.categories.update({ id: plain.id, version: plain.version, numberFormat: "PL-{###}" });
    const again = await room.owner.inventory.categories.update({ id: plain.id, version: later.version, numberFormat: "PL-{#####}" });
    expect((await makeItem(room, { sku: undefined, categoryId: again.id })).sku).toBe("PL-00001");
    expect(await failure(room.owner.inventory.categories.create({ code: "BAD", name: "Bad", numberFormat: "710-" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("counter") });
    expect(await failure(room.owner.inventory.categories.create({ code: "BADY", name: "Bad", numberFormat: "{YYYY}-{####}" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("never resets") });
  });

  it("grows wider past 9,999 instead of overflowing: 710-9999 → 710-10000", async () => {
    const cat = await room.owner.inventory.categories.create({ code: "WIDE", name: "Wide", numberFormat: "720-{####}" });
    await makeItem(room, { sku: undefined, categoryId: cat.id }); // 720-0001, the counter row exists
    await counterTo(cat.id, 9998);
    expect((await makeItem(room, { sku: undefined, categoryId: cat.id })).sku).toBe("720-9999");
    expect((await makeItem(room, { sku: undefined, categoryId: cat.id })).sku).toBe("720-10000");
    expect((await makeItem(room, { sku: undefined, categoryId: cat.id })).sku).toBe("720-10001");
  });

  it("gives parallel creations distinct, consecutive numbers (the kernel counter's row lock)", async () => {
    const cat = await room.owner.inventory.categories.create({ code: "PAR", name: "Parallel", numberFormat: "730-{####}" });
    const callers = await Promise.all(Array.from({ length: 4 }, () => callerFor(room.ownerId, { org: room.org.slug })));
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) => callers[i % 4]!.inventory.items.create({ name: `Part ${i}`, baseUnitId: room.unitId, categoryId: cat.id })),
    );
    const skus = made.map((m) => m.sku).sort();
    expect(new Set(skus).size).toBe(24);
    expect(skus).toEqual(Array.from({ length: 24 }, (_, i) => `730-${String(i + 1).padStart(4, "0")}`));
  });

  it("keeps series per organization and out of the organization-wide sequences", async () => {
    const other = await stockroom();
    const cat = await other.owner.inventory.categories.create({ code: "P710", name: "Parts 710", numberFormat: "710-{####}" });
    expect((await makeItem(other, { sku: undefined, categoryId: cat.id })).sku).toBe("710-0001");
    // The settings' sequences page leaves keyed series out and offers no workspace override for them.
    const { rows } = await other.owner.settings.sequences.list();
    expect(rows.map((r) => r.documentType)).not.toContain("item_part_number");
    expect(await failure(other.owner.settings.sequences.create({ documentType: "item_part_number", workspaceId: other.org.workspaces.main!, format: "X-{####}", reset: "never" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("warehouses and locations", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("archives a warehouse only when it holds no stock, and restores it", async () => {
    const api = room.owner.inventory;
    const item = await makeItem(room);
    await api.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "2" });
    expect(await failure(api.warehouses.archive({ id: room.main.id }))).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("WH1 still holds stock") });
    const w = await api.warehouses.create({ workspaceId: room.org.workspaces.main!, code: "SPARE", name: "Spare" });
    const archived = await api.warehouses.archive({ id: w.id });
    expect(archived.archivedAt).not.toBeNull();
    expect((await api.warehouses.list()).rows.map((r) => r.code)).not.toContain("SPARE");
    expect((await api.warehouses.list({ includeArchived: true })).rows.map((r) => r.code)).toContain("SPARE");
    expect((await api.warehouses.archive({ id: w.id, archived: false })).archivedAt).toBeNull();
  });

  it("renames, moves (same warehouse, no cycles) and archives locations — refused while they hold stock", async () => {
    const api = room.owner.inventory;
    const zone = await api.locations.create({ warehouseId: room.main.id, code: "Z1", kind: "zone" });
    const aisle = await api.locations.create({ warehouseId: room.main.id, code: "Z1-A", kind: "aisle", parentId: zone.id });
    const bin = await api.locations.create({ warehouseId: room.main.id, code: "Z1-A-01", kind: "bin", parentId: aisle.id });
    expect(await api.locations.update({ id: bin.id, name: "Top shelf", code: "Z1-A-1" })).toMatchObject({ code: "Z1-A-1", name: "Top shelf" });
    expect(await failure(api.locations.update({ id: bin.id, code: "A" }))).toMatchObject({ code: "CONFLICT", fields: { code: ["Code A is already used in WH1"] } });
    // Cycles and other warehouses are refused.
    expect(await failure(api.locations.move({ id: zone.id, parentId: bin.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { parentId: [expect.stringContaining("its own locations")] } });
    expect(await failure(api.locations.move({ id: zone.id, parentId: zone.id }))).toMatchObject({ fields: { parentId: ["A location cannot be its own parent"] } });
    expect(await failure(api.locations.move({ id: bin.id, parentId: room.second.c }))).toMatchObject({ fields: { parentId: ["Choose a location of the same warehouse"] } });
    await expect(
      withConnection("system", (c) => c.query(`update inventory.locations set parent_id = $2 where organization_id = $1 and id = $3`, [room.org.id, bin.id, zone.id])),
    ).rejects.toThrow(/locations_no_cycle|descendant/);
    // Move the bin to the top, then under the zone.
    expect((await api.locations.move({ id: bin.id, parentId: null })).parentId).toBeNull();
    expect((await api.locations.move({ id: bin.id, parentId: zone.id })).parentId).toBe(zone.id);
    // Stock in the bin: the zone (its subtree) and the bin cannot be archived.
    const item = await makeItem(room, { sku: "BIN-ITEM" });
    await api.stock.receive({ itemId: item.id, locationId: bin.id, quantity: "3", unitCost: "1" });
    expect(await failure(api.locations.archive({ id: zone.id }))).toMatchObject({
      code: "PRECONDITION_FAILED", message: "Z1-A-1 still holds stock (BIN-ITEM: 3): move it to another location before archiving Z1.",
    });
    await api.stock.transfer({ itemId: item.id, fromLocationId: bin.id, toLocationId: room.main.b, quantity: "3" });
    // Empty now: the zone archives with everything beneath it; a child is restored only after its parent.
    await api.locations.archive({ id: zone.id });
    const tree = await api.locations.tree({ warehouseId: room.main.id });
    const z = tree.roots.find((r) => r.id === zone.id)!;
    expect(z.archivedAt).not.toBeNull();
    expect(z.children.every((c) => c.archivedAt !== null)).toBe(true);
    expect(await failure(api.locations.archive({ id: aisle.id, archived: false }))).toMatchObject({ code: "PRECONDITION_FAILED", message: "Restore Z1 first: Z1-A is inside it." });
    expect((await api.locations.archive({ id: zone.id, archived: false })).archivedAt).toBeNull();
  });

  it("answers NOT_FOUND for another workspace's or organization's warehouse and location", async () => {
    const branchOnly = await callerFor((await makeUser(room.org, { roles: ["owner"], workspaces: ["second"] })).id, { org: room.org.slug });
    expect(await failure(branchOnly.inventory.warehouses.archive({ id: room.main.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(branchOnly.inventory.locations.update({ id: room.main.a, name: "x" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(branchOnly.inventory.locations.archive({ id: room.main.a }))).toMatchObject({ code: "NOT_FOUND" });
    const other = await stockroom();
    expect(await failure(other.owner.inventory.locations.move({ id: room.main.a, parentId: null }))).toMatchObject({ code: "NOT_FOUND" });
    const viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    expect(await failure(viewer.inventory.locations.archive({ id: room.main.a }))).toMatchObject({ code: "FORBIDDEN" });
  });
});
