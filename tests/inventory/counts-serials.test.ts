// Cycle counts of serial-controlled items: the snapshot's expected serials, blind counts hiding them, entering the
// serials found (setSerials), review's missing / extra breakdown, and posting: missing serials issued, a serial found
// at another location of the warehouse moved here, an unknown one received, one recorded elsewhere refused with
// nothing posted; levels = Σ ledger afterwards; tenancy.
import { beforeAll, describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";
import { recordStatements } from "../helpers/statements";
import { callerFor, makeUser } from "../helpers/factory";
import { serverSerialIssues } from "@/components/inventory/counts/serial-errors";
import { differences, failure, level, makeItem, stockroom, type Stockroom, withLines } from "./helpers";

async function serialState(orgId: string, itemId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ serial_number: string; status: string; location_id: string | null }>(
      `select serial_number, status::text, location_id::text from inventory.serials where organization_id = $1 and item_id = $2 order by serial_number`,
      [orgId, itemId],
    );
    return Object.fromEntries(rows.map((r) => [r.serial_number, [r.status, r.location_id]]));
  });
}

async function countMoves(orgId: string, countId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ move_type: string; quantity: string; serial_number: string; from_location_id: string | null; to_location_id: string | null; unit_cost: string }>(
      `select m.move_type::text, m.quantity::numeric(18,0)::text as quantity, s.serial_number, m.from_location_id::text, m.to_location_id::text,
              m.unit_cost::numeric(18,2)::text as unit_cost
         from inventory.stock_moves m join inventory.serials s on s.organization_id = m.organization_id and s.id = m.serial_id
        where m.organization_id = $1 and m.source_document_id = $2 order by s.serial_number`,
      [orgId, countId],
    );
    return rows;
  });
}

const statementsOf = recordStatements();

describe("cycle counts of serial-controlled items", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  const receive = (itemId: string, locationId: string, serialNumber: string, unitCost = "100") =>
    room.owner.inventory.stock.receive({ itemId, locationId, quantity: "1", unitCost, serialNumber });

  it("snapshots serial items with their expected serials; a blind count hides them while counting", async () => {
    const item = await makeItem(room, { serialControl: true });
    for (const n of ["S1", "S2", "S3"]) await receive(item.id, room.main.a, n);
    await receive(item.id, room.main.b, "S9");
    await receive(item.id, room.second.c, "S7");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    expect(line).toMatchObject({ serialControl: true, expectedQty: "3", countedQty: null });
    expect(line.serials).toMatchObject({ found: [], expected: ["S1", "S2", "S3"], missing: ["S1", "S2", "S3"], extra: [] });

    const blind = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a, blind: true }));
    const bl = blind.lines.find((l) => l.itemId === item.id)!;
    expect(bl).toMatchObject({ expectedQty: null, serials: { found: [], expected: null, missing: null, relocated: null, extra: null } });
    const entered = await room.owner.inventory.counts.setSerials({ id: blind.id, lineId: bl.id, serials: ["S1", "X-NEW"] });
    expect(entered).toMatchObject({ countedQty: "2", expectedQty: null, difference: null, serials: { found: ["S1", "X-NEW"], expected: null, extra: null } });
    expect((await withLines(room.owner.inventory.counts, room.owner.inventory.counts.get({ id: blind.id }))).lines.find((l) => l.id === bl.id)!.serials?.expected).toBeNull();
    expect((await room.owner.inventory.counts.list({ perPage: 50 })).rows.find((r) => r.id === blind.id)?.differenceCount).toBeNull();
    // In review they are shown.
    const reviewed = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.review({ id: blind.id, version: blind.version }));
    expect(reviewed.lines.find((l) => l.id === bl.id)!.serials).toMatchObject({
      expected: ["S1", "S2", "S3"], missing: ["S2", "S3"], extra: [{ serialNumber: "X-NEW", kind: "new", place: null }],
    });
    expect(reviewed.totals.withDifference).toBe(1);
    expect((await room.owner.inventory.counts.list({ perPage: 50 })).rows.find((r) => r.id === blind.id)?.differenceCount).toBe(1);
  });

  it("setSerials: trimmed, repeats once, per-entry errors, only on serial lines, only while counting", async () => {
    const item = await makeItem(room, { serialControl: true });
    const plain = await makeItem(room);
    await receive(item.id, room.main.b, "K1");
    await room.owner.inventory.stock.receive({ itemId: plain.id, locationId: room.main.b, quantity: "4", unitCost: "1" });
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.b }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    const pline = count.lines.find((l) => l.itemId === plain.id)!;
    const c = room.owner.inventory.counts;
    const out = await c.setSerials({ id: count.id, lineId: line.id, serials: ["  K1 ", "", "K2", "K1", "K2 "] });
    expect(out).toMatchObject({ countedQty: "2", serials: { found: ["K1", "K2"], missing: [], extra: [{ serialNumber: "K2", kind: "new" }] } });
    const tooLong = await failure(c.setSerials({ id: count.id, lineId: line.id, serials: ["K1", "x".repeat(101)] }));
    expect(tooLong).toMatchObject({ code: "BAD_REQUEST", fields: { "serials.1": ["At most 100 characters"] } });
    // The Serials dialog recognizes it (its own translated message, on the text area's line).
    expect(serverSerialIssues({ code: tooLong.code, fieldErrors: tooLong.fields }, [1, 3])).toEqual([{ key: "tooLong", line: 3, max: 100 }]);
    // A shorter list replaces the previous one; an empty list: none found; null: uncounted again.
    expect(await c.setSerials({ id: count.id, lineId: line.id, serials: ["K2"] })).toMatchObject({ countedQty: "1", serials: { found: ["K2"], missing: ["K1"] } });
    expect(await c.setSerials({ id: count.id, lineId: line.id, serials: [] })).toMatchObject({ countedQty: "0", serials: { found: [], missing: ["K1"], extra: [] } });
    expect(await c.setSerials({ id: count.id, lineId: line.id, serials: null })).toMatchObject({ countedQty: null, serials: { found: [] } });
    // The quantity of a serial line comes from its serials; a plain line has no serials.
    expect(await failure(c.setCounted({ id: count.id, lineId: line.id, countedQty: "1" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { countedQty: [`${item.sku} is serial-controlled: enter the serial numbers found`] },
    });
    expect(await failure(c.setSerials({ id: count.id, lineId: pline.id, serials: ["A"] }))).toMatchObject({
      code: "BAD_REQUEST", fields: { serials: [`${plain.sku} is not serial-controlled: enter the counted quantity`] },
    });
    expect((await failure(c.setSerials({ id: count.id, lineId: "00000000-0000-7000-8000-000000000000", serials: ["A"] }))).code).toBe("NOT_FOUND");
    await c.setSerials({ id: count.id, lineId: line.id, serials: ["K1"] });
    const r = await withLines(c, c.review({ id: count.id, version: count.version }));
    const inReview = await failure(c.setSerials({ id: count.id, lineId: line.id, serials: ["K1", "K3"] }));
    expect(inReview.code).toBe("PRECONDITION_FAILED");
    expect(serverSerialIssues({ code: inReview.code, message: inReview.message, fieldErrors: inReview.fields }, [1, 2])).toEqual([{ key: "notCounting" }]);
    await c.cancel({ id: count.id, version: r.version, reason: "test" });
  });

  it("posts: missing serials issued, one found at another bin moved here, an unknown one received; levels = Σ ledger", async () => {
    const item = await makeItem(room, { serialControl: true });
    for (const n of ["P1", "P2", "P3"]) await receive(item.id, room.main.a, n, "100");
    await receive(item.id, room.main.b, "P8", "100");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    // Found: P1 and P3 (P2 missing), P8 (recorded at B), NEW-1 (unknown).
    await room.owner.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["P1", "P3", "P8", "NEW-1"] });
    const review = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.review({ id: count.id, version: count.version }));
    const rl = review.lines.find((l) => l.id === line.id)!;
    expect(rl).toMatchObject({ expectedQty: "3", countedQty: "4", difference: "1" });
    expect(rl.serials).toMatchObject({
      missing: ["P2"],
      extra: [{ serialNumber: "NEW-1", kind: "new" }, { serialNumber: "P8", kind: "transfer", place: "WH1/B" }],
    });
    const posted = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.post({ id: count.id, version: review.version }));
    expect(posted.status).toBe("posted");
    const pl = posted.lines.find((l) => l.id === line.id)!;
    expect(pl).toMatchObject({ onHandQty: "3", difference: "1" });
    expect(pl.serials?.moves.map((m) => m.serialNumber)).toEqual(["NEW-1", "P2", "P8"]);
    expect(await countMoves(room.org.id, count.id)).toEqual([
      { move_type: "count", quantity: "1", serial_number: "NEW-1", from_location_id: null, to_location_id: room.main.a, unit_cost: "100.00" },
      { move_type: "count", quantity: "1", serial_number: "P2", from_location_id: room.main.a, to_location_id: null, unit_cost: "100.00" },
      { move_type: "transfer", quantity: "1", serial_number: "P8", from_location_id: room.main.b, to_location_id: room.main.a, unit_cost: "100.00" },
    ]);
    expect(await serialState(room.org.id, item.id)).toEqual({
      "NEW-1": ["in_stock", room.main.a], P1: ["in_stock", room.main.a], P2: ["issued", null], P3: ["in_stock", room.main.a], P8: ["in_stock", room.main.a],
    });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("4.0000");
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("0.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("a serial line's moves post in one call: 12 missing and 12 new serials in as many statements as 1 and 1", async () => {
    const fresh = await stockroom();
    async function postedLine(n: number, warehouseId: string, locationId: string) {
      const item = await makeItem(fresh, { serialControl: true });
      const numbers = Array.from({ length: n }, (_, i) => `M${i + 1}`);
      for (const m of numbers) await fresh.owner.inventory.stock.receive({ itemId: item.id, locationId, quantity: "1", unitCost: "10", serialNumber: m });
      const c = fresh.owner.inventory.counts;
      const count = await withLines(c, c.create({ warehouseId, locationId }));
      const line = count.lines.find((l) => l.itemId === item.id)!;
      // None of the expected found, n unknown ones found instead.
      await c.setSerials({ id: count.id, lineId: line.id, serials: numbers.map((m) => `NEW-${m}`) });
      const review = await c.review({ id: count.id, version: count.version });
      const statements = await statementsOf(() => c.post({ id: count.id, version: review.version }));
      return { item, count, line, statements };
    }
    await postedLine(1, fresh.main.id, fresh.main.a); // warm
    const small = await postedLine(1, fresh.main.id, fresh.main.b);
    const large = await postedLine(12, fresh.second.id, fresh.second.c);
    expect(large.statements.filter((q) => q.includes("inventory.post_moves("))).toHaveLength(1);
    expect(large.statements.filter((q) => /inventory\.post_(in|out|transfer)\(/.test(q))).toHaveLength(0);
    expect(large.statements.length, large.statements.join("\n")).toBe(small.statements.length);
    // Every serial of the line linked to its own move; the level is the counted quantity, the serials where counted.
    const posted = await withLines(fresh.owner.inventory.counts, fresh.owner.inventory.counts.get({ id: large.count.id }));
    expect(posted.lines.find((l) => l.id === large.line.id)!.serials?.moves.map((m) => m.serialNumber).sort()).toEqual(
      [...Array.from({ length: 12 }, (_, i) => `M${i + 1}`), ...Array.from({ length: 12 }, (_, i) => `NEW-M${i + 1}`)].sort());
    const state = await serialState(fresh.org.id, large.item.id);
    for (let i = 1; i <= 12; i++) {
      expect(state[`M${i}`]).toEqual(["issued", null]);
      expect(state[`NEW-M${i}`]).toEqual(["in_stock", fresh.second.c]);
    }
    expect((await level(fresh.org.id, large.item.id, fresh.second.c)).on_hand).toBe("12.0000");
    expect(await differences(fresh.org.id)).toEqual([]);
  }, 120_000);

  it("expects each serial on its variant's line; one found on another variant's line is refused at post, naming the variant", async () => {
    const item = await makeItem(room, { serialControl: true });
    const red = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-RED`, attributes: { color: "red" } });
    const blue = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-BLUE`, attributes: { color: "blue" } });
    const s = room.owner.inventory.stock;
    await s.receive({ itemId: item.id, variantId: red.id, locationId: room.second.c, quantity: "1", unitCost: "50", serialNumber: "R1" });
    await s.receive({ itemId: item.id, variantId: blue.id, locationId: room.second.c, quantity: "1", unitCost: "50", serialNumber: "B1" });
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.second.id, locationId: room.second.c }));
    const redLine = count.lines.find((l) => l.itemId === item.id && l.variantId === red.id)!;
    const blueLine = count.lines.find((l) => l.itemId === item.id && l.variantId === blue.id)!;
    expect(redLine.serials?.expected).toEqual(["R1"]);
    expect(blueLine.serials?.expected).toEqual(["B1"]);
    // B1 entered on the red line: not the red line's to take (it is blue stock), relocated away from the blue line.
    await c.setSerials({ id: count.id, lineId: redLine.id, serials: ["R1", "B1"] });
    await c.setSerials({ id: count.id, lineId: blueLine.id, serials: [] });
    const review = await withLines(c, c.review({ id: count.id, version: count.version }));
    expect(review.lines.find((l) => l.id === redLine.id)!.serials).toMatchObject({
      missing: [], extra: [{ serialNumber: "B1", kind: "elsewhere", place: `WH2/C as ${item.sku}-BLUE` }],
    });
    expect(review.lines.find((l) => l.id === blueLine.id)!.serials).toMatchObject({ missing: [], relocated: ["B1"] });
    expect(await failure(c.post({ id: count.id, version: review.version }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { [`lines.${redLine.lineNo - 1}.serials`]: [expect.stringContaining(`serial B1 (in stock at WH2/C as ${item.sku}-BLUE) of ${item.sku} is recorded elsewhere`)] },
    });
    expect(await serialState(room.org.id, item.id)).toEqual({ B1: ["in_stock", room.second.c], R1: ["in_stock", room.second.c] });
    // Entered on their own lines, the count has nothing to post for them.
    const reopened = await c.reopen({ id: count.id, version: review.version });
    await c.setSerials({ id: count.id, lineId: redLine.id, serials: ["R1"] });
    await c.setSerials({ id: count.id, lineId: blueLine.id, serials: ["B1"] });
    const again = await c.review({ id: count.id, version: reopened.version });
    await c.post({ id: count.id, version: again.version });
    expect(await countMoves(room.org.id, count.id)).toEqual([]);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("a serial found here but recorded elsewhere refuses the post on its line, and nothing is posted", async () => {
    const item = await makeItem(room, { serialControl: true });
    for (const n of ["R1", "R2"]) await receive(item.id, room.main.a, n);
    await receive(item.id, room.second.c, "R5"); // another warehouse
    await receive(item.id, room.main.b, "R6");
    await room.owner.inventory.stock.issue({ itemId: item.id, locationId: room.main.b, quantity: "1", serialNumber: "R6" }); // issued
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    await room.owner.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["R1", "R5", "R6"] });
    const review = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.review({ id: count.id, version: count.version }));
    expect(review.lines.find((l) => l.id === line.id)!.serials?.extra).toEqual([
      { serialNumber: "R5", kind: "elsewhere", place: "WH2/C", moveId: null },
      { serialNumber: "R6", kind: "elsewhere", place: null, moveId: null },
    ]);
    const err = await failure(room.owner.inventory.counts.post({ id: count.id, version: review.version }));
    const text = `Line ${line.lineNo}: serial R5 (in stock at WH2/C), R6 (issued) of ${item.sku} are recorded elsewhere: move or return them first, or remove them from the count`;
    expect(err).toMatchObject({ code: "BAD_REQUEST", message: text, fields: { [`lines.${line.lineNo - 1}.serials`]: [text] } });
    const after = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.get({ id: count.id }));
    expect(after.status).toBe("review");
    expect(await countMoves(room.org.id, count.id)).toEqual([]);
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("2.0000");
    expect(await serialState(room.org.id, item.id)).toMatchObject({ R2: ["in_stock", room.main.a] });
    // Resolved by removing them: posts, R2 issued.
    const back = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.reopen({ id: count.id, version: after.version }));
    await room.owner.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["R1"] });
    const again = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.review({ id: count.id, version: back.version }));
    await room.owner.inventory.counts.post({ id: count.id, version: again.version });
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("1.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("a serial expected on one line and found on another of the same count is moved, not issued", async () => {
    const item = await makeItem(room, { serialControl: true });
    await receive(item.id, room.main.a, "M1");
    await receive(item.id, room.main.b, "M2");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id }));
    const la = count.lines.find((l) => l.itemId === item.id && l.locationId === room.main.a)!;
    const lb = count.lines.find((l) => l.itemId === item.id && l.locationId === room.main.b)!;
    await room.owner.inventory.counts.setSerials({ id: count.id, lineId: la.id, serials: [] });
    await room.owner.inventory.counts.setSerials({ id: count.id, lineId: lb.id, serials: ["M1", "M2"] });
    const review = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.review({ id: count.id, version: count.version }));
    expect(review.lines.find((l) => l.id === la.id)!.serials).toMatchObject({ missing: [], relocated: ["M1"] });
    await room.owner.inventory.counts.post({ id: count.id, version: review.version });
    expect(await countMoves(room.org.id, count.id)).toMatchObject([{ move_type: "transfer", serial_number: "M1", from_location_id: room.main.a, to_location_id: room.main.b }]);
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("2.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("adds a serial line where the snapshot had none: its serials found, the one recorded at another bin moved there", async () => {
    const item = await makeItem(room, { serialControl: true });
    const plain = await makeItem(room);
    await receive(item.id, room.main.b, "F1");
    await receive(item.id, room.main.b, "F2");
    await room.owner.inventory.stock.receive({ itemId: plain.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id }));
    const lb = count.lines.find((l) => l.itemId === item.id && l.locationId === room.main.b)!;
    expect(count.lines.some((l) => l.itemId === item.id && l.locationId === room.main.a)).toBe(false);
    const c = room.owner.inventory.counts;
    expect(await failure(c.addLine({ id: count.id, itemId: item.id, locationId: room.main.a, countedQty: "1" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { serials: [`${item.sku} is serial-controlled: enter the serial numbers found`] },
    });
    expect(await failure(c.addLine({ id: count.id, itemId: plain.id, locationId: room.main.b, serials: ["Z"] }))).toMatchObject({
      fields: { serials: [`${plain.sku} is not serial-controlled: enter the counted quantity`] },
    });
    expect(await failure(c.addLine({ id: count.id, itemId: plain.id, locationId: room.main.b }))).toMatchObject({ fields: { countedQty: ["Enter the counted quantity"] } });
    const added = await c.addLine({ id: count.id, itemId: item.id, locationId: room.main.a, serials: ["F2", " F2 ", "F9"] });
    expect(added).toMatchObject({ added: true, countedQty: "2", serialControl: true, serials: { found: ["F2", "F9"], expected: [] } });
    await c.setSerials({ id: count.id, lineId: lb.id, serials: ["F1"] });
    const review = await withLines(c, c.review({ id: count.id, version: count.version }));
    expect(review.lines.find((l) => l.id === added.id)!.serials?.extra).toEqual([
      { serialNumber: "F2", kind: "transfer", place: "WH1/B", moveId: null },
      { serialNumber: "F9", kind: "new", place: null, moveId: null },
    ]);
    expect(review.lines.find((l) => l.id === lb.id)!.serials).toMatchObject({ missing: [], relocated: ["F2"] });
    await c.post({ id: count.id, version: review.version });
    expect(await countMoves(room.org.id, count.id)).toMatchObject([
      { move_type: "transfer", serial_number: "F2", from_location_id: room.main.b, to_location_id: room.main.a },
      { move_type: "count", serial_number: "F9", to_location_id: room.main.a },
    ]);
    expect((await level(room.org.id, item.id, room.main.a)).on_hand).toBe("2.0000");
    expect((await level(room.org.id, item.id, room.main.b)).on_hand).toBe("1.0000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("the counts list's differences are the count page's: an extra serial already recorded here, or stock received since the snapshot, is none", async () => {
    const bin = (await room.owner.inventory.locations.create({ warehouseId: room.main.id, code: `D-${Date.now()}`, kind: "bin" })).id;
    const serial = await makeItem(room, { serialControl: true });
    const serial2 = await makeItem(room, { serialControl: true });
    const plain = await makeItem(room);
    const plain2 = await makeItem(room);
    await receive(serial.id, bin, "H1");
    await receive(serial.id, bin, "H2");
    await receive(serial2.id, bin, "J1");
    await room.owner.inventory.stock.receive({ itemId: plain.id, locationId: bin, quantity: "5", unitCost: "1" });
    await room.owner.inventory.stock.receive({ itemId: plain2.id, locationId: bin, quantity: "4", unitCost: "1" });
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: bin }));
    // After the snapshot: H3 received here (recorded here: an extra of kind "here"), 2 more of the plain item.
    await receive(serial.id, bin, "H3");
    await room.owner.inventory.stock.receive({ itemId: plain.id, locationId: bin, quantity: "2", unitCost: "1" });
    const line = (itemId: string) => count.lines.find((l) => l.itemId === itemId)!;
    const c = room.owner.inventory.counts;
    await c.setSerials({ id: count.id, lineId: line(serial.id).id, serials: ["H1", "H2", "H3"] }); // as recorded now: no difference
    await c.setSerials({ id: count.id, lineId: line(serial2.id).id, serials: ["J9"] }); // J1 missing, J9 unknown: a difference, same quantity
    await c.setCounted({ id: count.id, lineId: line(plain.id).id, countedQty: "7" }); // = on hand now: no difference
    await c.setCounted({ id: count.id, lineId: line(plain2.id).id, countedQty: "3" }); // a difference
    const listed = async () => (await c.list({ perPage: 100 })).rows.find((r) => r.id === count.id)?.differenceCount;

    const counting = await withLines(c, c.get({ id: count.id }));
    expect(counting.lines.find((l) => l.itemId === serial.id)!.serials?.extra).toEqual([{ serialNumber: "H3", kind: "here", place: expect.any(String), moveId: null }]);
    expect(counting.totals.withDifference).toBe(2);
    expect(await listed()).toBe(2);
    const review = await withLines(c, c.review({ id: count.id, version: count.version }));
    expect(review.totals.withDifference).toBe(2);
    expect(await listed()).toBe(2);
    const posted = await withLines(c, c.post({ id: count.id, version: review.version }));
    expect(posted.totals.withDifference).toBe(2);
    expect(await listed()).toBe(2);
    expect((await level(room.org.id, plain.id, bin)).on_hand).toBe("7.0000");
    expect((await level(room.org.id, serial.id, bin)).on_hand).toBe("3.0000");
    expect(await differences(room.org.id)).toEqual([]);
    // Posted: the answer is what posting wrote (frozen on the list). H3, the extra recorded here at posting, issued
    // since: no new difference on the count page nor on the list.
    await room.owner.inventory.stock.issue({ itemId: serial.id, locationId: bin, quantity: "1", serialNumber: "H3" });
    await room.owner.inventory.stock.issue({ itemId: plain.id, locationId: bin, quantity: "1" });
    expect((await withLines(c, c.get({ id: count.id }))).totals.withDifference).toBe(2);
    expect(await listed()).toBe(2);
  });

  it("is invisible across organizations and needs inventory.stock.adjust", async () => {
    const item = await makeItem(room, { serialControl: true });
    await receive(item.id, room.main.a, "T1");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    const other = await stockroom();
    expect((await failure(other.owner.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["T1"] }))).code).toBe("NOT_FOUND");
    const branch = await makeUser(room.org, { roles: ["owner"], workspaces: ["second"] });
    const bc = await callerFor(branch.id, { org: room.org.slug });
    expect((await failure(bc.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["T1"] }))).code).toBe("NOT_FOUND");
    const viewer = await makeUser(room.org, { roles: ["viewer"] });
    const vc = await callerFor(viewer.id, { org: room.org.slug });
    expect((await failure(vc.inventory.counts.setSerials({ id: count.id, lineId: line.id, serials: ["T1"] }))).code).toBe("FORBIDDEN");
    expect((await withLines(room.owner.inventory.counts, room.owner.inventory.counts.get({ id: count.id }))).lines.find((l) => l.id === line.id)!.serials?.found).toEqual([]);
  });
});
