// Stock reports and the lot / serial trace: grouping sums equal the levels, location and category subtrees, valuation
// as of a past date against a hand-computed ledger sum (and the organization's time zone), the trace of a lot through
// transfers and reversals, the exports (content and audit), cross-organization ids and workspace visibility.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream } from "@/server/kernel/export/service";
import { withConnection } from "../helpers/db";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeUser, sessionClaim } from "../helpers/factory";
import { failure, makeItem, stockroom, type Caller, type Stockroom } from "./helpers";

type StockInput = Parameters<Caller["inventory"]["reports"]["stock"]>[0];
const enumF = (...values: string[]) => ({ type: "enum" as const, values });
const textF = (value: string) => ({ type: "text" as const, value });

async function allStockRows(c: Caller, input: Omit<StockInput, "perPage" | "cursor">) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await c.inventory.reports.stock({ ...input, perPage: 2, cursor });
    out.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function levelSums(orgId: string) {
  return withConnection("system", async (c) => {
    const { rows } = await c.query<{ on_hand: string; reserved: string }>(
      `select coalesce(sum(on_hand_qty), 0)::numeric(20,4)::text as on_hand, coalesce(sum(reserved_qty), 0)::numeric(20,4)::text as reserved from inventory.stock_levels where organization_id = $1`,
      [orgId],
    );
    return rows[0]!;
  });
}

describe("inventory reports", () => {
  let room: Stockroom;
  let lotted: { id: string; sku: string };
  let plain: { id: string; sku: string };
  let other: { id: string; sku: string };
  let parentCat: string;
  let childCat: string;
  let bin: { id: string };
  let receiptMove: string;

  beforeAll(async () => {
    room = await stockroom();
    const o = room.owner;
    parentCat = (await o.inventory.categories.create({ code: "RAW", name: "Raw" })).id;
    childCat = (await o.inventory.categories.create({ code: "RAW-STEEL", name: "Steel", parentId: parentCat })).id;
    lotted = await makeItem(room, { sku: `AA-LOT-${Date.now()}`, lotControl: true, categoryId: childCat });
    plain = await makeItem(room, { sku: `BB-PLAIN-${Date.now()}`, categoryId: parentCat });
    other = await makeItem(room, { sku: `CC-OTHER-${Date.now()}` });
    // A bin beneath A (location subtree).
    bin = await o.inventory.locations.create({ warehouseId: room.main.id, parentId: room.main.a, code: "A-1", kind: "bin" });

    // Lot L1: 10 @ 2.00 on 2026-01-10 into A; 4 moved to B on 2026-01-12; 1 issued from B on 2026-01-15.
    receiptMove = (await o.inventory.stock.receive({ itemId: lotted.id, locationId: room.main.a, quantity: "10", unitCost: "2", lotNumber: "L1", movedAt: new Date("2026-01-10T10:00:00Z") })).id;
    await o.inventory.stock.transfer({ itemId: lotted.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "4", lotNumber: "L1", movedAt: new Date("2026-01-12T10:00:00Z") });
    await o.inventory.stock.issue({ itemId: lotted.id, locationId: room.main.b, quantity: "1", lotNumber: "L1", movedAt: new Date("2026-01-15T10:00:00Z") });
    // Lot L2: 5 @ 4.00 into the sub-bin A-1 on 2026-02-01; reversed receipt of 2 @ 4.00 (received then reversed).
    await o.inventory.stock.receive({ itemId: lotted.id, locationId: bin.id, quantity: "5", unitCost: "4", lotNumber: "L2", movedAt: new Date("2026-02-01T10:00:00Z") });
    const wrong = await o.inventory.stock.receive({ itemId: lotted.id, locationId: bin.id, quantity: "2", unitCost: "4", lotNumber: "L1", movedAt: new Date("2026-02-02T10:00:00Z") });
    await o.inventory.stock.reverse({ moveId: wrong.id, note: "wrong lot" });
    // Plain: 3 @ 10 in A, reserve 1; other item in the second workspace's warehouse: 7 @ 1.
    await o.inventory.stock.receive({ itemId: plain.id, locationId: room.main.a, quantity: "3", unitCost: "10", movedAt: new Date("2026-01-20T10:00:00Z") });
    await o.inventory.stock.reserve({ itemId: plain.id, locationId: room.main.a, quantity: "1" });
    await o.inventory.stock.receive({ itemId: other.id, locationId: room.second.c, quantity: "7", unitCost: "1", movedAt: new Date("2026-01-05T10:00:00Z") });
  });

  it("each grouping's sums equal the levels (on hand and reserved), across keyset pages", async () => {
    const levels = await levelSums(room.org.id);
    for (const group of ["item", "location", "lot"]) {
      const rows = await allStockRows(room.owner, { filters: { group: enumF(group) } });
      const onHand = rows.reduce((s, r) => s + Number(r.onHand), 0);
      const reserved = rows.reduce((s, r) => s + Number(r.reserved), 0);
      expect({ group, onHand, reserved }).toEqual({ group, onHand: Number(levels.on_hand), reserved: Number(levels.reserved) });
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      const totals = await room.owner.inventory.reports.stockTotals({ filters: { group: enumF(group) }, perPage: 50 });
      expect(Number(totals.onHand)).toBe(onHand);
      expect(totals.groups).toBe(rows.length);
      expect(totals.value).toBe(rows.reduce((s, r) => s + Number(r.value), 0).toFixed(2));
    }
    const byItem = await allStockRows(room.owner, { filters: { group: enumF("item") } });
    const lot = byItem.find((r) => r.itemId === lotted.id)!;
    // 10 − 1 + 5 = 14 on hand (the receipt of 2 and its reversal cancel out).
    expect(lot.onHand).toBe("14");
    const byLot = await allStockRows(room.owner, { filters: { group: enumF("lot") } });
    expect(byLot.filter((r) => r.itemId === lotted.id).map((r) => [r.lotNumber, r.onHand])).toEqual([["L1", "9"], ["L2", "5"]]);
    const byLocation = await allStockRows(room.owner, { filters: { group: enumF("location") } });
    expect(byLocation.filter((r) => r.itemId === lotted.id).map((r) => [r.locationCode, r.onHand])).toEqual([["A", "6"], ["A-1", "5"], ["B", "3"]]);
    const plainRow = byItem.find((r) => r.itemId === plain.id)!;
    expect([plainRow.onHand, plainRow.reserved, plainRow.available, plainRow.unitCost, plainRow.value]).toEqual(["3", "1", "2", "10.000000", "30.00"]);
  });

  it("the location and lot pages (driven by locations / items) equal the totals' grouped scan under every filter, in key order", async () => {
    const filterSets: Record<string, ReturnType<typeof enumF> | ReturnType<typeof textF>>[] = [
      {},
      { warehouse: enumF(room.main.id) },
      { category: enumF(parentCat) },
      { lot: textF("L") },
      { stock: enumF("inStock") },
      { location: enumF(room.main.a), stock: enumF("inStock") },
      { warehouse: enumF(room.main.id), category: enumF(childCat), lot: textF("L1") },
    ];
    for (const group of ["location", "lot"]) {
      for (const filters of filterSets) {
        const input = { filters: { ...filters, group: enumF(group) } };
        const rows = await allStockRows(room.owner, input);
        const totals = await room.owner.inventory.reports.stockTotals({ ...input, perPage: 50 });
        const label = JSON.stringify({ group, filters: Object.keys(filters) });
        expect({ label, groups: rows.length, onHand: rows.reduce((s, r) => s + Number(r.onHand), 0), value: rows.reduce((s, r) => s + Number(r.value), 0).toFixed(2) })
          .toEqual({ label, groups: totals.groups, onHand: Number(totals.onHand), value: totals.value });
        const keys = rows.map((r) => (group === "location" ? [r.warehouseCode, r.locationCode, r.locationId, r.sku] : [r.sku, r.itemId, r.lotNumber ?? ""]).join("\u0000"));
        expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    }
    // The lot filter keeps the levels of lot L1 only: A-1's L1 level (the reversed receipt) shows at 0, not with inStock.
    const l1 = await allStockRows(room.owner, { filters: { group: enumF("location"), lot: textF("L1") } });
    expect(l1.map((r) => [r.locationCode, r.onHand])).toEqual([["A", "6"], ["A-1", "0"], ["B", "3"]]);
    const l1InStock = await allStockRows(room.owner, { filters: { group: enumF("location"), lot: textF("L1"), stock: enumF("inStock") } });
    expect(l1InStock.map((r) => r.locationCode)).toEqual(["A", "B"]);
  });

  it("filters: location and category subtrees, warehouse, lot, item, status, only with stock", async () => {
    const underA = await allStockRows(room.owner, { filters: { group: enumF("location"), location: enumF(room.main.a) } });
    expect(new Set(underA.map((r) => r.locationCode))).toEqual(new Set(["A", "A-1"]));
    const raw = await allStockRows(room.owner, { filters: { category: enumF(parentCat) } });
    expect(raw.map((r) => r.itemId).sort()).toEqual([lotted.id, plain.id].sort());
    const steel = await allStockRows(room.owner, { filters: { category: enumF(childCat) } });
    expect(steel.map((r) => r.itemId)).toEqual([lotted.id]);
    const second = await allStockRows(room.owner, { filters: { warehouse: enumF(room.second.id) } });
    expect(second.map((r) => r.itemId)).toEqual([other.id]);
    const l2 = await allStockRows(room.owner, { filters: { group: enumF("lot"), lot: textF("L2") } });
    expect(l2.map((r) => [r.lotNumber, r.onHand])).toEqual([["L2", "5"]]);
    expect((await allStockRows(room.owner, { filters: { item: enumF(plain.id) } })).map((r) => r.itemId)).toEqual([plain.id]);
    expect(await allStockRows(room.owner, { filters: { status: enumF("obsolete") } })).toEqual([]);
    expect((await allStockRows(room.owner, { q: plain.sku })).map((r) => r.itemId)).toEqual([plain.id]);
    // Issue everything of "other": its level stays at 0 and shows without "only with stock", not with it.
    await room.owner.inventory.stock.issue({ itemId: other.id, locationId: room.second.c, quantity: "7" });
    expect((await allStockRows(room.owner, { filters: { item: enumF(other.id) } })).map((r) => r.onHand)).toEqual(["0"]);
    expect(await allStockRows(room.owner, { filters: { item: enumF(other.id), stock: enumF("inStock") } })).toEqual([]);
    await room.owner.inventory.stock.receive({ itemId: other.id, locationId: room.second.c, quantity: "7", unitCost: "1", movedAt: new Date() });
    expect((await failure(room.owner.inventory.reports.stock({ filters: { group: enumF("bin") }, perPage: 5 }))).fields).toHaveProperty(["filters.group"]);
    expect((await failure(room.owner.inventory.reports.stock({ filters: { lot: enumF("x") }, perPage: 5 }))).code).toBe("BAD_REQUEST");
  });

  it("valuation as of a past date equals the hand-computed ledger sum and differs from today after later moves", async () => {
    const v = (asOf?: string, group = "item", extra: Record<string, unknown> = {}) =>
      room.owner.inventory.reports.valuation({ filters: { group: enumF(group), ...(asOf ? { asOf: textF(asOf) } : {}), ...extra }, perPage: 50 });
    // End of 2026-01-12: the lot's receipt (10 @ 2 = 20.00) and the transfer (value 0); "other" 7 @ 1.
    const jan12 = await v("2026-01-12");
    expect(jan12.rows.map((r) => [r.id, r.quantity, r.value])).toEqual([
      [lotted.id, "10", "20.00"],
      [other.id, "7", "7.00"],
    ]);
    // By warehouse at that moment: MAIN holds 10 (6 in A, 4 in B), value 20 (the transfer carries 4 × 2 from A to B).
    const wh = await v("2026-01-12", "warehouse");
    expect(wh.rows.find((r) => r.id === room.main.id)).toMatchObject({ quantity: "10", value: "20.00" });
    // Today = Σ ledger = the levels and the cost rows.
    const today = await v();
    const ledger = await withConnection("system", async (c) =>
      (await c.query<{ item_id: string; q: string; value: string }>(
        `select item_id::text, sum(case when from_location_id is null then quantity when to_location_id is null then -quantity else 0 end)::numeric(20,4)::text as q,
                sum(value)::numeric(20,2)::text as value from inventory.stock_moves where organization_id = $1 group by item_id`, [room.org.id])).rows,
    );
    for (const l of ledger) {
      const row = today.rows.find((r) => r.id === l.item_id)!;
      expect([Number(row.quantity), row.value]).toEqual([Number(l.q), l.value]);
    }
    const costs = await systemDb().itemCost.findMany({ where: { organizationId: room.org.id } });
    for (const c of costs) expect(today.rows.find((r) => r.id === c.itemId)?.value ?? "0.00").toBe(c.value.toFixed(2));
    const levels = await levelSums(room.org.id);
    const totalsToday = await room.owner.inventory.reports.valuationTotals({ filters: {}, perPage: 50 });
    expect(Number(totalsToday.quantity)).toBe(Number(levels.on_hand));
    expect(totalsToday.value).toBe(today.rows.reduce((s, r) => s + Number(r.value), 0).toFixed(2));
    expect((await v("2026-01-12")).rows).not.toEqual(today.rows);
    // Category grouping (subtree filter): the parent category holds "plain", the child the lotted item.
    const cats = await v(undefined, "category", { category: enumF(parentCat) });
    expect(cats.rows.map((r) => r.id).sort()).toEqual([parentCat, childCat].sort());
    // By item with a category subtree (its categories' SKU ranges merged), across keyset pages of one row: the
    // unfiltered rows of the subtree's items, in SKU order.
    for (const asOf of [undefined, "2026-01-20"]) {
      const expected = (await v(asOf)).rows.filter((r) => r.id === lotted.id || r.id === plain.id);
      const paged = [];
      let cursor: string | undefined;
      do {
        const page = await room.owner.inventory.reports.valuation({ filters: { category: enumF(parentCat), ...(asOf ? { asOf: textF(asOf) } : {}) }, perPage: 1, cursor });
        paged.push(...page.rows);
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(expected);
      expect(paged.length).toBe(2);
    }
    // A date before every move: nothing.
    expect((await v("2025-12-31")).rows).toEqual([]);
    expect((await failure(v("2026-02-30"))).fields).toHaveProperty(["filters.asOf"]);
  });

  it("the day ends in the organization's time zone", async () => {
    const r = await stockroom();
    const item = await makeItem(r);
    // 20:30 UTC on 10 March = 01:30 on 11 March in Almaty (UTC+5).
    await r.owner.inventory.stock.receive({ itemId: item.id, locationId: r.main.a, quantity: "2", unitCost: "3", movedAt: new Date("2026-03-10T20:30:00Z") });
    const asOf = (d: string) => r.owner.inventory.reports.valuation({ filters: { asOf: textF(d) }, perPage: 10 });
    expect((await asOf("2026-03-10")).rows.map((x) => x.value)).toEqual(["6.00"]);
    await systemDb().organization.update({ where: { id: r.org.id }, data: { timeZone: "Asia/Almaty" } });
    expect((await asOf("2026-03-10")).rows).toEqual([]);
    expect((await asOf("2026-03-11")).rows.map((x) => x.value)).toEqual(["6.00"]);
    // `inventory.valuation` (the issue's contract name) is the same report.
    expect(await r.owner.inventory.valuation({ filters: { asOf: textF("2026-03-11") }, perPage: 10 })).toEqual(await asOf("2026-03-11"));
  });

  it("the trace lists every move of a lot: receipt, transfer, issue, the reversed receipt and its reversal", async () => {
    const found = await room.owner.inventory.trace.find({ kind: "lot", number: "L1" });
    expect(found.matches.map((m) => [m.itemId, m.number])).toEqual([[lotted.id, "L1"]]);
    const t = await room.owner.inventory.trace.lot({ id: found.matches[0]!.id });
    expect(t.item.id).toBe(lotted.id);
    expect(t.moves.map((m) => [m.moveType, m.fromLocationCode, m.toLocationCode, m.quantity])).toEqual([
      ["receipt", null, "A", "10"],
      ["transfer", "A", "B", "4"],
      ["issue", "B", null, "1"],
      ["receipt", null, "A-1", "2"],
      ["receipt", "A-1", null, "2"],
    ]);
    expect(t.moves[0]!.id).toBe(receiptMove);
    expect(t.moves[3]!.reversedByMoveId).toBe(t.moves[4]!.id);
    expect(t.moves[4]!.reversalOfMoveId).toBe(t.moves[3]!.id);
    expect(t.levels.map((l) => [l.locationCode, l.onHand])).toEqual([["A", "6"], ["B", "3"]]);
    // Two items may each have a lot "SHARED": the search offers both.
    const again = await makeItem(room, { lotControl: true });
    await room.owner.inventory.stock.receive({ itemId: again.id, locationId: room.main.a, quantity: "1", unitCost: "1", lotNumber: "L1" });
    expect((await room.owner.inventory.trace.find({ kind: "lot", number: "L1" })).matches).toHaveLength(2);
  });

  it("the trace of a serial and of a document's moves names the source document", async () => {
    const s = await makeItem(room, { serialControl: true });
    await room.owner.inventory.stock.receive({ itemId: s.id, locationId: room.main.a, quantity: "1", unitCost: "50", serialNumber: "SN-1" });
    const doc = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: s.id, fromLocationId: room.main.a, toLocationId: room.main.b, serialNumber: "SN-1", quantity: "1" }] });
    await room.owner.inventory.transfers.post({ id: doc.id, version: doc.version });
    const [match] = (await room.owner.inventory.trace.find({ kind: "serial", number: "SN-1" })).matches;
    const t = await room.owner.inventory.trace.serial({ id: match!.id });
    expect(t.status).toBe("in_stock");
    expect(t.levels.map((l) => l.locationCode)).toEqual(["B"]);
    expect(t.moves.map((m) => [m.moveType, m.sourceDocumentType, m.sourceDocumentNumber])).toEqual([
      ["receipt", null, null],
      ["transfer", "inventory.stock_transfer", doc.number],
    ]);
    expect(t.variantSku).toBeNull();
    // A serial of an item with variants names the variant it is stock of.
    const phone = await makeItem(room, { serialControl: true });
    const blue = await room.owner.inventory.variants.create({ itemId: phone.id, sku: `${phone.sku}-BLUE`, attributes: { color: "blue" } });
    await room.owner.inventory.stock.receive({ itemId: phone.id, variantId: blue.id, locationId: room.main.a, quantity: "1", unitCost: "50", serialNumber: "SN-V" });
    const [v] = (await room.owner.inventory.trace.find({ kind: "serial", number: "SN-V" })).matches;
    expect(await room.owner.inventory.trace.serial({ id: v!.id })).toMatchObject({ variantSku: `${phone.sku}-BLUE`, status: "in_stock" });
  });

  it("exports the report with its filters and grouping, and audits the export", async () => {
    const input = { filters: { group: enumF("lot"), item: enumF(lotted.id) } };
    const x = await authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.stock", format: "csv", org: room.org.slug, ws: null, input: JSON.stringify(input) }, "req-stock-export");
    const csv = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer()).slice(1));
    expect(csv[0]).toEqual(["SKU", "Item", "Warehouse", "Location", "Lot", "Expires", "On hand", "Reserved", "Available", "Unit cost", "Value"]);
    expect(csv.slice(1).filter((r) => r.length > 1).map((r) => [r[0], r[4], r[6]])).toEqual([[lotted.sku, "L1", "9"], [lotted.sku, "L2", "5"]]);
    const v = await authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.valuation", format: "xlsx", org: room.org.slug, ws: null, input: JSON.stringify({ filters: { asOf: textF("2026-01-12") } }) }, "req-valuation-export");
    expect((await new Response(exportStream(v)).arrayBuffer()).byteLength).toBeGreaterThan(100);
    await expect.poll(async () =>
      withConnection("system", async (c) =>
        (await c.query<{ list: string; rows: number }>("select data->>'list' as list, (data->>'rows')::int as rows from audit.events where organization_id = $1 and action = 'export' order by created_at", [room.org.id])).rows,
      ),
    ).toEqual([{ list: "inventory.stock", rows: 2 }, { list: "inventory.valuation", rows: 2 }]);
  });

  it("a Russian-speaking user exports the stock report with Russian headers and the same cells", async () => {
    const user = await makeUser(room.org);
    await systemDb().user.update({ where: { id: user.id }, data: { locale: "ru" } });
    const input = JSON.stringify({ filters: { group: enumF("lot"), item: enumF(lotted.id) } });
    const [ru, en] = await Promise.all(
      [user.id, room.ownerId].map(async (id) => {
        const x = await authorizeExport(EXPORTS, await sessionClaim(id), { listKey: "inventory.stock", format: "csv", org: room.org.slug, ws: null, input }, "req-stock-ru");
        return parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer()).slice(1));
      }),
    );
    expect(ru![0]).toEqual(["Артикул", "Номенклатура", "Склад", "Ячейка", "Партия", "Годен до", "В наличии", "В резерве", "Доступно", "Себестоимость ед.", "Стоимость"]);
    expect(en![0]).toEqual(["SKU", "Item", "Warehouse", "Location", "Lot", "Expires", "On hand", "Reserved", "Available", "Unit cost", "Value"]);
    // Dot decimals and ISO dates stay as they are.
    expect(ru!.slice(1)).toEqual(en!.slice(1));
    expect(ru!.slice(1).filter((r) => r.length > 1).map((r) => [r[0], r[4], r[6]])).toEqual([[lotted.sku, "L1", "9"], [lotted.sku, "L2", "5"]]);
  });

  it("refuses a member without inventory.stock.read: FORBIDDEN on the procedures, 403 on the export", async () => {
    const user = await makeUser(room.org, { roles: ["sales"] });
    const clerk = await callerFor(user.id, { org: room.org.slug });
    expect((await failure(clerk.inventory.reports.stock({ perPage: 5 }))).code).toBe("FORBIDDEN");
    expect((await failure(clerk.inventory.reports.valuation({ perPage: 5 }))).code).toBe("FORBIDDEN");
    expect((await failure(clerk.inventory.trace.find({ kind: "lot", number: "L1" }))).code).toBe("FORBIDDEN");
    await expect(authorizeExport(EXPORTS, await sessionClaim(user.id), { listKey: "inventory.stock", format: "csv", org: room.org.slug, ws: null, input: null }, "req-forbidden")).rejects.toMatchObject({ status: 403 });
  });

  it("answers NOT_FOUND for another organization's lot and serial, and hides other workspaces' stock", async () => {
    const foreign = await stockroom();
    const fItem = await makeItem(foreign, { lotControl: true });
    await foreign.owner.inventory.stock.receive({ itemId: fItem.id, locationId: foreign.main.a, quantity: "1", unitCost: "1", lotNumber: "FX" });
    const [fLot] = (await foreign.owner.inventory.trace.find({ kind: "lot", number: "FX" })).matches;
    expect((await failure(room.owner.inventory.trace.lot({ id: fLot!.id }))).code).toBe("NOT_FOUND");
    expect((await failure(room.owner.inventory.trace.serial({ id: fLot!.id }))).code).toBe("NOT_FOUND");
    expect((await room.owner.inventory.trace.find({ kind: "lot", number: "FX" })).matches).toEqual([]);
    // A member of the second workspace only: none of MAIN's stock, in any report, nor the moves of its lots.
    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    const member = await callerFor(user.id, { org: room.org.slug });
    for (const group of ["item", "location", "lot"]) {
      const rows = await allStockRows(member, { filters: { group: enumF(group) } });
      expect(rows.map((r) => r.itemId)).toEqual([other.id]);
    }
    const val = await member.inventory.reports.valuation({ perPage: 50 });
    expect(val.rows.map((r) => r.id)).toEqual([other.id]);
    const wh = await member.inventory.reports.valuation({ filters: { group: enumF("warehouse") }, perPage: 50 });
    expect(wh.rows.map((r) => r.id)).toEqual([room.second.id]);
    const [l1] = (await member.inventory.trace.find({ kind: "lot", number: "L1" })).matches;
    const t = await member.inventory.trace.lot({ id: l1!.id });
    expect([t.levels, t.moves]).toEqual([[], []]);
  });
});
