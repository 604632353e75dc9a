// The item page's three reads (inventory.items.get ‖ inventory.stock.onHand for the item ‖ inventory.stock.ledger's
// first page): every field of items.get's answer, and the statements each call sends (a count, not a timing — the
// record-open budget, ARCHITECTURE §14, is measured by `bench:run --only inv-item-page`).
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { recordStatements } from "../helpers/statements";
import { failure, makeItem, stockroom, unitFor, type Stockroom } from "./helpers";

const recorded = recordStatements();

/** The statements of one call after a warm-up call (prepared plans, pool connections, the permission catalog). */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  await run();
  const out = await recorded(run);
  if (process.env.SCOPE_STATEMENTS_LOG) console.log(out.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, " ").slice(0, 160)}`).join("\n"));
  return out;
}

describe("the item page", () => {
  let room: Stockroom;
  let box: string;
  let pallet: string;
  let vat: { id: string };
  let successor: { id: string; sku: string };
  let item: { id: string; sku: string };
  let red: { id: string };
  let blue: { id: string };

  beforeAll(async () => {
    room = await stockroom();
    box = await unitFor(room.org.id, "box");
    pallet = await unitFor(room.org.id, "pallet");
    vat = await room.owner.settings.taxRates.create({ code: `VAT-${room.org.slug}`, name: "VAT 12.5%", rate: "12.5", kind: "vat" });
    const category = await room.owner.inventory.categories.create({ code: "VALVES", name: "Valves" });
    successor = await makeItem(room, { sku: "VALVE-2", name: "Valve mk2" });
    item = await makeItem(room, {
      sku: "VALVE-1", name: "Valve", description: "Ball valve, brass", type: "material", categoryId: category.id,
      purchaseUnitId: box, salesUnitId: pallet, makeOrBuy: "make", leadTimeDays: 14, listPrice: "12.5", standardUnitCost: "7.123456",
      taxRateId: vat.id, hsnCode: "8481", weight: "1.25", length: "10", width: "2.5", height: "0.0001",
      specifications: { Size: "DN15", Pressure: "16 bar" }, tags: ["brass", "plumbing"], shelfLifeDays: 365,
      conversions: [{ unitId: box, factor: "12" }, { unitId: pallet, factor: "1440.5" }], barcodes: ["VB-2", "VB-1"],
    });
    red = await room.owner.inventory.variants.create({ itemId: item.id, sku: "VALVE-1-RED", name: "Red", attributes: { colour: "red", size: 15 }, priceDelta: "0.5", barcode: "VR-1" });
    blue = await room.owner.inventory.variants.create({ itemId: item.id, sku: "VALVE-1-BLUE", attributes: { colour: "blue" } });
    await room.owner.inventory.variants.archive({ id: blue.id });
    // A time with microseconds (as SQL's now() writes): answered as a Date truncated to the millisecond, as Prisma reads it.
    await withConnection("system", (c) =>
      c.query("update inventory.variants set archived_at = '2026-03-04 05:06:07.891999+00' where organization_id = $1 and id = $2", [room.org.id, blue.id]));
    await room.owner.inventory.items.update({ id: item.id, version: 1, status: "discontinued", replacedByItemId: successor.id });
    await room.owner.inventory.stock.receive({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "3", unitCost: "2.5" });
    await room.owner.inventory.stock.receive({ itemId: item.id, variantId: red.id, locationId: room.second.c, quantity: "1.5", unitCost: "4" });
    await room.owner.inventory.stock.issue({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "0.25" });
  });

  it("items.get answers every field: conversions, barcodes of the item and of its variants, variants, cost, replacement, tax rate", async () => {
    const db = systemDb();
    const row = await db.item.findUniqueOrThrow({ where: { organizationId_id: { organizationId: room.org.id, id: item.id } } });
    const variants = await db.variant.findMany({ where: { organizationId: room.org.id, itemId: item.id }, orderBy: { sku: "asc" } });
    const [blueRow, redRow] = variants;
    expect(blueRow!.archivedAt).toEqual(new Date("2026-03-04T05:06:07.891Z"));
    const got = await room.owner.inventory.items.get({ id: item.id });
    expect(got).toEqual({
      id: item.id, sku: "VALVE-1", name: "Valve", description: "Ball valve, brass", type: "material", categoryId: row.categoryId,
      baseUnitId: room.unitId, purchaseUnitId: box, salesUnitId: pallet, status: "discontinued", replacedByItemId: successor.id,
      makeOrBuy: "make", leadTimeDays: 14, listPrice: "12.500000", standardUnitCost: "7.123456", taxRateId: vat.id, hsnCode: "8481",
      weight: "1.2500", length: "10.0000", width: "2.5000", height: "0.0001",
      specifications: { Size: "DN15", Pressure: "16 bar" }, tags: ["brass", "plumbing"],
      trackInventory: true, lotControl: false, serialControl: false, shelfLifeDays: 365,
      archivedAt: null, version: 2, createdAt: row.createdAt, updatedAt: row.updatedAt,
      replacedBy: { id: successor.id, sku: "VALVE-2", name: "Valve mk2" },
      taxRate: { id: vat.id, code: `VAT-${room.org.slug}`, name: "VAT 12.5%", rate: "12.5", active: true },
      conversions: [{ unitId: box, factor: "12.000000" }, { unitId: pallet, factor: "1440.500000" }].sort((a, b) => (a.unitId < b.unitId ? -1 : 1)),
      barcodes: ["VB-1", "VB-2"],
      variants: [
        { id: blue.id, sku: "VALVE-1-BLUE", name: null, attributes: { colour: "blue" }, priceDelta: "0.000000", barcodes: [], archivedAt: blueRow!.archivedAt, version: 2 },
        { id: red.id, sku: "VALVE-1-RED", name: "Red", attributes: { colour: "red", size: 15 }, priceDelta: "0.500000", barcodes: ["VR-1"], archivedAt: null, version: 1 },
      ],
      // 4.5 in at 7.50 + 6.00 (average 3.000000), 0.25 out at the average: 4.25 left worth 12.75.
      cost: { quantity: "4.25", value: "12.75", averageUnitCost: "3.000000" },
    });
    expect(redRow!.id).toBe(red.id);
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.updatedAt).toBeInstanceOf(Date);
    expect(got.variants[0]!.archivedAt).toBeInstanceOf(Date);
  });

  it("items.get without cost row, replacement, tax rate, conversions, barcodes or variants; the average falls back to the standard cost", async () => {
    const plain = await makeItem(room, { standardUnitCost: "1.5" });
    expect(await room.owner.inventory.items.get({ id: plain.id })).toMatchObject({
      replacedBy: null, taxRate: null, conversions: [], barcodes: [], variants: [], listPrice: null, weight: null, description: null,
      cost: { quantity: "0", value: "0.00", averageUnitCost: "1.500000" },
    });
    const bare = await makeItem(room);
    expect((await room.owner.inventory.items.get({ id: bare.id })).cost).toEqual({ quantity: "0", value: "0.00", averageUnitCost: "0.000000" });
    // Archived: archivedAt is a Date.
    const archived = await room.owner.inventory.items.archive({ id: bare.id });
    expect((await room.owner.inventory.items.get({ id: bare.id })).archivedAt).toEqual(archived.archivedAt);
    expect(archived.archivedAt).toBeInstanceOf(Date);
  });

  it("items.get: another organization's item is NOT_FOUND", async () => {
    const other = await stockroom();
    expect((await failure(other.owner.inventory.items.get({ id: item.id }))).code).toBe("NOT_FOUND");
  });

  it("stock.ledger: an item without moves answers no rows; an unknown item or a location the member cannot see NOT_FOUND", async () => {
    const quiet = await makeItem(room);
    expect(await room.owner.inventory.stock.ledger({ itemId: quiet.id })).toEqual({ rows: [] });
    expect(await room.owner.inventory.stock.ledger({ itemId: quiet.id, locationId: room.main.b })).toEqual({ rows: [] });
    expect(await room.owner.inventory.stock.ledger({ itemId: item.id, locationId: room.main.b })).toEqual({ rows: [] });
    const other = await stockroom();
    expect((await failure(other.owner.inventory.stock.ledger({ itemId: item.id }))).code).toBe("NOT_FOUND");
    expect((await failure(room.owner.inventory.stock.ledger({ itemId: item.id, locationId: other.main.a }))).code).toBe("NOT_FOUND");
    // A member of workspace main: the second workspace's location is NOT_FOUND, also for an item that moved there.
    const clerk = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] });
    const w = await callerFor(clerk.id, { org: room.org.slug });
    expect((await failure(w.inventory.stock.ledger({ itemId: item.id, locationId: room.second.c }))).code).toBe("NOT_FOUND");
    expect((await w.inventory.stock.ledger({ itemId: item.id })).rows.map((r) => [r.toLocationCode ?? r.fromLocationCode, r.balance])).toEqual([["A", "3"], ["A", "2.75"]]);
    expect((await room.owner.inventory.stock.ledger({ itemId: item.id, locationId: room.second.c })).rows.map((r) => r.balance)).toEqual(["1.5"]);
    // The item's cursor past its last move: no rows, no error.
    const first = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 3 });
    expect(first.rows).toHaveLength(3);
    expect(first.nextCursor).toBeUndefined();
    const one = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 2 });
    const rest = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 2, cursor: one.nextCursor });
    expect(rest.rows).toHaveLength(1);
  });

  it("stock.ledger names each move's locations, lot and serial", async () => {
    const s = room.owner.inventory.stock;
    const both = await makeItem(room, { serialControl: true, lotControl: true });
    await s.receive({ itemId: both.id, locationId: room.main.a, quantity: "1", unitCost: "10", lotNumber: "L-7", serialNumber: "SN-1" });
    await s.transfer({ itemId: both.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1", lotNumber: "L-7", serialNumber: "SN-1" });
    await s.issue({ itemId: both.id, locationId: room.main.b, quantity: "1", lotNumber: "L-7", serialNumber: "SN-1" });
    expect((await s.ledger({ itemId: both.id })).rows.map((r) => [r.moveType, r.fromLocationCode, r.toLocationCode, r.lotNumber, r.serialNumber, r.change, r.balance])).toEqual([
      ["receipt", null, "A", "L-7", "SN-1", "1", "1"],
      ["transfer", "A", "B", "L-7", "SN-1", "0", "1"],
      ["issue", "B", null, "L-7", "SN-1", "-1", "0"],
    ]);
    expect((await s.ledger({ itemId: item.id })).rows.map((r) => [r.lotNumber, r.serialNumber])).toEqual([[null, null], [null, null], [null, null]]);
  });

  it("sends BEGIN, one scope statement, ONE query and COMMIT for each of its three calls", async () => {
    const o = room.owner.inventory;
    const calls: [string, () => Promise<unknown>][] = [
      ["inventory.items.get", () => o.items.get({ id: item.id })],
      ["inventory.stock.onHand", () => o.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } })],
      ["inventory.stock.ledger", () => o.stock.ledger({ itemId: item.id })],
    ];
    const counted: [string, string[]][] = [];
    for (const [name, call] of calls) counted.push([name, await statementsOf(call)]);
    for (const [name, statements] of counted) {
      expect(statements.filter((s) => /resolve_request_scope/.test(s)), name).toHaveLength(1);
      expect(statements.length, `${name}: ${statements.map((s) => s.replace(/\s+/g, " ").slice(0, 80)).join(" | ")}`).toBeLessThanOrEqual(4);
    }
  });
});
