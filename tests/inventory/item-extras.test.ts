// The item page's extras through inventory.*: variants (SKU space shared with items — held by the service and by the
// database —, update, archive, stock per variant), substitutes (never the item itself: the service and a check),
// where used, delete refused once used, the history of the item and its children, and the command palette's item
// search (barcode, SKU, name; tenant- and permission-scoped). Cross-organization ids answer NOT_FOUND.
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { callerFor, makeUser } from "../helpers/factory";
import { failure, makeItem, stockroom, type Stockroom } from "./helpers";

type Hits = { groups: { id: string; hits: { id: string; title: string; href: string; subtitle?: string }[] }[] };
const itemHits = (r: Hits) => r.groups.find((g) => g.id === "inventoryItems")?.hits ?? [];

describe("item extras", () => {
  let room: Stockroom;
  let other: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
    other = await stockroom();
  });

  it("keeps variant SKUs unique with items' SKUs, in the service and in the database", async () => {
    const item = await makeItem(room, { sku: "TEE" });
    const made = await room.owner.inventory.variants.createMany({
      itemId: item.id,
      variants: [
        { sku: "TEE-S", attributes: { size: "S" }, barcode: "2000000000011" },
        { sku: "TEE-M", attributes: { size: "M" }, priceDelta: "1.5" },
      ],
    });
    expect(made.variants.map((v) => v.sku)).toEqual(["TEE-S", "TEE-M"]);
    // A variant SKU that is an item's SKU, an item SKU that is a variant's, the same SKU twice in one batch.
    expect(await failure(room.owner.inventory.variants.create({ itemId: item.id, sku: "TEE", attributes: {} }))).toMatchObject({ code: "CONFLICT", fields: { sku: [expect.stringContaining("TEE")] } });
    expect(await failure(makeItem(room, { sku: "TEE-S" }))).toMatchObject({ code: "CONFLICT", fields: { sku: ["SKU TEE-S is already used by a variant of TEE"] } });
    expect(await failure(room.owner.inventory.variants.createMany({ itemId: item.id, variants: [{ sku: "TEE-L", attributes: {} }, { sku: "TEE-L", attributes: {} }] })))
      .toMatchObject({ code: "BAD_REQUEST", fields: { "variants.1.sku": [expect.stringContaining("twice")] } });
    // All or nothing: TEE-L was not kept.
    expect((await room.owner.inventory.variants.list({ itemId: item.id })).rows.map((v) => v.sku)).toEqual(["TEE-M", "TEE-S"]);
    // The database refuses the pair too, whoever writes (the trigger, beneath the service's check).
    const raw = await asApp({ orgId: room.org.id }, async (c) => {
      try {
        await c.query(`insert into inventory.variants (organization_id, id, item_id, sku) values ($1, uuidv7(), $2, 'TEE')`, [room.org.id, item.id]);
        return "inserted";
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(raw).toBe("23505");
    const rawItem = await asApp({ orgId: room.org.id }, async (c) => {
      try {
        await c.query(`update inventory.items set sku = 'TEE-M' where organization_id = $1 and id = $2`, [room.org.id, item.id]);
        return "updated";
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(rawItem).toBe("23505");
    // The check's lock is one of 1,024 buckets per organization, so one transaction may write 20,000 items (one lock
    // per SKU exhausted the shared lock table long before).
    const bulk = await asApp({ orgId: room.org.id }, async (c) => {
      const r = await c.query(
        `insert into inventory.items (organization_id, id, sku, name, base_unit_id)
         select $1, uuidv7(), 'BULK-' || g, 'Bulk ' || g, $2 from generate_series(1, 20000) g`,
        [room.org.id, item.baseUnitId],
      );
      return r.rowCount;
    });
    expect(bulk).toBe(20000);
    // Renaming a variant onto an item's SKU is refused; another organization may use the same SKUs.
    const m = (await room.owner.inventory.variants.list({ itemId: item.id })).rows.find((v) => v.sku === "TEE-M")!;
    expect(await failure(room.owner.inventory.variants.update({ id: m.id, version: m.version, sku: "TEE" }))).toMatchObject({ code: "CONFLICT", fields: { sku: [expect.any(String)] } });
    const foreign = await makeItem(other, { sku: "TEE-S" });
    expect(foreign.sku).toBe("TEE-S");
  });

  it("updates and archives variants with the version read; stock per variant from the levels", async () => {
    const item = await makeItem(room, { sku: `SHIRT-${Date.now()}` });
    const { variants } = await room.owner.inventory.variants.createMany({ itemId: item.id, variants: [{ sku: `${item.sku}-S`, attributes: { size: "S" } }, { sku: `${item.sku}-M`, attributes: { size: "M" } }] });
    const [s, m] = [variants[0]!, variants[1]!];
    await room.owner.inventory.stock.receive({ itemId: item.id, variantId: s.id, locationId: room.main.a, quantity: "5", unitCost: "2" });
    await room.owner.inventory.stock.receive({ itemId: item.id, variantId: s.id, locationId: room.second.c, quantity: "2", unitCost: "2" });
    await room.owner.inventory.stock.reserve({ itemId: item.id, variantId: s.id, locationId: room.main.a, quantity: "1" });
    const list = await room.owner.inventory.variants.list({ itemId: item.id });
    expect(list.rows.map((r) => [r.sku, r.onHand, r.available])).toEqual([[`${item.sku}-M`, "0", "0"], [`${item.sku}-S`, "7", "6"]]);
    // A member of the first workspace only sees that workspace's stock.
    const narrow = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] });
    const narrowCaller = await callerFor(narrow.id, { org: room.org.slug });
    expect((await narrowCaller.inventory.variants.list({ itemId: item.id })).rows.find((r) => r.id === s.id)).toMatchObject({ onHand: "5", available: "4" });

    const updated = await room.owner.inventory.variants.update({ id: m.id, version: 1, name: "Medium", priceDelta: "2.25", barcode: "2000000000028" });
    expect(updated).toMatchObject({ name: "Medium", priceDelta: "2.250000", barcode: "2000000000028", version: 2 });
    expect(await failure(room.owner.inventory.variants.update({ id: m.id, version: 1, name: "Stale" }))).toMatchObject({ code: "CONFLICT" });
    expect(await failure(room.owner.inventory.variants.update({ id: s.id, version: 1, barcode: "2000000000028" }))).toMatchObject({ code: "CONFLICT", fields: { barcode: [expect.any(String)] } });
    expect((await room.owner.inventory.variants.update({ id: m.id, version: 2, barcode: null })).barcode).toBeNull();
    const archived = await room.owner.inventory.variants.archive({ id: m.id });
    expect(archived.archivedAt).not.toBeNull();
    expect(await failure(room.owner.inventory.variants.update({ id: m.id, version: archived.version, name: "x" }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await room.owner.inventory.variants.archive({ id: m.id, archived: false })).archivedAt).toBeNull();
    // items.get lists them too.
    expect((await room.owner.inventory.items.get({ id: item.id })).variants).toHaveLength(2);
  });

  it("refuses an item as its own substitute (service and database), keeps one row per pair, lists substitutes' stock", async () => {
    const item = await makeItem(room);
    const sub = await makeItem(room, { name: "Spare widget" });
    expect(await failure(room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: item.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { substituteItemId: ["An item cannot be its own substitute"] } });
    expect(await failure(room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: sub.id, conversionFactor: "0" }))).toMatchObject({ code: "BAD_REQUEST" });
    const added = await room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: sub.id, kind: "preferred", conversionFactor: "2", notes: "Same thread" });
    expect(added).toMatchObject({ sku: sub.sku, kind: "preferred", conversionFactor: "2.000000", onHand: "0" });
    expect(await failure(room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: sub.id }))).toMatchObject({ code: "CONFLICT", fields: { substituteItemId: [expect.stringContaining("already")] } });
    await room.owner.inventory.stock.receive({ itemId: sub.id, locationId: room.main.a, quantity: "4", unitCost: "1" });
    expect((await room.owner.inventory.substitutes.list({ itemId: item.id })).rows).toMatchObject([{ substituteItemId: sub.id, onHand: "4", available: "4" }]);
    const changed = await room.owner.inventory.substitutes.update({ id: added.id, version: 1, kind: "emergency", conversionFactor: "1.5" });
    expect(changed).toMatchObject({ kind: "emergency", conversionFactor: "1.500000", version: 2 });
    expect(await failure(room.owner.inventory.substitutes.update({ id: added.id, version: 1, kind: "acceptable" }))).toMatchObject({ code: "CONFLICT" });
    // The database holds the rules for any writer.
    for (const [sql, params] of [
      [`insert into inventory.item_substitutes (organization_id, id, item_id, substitute_item_id) values ($1, uuidv7(), $2, $2)`, [room.org.id, item.id]],
      [`insert into inventory.item_substitutes (organization_id, id, item_id, substitute_item_id, conversion_factor) values ($1, uuidv7(), $2, $3, 0)`, [room.org.id, sub.id, item.id]],
    ] as const) {
      const code = await asApp({ orgId: room.org.id }, async (c) => c.query(sql, [...params]).then(() => "inserted", (e: { code?: string }) => e.code));
      expect(code).toBe("23514");
    }
    // Another organization's item is not a choice; removing works.
    const foreign = await makeItem(other);
    expect(await failure(room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: foreign.id }))).toMatchObject({ code: "BAD_REQUEST", fields: { substituteItemId: ["Choose the substitute item"] } });
    await room.owner.inventory.substitutes.remove({ id: added.id });
    expect((await room.owner.inventory.substitutes.list({ itemId: item.id })).rows).toEqual([]);
  });

  it("refuses deleting an item once a move or a document uses it, with the message; archive instead", async () => {
    const moved = await makeItem(room, { sku: `DEL-${Date.now()}` });
    await room.owner.inventory.stock.receive({ itemId: moved.id, locationId: room.main.a, quantity: "1", unitCost: "1" });
    expect(await failure(room.owner.inventory.items.delete({ id: moved.id }))).toMatchObject({
      code: "PRECONDITION_FAILED", message: `${moved.sku} has stock moves and cannot be deleted; archive it instead.`,
    });
    const drafted = await makeItem(room);
    await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: drafted.id, locationId: room.main.a, quantity: "1", unitCost: "1" }] });
    expect(await failure(room.owner.inventory.items.delete({ id: drafted.id }))).toMatchObject({
      code: "PRECONDITION_FAILED", message: `${drafted.sku} is used by stock documents and cannot be deleted; archive it instead.`,
    });
    const unused = await makeItem(room);
    const sub = await makeItem(room);
    await room.owner.inventory.substitutes.add({ itemId: unused.id, substituteItemId: sub.id });
    expect(await room.owner.inventory.items.delete({ id: unused.id })).toEqual({ id: unused.id });
    expect(await failure(room.owner.inventory.items.get({ id: unused.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows where the item is used: no bills of materials, its documents grouped", async () => {
    const item = await makeItem(room);
    const adj = await room.owner.inventory.adjustments.create({ warehouseId: room.main.id, reasonId: room.reasons.FOUND, lines: [{ itemId: item.id, locationId: room.main.a, quantity: "3", unitCost: "1" }] });
    const posted = await room.owner.inventory.adjustments.post({ id: adj.id, version: adj.version });
    const trf = await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "1" }] });
    await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "1", unitCost: "1", sourceDocumentType: "purchasing.receipt", sourceDocumentId: "0193c0de-0000-7000-8000-000000000001" });
    const used = await room.owner.inventory.items.whereUsed({ itemId: item.id });
    expect(used.billsOfMaterials).toEqual([]);
    const byType = Object.fromEntries(used.documents.map((d) => [d.documentType, d]));
    expect(byType["inventory.stock_adjustment"]).toMatchObject({ documentId: adj.id, number: posted.number, status: "posted", lines: 1, moves: 1 });
    expect(byType["inventory.stock_transfer"]).toMatchObject({ documentId: trf.id, status: "draft", lines: 1, moves: 0 });
    expect(byType["purchasing.receipt"]).toMatchObject({ documentId: "0193c0de-0000-7000-8000-000000000001", number: null, moves: 1 });
  });

  it("keeps the history of the item, its variants, barcodes and substitutes", async () => {
    const item = await makeItem(room, { barcodes: ["H-1"] });
    const v = await room.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-V`, attributes: { color: "red" } });
    await room.owner.inventory.variants.update({ id: v.id, version: 1, priceDelta: "3" });
    const sub = await makeItem(room);
    await room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: sub.id });
    await room.owner.inventory.items.update({ id: item.id, version: 1, name: "Renamed", barcodes: ["H-2"] });
    const { events } = await room.owner.inventory.items.history({ itemId: item.id });
    const seen = events.map((e) => `${e.table}:${e.operation}`);
    expect(seen).toEqual(expect.arrayContaining([
      "inventory.items:INSERT", "inventory.items:UPDATE", "inventory.variants:INSERT", "inventory.variants:UPDATE",
      "inventory.item_barcodes:INSERT", "inventory.item_barcodes:DELETE", "inventory.item_substitutes:INSERT",
    ]));
    expect(events.find((e) => e.table === "inventory.variants" && e.operation === "UPDATE")?.changes).toHaveProperty("price_delta");
    expect(events.find((e) => e.table === "inventory.variants" && e.operation === "UPDATE")?.subject).toBe(`${item.sku}-V`);
    expect(events.find((e) => e.table === "inventory.item_barcodes" && e.operation === "DELETE")?.subject).toBe("H-1");
    expect(events.find((e) => e.table === "inventory.item_substitutes")?.subject).toBe(sub.sku);
    // Nothing of another item.
    expect(events.every((e) => e.recordId !== sub.id)).toBe(true);
  });

  it("finds items and variants by barcode, SKU and name in the command palette, never across organizations", async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const item = await makeItem(room, { sku: `PAL${stamp}`, name: `Zircon lamp ${stamp}`, barcodes: [`B${stamp}`] });
    const v = await room.owner.inventory.variants.create({ itemId: item.id, sku: `PAL${stamp}-RED`, attributes: { color: "red" }, barcode: `VB${stamp}` });
    const ws = await callerFor(room.ownerId, { org: room.org.slug, ws: "main" });
    const byBarcode = itemHits(await ws.platform.search({ q: `B${stamp}` }));
    expect(byBarcode[0]).toMatchObject({ id: item.id, href: `/${room.org.slug}/main/inventory/items/${item.id}` });
    expect(itemHits(await ws.platform.search({ q: `VB${stamp}` }))[0]).toMatchObject({ id: v.id, href: expect.stringContaining(`/inventory/items/${item.id}?tab=variants`) });
    expect(itemHits(await ws.platform.search({ q: `pal${stamp}`.toLowerCase() })).map((h) => h.id)).toEqual(expect.arrayContaining([item.id, v.id]));
    expect(itemHits(await ws.platform.search({ q: `zircon lamp ${stamp}`.toLowerCase() })).map((h) => h.id)).toEqual([item.id]);
    // Another organization, even with the exact barcode, finds nothing; a member without inventory.item.read neither.
    const otherWs = await callerFor(other.ownerId, { org: other.org.slug, ws: "main" });
    expect(itemHits(await otherWs.platform.search({ q: `B${stamp}` }))).toEqual([]);
    expect(itemHits(await otherWs.platform.search({ q: `PAL${stamp}` }))).toEqual([]);
    const sales = await makeUser(room.org, { roles: ["viewer"] });
    const viewer = await callerFor(sales.id, { org: room.org.slug, ws: "main" });
    const noRead = await makeUser(room.org, { roles: ["sales"] });
    expect(itemHits(await (await callerFor(noRead.id, { org: room.org.slug, ws: "main" })).platform.search({ q: `B${stamp}` }))).toEqual([]);
    expect(itemHits(await viewer.platform.search({ q: `B${stamp}` }))).toHaveLength(1);
  });

  it("serves the palette's lookups from indexes under RLS", async () => {
    // An organization with a few items is read as cheaply through any index that starts with organization_id, and the
    // planner picked one or another by its statistics of the moment. With 2,000 items only the name-key range stays
    // cheap, as at scale: padding, then fresh statistics.
    await withConnection("system", (c) =>
      c.query(
        `insert into inventory.items (organization_id, id, sku, name, base_unit_id)
         select $1, gen_random_uuid(), 'PAD-' || g || '-' || $3, 'Padding ' || g, $2 from generate_series(1, 2000) g`,
        [room.org.id, room.unitId, Date.now().toString(36)],
      ),
    );
    await withConnection("admin", (c) => c.query("analyze inventory.items, inventory.item_barcodes"));
    const plan = await asApp({ orgId: room.org.id }, async (pg) => {
      await pg.query("set local enable_seqscan = off");
      const r = await pg.query(`explain select i.id from inventory.items i where i.organization_id = $1::uuid and i.name_key >= 'zir' and i.name_key < 'zir' || chr(1114111)`, [room.org.id]);
      const b = await pg.query(`explain select b.item_id from inventory.item_barcodes b where b.organization_id = $1::uuid and b.barcode = 'X'`, [room.org.id]);
      return [...r.rows, ...b.rows].map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index (Only )?Scan using items_organization_id_name_key_idx[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(name_key >= /);
    expect(plan).toMatch(/Index (Only )?Scan using item_barcodes_organization_id_barcode_key[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(barcode = /);
  });

  it("pages the ledger by cursor with the running balance carried across pages", async () => {
    const item = await makeItem(room);
    for (let i = 1; i <= 5; i++) await room.owner.inventory.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: String(i), unitCost: "1" });
    const first = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 2 });
    const second = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 2, cursor: first.nextCursor });
    const third = await room.owner.inventory.stock.ledger({ itemId: item.id, perPage: 2, cursor: second.nextCursor });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.balance)).toEqual(["1", "3", "6", "10", "15"]);
    expect(third.nextCursor).toBeUndefined();
  });

  it("accepts attachments on items (inventory.item): listed with the item permission and settings.attachment.read, NOT_FOUND across organizations", async () => {
    const item = await makeItem(room);
    const listed = await room.owner.settings.attachments.list({ entityType: "inventory.item", entityId: item.id });
    expect(listed).toMatchObject({ rows: [], canUpload: true, canDelete: true });
    const viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    expect(await failure(viewer.settings.attachments.list({ entityType: "inventory.item", entityId: item.id }))).toMatchObject({ code: "FORBIDDEN" }); // no settings.attachment.read
    expect((await failure(other.owner.settings.attachments.list({ entityType: "inventory.item", entityId: item.id }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for another organization's item, variant and substitute", async () => {
    const item = await makeItem(other);
    const v = await other.owner.inventory.variants.create({ itemId: item.id, sku: `${item.sku}-X`, attributes: {} });
    const sub = await other.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: (await makeItem(other)).id });
    const mine = (await makeItem(room)).id;
    const calls: (() => Promise<unknown>)[] = [
      () => room.owner.inventory.variants.list({ itemId: item.id }),
      () => room.owner.inventory.variants.update({ id: v.id, version: 1, name: "x" }),
      () => room.owner.inventory.variants.archive({ id: v.id }),
      () => room.owner.inventory.variants.createMany({ itemId: item.id, variants: [{ sku: "X-1", attributes: {} }] }),
      () => room.owner.inventory.substitutes.list({ itemId: item.id }),
      () => room.owner.inventory.substitutes.add({ itemId: item.id, substituteItemId: mine }),
      () => room.owner.inventory.substitutes.update({ id: sub.id, version: 1, kind: "emergency" }),
      () => room.owner.inventory.substitutes.remove({ id: sub.id }),
      () => room.owner.inventory.items.whereUsed({ itemId: item.id }),
      () => room.owner.inventory.items.history({ itemId: item.id }),
    ];
    for (const call of calls)
      expect((await failure(call())).code).toBe("NOT_FOUND");
  });
});
