// Cycle counts: the snapshot by location subtree and category, blind counts, counting, review, posting (one `count`
// move per difference, levels equal to the counted quantities, all or nothing), workspace visibility and tenancy.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { CREATE_COUNT_TIMEOUT_MS } from "@/server/modules/inventory/counts.service";
import { appRouter } from "@/server/trpc/root";
import { callerFor, makeUser } from "../helpers/factory";
import { differences, failure, level, makeItem, stockroom, type Stockroom, withLines } from "./helpers";

describe("cycle counts", () => {
  let room: Stockroom;
  let zone: string;
  let bin1: string;
  let bin2: string;
  beforeAll(async () => {
    room = await stockroom();
    // Zone Z with bins Z-1 and Z-2 beneath it, next to A and B of WH1.
    zone = (await room.owner.inventory.locations.create({ warehouseId: room.main.id, code: "Z", kind: "zone" })).id;
    bin1 = (await room.owner.inventory.locations.create({ warehouseId: room.main.id, parentId: zone, code: "Z-1", kind: "bin" })).id;
    bin2 = (await room.owner.inventory.locations.create({ warehouseId: room.main.id, parentId: zone, code: "Z-2", kind: "bin" })).id;
  });

  const receive = (itemId: string, locationId: string, quantity: string, unitCost = "2") =>
    room.owner.inventory.stock.receive({ itemId, locationId, quantity, unitCost });

  it("snapshots the levels of a location subtree, numbered CNT-, with expected quantities and cost", async () => {
    const item = await makeItem(room);
    await receive(item.id, bin1, "5");
    await receive(item.id, bin2, "3");
    await receive(item.id, room.main.a, "7");
    await receive(item.id, room.second.c, "9");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: zone }));
    expect(count.number).toMatch(/^CNT-\d{5}$/);
    expect(count).toMatchObject({ status: "counting", blind: false, expectedVisible: true, location: { code: "Z" }, totals: { lines: 2, counted: 0, uncounted: 2 } });
    expect(count.lines.map((l) => [l.locationCode, l.expectedQty, l.unitCost])).toEqual([
      ["Z-1", "5", "2.000000"],
      ["Z-2", "3", "2.000000"],
    ]);
    expect(count.transitions.find((t) => t.name === "review")?.blockedReason).toBe("Count at least one line first.");
    // The whole warehouse: A and the zone's bins, never WH2's C.
    const whole = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id }));
    expect(whole.lines.filter((l) => l.itemId === item.id).map((l) => l.locationCode)).toEqual(["A", "Z-1", "Z-2"]);
    // A location code range.
    const ranged = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationCodeFrom: "Z-2", locationCodeTo: "Z-9" }));
    expect(ranged.lines.map((l) => l.locationCode)).toEqual(["Z-2"]);
    // Another warehouse's location and an empty scope are refused on their fields.
    expect(await failure(room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.second.c }))).toMatchObject({
      code: "BAD_REQUEST", fields: { locationId: ["Choose a location of WH1"] },
    });
    expect(await failure(room.owner.inventory.counts.create({ warehouseId: room.main.id, locationCodeFrom: "Y", locationCodeTo: "Y" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { locationCodeFrom: ["Nothing to count here: no stock level in this scope"] },
    });
  });

  it("audits every snapshot line once, and lets a large snapshot take longer than a plain call", async () => {
    const item = await makeItem(room);
    await receive(item.id, bin1, "4");
    await receive(item.id, bin2, "6");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: zone }));
    const lines = count.lines.filter((l) => l.itemId === item.id);
    const events = await systemDb().$queryRaw<{ recordId: string; operation: string; expected: unknown; actorId: string | null }[]>`
      select record_id as "recordId", operation, changes -> 'expected_qty' -> 'new' as expected, actor_id::text as "actorId"
        from audit.events where organization_id = ${room.org.id}::uuid and table_name = 'inventory.stock_count_lines'
         and record_id = any(${lines.map((l) => l.id)}::text[]) order by record_id`;
    expect(events.map((e) => [e.recordId, e.operation, e.expected, e.actorId])).toEqual(
      [...lines].sort((a, b) => a.id.localeCompare(b.id)).map((l) => [l.id, "INSERT", Number(l.expectedQty), room.ownerId]),
    );
    // inventory.counts.create's transaction may run CREATE_COUNT_TIMEOUT_MS (a zone's snapshot), not the default 30 s.
    expect((appRouter._def.procedures as unknown as Record<string, { _def: { meta?: unknown } }>)["inventory.counts.create"]!._def.meta).toEqual({
      transactionTimeoutMs: CREATE_COUNT_TIMEOUT_MS,
    });
  });

  it("narrows the snapshot to a category and its subcategories", async () => {
    const tools = await room.owner.inventory.categories.create({ code: `T-${Date.now()}`, name: "Tools" });
    const drills = await room.owner.inventory.categories.create({ code: `D-${Date.now()}`, name: "Drills", parentId: tools.id });
    const other = await room.owner.inventory.categories.create({ code: `O-${Date.now()}`, name: "Other" });
    const hammer = await makeItem(room, { categoryId: tools.id });
    const drill = await makeItem(room, { categoryId: drills.id });
    const cup = await makeItem(room, { categoryId: other.id });
    for (const i of [hammer, drill, cup]) await receive(i.id, room.main.b, "2");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, categoryId: tools.id }));
    expect(count.lines.map((l) => l.sku).sort()).toEqual([hammer.sku, drill.sku].sort());
    expect(count.category).toMatchObject({ id: tools.id, name: "Tools" });
    // A line for found stock must be an item of the category, at a covered location.
    expect(await failure(room.owner.inventory.counts.addLine({ id: count.id, itemId: cup.id, locationId: room.main.a, countedQty: "1" }))).toMatchObject({
      code: "BAD_REQUEST", fields: { itemId: [`${cup.sku} is not in Tools`] },
    });
    expect(await failure(room.owner.inventory.counts.addLine({ id: count.id, itemId: hammer.id, locationId: room.second.c, countedQty: "1" }))).toMatchObject({
      fields: { locationId: ["Choose a location this count covers"] },
    });
    expect(await failure(room.owner.inventory.counts.addLine({ id: count.id, itemId: hammer.id, locationId: room.main.b, countedQty: "1" }))).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("blind count: no procedure returns expected quantities, on hand or differences until review", async () => {
    const item = await makeItem(room);
    await receive(item.id, room.main.a, "10");
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: room.main.a, blind: true }));
    const line = count.lines.find((l) => l.itemId === item.id)!;
    expect(count.expectedVisible).toBe(false);
    expect(line).toMatchObject({ expectedQty: null, onHandQty: null, difference: null, snapshotDifference: null, valueImpact: null, unitCost: null });
    expect(count.totals).toMatchObject({ withDifference: null, valueImpact: null });
    const entered = await c.setCounted({ id: count.id, lineId: line.id, countedQty: "8" });
    expect(entered).toMatchObject({ countedQty: "8", expectedQty: null, difference: null });
    expect(JSON.stringify(await withLines(c, c.get({ id: count.id })))).not.toContain('"expectedQty":"10"');
    const listed = await c.list({ perPage: 50 });
    expect(listed.rows.find((r) => r.id === count.id)).toMatchObject({ blind: true, countedCount: 1, differenceCount: null });
    // In review the differences show.
    const reviewed = await withLines(c, c.review({ id: count.id, version: 1 }));
    expect(reviewed.lines.find((l) => l.id === line.id)).toMatchObject({ expectedQty: "10", onHandQty: "10", difference: "-2", snapshotDifference: "-2", valueImpact: "-4.00" });
    expect((await c.list({ perPage: 50 })).rows.find((r) => r.id === count.id)).toMatchObject({ differenceCount: 1 });
    // Counting is closed in review; back to counting hides them again.
    expect((await failure(c.setCounted({ id: count.id, lineId: line.id, countedQty: "9" }))).code).toBe("PRECONDITION_FAILED");
    const reopened = await withLines(c, c.reopen({ id: count.id, version: 2 }));
    expect(reopened.lines.find((l) => l.id === line.id)).toMatchObject({ expectedQty: null, countedQty: "8" });
  });

  it("a found item with variants is added as one of its variants, and its stock posts to that variant", async () => {
    const shirt = await makeItem(room);
    const large = await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${shirt.sku}-L`, attributes: { size: "L" } });
    const stranger = await makeItem(room);
    const alien = await room.owner.inventory.variants.create({ itemId: stranger.id, sku: `${stranger.sku}-Z`, attributes: { size: "Z" } });
    const c = room.owner.inventory.counts;
    const count = await c.create({ warehouseId: room.main.id, locationId: zone });
    const found = { id: count.id, itemId: shirt.id, locationId: bin2, countedQty: "3" };
    expect(await failure(c.addLine(found))).toMatchObject({ code: "BAD_REQUEST", fields: { variantId: [`${shirt.sku} has variants: choose one`] } });
    expect(await failure(c.addLine({ ...found, variantId: alien.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { variantId: [`Choose a variant of ${shirt.sku}`] } });
    expect(await c.addLine({ ...found, variantId: large.id })).toMatchObject({ added: true, variantSku: `${shirt.sku}-L`, countedQty: "3" });
    const reviewed = await c.review({ id: count.id, version: count.version });
    await c.post({ id: count.id, version: reviewed.version });
    const levels = await systemDb().stockLevel.findMany({ where: { organizationId: room.org.id, itemId: shirt.id }, select: { variantId: true, locationId: true, onHandQty: true } });
    expect(levels.map((l) => [l.variantId, l.locationId, l.onHandQty.toString()])).toEqual([[large.id, bin2, "3"]]);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("posts the differences as count moves: levels equal the counted quantities; a second post is refused", async () => {
    const item = await makeItem(room);
    const found = await makeItem(room);
    await receive(item.id, bin1, "5", "3");
    await receive(item.id, bin2, "4", "3");
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: zone }));
    const [l1, l2] = count.lines.filter((l) => l.itemId === item.id);
    await c.setCounted({ id: count.id, lineId: l1!.id, countedQty: "7" });
    await c.setCounted({ id: count.id, lineId: l2!.id, countedQty: "4" });
    const added = await c.addLine({ id: count.id, itemId: found.id, locationId: bin2, countedQty: "2" });
    expect(added).toMatchObject({ added: true, expectedQty: "0", countedQty: "2", difference: "2" });
    // Stock moves after the snapshot: the review shows both the snapshot difference and the posting difference.
    await room.owner.inventory.stock.issue({ itemId: item.id, locationId: bin1, quantity: "1" });
    const reviewed = await withLines(c, c.review({ id: count.id, version: 1 }));
    const r1 = reviewed.lines.find((l) => l.id === l1!.id)!;
    expect(r1).toMatchObject({ expectedQty: "5", countedQty: "7", snapshotDifference: "2", onHandQty: "4", difference: "3", unitCost: "3.000000", valueImpact: "9.00" });
    expect(reviewed.totals).toMatchObject({ lines: count.lines.length + 1, withDifference: 2 });
    const posted = await withLines(c, c.post({ id: count.id, version: 2 }));
    expect(posted).toMatchObject({ status: "posted", version: 3 });
    expect((await level(room.org.id, item.id, bin1)).on_hand).toBe("7.0000");
    expect((await level(room.org.id, item.id, bin2)).on_hand).toBe("4.0000");
    expect((await level(room.org.id, found.id, bin2)).on_hand).toBe("2.0000");
    expect(posted.lines.find((l) => l.id === l1!.id)).toMatchObject({ onHandQty: "4", difference: "3" });
    expect(posted.lines.find((l) => l.id === l2!.id)).toMatchObject({ difference: "0", moveId: null });
    const moves = await systemDb().stockMove.findMany({ where: { organizationId: room.org.id, sourceDocumentId: count.id }, orderBy: { createdAt: "asc" } });
    expect(moves.map((m) => [m.moveType, m.sourceDocumentType, m.quantity.toString()]).sort()).toEqual([
      ["count", "inventory.stock_count", "2"],
      ["count", "inventory.stock_count", "3"],
    ]);
    const ledger = await room.owner.inventory.stock.ledger({ itemId: item.id });
    expect(ledger.rows.some((r) => r.moveType === "count" && r.sourceDocumentId === count.id)).toBe(true);
    expect(await failure(c.post({ id: count.id, version: 3 }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await failure(c.cancel({ id: count.id, version: 3, reason: "x" }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: room.org.id, entityId: count.id }, orderBy: { createdAt: "asc" }, select: { toStatus: true } });
    expect(history.map((h) => h.toStatus)).toEqual(["review", "posted"]);
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("posts all or nothing: a refused line leaves no move, the levels and the count in review", async () => {
    const a = await makeItem(room);
    const b = await makeItem(room);
    await receive(a.id, room.main.b, "5");
    await receive(b.id, room.main.b, "5");
    await room.owner.inventory.stock.reserve({ itemId: b.id, locationId: room.main.b, quantity: "4" });
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: room.main.b }));
    for (const l of count.lines.filter((x) => x.itemId === a.id || x.itemId === b.id)) await c.setCounted({ id: count.id, lineId: l.id, countedQty: "1" });
    await c.review({ id: count.id, version: 1 });
    const bLine = count.lines.find((l) => l.itemId === b.id)!;
    const r = await failure(c.post({ id: count.id, version: 2 }));
    expect(r.code).toBe("BAD_REQUEST");
    expect(r.fields?.[`lines.${bLine.lineNo - 1}.countedQty`]?.[0]).toContain(`Line ${bLine.lineNo}: Not enough ${b.sku}`);
    expect(await withLines(c, c.get({ id: count.id }))).toMatchObject({ status: "review", version: 2 });
    expect((await level(room.org.id, a.id, room.main.b)).on_hand).toBe("5.0000");
    expect(await systemDb().stockMove.count({ where: { organizationId: room.org.id, sourceDocumentId: count.id } })).toBe(0);
    // Cancelled with a reason.
    expect(await failure(c.cancel({ id: count.id, version: 2, reason: "" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await c.cancel({ id: count.id, version: 2, reason: "Recount tomorrow" })).toMatchObject({ status: "cancelled", transitions: [] });
  });

  it("counts lots: a snapshot line per lot, a found lot is added and created on posting", async () => {
    const item = await makeItem(room, { lotControl: true });
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.b, quantity: "6", unitCost: "4", lotNumber: "L1" });
    const c = room.owner.inventory.counts;
    const count = await withLines(c, c.create({ warehouseId: room.main.id, locationId: room.main.b }));
    const l1 = count.lines.find((l) => l.itemId === item.id)!;
    expect(l1).toMatchObject({ lotNumber: "L1", expectedQty: "6" });
    await c.setCounted({ id: count.id, lineId: l1.id, countedQty: "5" });
    expect(await failure(c.addLine({ id: count.id, itemId: item.id, locationId: room.main.b, countedQty: "2" }))).toMatchObject({
      fields: { lotNumber: [`${item.sku} is lot-controlled: enter the lot number`] },
    });
    await c.addLine({ id: count.id, itemId: item.id, locationId: room.main.b, lotNumber: "L2", countedQty: "2" });
    // Clearing an entry makes the line uncounted again; entering it again counts it.
    await c.setCounted({ id: count.id, lineId: l1.id, countedQty: null });
    expect((await withLines(c, c.get({ id: count.id }))).lines.find((l) => l.id === l1.id)).toMatchObject({ countedQty: null, difference: null });
    await c.setCounted({ id: count.id, lineId: l1.id, countedQty: "5" });
    const reviewed = await withLines(c, c.review({ id: count.id, version: 1 }));
    expect(reviewed.lines.filter((l) => l.itemId === item.id).map((l) => [l.lotNumber, l.difference, l.valueImpact])).toEqual([
      ["L1", "-1", "-4.00"],
      ["L2", "2", "8.00"],
    ]);
    await c.post({ id: count.id, version: 2 });
    const lots = await systemDb().lot.findMany({ where: { organizationId: room.org.id, itemId: item.id }, orderBy: { lotNumber: "asc" }, select: { id: true, lotNumber: true } });
    expect(lots.map((l) => l.lotNumber)).toEqual(["L1", "L2"]);
    expect((await level(room.org.id, item.id, room.main.b, lots[0]!.id)).on_hand).toBe("5.0000");
    expect((await level(room.org.id, item.id, room.main.b, lots[1]!.id)).on_hand).toBe("2.0000");
    expect(await differences(room.org.id)).toEqual([]);
    // The lot's trace names the count as the document behind its count move.
    const trace = await room.owner.inventory.trace.lot({ id: lots[0]!.id });
    expect(trace.moves.map((m) => [m.moveType, m.sourceDocumentType, m.sourceDocumentNumber])).toEqual([
      ["receipt", null, null],
      ["count", "inventory.stock_count", count.number],
    ]);
  });

  it("is invisible across organizations and outside the member's workspaces; counting needs inventory.stock.adjust", async () => {
    const item = await makeItem(room);
    await receive(item.id, room.main.a, "1");
    const count = await withLines(room.owner.inventory.counts, room.owner.inventory.counts.create({ warehouseId: room.main.id, locationId: room.main.a }));
    const other = await stockroom();
    expect((await failure(other.owner.inventory.counts.get({ id: count.id }))).code).toBe("NOT_FOUND");
    expect((await failure(other.owner.inventory.counts.setCounted({ id: count.id, lineId: count.lines[0]!.id, countedQty: "1" }))).code).toBe("NOT_FOUND");
    expect((await failure(other.owner.inventory.counts.create({ warehouseId: room.main.id }))).code).toBe("NOT_FOUND");
    // A member of the second workspace only: neither the count nor the main warehouse.
    const branch = await makeUser(room.org, { roles: ["owner"], workspaces: ["second"] });
    const bc = await callerFor(branch.id, { org: room.org.slug });
    expect((await failure(bc.inventory.counts.get({ id: count.id }))).code).toBe("NOT_FOUND");
    expect((await failure(bc.inventory.counts.post({ id: count.id, version: 1 }))).code).toBe("NOT_FOUND");
    expect((await bc.inventory.counts.list({ perPage: 50 })).rows.some((r) => r.id === count.id)).toBe(false);
    // A viewer reads, but cannot count.
    const viewer = await makeUser(room.org, { roles: ["viewer"] });
    const vc = await callerFor(viewer.id, { org: room.org.slug });
    expect((await withLines(vc.inventory.counts, vc.inventory.counts.get({ id: count.id }))).number).toBe(count.number);
    expect((await failure(vc.inventory.counts.setCounted({ id: count.id, lineId: count.lines[0]!.id, countedQty: "1" }))).code).toBe("FORBIDDEN");
  });
});
