// inventory.counts.lines: the count page's lines paged by the server (line order, offset pages, the filtered total),
// searched and filtered in SQL; get / create answer the header and totals without lines; blind counts keep hiding
// what they hide (and refuse the differences filter while counting); a serial line on one page sees the serials
// found on a line of another page.
import { beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, uniq } from "../helpers/factory";
import { allCountLines, failure, makeItem, stockroom, type Stockroom } from "./helpers";

describe("cycle counts: lines paged by the server", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  /** A bin of its own in WH1 (a count of its code range counts nothing else). */
  const bin = async (code: string) => (await room.owner.inventory.locations.create({ warehouseId: room.main.id, code, kind: "bin" })).id;
  const receiveLots = async (itemId: string, locationId: string, lots: string[], quantity = "2") => {
    for (const lotNumber of lots) await room.owner.inventory.stock.receive({ itemId, locationId, quantity, unitCost: "3", lotNumber });
  };

  it("answers a page of lines in line order with the filtered total; get and create carry no lines", async () => {
    const code = `PG-${uniq()}`;
    const at = await bin(code);
    const item = await makeItem(room, { lotControl: true });
    await receiveLots(item.id, at, Array.from({ length: 25 }, (_, i) => `L${String(i + 1).padStart(2, "0")}`));
    const c = room.owner.inventory.counts;
    const count = await c.create({ warehouseId: room.main.id, locationCodeFrom: code, locationCodeTo: code });
    expect(count).not.toHaveProperty("lines");
    expect(count.totals).toEqual({ lines: 25, counted: 0, uncounted: 25, withDifference: 0, valueImpact: "0.00" });

    const first = await c.lines({ id: count.id, page: 1, perPage: 10 });
    expect(first).toMatchObject({ total: 25, page: 1, perPage: 10 });
    expect(first.rows.map((l) => l.lineNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.rows[0]).toMatchObject({ sku: item.sku, lotNumber: "L01", expectedQty: "2", countedQty: null, serials: null });
    expect((await c.lines({ id: count.id, page: 3, perPage: 10 })).rows.map((l) => l.lotNumber)).toEqual(["L21", "L22", "L23", "L24", "L25"]);
    // Past the last page: the last page.
    expect(await c.lines({ id: count.id, page: 9, perPage: 10 })).toMatchObject({ page: 3, total: 25 });
    // The default page size; the bounds.
    expect((await c.lines({ id: count.id })).perPage).toBe(100);
    expect((await failure(c.lines({ id: count.id, perPage: 5 }))).code).toBe("BAD_REQUEST");
    expect((await failure(c.lines({ id: count.id, perPage: 201 }))).code).toBe("BAD_REQUEST");
    expect((await failure(c.lines({ id: count.id, page: 0 }))).code).toBe("BAD_REQUEST");

    // Count three lines (one 1 short: a difference), then "only uncounted".
    for (const l of first.rows.slice(0, 3)) await c.setCounted({ id: count.id, lineId: l.id, countedQty: l.lineNo === 2 ? "1" : "2" });
    const uncounted = await c.lines({ id: count.id, filter: "uncounted", perPage: 10 });
    expect(uncounted.total).toBe(22);
    expect(uncounted.rows[0]!.lineNo).toBe(4);
    // keptSince: a line counted after that moment stays in the filter (the page's "kept" rows).
    const since = uncounted.at;
    await c.setCounted({ id: count.id, lineId: first.rows[4]!.id, countedQty: "2" });
    expect((await c.lines({ id: count.id, filter: "uncounted", perPage: 10 })).total).toBe(21);
    const kept = await c.lines({ id: count.id, filter: "uncounted", perPage: 10, keptSince: since });
    expect(kept.total).toBe(22);
    expect(kept.rows.find((l) => l.lineNo === 5)).toMatchObject({ countedQty: "2" });
    expect(kept.rows.some((l) => l.lineNo === 1)).toBe(false);

    // The header's totals (SQL aggregates) agree with the lines.
    const got = await c.get({ id: count.id });
    expect(got).not.toHaveProperty("lines");
    expect(got.totals).toEqual({ lines: 25, counted: 4, uncounted: 21, withDifference: 1, valueImpact: "-3.00" });
    const differences = await c.lines({ id: count.id, filter: "differences" });
    expect(differences.total).toBe(1);
    expect(differences.rows).toMatchObject([{ lineNo: 2, difference: "-1", valueImpact: "-3.00" }]);
    // The whole count read page by page: every line once, in order.
    expect((await allCountLines(c, count.id)).map((l) => l.lineNo)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("searches SKU, item name, location code, lot and variant SKU in SQL, % and _ literally", async () => {
    const code = `SR-${uniq()}`;
    const at = await bin(code);
    const marker = uniq();
    const item = await makeItem(room, { lotControl: true, name: `Flange ${marker}` });
    await receiveLots(item.id, at, ["A%1", "AX1", "A_2", "AY2"]);
    const plain = await makeItem(room);
    const variant = await room.owner.inventory.variants.create({ itemId: plain.id, sku: `VAR-${marker}`, attributes: { size: "M" } });
    await room.owner.inventory.stock.receive({ itemId: plain.id, variantId: variant.id, locationId: at, quantity: "1", unitCost: "1" });
    const c = room.owner.inventory.counts;
    const count = await c.create({ warehouseId: room.main.id, locationCodeFrom: code, locationCodeTo: code });
    const lots = async (q: string) => (await c.lines({ id: count.id, q })).rows.map((l) => l.lotNumber ?? l.variantSku).sort();
    expect(await lots("a%")).toEqual(["A%1"]);
    expect(await lots("A_")).toEqual(["A_2"]);
    expect(await lots("%")).toEqual(["A%1"]);
    // Searched text uses letters outside hex, so the random codes (uniq) never match it.
    expect(await lots("ax")).toEqual(["AX1"]);
    expect(await lots(`flange ${marker}`)).toEqual(["A%1", "A_2", "AX1", "AY2"].sort());
    expect(await lots(item.sku.toLowerCase())).toEqual(["A%1", "A_2", "AX1", "AY2"].sort());
    expect((await c.lines({ id: count.id, q: code })).total).toBe(5);
    expect(await lots(`var-${marker}`)).toEqual([`VAR-${marker}`]);
    // Search and filter together, and nothing found.
    await c.setCounted({ id: count.id, lineId: (await c.lines({ id: count.id, q: "AX1" })).rows[0]!.id, countedQty: "2" });
    expect((await c.lines({ id: count.id, q: item.sku, filter: "uncounted" })).rows.map((l) => l.lotNumber).sort()).toEqual(["A%1", "A_2", "AY2"].sort());
    expect(await c.lines({ id: count.id, q: "nothing-like-this" })).toMatchObject({ rows: [], total: 0, page: 1 });
  });

  it("a blind count hides expected, differences and value on its lines and refuses the differences filter while counting", async () => {
    const code = `BL-${uniq()}`;
    const at = await bin(code);
    const item = await makeItem(room, { lotControl: true });
    await receiveLots(item.id, at, ["B1", "B2"], "5");
    const c = room.owner.inventory.counts;
    const count = await c.create({ warehouseId: room.main.id, locationCodeFrom: code, locationCodeTo: code, blind: true });
    expect(count.totals).toMatchObject({ withDifference: null, valueImpact: null });
    const page = await c.lines({ id: count.id });
    await c.setCounted({ id: count.id, lineId: page.rows[0]!.id, countedQty: "4" });
    const after = await c.lines({ id: count.id });
    for (const l of after.rows)
      expect(l).toMatchObject({ expectedQty: null, onHandQty: null, difference: null, snapshotDifference: null, unitCost: null, valueImpact: null });
    expect(JSON.stringify(after)).not.toContain('"5"');
    const refused = await failure(c.lines({ id: count.id, filter: "differences" }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    // Search and "only uncounted" tell nothing of differences: allowed.
    expect((await c.lines({ id: count.id, filter: "uncounted" })).total).toBe(1);
    // In review: shown, and the filter answers.
    await c.review({ id: count.id, version: count.version });
    const differences = await c.lines({ id: count.id, filter: "differences" });
    expect(differences).toMatchObject({ total: 1, rows: [{ lotNumber: "B1", expectedQty: "5", difference: "-1" }] });
  });

  it("is NOT_FOUND across organizations and outside the member's workspaces", async () => {
    const item = await makeItem(room);
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    const count = await room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a });
    const other = await stockroom();
    expect((await failure(other.owner.inventory.counts.lines({ id: count.id }))).code).toBe("NOT_FOUND");
    const branch = await makeUser(room.org, { roles: ["owner"], workspaces: ["second"] });
    const bc = await callerFor(branch.id, { org: room.org.slug });
    expect((await failure(bc.inventory.counts.lines({ id: count.id }))).code).toBe("NOT_FOUND");
  });

  it("a serial line on one page sees a serial expected on it and found on a line of another page (relocated, not missing)", async () => {
    const marker = uniq();
    const s1 = await bin(`SE-${marker}-1`);
    const s2 = await bin(`SE-${marker}-2`);
    // Line order: location code, then SKU: the serial item's line at SE-…-1 is line 1, its lots' item follows with
    // 12 lines, the serial item's line at SE-…-2 is line 14 — on page 2 of 10.
    const serial = await makeItem(room, { sku: `A-${marker}`, serialControl: true });
    const lots = await makeItem(room, { sku: `B-${marker}`, lotControl: true });
    await room.owner.inventory.stock.receive({ itemId: serial.id, locationId: s1, quantity: "1", unitCost: "100", serialNumber: `M1-${marker}` });
    await room.owner.inventory.stock.receive({ itemId: serial.id, locationId: s2, quantity: "1", unitCost: "100", serialNumber: `M2-${marker}` });
    await receiveLots(lots.id, s1, Array.from({ length: 12 }, (_, i) => `Q${i + 1}`), "1");
    const c = room.owner.inventory.counts;
    const count = await c.create({ warehouseId: room.main.id, locationCodeFrom: `SE-${marker}-1`, locationCodeTo: `SE-${marker}-2` });
    const page1 = await c.lines({ id: count.id, page: 1, perPage: 10 });
    const page2 = await c.lines({ id: count.id, page: 2, perPage: 10 });
    const here = page1.rows.find((l) => l.itemId === serial.id)!;
    const there = page2.rows.find((l) => l.itemId === serial.id)!;
    expect([here.lineNo, there.lineNo]).toEqual([1, 14]);
    await c.setSerials({ id: count.id, lineId: here.id, serials: [] });
    await c.setSerials({ id: count.id, lineId: there.id, serials: [`M1-${marker}`, `M2-${marker}`] });
    expect((await c.lines({ id: count.id, page: 1, perPage: 10 })).rows[0]!.serials).toMatchObject({ found: [], missing: [], relocated: [`M1-${marker}`] });
    expect((await c.lines({ id: count.id, page: 2, perPage: 10 })).rows.find((l) => l.id === there.id)!.serials).toMatchObject({
      found: [`M1-${marker}`, `M2-${marker}`],
      extra: [{ serialNumber: `M1-${marker}`, kind: "transfer" }],
    });
    // The serials filter: the serial lines only, with their views.
    const serials = await c.lines({ id: count.id, filter: "serial" });
    expect(serials.total).toBe(2);
    expect(serials.rows.map((l) => l.lineNo)).toEqual([1, 14]);
    expect(serials.rows[0]!.serials).toMatchObject({ relocated: [`M1-${marker}`] });
    // The entry's answer sees the other page's line too.
    expect((await c.setSerials({ id: count.id, lineId: here.id, serials: [] })).serials).toMatchObject({ relocated: [`M1-${marker}`] });
  });
});
