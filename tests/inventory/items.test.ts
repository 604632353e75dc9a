// Items, categories and warehouses through inventory.*: SKU and barcode uniqueness, optimistic versions, archive,
// delete refused once stock moved, category cycles, cross-organization ids and workspace visibility.
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { failure, makeItem, stockroom, unitFor, type Stockroom } from "./helpers";

describe("items", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("keeps SKUs unique per organization (items and variants), with a field error", async () => {
    const item = await makeItem(room, { sku: "BOLT-M6" });
    expect(await failure(makeItem(room, { sku: "BOLT-M6" }))).toMatchObject({ code: "CONFLICT", fields: { sku: ['SKU BOLT-M6 is already used by "Widget"'] } });
    await room.owner.inventory.variants.create({ itemId: item.id, sku: "BOLT-M6-ZN", attributes: { finish: "zinc" }, barcode: "4600000000017" });
    expect(await failure(makeItem(room, { sku: "BOLT-M6-ZN" }))).toMatchObject({ code: "CONFLICT", fields: { sku: ["SKU BOLT-M6-ZN is already used by a variant of BOLT-M6"] } });
    expect(await failure(makeItem(room, { barcodes: ["4600000000017"] }))).toMatchObject({ code: "CONFLICT", fields: { barcodes: [expect.stringContaining("BOLT-M6")] } });
    // Another organization may use the same SKU.
    const other = await stockroom();
    expect((await makeItem(other, { sku: "BOLT-M6" })).sku).toBe("BOLT-M6");
  });

  it("creates with conversions and barcodes, updates with the version read, archives and restores", async () => {
    const box = await unitFor(room.org.id, "box");
    const item = await makeItem(room, { name: "Gasket", conversions: [{ unitId: box, factor: "12" }], purchaseUnitId: box, barcodes: ["G-1"], listPrice: "1.25", weight: "0.015" });
    expect(item).toMatchObject({ name: "Gasket", conversions: [{ unitId: box, factor: "12.000000" }], barcodes: ["G-1"], listPrice: "1.250000", weight: "0.0150", version: 1 });
    expect(await failure(makeItem(room, { salesUnitId: box }))).toMatchObject({ fields: { salesUnitId: [expect.any(String)] } });
    expect(await failure(makeItem(room, { type: "service", trackInventory: true }))).toMatchObject({ fields: { trackInventory: [expect.any(String)] } });
    const updated = await room.owner.inventory.items.update({ id: item.id, version: 1, name: "Gasket 12mm", status: "discontinued", replacedByItemId: (await makeItem(room)).id });
    expect(updated).toMatchObject({ name: "Gasket 12mm", status: "discontinued", version: 2 });
    expect(await failure(room.owner.inventory.items.update({ id: item.id, version: 1, name: "Stale" }))).toMatchObject({ code: "CONFLICT" });
    const archived = await room.owner.inventory.items.archive({ id: item.id });
    expect(archived.archivedAt).not.toBeNull();
    const list = await room.owner.inventory.items.list({ q: "Gasket" });
    expect(list.rows.map((r) => r.id)).not.toContain(item.id);
    const archivedList = await room.owner.inventory.items.list({ filters: { archived: { type: "enum", values: ["archived"] } } });
    expect(archivedList.rows.map((r) => r.id)).toContain(item.id);
    // List rows carry the base unit's code and the list price (the item list's columns).
    expect(archivedList.rows.find((r) => r.id === item.id)).toMatchObject({ baseUnitCode: expect.stringMatching(/^pcs-/), listPrice: "1.250000" });
    expect(await failure(room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    await room.owner.inventory.items.archive({ id: item.id, archived: false });
    expect((await room.owner.inventory.items.get({ id: item.id })).archivedAt).toBeNull();
  });

  it("offers the organization's active units to the item forms with inventory.item.read only", async () => {
    const clerk = await makeUser(room.org, { roles: ["warehouse"] });
    const caller = await callerFor(clerk.id, { org: room.org.slug });
    const { units } = await caller.inventory.items.formOptions();
    expect(units.map((u) => u.id)).toContain(room.unitId);
    const other = await stockroom();
    expect(units.map((u) => u.id)).not.toContain(other.unitId);
    // The same member may not read the settings' own list.
    expect(await failure(caller.settings.units.list({}))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("offers the active tax rates as tax categories; the item names its replacement and its tax rate, also once deactivated", async () => {
    const vat = await room.owner.settings.taxRates.create({ code: "VAT12", name: "VAT 12%", rate: "12", kind: "vat" });
    const zero = await room.owner.settings.taxRates.create({ code: "ZERO", name: "Zero rated", rate: "0", kind: "vat" });
    const clerk = await makeUser(room.org, { roles: ["warehouse"] });
    const caller = await callerFor(clerk.id, { org: room.org.slug });
    expect((await caller.inventory.items.formOptions()).taxRates).toEqual(
      expect.arrayContaining([{ id: vat.id, code: "VAT12", name: "VAT 12%", rate: "12", validFrom: null, validTo: null }, expect.objectContaining({ id: zero.id })]),
    );
    const successor = await makeItem(room, { sku: "PUMP-2", name: "Pump mk2" });
    const item = await makeItem(room, { sku: "PUMP-1", name: "Pump", taxRateId: zero.id, specifications: { Power: "750 W" } });
    const replaced = await caller.inventory.items.update({ id: item.id, version: 1, status: "obsolete", replacedByItemId: successor.id });
    expect(replaced).toMatchObject({ replacedBy: { id: successor.id, sku: "PUMP-2", name: "Pump mk2" }, taxRate: { id: zero.id, code: "ZERO", rate: "0", active: true }, specifications: { Power: "750 W" } });
    await room.owner.settings.taxRates.archive({ id: zero.id });
    expect((await caller.inventory.items.formOptions()).taxRates.map((r) => r.id)).not.toContain(zero.id);
    // The item's own rate is still named (the form keeps it selectable, so saving does not drop it).
    expect((await caller.inventory.items.get({ id: item.id })).taxRate).toMatchObject({ id: zero.id, code: "ZERO", active: false });
    // Back to active: the replacement goes with it, or the rule refuses.
    expect(await failure(caller.inventory.items.update({ id: item.id, version: 2, status: "active" }))).toMatchObject({ fields: { replacedByItemId: [expect.any(String)] } });
    expect(await caller.inventory.items.update({ id: item.id, version: 2, status: "active", replacedByItemId: null })).toMatchObject({ replacedBy: null, replacedByItemId: null });
  });

  it("lists keyset pages by name and by SKU, filters by type and status keys", async () => {
    const fresh = await stockroom();
    for (const [sku, name, type] of [["C-1", "Cam", "product"], ["A-1", "Axle", "material"], ["B-1", "Bolt", "material"], ["D-1", "Disc", "service"]] as const)
      await makeItem(fresh, { sku, name, type });
    const p1 = await fresh.owner.inventory.items.list({ perPage: 2 });
    expect(p1.rows.map((r) => r.name)).toEqual(["Axle", "Bolt"]);
    expect(p1.total).toBe(4);
    const p2 = await fresh.owner.inventory.items.list({ perPage: 2, cursor: p1.nextCursor });
    expect(p2.rows.map((r) => r.name)).toEqual(["Cam", "Disc"]);
    expect(p2.nextCursor).toBeUndefined();
    const bySku = await fresh.owner.inventory.items.list({ sort: { id: "sku", desc: true }, perPage: 3 });
    expect(bySku.rows.map((r) => r.sku)).toEqual(["D-1", "C-1", "B-1"]);
    const materials = await fresh.owner.inventory.items.list({ filters: { type: { type: "enum", values: ["material"] } } });
    expect(materials.rows.map((r) => r.sku)).toEqual(["A-1", "B-1"]);
    expect((await fresh.owner.inventory.items.list({ q: "B-" })).rows.map((r) => r.sku)).toEqual(["B-1"]);
    expect((await fresh.owner.inventory.items.list({ filters: { status: { type: "enum", values: ["obsolete"] } } })).rows).toEqual([]);
  });

  it("refuses to delete an item used by a stock move (archive instead), deletes an unused one", async () => {
    const used = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: used.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    expect(await failure(room.owner.inventory.items.delete({ id: used.id }))).toMatchObject({
      code: "PRECONDITION_FAILED", message: `${used.sku} has stock moves and cannot be deleted; archive it instead.`,
    });
    const unused = await makeItem(room);
    expect(await room.owner.inventory.items.delete({ id: unused.id })).toEqual({ id: unused.id });
    expect(await failure(room.owner.inventory.items.get({ id: unused.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses to change the base unit or lot control once stock has moved", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    expect(await failure(room.owner.inventory.items.update({ id: item.id, version: item.version, lotControl: true }))).toMatchObject({
      code: "PRECONDITION_FAILED", fields: { lotControl: [expect.stringContaining("has stock moves")] },
    });
  });
});

describe("categories", () => {
  it("builds a tree and refuses cycles", async () => {
    const room = await stockroom();
    const c = room.owner.inventory.categories;
    const root = await c.create({ code: "710", name: "Machines" });
    const asm = await c.create({ code: "710-A", name: "Assemblies", parentId: root.id });
    const sub = await c.create({ code: "710-A-1", name: "Sub-assemblies", parentId: asm.id });
    const part = await c.create({ code: "710-A-1-P", name: "Parts", parentId: sub.id, sortOrder: 2 });
    expect(await failure(c.create({ code: "710", name: "Again" }))).toMatchObject({ code: "CONFLICT", fields: { code: [expect.any(String)] } });
    expect(await failure(c.move({ id: root.id, parentId: part.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { parentId: ['"Machines" cannot move under one of its own subcategories'] } });
    expect(await failure(c.move({ id: asm.id, parentId: asm.id }))).toMatchObject({ fields: { parentId: ["A category cannot be its own parent"] } });
    await c.move({ id: part.id, parentId: root.id });
    const tree = await c.tree();
    expect(tree.roots.map((r) => [r.code, r.children.map((x) => x.code)])).toEqual([["710", ["710-A", "710-A-1-P"]]]);
    expect(tree.roots[0]!.children[0]!.children.map((x) => x.code)).toEqual(["710-A-1"]);
    // The database refuses a cycle from any writer (trigger categories_no_cycle), not only through the service.
    await expect(asApp({ orgId: room.org.id }, (cn) => cn.query(`update inventory.categories set parent_id = $1 where id = $2`, [sub.id, root.id]))).rejects.toThrow(
      /cannot be moved under its own descendant/,
    );
  });
});

describe("isolation", () => {
  let room: Stockroom;
  let item: { id: string; sku: string };
  let moveId: string;
  beforeAll(async () => {
    room = await stockroom();
    item = await makeItem(room);
    moveId = (await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "1" })).id;
  });

  it("answers NOT_FOUND for another organization's ids on every procedure that takes one", async () => {
    const other = await stockroom();
    const o = other.owner.inventory;
    const wh = (await room.owner.inventory.warehouses.list()).rows[0]!;
    const cat = await room.owner.inventory.categories.create({ code: "X", name: "X" });
    const otherItem = (await makeItem(other)).id;
    const adj = await room.owner.inventory.adjustments.create({ warehouseId: wh.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "1" }] });
    const trf = await room.owner.inventory.transfers.create({ fromWarehouseId: wh.id, toWarehouseId: wh.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    const calls: [string, () => Promise<unknown>][] = [
      ["items.get", () => o.items.get({ id: item.id })],
      ["items.update", () => o.items.update({ id: item.id, version: 1, name: "x" })],
      ["items.archive", () => o.items.archive({ id: item.id })],
      ["items.delete", () => o.items.delete({ id: item.id })],
      ["variants.create", () => o.variants.create({ itemId: item.id, sku: "V-X" })],
      ["categories.move", () => o.categories.move({ id: cat.id, parentId: null })],
      ["warehouses.update", () => o.warehouses.update({ id: wh.id, version: wh.version, name: "x" })],
      ["locations.tree", () => o.locations.tree({ warehouseId: wh.id })],
      ["locations.create", () => o.locations.create({ warehouseId: wh.id, code: "Z" })],
      ["stock.ledger", () => o.stock.ledger({ itemId: item.id })],
      ["stock.receive", () => o.stock.receive({ itemId: item.id, locationId: other.main.a, quantity: "1", unitCost: "1" })],
      ["stock.receive (location)", () => o.stock.receive({ itemId: otherItem, locationId: room.main.a, quantity: "1", unitCost: "1" })],
      ["stock.issue", () => o.stock.issue({ itemId: item.id, locationId: room.main.a, quantity: "1" })],
      ["stock.transfer", () => o.stock.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" })],
      ["stock.adjust", () => o.stock.adjust({ itemId: item.id, locationId: room.main.a, quantity: "1" })],
      ["stock.reserve", () => o.stock.reserve({ itemId: item.id, locationId: room.main.a, quantity: "1" })],
      ["stock.release", () => o.stock.release({ itemId: item.id, locationId: room.main.a, quantity: "1" })],
      ["stock.reverse", () => o.stock.reverse({ moveId })],
      ["adjustments.get", () => o.adjustments.get({ id: adj.id })],
      ["adjustments.create", () => o.adjustments.create({ warehouseId: wh.id, reasonId: room.reasons.CORRECTION, lines: [{ itemId: otherItem, locationId: other.main.a, quantity: "1" }] })],
      ["adjustments.post", () => o.adjustments.post({ id: adj.id, version: 1 })],
      ["adjustments.cancel", () => o.adjustments.cancel({ id: adj.id, version: 1, reason: "x" })],
      ["transfers.get", () => o.transfers.get({ id: trf.id })],
      ["transfers.create", () => o.transfers.create({ fromWarehouseId: wh.id, toWarehouseId: other.main.id, lines: [{ itemId: otherItem, fromLocationId: other.main.a, toLocationId: other.main.b, quantity: "1" }] })],
      ["transfers.post", () => o.transfers.post({ id: trf.id, version: 1 })],
      ["transfers.cancel", () => o.transfers.cancel({ id: trf.id, version: 1, reason: "x" })],
    ];
    for (const [name, call] of calls) expect((await failure(call())).code, name).toBe("NOT_FOUND");
    expect((await o.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } })).rows).toEqual([]);
    expect((await o.items.list({})).rows.map((r) => r.id)).not.toContain(item.id);
    expect((await o.valuation({ perPage: 50 })).rows.map((r) => r.id)).not.toContain(item.id);
  });

  it("shows a member of workspace main neither the second workspace's warehouse nor its stock", async () => {
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.second.c, quantity: "7", unitCost: "1" });
    const clerk = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] });
    const w = await callerFor(clerk.id, { org: room.org.slug });
    expect((await w.inventory.warehouses.list()).rows.map((x) => x.code)).toEqual(["WH1"]);
    expect((await failure(w.inventory.locations.tree({ warehouseId: room.second.id }))).code).toBe("NOT_FOUND");
    const onHand = await w.inventory.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } });
    expect(onHand.rows.map((r) => [r.warehouseCode, r.locationCode, r.onHand])).toEqual([["WH1", "A", "5"]]);
    const ledger = await w.inventory.stock.ledger({ itemId: item.id });
    expect(ledger.rows.map((r) => [r.toLocationCode, r.balance])).toEqual([["A", "5"]]);
    expect((await failure(w.inventory.stock.issue({ itemId: item.id, locationId: room.second.c, quantity: "1" }))).code).toBe("NOT_FOUND");
    expect((await failure(w.inventory.warehouses.create({ workspaceId: room.org.workspaces.second!, code: "WH9", name: "Nope" })))).toMatchObject({ code: "BAD_REQUEST", fields: { workspaceId: [expect.any(String)] } });
    // The check compares what the member sees; the organization-wide cost rows only for a member who sees everything.
    expect(await w.inventory.stock.check()).toEqual({ consistent: true, costsChecked: false, differences: [] });
    expect(await room.owner.inventory.stock.check()).toEqual({ consistent: true, costsChecked: true, differences: [] });
    // A level changed behind the ledger's back: named by the item's SKU and its warehouse / location, then put back.
    const tamper = (delta: number) =>
      withConnection("system", (c) =>
        c.query("update inventory.stock_levels set on_hand_qty = on_hand_qty + $3 where organization_id = $1 and item_id = $2 and location_id = $4",
          [room.org.id, item.id, delta, room.main.a]));
    await tamper(1);
    const tampered = await room.owner.inventory.stock.check();
    expect(tampered.consistent).toBe(false);
    expect(tampered.differences.find((d) => d.kind === "level")).toMatchObject({ sku: item.sku, place: "WH1 / A", recorded: "6", ledger: "5" });
    await tamper(-1);
    expect((await room.owner.inventory.stock.check()).consistent).toBe(true);
    // Permissions: a viewer reads, cannot move stock.
    const viewer = await makeUser(room.org, { roles: ["viewer"] });
    const v = await callerFor(viewer.id, { org: room.org.slug });
    expect((await v.inventory.stock.onHand({})).rows.length).toBe(2);
    expect((await failure(v.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }))).code).toBe("FORBIDDEN");
  });
});
