// The stock services through inventory.stock.*: costing arithmetic, lots and serials, expiry, the negative-stock
// rule per warehouse, reservations, reversal semantics and the append-only ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { migrate } from "@/server/db/migrate";
import { asApp, onDatabase, withConnection } from "../helpers/db";
import { dropOlderDatabases, olderDatabase } from "../helpers/upgrade";
import { cost, differences, failure, ledgerValue, level, makeItem, stockroom, type Stockroom } from "./helpers";

describe("moving-average costing", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("recomputes the average on receipts and carries it on issues, value = Σ ledger", async () => {
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    // 10 @ 2.00 = 20.00; 30 @ 3.00 = 90.00 → 40 units, 110.00, average 2.75.
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2" });
    await s.receive({ itemId: item.id, locationId: room.main.b, quantity: "30", unitCost: "3.00" });
    expect(await cost(room.org.id, item.id)).toEqual({ quantity: "40.0000", value: "110.00", average: "2.750000" });
    // Issue 7 at 2.75 = 19.25.
    const out = await s.issue({ itemId: item.id, locationId: room.main.b, quantity: "7" });
    expect(out).toMatchObject({ unitCost: "2.750000", value: "-19.25", quantity: "7", moveType: "issue" });
    expect(await cost(room.org.id, item.id)).toEqual({ quantity: "33.0000", value: "90.75", average: "2.750000" });
    // 3 @ 1.00 → (90.75 + 3) / 36 = 2.604166…
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "1" });
    expect(await cost(room.org.id, item.id)).toEqual({ quantity: "36.0000", value: "93.75", average: "2.604167" });
    // 1/3 of a unit at 2.604167 = 0.868055… → 0.87.
    const third = await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "0.3333" });
    expect(third.value).toBe("-0.87");
    // The last units take all the value that is left (no rounding residue).
    const rest = await s.issue({ itemId: item.id, locationId: room.main.b, quantity: "23" });
    expect(rest.value).toBe("-59.90");
    const last = await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "12.6667" });
    expect(last.value).toBe("-32.98");
    expect(await cost(room.org.id, item.id)).toMatchObject({ quantity: "0.0000", value: "0.00" });
    // A transfer carries the average for information, value 0.
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "4", unitCost: "5" });
    const t = await s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "4" });
    expect(t).toMatchObject({ value: "0.00", unitCost: "5.000000" });
    expect(await differences(room.org.id)).toEqual([]);
    expect(await ledgerValue(room.org.id)).toBe((20 + 90 - 19.25 + 3 - 0.87 - 59.9 - 32.98 + 20).toFixed(2));
  });

  it("adjusts up at the average (or a given cost) and down like an issue", async () => {
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "4" });
    const up = await s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "2" });
    expect(up).toMatchObject({ value: "8.00", unitCost: "4.000000", toLocationId: room.main.a, fromLocationId: null });
    const down = await s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "-5", moveType: "count" });
    expect(down).toMatchObject({ value: "-20.00", moveType: "count", fromLocationId: room.main.a });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("7.0000");
    expect(await failure(s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "-1", unitCost: "3" }))).toMatchObject({ code: "BAD_REQUEST", fields: { unitCost: [expect.any(String)] } });
  });
});

describe("negative stock, per warehouse", () => {
  it("refuses to take available stock below zero, naming the item, the location and what is available", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "1" });
    await s.reserve({ itemId: item.id, locationId: room.main.a, quantity: "2" });
    const r = await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "4" }));
    expect(r.code).toBe("BAD_REQUEST");
    expect(r.fields?.quantity?.[0]).toBe(`Not enough ${item.sku} at WH1/A: 3 available, 4 requested`);
    expect(await failure(s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "3.0001" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1" }))).toMatchObject({ fields: { quantity: [`Not enough ${item.sku} at WH1/B: 0 available, 1 requested`] } });
    await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "3" });
    expect(await level(room.org.id, item.id, room.main.a)).toEqual({ on_hand: "2.0000", reserved: "2.0000", available: "0.0000" });
    // Reservations: never more than available, never released below zero.
    expect(await failure(s.reserve({ itemId: item.id, locationId: room.main.a, quantity: "1" }))).toMatchObject({ code: "BAD_REQUEST", fields: { quantity: [expect.stringContaining("0 available")] } });
    expect(await failure(s.release({ itemId: item.id, locationId: room.main.a, quantity: "3" }))).toMatchObject({ code: "BAD_REQUEST" });
    await s.release({ itemId: item.id, locationId: room.main.a, quantity: "2" });
    expect(await level(room.org.id, item.id, room.main.a)).toEqual({ on_hand: "2.0000", reserved: "0.0000", available: "2.0000" });
    expect(await differences(room.org.id)).toEqual([]);
    // Levels carry no audit trigger: reservations are business events of the item; moves are audited rows.
    const events = await systemDb().auditEvent.findMany({ where: { organizationId: room.org.id, recordId: item.id, action: { startsWith: "inventory." } }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(["inventory.stock_released", "inventory.stock_reserved"]);
    expect(await systemDb().auditEvent.count({ where: { organizationId: room.org.id, tableName: "inventory.stock_moves", action: "insert" } })).toBe(2);
  });

  it("lets a warehouse that allows negative stock go below zero, and forbids it again only at zero or above", async () => {
    const room = await stockroom({ allowNegative: true });
    const item = await makeItem(room, { standardUnitCost: "2.5" });
    const s = room.owner.inventory.stock;
    const out = await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "3" });
    expect(out).toMatchObject({ value: "-7.50", unitCost: "2.500000" });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("-3.0000");
    const w = (await room.owner.inventory.warehouses.list()).rows.find((x) => x.id === room.main.id)!;
    expect(await failure(room.owner.inventory.warehouses.update({ id: w.id, version: w.version, allowNegativeStock: false }))).toMatchObject({
      code: "BAD_REQUEST", fields: { allowNegativeStock: [expect.any(String)] },
    });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "2.5" });
    const updated = await room.owner.inventory.warehouses.update({ id: w.id, version: w.version, allowNegativeStock: false });
    expect(updated.allowNegativeStock).toBe(false);
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await differences(room.org.id)).toEqual([]);
    expect(await ledgerValue(room.org.id)).toBe("0.00");
  });
});

describe("lots, serials and expiry", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("requires a lot on every move of a lot-controlled item, keeps levels per lot and refuses expired lots on issue", async () => {
    const item = await makeItem(room, { lotControl: true, shelfLifeDays: 30 });
    const s = room.owner.inventory.stock;
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "1" }))).toMatchObject({ code: "BAD_REQUEST", fields: { lotNumber: [`${item.sku} is lot-controlled: enter a lot number`] } });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "1", lotNumber: "L1" });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "4", unitCost: "1", lotNumber: "OLD", expiresOn: "2020-01-31" });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1" }))).toMatchObject({ fields: { lotNumber: [expect.any(String)] } });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1", lotNumber: "NOPE" }))).toMatchObject({ fields: { lotNumber: [`Lot NOPE of ${item.sku} not found`] } });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1", lotNumber: "OLD" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { lotNumber: [`Lot OLD of ${item.sku} expired on 2020-01-31`] },
    });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "6", lotNumber: "L1" }))).toMatchObject({ fields: { quantity: [`Not enough ${item.sku} (lot L1) at WH1/A: 5 available, 6 requested`] } });
    await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "2", lotNumber: "L1" });
    // An expired lot can still be written off by an adjustment.
    await s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "-4", lotNumber: "OLD" });
    const onHand = await room.owner.inventory.stock.onHand({ filters: { item: { type: "enum", values: [item.id] } } });
    expect(onHand.rows.map((r) => [r.lotNumber, r.onHand])).toEqual([["L1", "3"]]);
    // Shelf life: the new lot expires 30 days after the receipt.
    const expires = new Date(onHand.rows[0]!.expiresOn!).getTime() - Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    expect(expires).toBe(30 * 86_400_000);
    // Not lot-controlled: no lot.
    const plain = await makeItem(room);
    expect(await failure(s.receive({ itemId: plain.id, locationId: room.main.a, quantity: "1", unitCost: "1", lotNumber: "X" }))).toMatchObject({ fields: { lotNumber: [expect.any(String)] } });
  });

  it("moves serial-controlled items one serial at a time and knows where each serial is", async () => {
    const item = await makeItem(room, { serialControl: true });
    const s = room.owner.inventory.stock;
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "100" }))).toMatchObject({ fields: { serialNumber: [expect.any(String)] } });
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.a, quantity: "2", unitCost: "100", serialNumber: "S1" }))).toMatchObject({
      fields: { quantity: [`${item.sku} is serial-controlled: move one serial at a time (quantity 1)`] },
    });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "100", serialNumber: "S1" });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "100", serialNumber: "S2" });
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "100", serialNumber: "S1" }))).toMatchObject({ code: "CONFLICT" });
    await s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1", serialNumber: "S1" });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1", serialNumber: "S1" }))).toMatchObject({
      fields: { serialNumber: [`Serial S1 of ${item.sku} is not in stock at WH1/A`] },
    });
    const out = await s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1", serialNumber: "S1" });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1", serialNumber: "S1" }))).toMatchObject({ code: "BAD_REQUEST" });
    // Reversing the issue brings S1 back to B.
    await s.reverse({ moveId: out.id });
    await s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1", serialNumber: "S1" });
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("keeps a serial to the variant it came in as: issues, transfers and reversals of another variant are refused", async () => {
    const item = await makeItem(room, { serialControl: true });
    const v = room.owner.inventory.variants;
    const red = await v.create({ itemId: item.id, sku: `${item.sku}-RED`, attributes: { color: "red" } });
    const blue = await v.create({ itemId: item.id, sku: `${item.sku}-BLUE`, attributes: { color: "blue" } });
    const s = room.owner.inventory.stock;
    const one = { itemId: item.id, quantity: "1" };
    await s.receive({ ...one, variantId: red.id, locationId: room.main.a, unitCost: "100", serialNumber: "V1" });
    await s.receive({ ...one, variantId: blue.id, locationId: room.main.a, unitCost: "100", serialNumber: "V2" });
    const recordedAs = async (n: string) =>
      (await withConnection("system", async (c) =>
        (await c.query<{ variant_id: string | null }>(`select variant_id::text from inventory.serials where organization_id = $1 and item_id = $2 and serial_number = $3`,
          [room.org.id, item.id, n])).rows[0]))?.variant_id;
    const variantLevel = async (locationId: string, variantId: string) =>
      (await withConnection("system", async (c) =>
        (await c.query<{ on_hand: string }>(`select on_hand_qty::numeric(18,4)::text as on_hand from inventory.stock_levels
                                               where organization_id = $1 and item_id = $2 and location_id = $3 and variant_id = $4`,
          [room.org.id, item.id, locationId, variantId])).rows[0]))?.on_hand ?? "0.0000";
    expect(await recordedAs("V1")).toBe(red.id);
    // Blue has stock here (V2), but V1 is red: refused, nothing moves.
    expect(await failure(s.issue({ ...one, variantId: blue.id, locationId: room.main.a, serialNumber: "V1" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { serialNumber: [`Serial V1 of ${item.sku} at WH1/A is recorded as ${item.sku}-RED, not ${item.sku}-BLUE`] },
    });
    expect(await failure(s.transfer({ ...one, variantId: blue.id, fromLocationId: room.main.a, toLocationId: room.main.b, serialNumber: "V1" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { serialNumber: [`Serial V1 of ${item.sku} at WH1/A is recorded as ${item.sku}-RED, not ${item.sku}-BLUE`] },
    });
    expect(await variantLevel(room.main.a, blue.id)).toBe("1.0000");
    // As its own variant it moves; a transfer keeps the variant, a reversal brings it back as it was.
    await s.transfer({ ...one, variantId: red.id, fromLocationId: room.main.a, toLocationId: room.main.b, serialNumber: "V1" });
    const out = await s.issue({ ...one, variantId: red.id, locationId: room.main.b, serialNumber: "V1" });
    await s.reverse({ moveId: out.id });
    expect(await recordedAs("V1")).toBe(red.id);
    expect(await failure(s.issue({ ...one, variantId: blue.id, locationId: room.main.b, serialNumber: "V1" }))).toMatchObject({ code: "BAD_REQUEST" });
    // Issued, then received again as the other variant (a re-labelled unit): it is stock of that variant from now on.
    await s.issue({ ...one, variantId: red.id, locationId: room.main.b, serialNumber: "V1" });
    await s.receive({ ...one, variantId: blue.id, locationId: room.main.b, unitCost: "100", serialNumber: "V1" });
    expect(await recordedAs("V1")).toBe(blue.id);
    await s.issue({ ...one, variantId: blue.id, locationId: room.main.b, serialNumber: "V1" });
    expect(await variantLevel(room.main.b, red.id)).toBe("0.0000");
    expect(await variantLevel(room.main.b, blue.id)).toBe("0.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("the consistency check holds each serial item's level to its serials in stock there, by variant", async () => {
    const item = await makeItem(room, { serialControl: true });
    const red = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-RED`, attributes: { color: "red" } });
    const blue = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-BLUE`, attributes: { color: "blue" } });
    await room.owner.inventory.stock.receive({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "1", unitCost: "5", serialNumber: "K1" });
    expect(await room.owner.inventory.stock.check()).toMatchObject({ consistent: true, differences: [] });
    const tamper = (set: string) =>
      withConnection("system", (c) => c.query(`update inventory.serials set ${set} where organization_id = $1 and item_id = $2`, [room.org.id, item.id]));
    // Recorded as the other variant: red's level has no serial, blue's serial no level.
    await tamper(`variant_id = '${blue.id}'`);
    const swapped = await room.owner.inventory.stock.check();
    expect(swapped.consistent).toBe(false);
    const serialRows = swapped.differences.filter((d) => d.kind === "serials");
    expect(serialRows).toHaveLength(2);
    expect(serialRows.find((d) => d.variantId === red.id)).toMatchObject({ sku: item.sku, place: "WH1 / A", recorded: "1", ledger: "0" });
    expect(serialRows.find((d) => d.variantId === blue.id)).toMatchObject({ sku: item.sku, place: "WH1 / A", recorded: "0", ledger: "1" });
    // Issued behind the ledger's back: the level's unit has no serial.
    await tamper(`variant_id = '${red.id}', status = 'issued', location_id = null`);
    expect((await room.owner.inventory.stock.check()).differences.filter((d) => d.kind === "serials").map((d) => [d.variantId, d.recorded, d.ledger])).toEqual([
      [red.id, "1", "0"],
    ]);
    await tamper(`status = 'in_stock', location_id = '${room.main.a}'`);
    expect(await room.owner.inventory.stock.check()).toMatchObject({ consistent: true, differences: [] });
  });

  it("takes a serial of a lot-controlled item only from its own lot", async () => {
    const item = await makeItem(room, { serialControl: true, lotControl: true });
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "9", serialNumber: "X1", lotNumber: "L1" });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "9", serialNumber: "X2", lotNumber: "L2" });
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1", serialNumber: "X1", lotNumber: "L2" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { serialNumber: [`Serial X1 of ${item.sku} is not in stock at WH1/A in this lot`] },
    });
    await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1", serialNumber: "X1", lotNumber: "L1" });
    expect(await differences(room.org.id)).toEqual([]);
  });
});

describe("reversals and the append-only ledger", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("reverses a move once with its mirror image; a reversal is never reversed", async () => {
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    const r1 = await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2" });
    const r2 = await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "4" });
    expect(await cost(room.org.id, item.id)).toEqual({ quantity: "20.0000", value: "60.00", average: "3.000000" });
    const back = await s.reverse({ moveId: r2.id });
    expect(back).toMatchObject({ moveType: "receipt", fromLocationId: room.main.a, toLocationId: null, quantity: "10", value: "-40.00", reversalOfMoveId: r2.id });
    // The average is what remains: 20.00 / 10.
    expect(await cost(room.org.id, item.id)).toEqual({ quantity: "10.0000", value: "20.00", average: "2.000000" });
    expect(await failure(s.reverse({ moveId: r2.id }))).toMatchObject({ code: "CONFLICT", fields: { moveId: ["This move has already been reversed"] } });
    expect(await failure(s.reverse({ moveId: back.id }))).toMatchObject({ code: "PRECONDITION_FAILED", fields: { moveId: [expect.stringContaining("is a reversal")] } });
    // Reversing a receipt whose stock has left follows the negative-stock rule.
    await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "8" });
    expect(await failure(s.reverse({ moveId: r1.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { quantity: [expect.stringContaining("2 available")] } });
    // Transfers reverse both levels.
    const t = await s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" });
    await s.reverse({ moveId: t.id });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("2.0000");
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("0.0000");
    expect(await differences(room.org.id)).toEqual([]);
    await ledgerValue(room.org.id);
  });

  it("refuses UPDATE and DELETE of moves as tessera_app (no privilege) and the trigger refuses them for the system role", async () => {
    const item = await makeItem(room);
    const m = await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    const settings = { orgId: room.org.id, workspaceIds: Object.values(room.org.workspaces) };
    await expect(asApp(settings, (c) => c.query(`update inventory.stock_moves set quantity = 2 where id = $1`, [m.id]))).rejects.toThrow(/permission denied/);
    await expect(asApp(settings, (c) => c.query(`delete from inventory.stock_moves where id = $1`, [m.id]))).rejects.toThrow(/permission denied/);
    const { withConnection } = await import("../helpers/db");
    await expect(withConnection("system", (c) => c.query(`update inventory.stock_moves set quantity = 2 where id = $1`, [m.id]))).rejects.toThrow(/permission denied|append-only/);
    // Even with a grant added by mistake (rolled back here), the trigger refuses everyone but the owner.
    await expect(withConnection("admin", async (c) => {
      await c.query("begin");
      try {
        await c.query(`grant update, delete on inventory.stock_moves to tessera_system`);
        await c.query(`set local role tessera_system`);
        await c.query(`delete from inventory.stock_moves where id = $1`, [m.id]);
      } finally {
        await c.query("rollback");
      }
    })).rejects.toThrow(/append-only/);
  });
});

describe("the ledger read", () => {
  it("lists an item's moves in time order with the running balance, per location or overall, in keyset pages", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    const at = (m: number) => new Date(Date.UTC(2026, 10, 1, 9, m));
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "1", movedAt: at(1), sourceDocumentType: "purchasing.receipt", sourceDocumentId: "0193a0a0-0000-7000-8000-000000000001" });
    await s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "4", movedAt: at(2) });
    await s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1.5", movedAt: at(3) });
    await s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "-1", movedAt: at(4) });
    const all = await s.ledger({ itemId: item.id });
    expect(all.rows.map((r) => [r.moveType, r.change, r.balance])).toEqual([
      ["receipt", "10", "10"], ["transfer", "0", "10"], ["issue", "-1.5", "8.5"], ["adjustment", "-1", "7.5"],
    ]);
    expect(all.rows[0]).toMatchObject({ toLocationCode: "A", sourceDocumentType: "purchasing.receipt", value: "10.00" });
    const inA = await s.ledger({ itemId: item.id, locationId: room.main.a, perPage: 2 });
    expect(inA.rows.map((r) => [r.moveType, r.change, r.balance])).toEqual([["receipt", "10", "10"], ["transfer", "-4", "6"]]);
    const next = await s.ledger({ itemId: item.id, locationId: room.main.a, perPage: 2, cursor: inA.nextCursor });
    expect(next.rows.map((r) => [r.moveType, r.change, r.balance])).toEqual([["adjustment", "-1", "5"]]);
    expect(next.nextCursor).toBeUndefined();
    // Pages of one move carry the balance of every move before them (Σ before the page + the page's own changes).
    const paged: typeof all.rows = [];
    let cursor: string | undefined;
    do {
      const p = await s.ledger({ itemId: item.id, perPage: 1, cursor });
      paged.push(...p.rows);
      cursor = p.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.rows);
  });
});

describe("variants", () => {
  it("keep stock of their own, and belong to their item", async () => {
    const room = await stockroom();
    const shirt = await makeItem(room, { name: "Shirt" });
    const s = room.owner.inventory.stock;
    // Received before the item had variants: stock without a variant.
    await s.receive({ itemId: shirt.id, locationId: room.main.a, quantity: "1", unitCost: "10" });
    const red = await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${shirt.sku}-RED`, attributes: { color: "red", size: "M" }, priceDelta: "2.5" });
    await s.receive({ itemId: shirt.id, variantId: red.id, locationId: room.main.a, quantity: "5", unitCost: "10" });
    expect(await failure(s.issue({ itemId: shirt.id, locationId: room.main.a, quantity: "2" }))).toMatchObject({ fields: { quantity: [expect.stringContaining("1 available")] } });
    await s.issue({ itemId: shirt.id, variantId: red.id, locationId: room.main.a, quantity: "2" });
    const other = await makeItem(room);
    expect(await failure(s.issue({ itemId: other.id, variantId: red.id, locationId: room.main.a, quantity: "1" }))).toMatchObject({ fields: { variantId: [`Choose a variant of ${other.sku}`] } });
    const onHand = await s.onHand({ filters: { item: { type: "enum", values: [shirt.id] } } });
    expect(onHand.rows.map((r) => [r.variantId, r.onHand]).sort()).toEqual([[null, "1"], [red.id, "3"]].sort());
    expect((await room.owner.inventory.items.get({ id: shirt.id })).variants).toMatchObject([{ sku: `${shirt.sku}-RED`, attributes: { color: "red", size: "M" }, priceDelta: "2.500000" }]);
    expect(await differences(room.org.id)).toEqual([]);
  });
});

describe("valuation", () => {
  it("values each item as of a date from the ledger (Σ quantity, Σ value), with the totals (inventory.valuation)", async () => {
    const room = await stockroom();
    const a = await makeItem(room, { sku: "VAL-A" });
    const b = await makeItem(room, { sku: "VAL-B" });
    const s = room.owner.inventory.stock;
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));
    await s.receive({ itemId: a.id, locationId: room.main.a, quantity: "10", unitCost: "2", movedAt: day(1) });
    await s.receive({ itemId: b.id, locationId: room.second.c, quantity: "4", unitCost: "2.5", movedAt: day(2) });
    await s.receive({ itemId: a.id, locationId: room.main.b, quantity: "10", unitCost: "4", movedAt: day(3) });
    await s.issue({ itemId: a.id, locationId: room.main.b, quantity: "5", movedAt: day(4) });
    const asOf = (d?: string): Record<string, { type: "text"; value: string }> => (d ? { asOf: { type: "text", value: d } } : {});
    const v = (d?: string, perPage = 50, cursor?: string) => room.owner.inventory.valuation({ filters: asOf(d), perPage, cursor });
    const totals = (d?: string) => room.owner.inventory.reports.valuationTotals({ filters: asOf(d), perPage: 50 });
    expect(await v("2026-11-01")).toEqual({ rows: [{ id: a.id, code: "VAL-A", name: "Widget", quantity: "10", value: "20.00", unitCost: "2.000000" }] });
    expect(await totals("2026-11-01")).toEqual({ groups: null, quantity: "10", value: "20.00" });
    expect(await v("2026-11-03")).toMatchObject({ rows: [{ code: "VAL-A", quantity: "20", value: "60.00" }, { code: "VAL-B", quantity: "4", value: "10.00" }] });
    expect(await totals("2026-11-03")).toEqual({ groups: null, quantity: "24", value: "70.00" });
    const now = await v(undefined, 1);
    expect(now).toMatchObject({ rows: [{ code: "VAL-A", quantity: "15", value: "45.00" }] });
    expect(await totals()).toEqual({ groups: null, quantity: "19", value: "55.00" });
    expect((await v(undefined, 1, now.nextCursor)).rows.map((r) => r.code)).toEqual(["VAL-B"]);
    expect(await ledgerValue(room.org.id)).toBe("55.00");
  });
});

describe("what the screens hide, the services refuse", () => {
  it("needs an active variant to take stock of an item with variants in, and lets stock without one or of an archived one out", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    // Stock received before the item had variants.
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "1" });
    const red = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-R` });
    const blue = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-B` });
    const needs = { code: "BAD_REQUEST", fields: { variantId: [`${item.sku} has variants: choose one`] } };
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" }))).toMatchObject(needs);
    expect(await failure(s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "1" }))).toMatchObject(needs);
    expect(await failure(s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }))).toMatchObject(needs);
    expect(await failure(s.reserve({ itemId: item.id, locationId: room.main.a, quantity: "1" }))).toMatchObject(needs);
    // Out: where no stock without a variant is held, a variant is needed; where it is, it can be emptied.
    expect(await failure(s.issue({ itemId: item.id, locationId: room.main.b, quantity: "1" }))).toMatchObject(needs);
    await s.issue({ itemId: item.id, locationId: room.main.a, quantity: "1" });
    await s.adjust({ itemId: item.id, locationId: room.main.a, quantity: "-2" });
    // An archived variant takes no stock in; what it holds can still leave.
    await s.receive({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "2", unitCost: "1" });
    const v = (await room.owner.inventory.variants.list({ itemId: item.id })).rows.find((r) => r.id === red.id)!;
    await room.owner.inventory.variants.archive({ id: v.id });
    const archived = { code: "PRECONDITION_FAILED", fields: { variantId: [`${red.sku} is archived: restore it to take stock in`] } };
    expect(await failure(s.receive({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "1", unitCost: "1" }))).toMatchObject(archived);
    expect(await failure(s.adjust({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "1" }))).toMatchObject(archived);
    expect(await failure(s.transfer({ itemId: item.id, variantId: red.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }))).toMatchObject(archived);
    expect(await failure(s.reserve({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "1" }))).toMatchObject(archived);
    await s.issue({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "1" });
    await s.adjust({ itemId: item.id, variantId: red.id, locationId: room.main.a, quantity: "-1" });
    await s.receive({ itemId: item.id, variantId: blue.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("takes no stock into an archived location or a location of an archived warehouse, not even by reversing a move", async () => {
    const room = await stockroom();
    const item = await makeItem(room);
    const s = room.owner.inventory.stock;
    const out = await s.receive({ itemId: item.id, locationId: room.main.b, quantity: "2", unitCost: "1" }).then(() => s.issue({ itemId: item.id, locationId: room.main.b, quantity: "2" }));
    await room.owner.inventory.locations.archive({ id: room.main.b, archived: true });
    const archivedB = { code: "PRECONDITION_FAILED" };
    expect(await failure(s.receive({ itemId: item.id, locationId: room.main.b, quantity: "1", unitCost: "1" }))).toMatchObject({ ...archivedB, fields: { locationId: ["WH1/B is archived"] } });
    expect(await failure(s.adjust({ itemId: item.id, locationId: room.main.b, quantity: "1" }))).toMatchObject({ ...archivedB, fields: { locationId: ["WH1/B is archived"] } });
    await s.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    expect(await failure(s.transfer({ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }))).toMatchObject({ ...archivedB, fields: { toLocationId: ["WH1/B is archived"] } });
    expect(await failure(s.reserve({ itemId: item.id, locationId: room.main.b, quantity: "1" }))).toMatchObject({ ...archivedB, fields: { locationId: ["WH1/B is archived"] } });
    // Undoing the issue would bring the stock back into B.
    expect(await failure(s.reverse({ moveId: out.id }))).toMatchObject({ ...archivedB, fields: { moveId: ["WH1/B is archived"] } });
    // A location of an archived warehouse.
    const w = (await room.owner.inventory.warehouses.list()).rows.find((x) => x.id === room.second.id)!;
    await room.owner.inventory.warehouses.archive({ id: w.id, archived: true });
    expect(await failure(s.receive({ itemId: item.id, locationId: room.second.c, quantity: "1", unitCost: "1" }))).toMatchObject({ ...archivedB, fields: { locationId: ["WH2/C is archived"] } });
    expect(await differences(room.org.id)).toEqual([]);
  });
});

describe("upgrading a database whose serials were received as variants (20261203220000_inventory_serial_variant)", () => {
  const MIGRATION = "20261203220000_inventory_serial_variant";
  afterAll(dropOlderDatabases);

  it("records each serial's variant from its latest move, for every organization", async () => {
    const { db, orgId, wsId } = await olderDatabase(MIGRATION, { name: "Serial Co", slug: "serial-co" });
    // Before: serials carry no variant. R1 received as red; B1 received as blue, then moved; N1 of an item without variants.
    const ids = await onDatabase(db.system, async (c) => {
      await c.query("begin");
      const unit = (await c.query(`insert into settings.units_of_measure (organization_id, id, code, name, category) values ($1, gen_random_uuid(), 'pc-sv', 'Piece', 'count') returning id`, [orgId])).rows[0].id;
      const item = async (sku: string) =>
        (await c.query(`insert into inventory.items (organization_id, id, sku, name, base_unit_id, serial_control) values ($1, gen_random_uuid(), $2, 'Phone', $3, true) returning id`, [orgId, sku, unit])).rows[0].id as string;
      const [phone, plain] = [await item("SV-PHONE"), await item("SV-PLAIN")];
      const variant = async (sku: string) =>
        (await c.query(`insert into inventory.variants (organization_id, id, item_id, sku) values ($1, gen_random_uuid(), $2, $3) returning id`, [orgId, phone, sku])).rows[0].id as string;
      const [red, blue] = [await variant("SV-PHONE-RED"), await variant("SV-PHONE-BLUE")];
      const wh = (await c.query(`insert into inventory.warehouses (organization_id, id, workspace_id, code, name) values ($1, gen_random_uuid(), $2, 'SV', 'SV') returning id`, [orgId, wsId])).rows[0].id;
      const loc = async (code: string) =>
        (await c.query(`insert into inventory.locations (organization_id, id, warehouse_id, workspace_id, code) values ($1, gen_random_uuid(), $2, $3, $4) returning id`, [orgId, wh, wsId, code])).rows[0].id as string;
      const [a, b] = [await loc("A"), await loc("B")];
      const post = async (sql: string, args: unknown[]) => {
        const r = (await c.query(sql, args)).rows[0];
        if (r.error_code) throw new Error(r.error_message);
      };
      const receive = (itemId: string, variantId: string | null, serial: string) =>
        post(`select * from inventory.post_in($1, null, $2, $3, $4, 1, 10, null, null, $5, 'receipt', null, null, null, now())`, [orgId, itemId, variantId, a, serial]);
      await receive(phone, red, "R1");
      await receive(phone, blue, "B1");
      await post(`select * from inventory.post_transfer($1, null, $2, $3, $4, $5, 1, null, 'B1', null, null, null, now())`, [orgId, phone, blue, a, b]);
      await receive(plain, null, "N1");
      await c.query("commit");
      return { red, blue };
    });
    expect(await migrate(db.owner)).toContain(MIGRATION);
    const serials = await onDatabase(db.system, async (c) =>
      (await c.query<{ serial_number: string; variant_id: string | null }>(
        `select serial_number, variant_id::text from inventory.serials where organization_id = $1 order by serial_number`, [orgId])).rows);
    expect(serials).toEqual([
      { serial_number: "B1", variant_id: ids.blue },
      { serial_number: "N1", variant_id: null },
      { serial_number: "R1", variant_id: ids.red },
    ]);
  }, 120_000);
});
