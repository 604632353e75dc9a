// The items import (inventory.items) on the kernel import engine, end to end on the test PostgreSQL and a local
// storage directory: mapping, validation (exactly the bad rows), update by SKU, opening stock received once across
// two runs (moves and levels), variant rows (per-variant opening stock, the variant's name, matches by variant SKU
// counted apart from matches by SKU, clashes, across chunks), unknown codes, the stock permission, cross-organization
// isolation; and the items export with the list's filters (category subtree).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream } from "@/server/kernel/export/service";
import { suggestMapping } from "@/server/kernel/import/mapping";
import { runCommit, runValidation } from "@/server/kernel/import/run";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import { itemsImport, OPENING_SOURCE } from "@/server/modules/inventory/items.import";
import { POST as upload } from "@/app/api/imports/route";
import { parseCsv } from "../helpers/csv";
import { withConnection } from "../helpers/db";
import { callerFor, makeUser, sessionClaim, uniq } from "../helpers/factory";
import { cookieFor, report, uploadFile } from "../crm/import-helpers";
import { cost, differences, level, stockroom, type Stockroom } from "./helpers";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-items-import-"));
beforeAll(() => setStorage(new LocalStorage(dir)));
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

type User = { id: string };
type OrgRef = Stockroom["org"];

async function uploadItems(user: User, org: OrgRef, body: string | Uint8Array<ArrayBuffer>, name = "items.csv") {
  const form = new FormData();
  form.set("org", org.slug);
  form.set("kind", "inventory.items");
  form.set("file", new File([body], name, { type: name.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv" }));
  const res = await upload(new Request("http://test.local/api/imports", { method: "POST", body: form, headers: { cookie: await cookieFor(user.id) } }));
  return { status: res.status, body: (await res.json()) as { id: string; headers: string[]; mapping: Record<string, number>; mappingSaved: boolean } };
}

async function validate(user: User, org: OrgRef, body: string | Uint8Array<ArrayBuffer>, name?: string) {
  const up = await uploadItems(user, org, body, name);
  expect(up.status).toBe(201);
  const caller = await callerFor(user.id, { org: org.slug });
  await caller.inventory.imports.validate({ id: up.body.id });
  await runValidation(org.id, up.body.id);
  return { id: up.body.id, up: up.body, caller, status: await caller.inventory.imports.status({ id: up.body.id }) };
}

async function commitImport(user: User, org: OrgRef, id: string) {
  const caller = await callerFor(user.id, { org: org.slug });
  await caller.inventory.imports.commit({ id });
  await runCommit(org.id, id);
  return caller.inventory.imports.status({ id });
}

async function reportRows(user: User, org: OrgRef, id: string) {
  const res = await report(user as never, org as never, id);
  expect(res.status).toBe(200);
  return parseCsv((await res.text()).replace(/^\uFEFF/, "")).slice(1);
}

async function unitCode(room: Stockroom) {
  return withConnection("system", async (c) => (await c.query<{ code: string }>(`select code from settings.units_of_measure where id = $1`, [room.unitId])).rows[0]!.code);
}

const HEADER = "SKU,Name,Type,Category,Base unit,List price,Standard cost,Tags,Warehouse,Location,Quantity,Unit cost";

describe("items import", () => {
  let room: Stockroom;
  let pcs: string;
  let catId: string;
  let childId: string;

  beforeAll(async () => {
    room = await stockroom();
    pcs = await unitCode(room);
    catId = (await room.owner.inventory.categories.create({ code: "TOOLS", name: "Tools" })).id;
    childId = (await room.owner.inventory.categories.create({ code: "HAMMERS", name: "Hammers", parentId: catId })).id;
  });

  it("suggests the mapping from English and Russian headers and saves the one set per organization", async () => {
    expect(suggestMapping(["Артикул", "Наименование", "Ед изм", "Склад", "Ячейка", "Количество", "Unit cost", "Партия"], itemsImport.fields)).toEqual({
      sku: 0, name: 1, baseUnit: 2, warehouse: 3, location: 4, quantity: 5, unitCost: 6, lot: 7,
    });
    const csv = `Code X,Title X,Measure X\nM-${uniq()},Mapped,${pcs}\n`;
    const first = await uploadItems({ id: room.ownerId }, room.org, csv);
    expect(first.status).toBe(201);
    expect(first.body.mappingSaved).toBe(false);
    await room.owner.inventory.imports.setMapping({ id: first.body.id, mapping: { sku: 0, name: 1, baseUnit: 2 } });
    const second = await uploadItems({ id: room.ownerId }, room.org, csv);
    expect(second.body.mappingSaved).toBe(true);
    expect(second.body.mapping).toEqual({ sku: 0, name: 1, baseUnit: 2 });
    // The items page's history holds the items imports only (a customers import of the same organization is not there).
    expect((await uploadFile({ id: room.ownerId } as never, room.org as never, "Name\nAcme\n")).status).toBe(201);
    const history = await room.owner.inventory.imports.history({});
    expect(history.rows.map((r) => r.id)).toEqual([second.body.id, first.body.id]);
  });

  it("reports exactly the bad rows, creates the good ones with opening stock once, and a second run receives nothing again", async () => {
    const p = `IMP-${uniq()}`;
    const lines = [
      HEADER,
      `${p}-1,Claw hammer,product,HAMMERS,${pcs},12.50,7,"steel, tools",WH1,A,10,7.5`,
      `${p}-2,Mallet,,Tools / Hammers,${pcs},9,,,WH1,B,4,`, // path by names; unit cost from nothing: 0
      `${p}-3,Bad type,gadget,,${pcs},,,,,,,`, // row 4: unknown type
      `${p}-4,No unit,,,,,,,,,,`, // row 5: base unit missing
      `${p}-5,Unknown wh,,,${pcs},,,,NOPE,A,1,1`, // row 6: unknown warehouse
      `${p}-6,Unknown loc,,,${pcs},,,,WH1,ZZ,1,1`, // row 7: unknown location
      `${p}-7,Unknown cat,,NOCAT,${pcs},,,,,,,`, // row 8: unknown category
      `${p}-8,Plain service,service,,${pcs},100,,,,,,`,
      `${p}-1,Duplicate,,,${pcs},,,,,,,`, // row 10: same SKU as row 2
    ];
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(v.status.status).toBe("validated");
    expect(v.status.totalRows).toBe(9);
    expect(v.status.errorRows).toBe(6);
    const errs = await reportRows({ id: room.ownerId }, room.org, v.id);
    expect([...new Set(errs.map((e) => Number(e[0])))]).toEqual([4, 5, 6, 7, 8, 10]);
    expect(errs).toEqual(
      expect.arrayContaining([
        ["4", "Type", expect.stringContaining('Unknown type "gadget"')],
        ["5", "Base unit", "Enter the base unit's code"],
        ["6", "Opening stock: warehouse", 'No warehouse with code "NOPE" in your workspaces'],
        ["7", "Opening stock: location", 'No location "ZZ" in warehouse WH1'],
        ["8", "Category", 'No category with code or path "NOCAT"'],
        ["10", "SKU", "Same value as row 2"],
      ]),
    );
    const dry = await v.caller.inventory.imports.dryRun({ id: v.id });
    expect(dry).toMatchObject({ create: 3, update: 0, skip: 0 });

    const done = await commitImport({ id: room.ownerId }, room.org, v.id);
    expect(done.status).toBe("done");
    expect(done.createdRows).toBe(3);
    const list = await room.owner.inventory.items.list({ q: p, perPage: 50 });
    expect(list.rows.map((r) => r.sku).sort()).toEqual([`${p}-1`, `${p}-2`, `${p}-8`]);
    const hammer = list.rows.find((r) => r.sku === `${p}-1`)!;
    const mallet = list.rows.find((r) => r.sku === `${p}-2`)!;
    expect(hammer.categoryId).toBe(childId);
    expect(mallet.categoryId).toBe(childId);
    expect(hammer.tags).toEqual(["steel", "tools"]);
    expect(hammer.listPrice).toBe("12.500000");
    expect((await level(room.org.id, hammer.id, room.main.a)).on_hand).toBe("10.0000");
    expect((await level(room.org.id, mallet.id, room.main.b)).on_hand).toBe("4.0000");
    expect(await cost(room.org.id, hammer.id)).toMatchObject({ quantity: "10.0000", value: "75.00" });

    // The same file again: the items match by SKU; nothing changes, no opening stock is received twice.
    const again = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(await again.caller.inventory.imports.dryRun({ id: again.id })).toMatchObject({ create: 0, update: 0, skip: 3 });
    const second = await commitImport({ id: room.ownerId }, room.org, again.id);
    expect(second).toMatchObject({ status: "done", createdRows: 0, updatedRows: 0 });
    // Even a run that changes the item (update by SKU) does not receive the opening stock again.
    const changed = await validate({ id: room.ownerId }, room.org, `${HEADER}\n${p}-1,Claw hammer XL,product,HAMMERS,${pcs},13,7,,WH1,A,10,7.5\n`);
    expect(await changed.caller.inventory.imports.dryRun({ id: changed.id })).toMatchObject({ create: 0, update: 1, skip: 0 });
    await commitImport({ id: room.ownerId }, room.org, changed.id);
    const moves = await withConnection("system", async (c) =>
      (await c.query<{ item_id: string; quantity: string }>(`select item_id, quantity::text from inventory.stock_moves where organization_id = $1 and source_document_type = $2`, [room.org.id, OPENING_SOURCE])).rows,
    );
    expect(moves.filter((m) => m.item_id === hammer.id)).toHaveLength(1);
    expect(moves.filter((m) => m.item_id === mallet.id)).toHaveLength(1);
    expect((await level(room.org.id, hammer.id, room.main.a)).on_hand).toBe("10.0000");
    const got = await room.owner.inventory.items.get({ id: hammer.id });
    expect(got.name).toBe("Claw hammer XL");
    expect(got.listPrice).toBe("13.000000");
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("reads XLSX, takes lots with their expiry, and refuses a lot on an item without lot control", async () => {
    const p = `LOT-${uniq()}`;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Items");
    ws.addRow(["SKU", "Name", "Base unit", "Lot control", "Warehouse", "Location", "Quantity", "Unit cost", "Lot", "Expiry"]);
    ws.addRow([`${p}-1`, "Glue", pcs, "yes", "WH1", "A", 5, 2, "L-1", "31.12.2030"]);
    ws.addRow([`${p}-2`, "Tape", pcs, "no", "WH1", "A", 5, 2, "L-2", ""]);
    ws.addRow([`${p}-3`, "Paint", pcs, "yes", "WH1", "A", 5, 2, "", ""]);
    const buf = new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
    const v = await validate({ id: room.ownerId }, room.org, buf, "items.xlsx");
    const errs = await reportRows({ id: room.ownerId }, room.org, v.id);
    expect(errs).toEqual([
      ["3", "Opening stock: lot", "Only lot-controlled items take a lot"],
      ["4", "Opening stock: lot", "Lot-controlled items need the lot of their opening stock"],
    ]);
    await commitImport({ id: room.ownerId }, room.org, v.id);
    const glue = (await room.owner.inventory.items.list({ q: `${p}-1` })).rows[0]!;
    const lots = await withConnection("system", async (c) => (await c.query<{ number: string; expires_on: string }>(`select lot_number as number, expires_on::text from inventory.lots where organization_id = $1 and item_id = $2`, [room.org.id, glue.id])).rows);
    expect(lots).toEqual([{ number: "L-1", expires_on: "2030-12-31" }]);
  });

  it("refuses opening stock for an existing item with variants (stock is received per variant), and updates the rest of the row", async () => {
    const p = `VAR-${uniq()}`;
    const shirt = await room.owner.inventory.items.create({ sku: p, name: "Shirt", baseUnitId: room.unitId } as never);
    await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${p}-RED` });
    const v = await validate({ id: room.ownerId }, room.org, `${HEADER}
${p},Shirt,,,${pcs},,,,WH1,A,3,1
`);
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([["2", "Opening stock: quantity", `${p} has variants: receive its opening stock per variant, not by import`]]);
  });

  it("refuses opening stock rows without inventory.stock.move, and imports the other rows", async () => {
    const role = await room.owner.admin.roles.create({ name: `Item editor ${uniq()}`, permissions: ["inventory.item.read", "inventory.item.manage"], recordScope: "all" });
    const editor = await makeUser(room.org, { roles: [role.key] });
    const p = `PERM-${uniq()}`;
    const v = await validate(editor, room.org, `${HEADER}\n${p}-1,With stock,,,${pcs},,,,WH1,A,3,1\n${p}-2,No stock,,,${pcs},,,,,,,\n`);
    const errs = await reportRows(editor, room.org, v.id);
    expect(errs).toEqual([["2", "Opening stock: warehouse", "Opening stock needs the permission to move stock (inventory.stock.move)"]]);
    const done = await commitImport(editor, room.org, v.id);
    expect(done.createdRows).toBe(1);
    // A member without inventory.item.manage cannot start an items import at all.
    const clerk = await makeUser(room.org, { roles: ["viewer"] });
    expect((await uploadItems(clerk, room.org, `${HEADER}\nX,Y,,,${pcs},,,,,,,\n`)).status).toBe(403);
  });

  it("does not resolve another organization's category, warehouse or unit codes, nor show its imports", async () => {
    const other = await stockroom();
    const otherCat = `OTHER-${uniq()}`;
    await other.owner.inventory.categories.create({ code: otherCat, name: "Foreign" });
    const otherUnit = await unitCode(other);
    const p = `ISO-${uniq()}`;
    // WH1 exists in both organizations: the row resolves to this organization's own WH1.
    const v = await validate({ id: room.ownerId }, room.org, `${HEADER}\n${p}-1,Foreign cat,,${otherCat},${pcs},,,,,,,\n${p}-2,Foreign unit,,,${otherUnit},,,,,,,\n${p}-3,Own WH1,,,${pcs},,,,WH1,C,1,1\n`);
    const errs = await reportRows({ id: room.ownerId }, room.org, v.id);
    expect(errs).toEqual([
      ["2", "Category", `No category with code or path "${otherCat}"`],
      ["3", "Base unit", `No active unit of measure with code "${otherUnit}"`],
      ["4", "Opening stock: location", 'No location "C" in warehouse WH1'],
    ]);
    // The other organization's owner does not see this import.
    await expect(other.owner.inventory.imports.status({ id: v.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("commits a 2,500-row file in chunks; two commit runs at once write every item and every opening receipt once", async () => {
    const p = `BULK-${uniq()}`;
    const lines = [HEADER];
    for (let i = 1; i <= 2500; i++) lines.push([`${p}-${i}`, `Bulk ${i}`, "", "", pcs, "1", "1", "", ...(i % 10 ? ["", "", ""] : ["WH1", "B", "2"]), ""].join(","));
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(v.status).toMatchObject({ status: "validated", totalRows: 2500, errorRows: 0, toCreate: 2500 });
    await v.caller.inventory.imports.commit({ id: v.id });
    const started = performance.now();
    await Promise.all([runCommit(room.org.id, v.id), runCommit(room.org.id, v.id)]);
    const ms = performance.now() - started;
    const done = await v.caller.inventory.imports.status({ id: v.id });
    expect(done).toMatchObject({ status: "done", createdRows: 2500, processedRows: 2500 });
    const [counts] = await withConnection("system", async (c) =>
      (
        await c.query<{ items: number; moves: number; on_hand: string }>(
          `select (select count(*)::int from inventory.items where organization_id = $1 and sku like $2) as items,
                  (select count(*)::int from inventory.stock_moves m join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
                    where m.organization_id = $1 and i.sku like $2 and m.source_document_type = $3) as moves,
                  (select sum(l.on_hand_qty)::numeric(18,0)::text from inventory.stock_levels l join inventory.items i on i.organization_id = l.organization_id and i.id = l.item_id
                    where l.organization_id = $1 and i.sku like $2) as on_hand`,
          [room.org.id, `${p}-%`, OPENING_SOURCE],
        )
      ).rows,
    );
    expect(counts).toEqual({ items: 2500, moves: 250, on_hand: "500" });
    console.info(`items import: 2,500 rows (250 with opening stock) committed in ${Math.round(ms)} ms`);
  }, 180_000);

  it("refuses a row that makes a replaced item active (the replacement stays: blank never clears), and imports the other rows", async () => {
    const p = `RPL-${uniq()}`;
    const next = await room.owner.inventory.items.create({ sku: `${p}-NEW`, name: "New model", baseUnitId: room.unitId });
    const old = await room.owner.inventory.items.create({ sku: `${p}-OLD`, name: "Old model", baseUnitId: room.unitId, status: "discontinued" });
    await room.owner.inventory.items.update({ id: old.id, version: old.version, replacedByItemId: next.id });
    const csv = `SKU,Name,Base unit,Status\n${p}-OLD,Old model,${pcs},active\n${p}-OTHER,Other,${pcs},\n`;
    const v = await validate({ id: room.ownerId }, room.org, csv);
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([
      ["2", "Status", `${p}-OLD is replaced by ${p}-NEW: only a discontinued or obsolete item is replaced — clear its replacement on the item first, or keep it discontinued or obsolete`],
    ]);
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ create: 1, update: 0, skip: 0 });
    const done = await commitImport({ id: room.ownerId }, room.org, v.id);
    expect(done).toMatchObject({ status: "done", createdRows: 1, updatedRows: 0 });
    expect(await room.owner.inventory.items.get({ id: old.id })).toMatchObject({ status: "discontinued", replacedByItemId: next.id });
  });

  it("takes Replaced by: an item of the organization or of an earlier row; refuses a later row, itself, an unknown SKU, a variant and an active item", async () => {
    const p = `RB-${uniq()}`;
    const ex = await room.owner.inventory.items.create({ sku: `${p}-EX`, name: "Existing", baseUnitId: room.unitId });
    await room.owner.inventory.variants.create({ itemId: ex.id, sku: `${p}-VAR` });
    const upd = await room.owner.inventory.items.create({ sku: `${p}-UPD`, name: "To update", baseUnitId: room.unitId, status: "discontinued" });
    const lines = [
      "SKU,Name,Base unit,Status,Replaced by",
      `${p}-1,By existing,${pcs},discontinued,${p}-EX`,
      `${p}-NEW,New model,${pcs},,`,
      `${p}-2,By earlier row,${pcs},obsolete,${p}-NEW`,
      `${p}-UPD,To update,${pcs},,${p}-NEW`, // stays discontinued: blank status
      `${p}-3,By later row,${pcs},discontinued,${p}-LATER`, // row 6
      `${p}-LATER,Later,${pcs},,`,
      `${p}-4,Self,${pcs},discontinued,${p}-4`, // row 8
      `${p}-5,Unknown,${pcs},discontinued,${p}-NOPE`, // row 9
      `${p}-6,Active,${pcs},active,${p}-EX`, // row 10
      `${p}-7,No status,${pcs},,${p}-EX`, // row 11: a new item is active
      `${p}-8,Variant,${pcs},discontinued,${p}-VAR`, // row 12
    ];
    const csv = lines.join("\n") + "\n";
    const v = await validate({ id: room.ownerId }, room.org, csv);
    expect(v.up.mapping.replacedBy).toBe(4);
    const active = "Only a discontinued or obsolete item is replaced by another: give the status discontinued or obsolete";
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([
      ["6", "Replaced by", `No item with SKU ${p}-LATER (an item this file creates must come in an earlier row)`],
      ["8", "Replaced by", "An item cannot replace itself"],
      ["9", "Replaced by", `No item with SKU ${p}-NOPE (an item this file creates must come in an earlier row)`],
      ["10", "Replaced by", active],
      ["11", "Replaced by", active],
      ["12", "Replaced by", `SKU ${p}-VAR is a variant of ${p}-EX: an item is replaced by an item`],
    ]);
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ create: 4, update: 1, skip: 0 });
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: 4, updatedRows: 1 });
    const bySku = new Map((await room.owner.inventory.items.list({ q: p, perPage: 50 })).rows.map((r) => [r.sku, r.id]));
    const replacedBy = async (sku: string) => (await room.owner.inventory.items.get({ id: bySku.get(sku)! })).replacedByItemId;
    expect(await replacedBy(`${p}-1`)).toBe(ex.id);
    expect(await replacedBy(`${p}-2`)).toBe(bySku.get(`${p}-NEW`));
    expect(await room.owner.inventory.items.get({ id: upd.id })).toMatchObject({ status: "discontinued", replacedByItemId: bySku.get(`${p}-NEW`), version: upd.version + 1 });
    // The same file again: the replacements are unchanged; the later row's item exists now, so row 6 is created.
    const again = await validate({ id: room.ownerId }, room.org, csv);
    expect(await again.caller.inventory.imports.dryRun({ id: again.id })).toMatchObject({ create: 1, update: 0, skip: 5 });
    expect(await commitImport({ id: room.ownerId }, room.org, again.id)).toMatchObject({ status: "done", createdRows: 1, updatedRows: 0, skippedRows: 10 });
  });

  it("takes Replaced by from a row of an earlier chunk, in the dry run (nothing committed) as in the commit", async () => {
    const p = `RBC-${uniq()}`;
    const old = await room.owner.inventory.items.create({ sku: `${p}-OLD`, name: "Old", baseUnitId: room.unitId, status: "obsolete" });
    const lines = ["SKU,Name,Base unit,Status,Replaced by", `${p}-NEW,New model,${pcs},,`];
    for (let i = 1; i < 250; i++) lines.push(`${p}-F${i},Filler ${i},${pcs},,`);
    // Rows 252 and 253: the second chunk (250 records a chunk).
    lines.push(`${p}-OLD,Old,${pcs},,${p}-NEW`, `${p}-C,Created,${pcs},discontinued,${p}-NEW`);
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(v.status).toMatchObject({ status: "validated", totalRows: 252, errorRows: 0, toCreate: 251, toUpdate: 1, toSkip: 0 });
    await v.caller.inventory.imports.commit({ id: v.id });
    // Two runs at once: the second passes over the chunks the first committed and finds their items in the database.
    await Promise.all([runCommit(room.org.id, v.id), runCommit(room.org.id, v.id)]);
    expect(await v.caller.inventory.imports.status({ id: v.id })).toMatchObject({ status: "done", createdRows: 251, updatedRows: 1 });
    const newId = (await room.owner.inventory.items.list({ q: `${p}-NEW` })).rows[0]!.id;
    const created = (await room.owner.inventory.items.list({ q: `${p}-C` })).rows.find((r) => r.sku === `${p}-C`)!;
    expect((await room.owner.inventory.items.get({ id: old.id })).replacedByItemId).toBe(newId);
    expect((await room.owner.inventory.items.get({ id: created.id })).replacedByItemId).toBe(newId);
  }, 120_000);

  it("takes Specifications as JSON or Name: value pairs, refuses bad cells, replaces them on update and skips unchanged ones", async () => {
    expect(suggestMapping(["Артикул", "Заменён на", "Характеристики"], itemsImport.fields)).toEqual({ sku: 0, replacedBy: 1, specifications: 2 });
    const p = `SPEC-${uniq()}`;
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const long = "x".repeat(101);
    const many = Array.from({ length: 51 }, (_, i) => `N${i}: ${i}`).join("; ");
    const lines = [
      "SKU,Name,Base unit,Specifications",
      `${p}-J,Json,${pcs},${q('{"Voltage": "230 V", "Power": 750, "Cordless": false}')}`,
      `${p}-P,Pairs,${pcs},${q("Voltage: 230 V; Power = 750 W\nColour: red;")}`,
      `${p}-3,Bad JSON,${pcs},${q('{"Voltage": ')}`, // row 4
      `${p}-4,No pair,${pcs},Voltage 230`, // row 5
      `${p}-5,No name,${pcs},: 230`, // row 6
      `${p}-6,Long name,${pcs},${long}: 1`, // row 7
      `${p}-7,Twice,${pcs},Power: 1; power: 2`, // row 8
      `${p}-8,Many,${pcs},${q(many)}`, // row 9
      `${p}-9,Long value,${pcs},Note: ${"y".repeat(501)}`, // row 10
      `${p}-10,Nested,${pcs},${q('{"Size": {"w": 1}}')}`, // row 11
    ];
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    const errs = await reportRows({ id: room.ownerId }, room.org, v.id);
    expect(errs.map((e) => e.slice(0, 2))).toEqual(["4", "5", "6", "7", "8", "9", "10", "11"].map((r) => [r, "Specifications"]));
    expect(errs.map((e) => e[2])).toEqual([
      expect.stringMatching(/^Not valid JSON/),
      '"Voltage 230" is not a pair: write Name: value',
      'A specification has no name ("230")',
      expect.stringContaining("longer than 100 characters"),
      '"power" is given twice',
      "At most 50 specifications (this cell has 51)",
      'The value of "Note" is longer than 500 characters',
      'The value of "Size" is not a text, number or true / false',
    ]);
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ create: 2, update: 0, skip: 0 });
    await commitImport({ id: room.ownerId }, room.org, v.id);
    const bySku = new Map((await room.owner.inventory.items.list({ q: p, perPage: 50 })).rows.map((r) => [r.sku, r]));
    const json = bySku.get(`${p}-J`)!;
    const pairs = bySku.get(`${p}-P`)!;
    expect((await room.owner.inventory.items.get({ id: json.id })).specifications).toEqual({ Voltage: "230 V", Power: "750", Cordless: "false" });
    expect((await room.owner.inventory.items.get({ id: pairs.id })).specifications).toEqual({ Voltage: "230 V", Power: "750 W", Colour: "red" });

    // Update: the same specifications in another order are unchanged; a different cell replaces them whole.
    const next = await validate({ id: room.ownerId }, room.org, `SKU,Name,Base unit,Specifications\n${p}-J,Json,${pcs},Cordless: false; Power: 750; Voltage: 230 V\n${p}-P,Pairs,${pcs},Voltage: 110 V\n`);
    expect(await next.caller.inventory.imports.dryRun({ id: next.id })).toMatchObject({ create: 0, update: 1, skip: 1 });
    expect(await commitImport({ id: room.ownerId }, room.org, next.id)).toMatchObject({ status: "done", createdRows: 0, updatedRows: 1, skippedRows: 1 });
    expect((await room.owner.inventory.items.get({ id: pairs.id })).specifications).toEqual({ Voltage: "110 V" });
    // The item schema holds the same limits: a value is text.
    await expect(room.owner.inventory.items.create({ sku: `${p}-X`, name: "X", baseUnitId: room.unitId, specifications: { Power: 750 } } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("imports variant rows: the item once, its variants with attributes, price delta, barcode and opening stock per variant; a second run receives nothing again", async () => {
    const p = `VR-${uniq()}`;
    const H = "SKU,Name,Base unit,Variant SKU,Variant attributes,Variant price delta,Barcode,Warehouse,Location,Quantity,Unit cost";
    expect(suggestMapping(H.split(","), itemsImport.fields)).toMatchObject({ sku: 0, variantSku: 3, variantAttributes: 4, variantPriceDelta: 5, barcode: 6 });
    expect(suggestMapping(["Артикул", "Артикул варианта", "Атрибуты", "Характеристики"], itemsImport.fields)).toEqual({ sku: 0, variantSku: 1, variantAttributes: 2, specifications: 3 });
    const file = (delta: string) =>
      [
        H,
        `${p},T-shirt,${pcs},${p}-S,size: S; color: red,0,B-${p}-S,WH1,A,3,2`,
        `${p},T-shirt,${pcs},${p}-M,"{""size"": ""M"", ""color"": ""red""}",${delta},,WH1,A,4,2`,
        `${p},,,${p}-L,size: L,"-0,5",,WH1,B,5,2`, // the item's cells left blank on a later row
      ].join("\n") + "\n";
    const v = await validate({ id: room.ownerId }, room.org, file("1.5"));
    expect(v.status).toMatchObject({ status: "validated", errorRows: 0, toCreate: 3, toUpdate: 0, toSkip: 0 });
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: 3, updatedRows: 0 });
    const item = (await room.owner.inventory.items.list({ q: p })).rows.find((r) => r.sku === p)!;
    expect(item.name).toBe("T-shirt");
    const variants = async () => (await room.owner.inventory.variants.list({ itemId: item.id })).rows;
    const vs = await variants();
    expect(vs.map((x) => [x.sku, x.attributes, x.priceDelta, x.barcode, Number(x.onHand)])).toEqual([
      [`${p}-L`, { size: "L" }, "-0.500000", null, 5],
      [`${p}-M`, { size: "M", color: "red" }, "1.500000", null, 4],
      [`${p}-S`, { size: "S", color: "red" }, "0.000000", `B-${p}-S`, 3],
    ]);
    const id = (s: string) => vs.find((x) => x.sku === `${p}-${s}`)!.id;
    const levels = () =>
      withConnection("system", async (c) =>
        (await c.query<{ variant_id: string | null; location_id: string; q: string }>(
          `select variant_id::text, location_id::text, on_hand_qty::numeric(18,0)::text as q from inventory.stock_levels where organization_id = $1 and item_id = $2 order by q`,
          [room.org.id, item.id],
        )).rows,
      );
    const expected = [
      { variant_id: id("S"), location_id: room.main.a, q: "3" },
      { variant_id: id("M"), location_id: room.main.a, q: "4" },
      { variant_id: id("L"), location_id: room.main.b, q: "5" },
    ];
    expect(await levels()).toEqual(expected);

    // Again with another price delta for M: that row updates its variant, the others are unchanged; no stock twice.
    const again = await validate({ id: room.ownerId }, room.org, file("2"));
    expect(again.status).toMatchObject({ errorRows: 0, toCreate: 0, toUpdate: 1, toSkip: 2 });
    // Variant rows are matched by their variant SKU, not counted as matched by SKU.
    expect(again.status.matchCounts).toEqual({ variantSku: { update: 1, skip: 2 } });
    expect(await commitImport({ id: room.ownerId }, room.org, again.id)).toMatchObject({ status: "done", createdRows: 0, updatedRows: 1, skippedRows: 2 });
    expect((await variants()).find((x) => x.sku === `${p}-M`)).toMatchObject({ priceDelta: "2.000000", version: 2 });
    expect(await levels()).toEqual(expected);
    const moves = await withConnection("system", async (c) =>
      (await c.query<{ source_document_id: string; variant_id: string }>(
        `select source_document_id::text, variant_id::text from inventory.stock_moves where organization_id = $1 and item_id = $2 and source_document_type = $3 order by variant_id`,
        [room.org.id, item.id, OPENING_SOURCE],
      )).rows,
    );
    // The opening receipt of a variant row is keyed by the variant.
    expect(moves).toEqual([id("L"), id("M"), id("S")].sort().map((x) => ({ source_document_id: x, variant_id: x })));
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("refuses a variant SKU held by an item or another item's variant, twice in the file, and item cells that differ from the item's first row", async () => {
    const p = `VX-${uniq()}`;
    const other = await room.owner.inventory.items.create({ sku: `${p}-OTHER`, name: "Other", baseUnitId: room.unitId });
    await room.owner.inventory.variants.create({ itemId: other.id, sku: `${p}-OV` });
    // Another organization's variant SKU is no clash: SKUs are per organization.
    const foreign = await stockroom();
    const fItem = await foreign.owner.inventory.items.create({ sku: `${p}-F`, name: "Foreign", baseUnitId: foreign.unitId });
    await foreign.owner.inventory.variants.create({ itemId: fItem.id, sku: `${p}-FV` });
    const lines = [
      "SKU,Name,Base unit,Variant SKU,Variant price delta",
      `${p},Cap,${pcs},${p}-1,`,
      `${p},Cap,${pcs},${p}-OTHER,`, // row 3: an item's SKU
      `${p},Cap,${pcs},${p}-OV,`, // row 4: another item's variant
      `${p},Cap,${pcs},${p}-1,`, // row 5: twice in the file
      `${p},Hat,${pcs},${p}-2,`, // row 6: the item's name differs from row 2
      `${p}-PLAIN,Plain,${pcs},,`,
      `${p}-X,X,${pcs},${p}-PLAIN,`, // row 8: the SKU of row 7's item
      `${p},,,${p}-3,abc`, // row 9
      `${p},,,${p}-FV,`, // row 10: the other organization's variant SKU
      `${p}-Y,Y,${pcs},${p}-Y,`, // row 11: its own item's SKU
    ];
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([
      ["3", "Variant SKU", `SKU ${p}-OTHER is an item's SKU: a variant takes its own`],
      ["4", "Variant SKU", `SKU ${p}-OV is a variant of ${p}-OTHER, not of ${p}`],
      ["5", "Variant SKU", "Same value as row 2"],
      ["6", "Name", `Differs from row 2, the first row of ${p}: repeat its value or leave the cell blank`],
      ["8", "Variant SKU", `SKU ${p}-PLAIN is an item's SKU in row 7`],
      ["9", "Variant price delta", "Enter an amount with at most 6 decimals"],
      ["11", "Variant SKU", "A variant takes its own SKU, not its item's"],
    ]);
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ create: 3, update: 0, skip: 0 });
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: 3 });
    const cap = (await room.owner.inventory.items.list({ q: p, perPage: 50 })).rows.find((r) => r.sku === p)!;
    expect((await room.owner.inventory.variants.list({ itemId: cap.id })).rows.map((x) => x.sku)).toEqual([`${p}-1`, `${p}-FV`]);
    expect((await room.owner.inventory.variants.list({ itemId: other.id })).rows.map((x) => x.sku)).toEqual([`${p}-OV`]);
    expect((await foreign.owner.inventory.variants.list({ itemId: fItem.id })).rows.map((x) => x.sku)).toEqual([`${p}-FV`]);
    // A row without a variant for an item with variants still takes no opening stock.
    const stock = await validate({ id: room.ownerId }, room.org, `SKU,Name,Base unit,Warehouse,Location,Quantity\n${p},Cap,${pcs},WH1,A,1\n`);
    expect(await reportRows({ id: room.ownerId }, room.org, stock.id)).toEqual([["2", "Opening stock: quantity", `${p} has variants: receive its opening stock per variant, not by import`]]);
  });

  it("updates an existing variant's attributes and barcode by its SKU, receives its opening stock, and refuses an archived variant", async () => {
    const p = `VU-${uniq()}`;
    const shirt = await room.owner.inventory.items.create({ sku: p, name: "Shirt", baseUnitId: room.unitId });
    const red = await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${p}-RED`, attributes: { color: "red" }, barcode: `B-${p}-1` });
    const old = await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${p}-OLD` });
    const oldRow = (await room.owner.inventory.variants.list({ itemId: shirt.id })).rows.find((r) => r.id === old.id)!;
    await room.owner.inventory.variants.archive({ id: old.id, version: oldRow.version });
    const csv = `SKU,Name,Base unit,Variant SKU,Variant attributes,Barcode,Warehouse,Location,Quantity,Unit cost
${p},Shirt,${pcs},${p}-RED,color: red; size: XL,B-${p}-2,WH1,A,6,3
${p},,,${p}-OLD,color: grey,,,,,
`;
    const v = await validate({ id: room.ownerId }, room.org, csv);
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([["3", "Variant SKU", `Variant ${p}-OLD is archived; restore it to update it`]]);
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ create: 0, update: 1, skip: 0 });
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: 0, updatedRows: 1 });
    const got = (await room.owner.inventory.variants.list({ itemId: shirt.id })).rows.find((r) => r.id === red.id)!;
    expect(got).toMatchObject({ attributes: { color: "red", size: "XL" }, barcodes: [`B-${p}-2`], onHand: "6" });
    // The same row again: unchanged, its opening stock is not received again.
    const again = await validate({ id: room.ownerId }, room.org, `SKU,Name,Base unit,Variant SKU,Barcode,Warehouse,Location,Quantity\n${p},Shirt,${pcs},${p}-RED,B-${p}-2,WH1,A,6\n`);
    expect(await again.caller.inventory.imports.dryRun({ id: again.id })).toMatchObject({ create: 0, update: 0, skip: 1 });
    expect(await differences(room.org.id)).toEqual([]);
  });

  it("imports the variant's name (set on create, changed on update, kept when blank) and counts matched rows by SKU and by variant SKU apart", async () => {
    const p = `VN-${uniq()}`;
    expect(suggestMapping(["Артикул", "Артикул варианта", "Название варианта", "Наименование"], itemsImport.fields)).toEqual({ sku: 0, variantSku: 1, variantName: 2, name: 3 });
    expect(suggestMapping(["SKU", "Name", "Variant SKU", "Variant name"], itemsImport.fields)).toEqual({ sku: 0, name: 1, variantSku: 2, variantName: 3 });
    await room.owner.inventory.items.create({ sku: `${p}-P`, name: "Plain", baseUnitId: room.unitId });
    const shirt = await room.owner.inventory.items.create({ sku: p, name: "Shirt", baseUnitId: room.unitId });
    await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${p}-RED`, name: "Red shirt", attributes: { color: "red" } });
    await room.owner.inventory.variants.create({ itemId: shirt.id, sku: `${p}-BLUE`, name: "Blue shirt", attributes: { color: "blue" } });
    const lines = [
      "SKU,Name,Base unit,Variant SKU,Variant name,Variant attributes",
      `${p}-P,Plain,${pcs},,,`, // row 2: an item matched by SKU, unchanged
      `${p}-Q,New,${pcs},,,`, // row 3: a new item
      `${p},Shirt,${pcs},${p}-RED,Crimson shirt,`, // row 4: matched by variant SKU, its name changes
      `${p},,,${p}-BLUE,,color: blue`, // row 5: matched by variant SKU, a blank name keeps the variant's
      `${p},,,${p}-GREEN,Green shirt,color: green`, // row 6: a new variant of an existing item, named
      `${p},,,${p}-WHITE,,color: white`, // row 7: a new variant without a name
      `${p}-Z,Z,${pcs},,Lonely,`, // row 8: a variant name without a variant
      `${p},,,${p}-LONG,${"x".repeat(201)},`, // row 9: too long
    ];
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual([
      ["8", "Variant name", "Enter the Variant SKU: the row's variant is matched by it"],
      ["9", "Variant name", "At most 200 characters"],
    ]);
    const planned = { create: 3, update: 1, skip: 2 };
    expect(v.status).toMatchObject({ toCreate: planned.create, toUpdate: planned.update, toSkip: planned.skip, matchCounts: { sku: { update: 0, skip: 1 }, variantSku: { update: 1, skip: 1 } } });
    expect(await v.caller.inventory.imports.dryRun({ id: v.id })).toMatchObject({ ...planned, matchedBy: { sku: { update: 0, skip: 1 }, variantSku: { update: 1, skip: 1 } } });
    // The commit's skipped rows hold the 2 with errors too (the kernel's count).
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: planned.create, updatedRows: planned.update, skippedRows: planned.skip + 2 });
    const vs = (await room.owner.inventory.variants.list({ itemId: shirt.id })).rows;
    expect(vs.map((x) => [x.sku, x.name, x.version])).toEqual([
      [`${p}-BLUE`, "Blue shirt", 1],
      [`${p}-GREEN`, "Green shirt", 1],
      [`${p}-RED`, "Crimson shirt", 2],
      [`${p}-WHITE`, null, 1],
    ]);
    // The same file again: every valid row is matched and unchanged (the names were written as planned).
    const again = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(again.status).toMatchObject({ toCreate: 0, toUpdate: 0, toSkip: 6, matchCounts: { sku: { update: 0, skip: 2 }, variantSku: { update: 0, skip: 4 } } });
  });

  it("takes variant rows of one item across a chunk boundary, in the dry run as in the commit", async () => {
    const p = `VC-${uniq()}`;
    const lines = ["SKU,Name,Base unit,Variant SKU,Warehouse,Location,Quantity"];
    for (let i = 1; i <= 248; i++) lines.push(`${p}-F${i},Filler ${i},${pcs},,,,`);
    // Records 249 and 250 end the first chunk (250 records a chunk), 251 and 252 start the second.
    for (let i = 1; i <= 4; i++) lines.push(`${p},Jacket,${i > 2 ? "" : pcs},${p}-V${i},WH1,A,${i}`);
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(v.status).toMatchObject({ status: "validated", totalRows: 252, errorRows: 0, toCreate: 252, toUpdate: 0, toSkip: 0 });
    await v.caller.inventory.imports.commit({ id: v.id });
    await Promise.all([runCommit(room.org.id, v.id), runCommit(room.org.id, v.id)]);
    expect(await v.caller.inventory.imports.status({ id: v.id })).toMatchObject({ status: "done", createdRows: 252, updatedRows: 0 });
    const jacket = (await room.owner.inventory.items.list({ q: p, sort: { id: "sku", desc: false } })).rows[0]!;
    expect(jacket).toMatchObject({ sku: p, name: "Jacket" });
    const vs = (await room.owner.inventory.variants.list({ itemId: jacket.id })).rows;
    expect(vs.map((x) => [x.sku, Number(x.onHand)])).toEqual([1, 2, 3, 4].map((i) => [`${p}-V${i}`, i]));
    // The same file again: nothing created, nothing received.
    const again = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(again.status).toMatchObject({ errorRows: 0, toCreate: 0, toUpdate: 0, toSkip: 252 });
    expect(again.status.matchCounts).toEqual({ sku: { update: 0, skip: 248 }, variantSku: { update: 0, skip: 4 } });
    expect(await commitImport({ id: room.ownerId }, room.org, again.id)).toMatchObject({ status: "done", createdRows: 0, updatedRows: 0, skippedRows: 252 });
    expect((await room.owner.inventory.variants.list({ itemId: jacket.id })).rows.map((x) => Number(x.onHand))).toEqual([1, 2, 3, 4]);
    expect(await differences(room.org.id)).toEqual([]);
  }, 120_000);

  it("refuses opening stock without a variant for an item with variant rows, in its chunk or a later one alike", async () => {
    const p = `VS-${uniq()}`;
    const lines = ["SKU,Name,Base unit,Variant SKU,Warehouse,Location,Quantity"];
    // In one chunk: the item's row with stock, then its variant rows.
    lines.push(`${p}-A,Coat,${pcs},,WH1,A,5`, `${p}-A,,,${p}-A-S,WH1,A,1`);
    for (let i = 1; i <= 247; i++) lines.push(`${p}-F${i},Filler ${i},${pcs},,,,`);
    // Record 250 ends the first chunk (250 records a chunk): the item's row with stock; its variant rows start the second.
    lines.push(`${p}-B,Cape,${pcs},,WH1,A,5`, `${p}-B,,,${p}-B-S,WH1,A,1`, `${p}-B,,,${p}-B-M,WH1,A,2`);
    const perVariant = (sku: string) => `${sku} has variants: receive its opening stock per variant (a Variant SKU on the row)`;
    const expected = [
      ["2", "Opening stock: quantity", perVariant(`${p}-A`)],
      ["3", "SKU", `${p}-A was not imported (row 2): correct that row`],
      ["251", "Opening stock: quantity", perVariant(`${p}-B`)],
      ["252", "SKU", `${p}-B was not imported (row 251): correct that row`],
      ["253", "SKU", `${p}-B was not imported (row 251): correct that row`],
    ];
    const v = await validate({ id: room.ownerId }, room.org, lines.join("\n") + "\n");
    expect(v.status).toMatchObject({ status: "validated", totalRows: 252, errorRows: 5, toCreate: 247 });
    expect(await reportRows({ id: room.ownerId }, room.org, v.id)).toEqual(expected);
    // The commit refuses the same rows (the first chunk's commit ran before the second chunk was read).
    expect(await commitImport({ id: room.ownerId }, room.org, v.id)).toMatchObject({ status: "done", createdRows: 247, failedRows: 5 });
    // Neither item came in, so no stock without a variant either.
    expect((await room.owner.inventory.items.list({ q: `${p}-A` })).rows).toEqual([]);
    expect((await room.owner.inventory.items.list({ q: `${p}-B` })).rows).toEqual([]);
  }, 120_000);

  it("hides warehouses of workspaces the member cannot see", async () => {
    const mainOnly = await makeUser(room.org, { roles: ["owner"], workspaces: ["main"] });
    const v = await validate(mainOnly, room.org, `${HEADER}\nWS-${uniq()},Branch,,,${pcs},,,,WH2,C,1,1\n`);
    expect(await reportRows(mainOnly, room.org, v.id)).toEqual([["2", "Opening stock: warehouse", 'No warehouse with code "WH2" in your workspaces']]);
  });
});

describe("items export and the category filter", () => {
  it("exports the filtered list (category subtree) as CSV", async () => {
    const room = await stockroom();
    const root = await room.owner.inventory.categories.create({ code: "ROOT", name: "Root" });
    const child = await room.owner.inventory.categories.create({ code: "CHILD", name: "Child", parentId: root.id });
    const other = await room.owner.inventory.categories.create({ code: "OTHER", name: "Other" });
    const e1 = await room.owner.inventory.items.create({ sku: "E-1", name: "In root", baseUnitId: room.unitId, categoryId: root.id, listPrice: "5" });
    await room.owner.inventory.items.create({ sku: "E-2", name: "In child", baseUnitId: room.unitId, categoryId: child.id, tags: ["a", "b"], status: "discontinued", replacedByItemId: e1.id });
    await room.owner.inventory.items.create({ sku: "E-3", name: "Elsewhere", baseUnitId: room.unitId, categoryId: other.id });
    const filters = { category: { type: "enum" as const, values: [root.id] } };
    const list = await room.owner.inventory.items.list({ filters, sort: { id: "sku", desc: false } });
    expect(list.rows.map((r) => r.sku)).toEqual(["E-1", "E-2"]);

    const x = await authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.items", format: "csv", org: room.org.slug, ws: null, input: JSON.stringify({ filters, sort: { id: "sku", desc: false } }) }, "req-items-export");
    const csv = parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer()).slice(1));
    expect(csv[0]?.slice(0, 8)).toEqual(["SKU", "Name", "Type", "Status", "Category", "Base unit", "List price", "Track inventory"]);
    expect(csv.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ["E-1", "In root", "product", "active", "Root"],
      ["E-2", "In child", "product", "discontinued", "Child"],
    ]);
    expect(csv[2]![8]).toBe("a, b");
    // The replacing item's SKU, under the header the items import reads as "Replaced by".
    expect([csv[0]![9], csv[1]![9], csv[2]![9]]).toEqual(["Replaced by", "", "E-1"]);
    const events = await withConnection("system", async (c) =>
      (await c.query<{ action: string; data: { list: string } }>(`select action, data from audit.events where organization_id = $1 and action = 'export'`, [room.org.id])).rows,
    );
    expect(events.map((e) => e.data.list)).toContain("inventory.items");
  });
});
