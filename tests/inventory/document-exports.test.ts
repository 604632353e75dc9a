// Exports of the stock document lists (inventory.adjustments, inventory.transfers, inventory.counts) through the
// kernel export: the file's rows are the list's rows for the same filters, search and sort; a member of one workspace
// exports that workspace's documents only; a blind count's differences stay hidden; no export without
// inventory.stock.read; every export is an audited `export` event.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, exportStream } from "@/server/kernel/export/service";
import { withConnection } from "../helpers/db";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeUser, sessionClaim, uniq } from "../helpers/factory";
import { makeItem, stockroom, type Caller, type Stockroom, withLines } from "./helpers";

type ListInput = { q?: string; filters?: Record<string, { type: "enum"; values: string[] }>; sort?: { id: "number"; desc: boolean } };
const enumF = (...values: string[]) => ({ type: "enum" as const, values });
/** A text cell as the kernel's CSV writer puts it: a leading apostrophe before what a spreadsheet would run. */
const asCsv = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ""));

/** The export as the list's button asks for it, from the workspace `ws` of the URL. */
async function exportFile(room: Stockroom, userId: string, listKey: string, input: ListInput, format: "csv" | "xlsx" = "csv", ws = "main") {
  const x = await authorizeExport(EXPORTS, await sessionClaim(userId), { listKey, format, org: room.org.slug, ws, input: JSON.stringify(input) }, `req-${uniq()}`);
  return new Response(exportStream(x)).arrayBuffer();
}

/** The CSV's header and its data rows (the BOM dropped, the trailing empty line too). */
async function exportCsv(room: Stockroom, userId: string, listKey: string, input: ListInput = {}, ws = "main") {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await exportFile(room, userId, listKey, input, "csv", ws));
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1)).filter((r) => r.length > 1);
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

/** Every row of a list procedure for `input`, page by page (small pages, so the keyset is exercised). */
async function allRows<R>(list: (input: ListInput & { perPage: number; cursor?: string }) => Promise<{ rows: R[]; nextCursor?: string }>, input: ListInput = {}) {
  const out: R[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...input, perPage: 2, cursor });
    out.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe("stock document list exports", () => {
  let room: Stockroom;
  let member: Caller;
  let memberId: string;
  const adjustments: { id: string; number: string }[] = [];
  const transfers: { id: string; number: string }[] = [];
  let blindCount: { id: string; number: string };
  let openCount: { id: string; number: string };
  let secondCount: { id: string; number: string };

  beforeAll(async () => {
    room = await stockroom();
    const o = room.owner.inventory;
    const item = await makeItem(room);
    await o.stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "10", unitCost: "2" });
    await o.stock.receive({ itemId: item.id, locationId: room.second.c, quantity: "10", unitCost: "2" });
    // Adjustments: three in MAIN (two posted, one draft; a reason with a comma and a quote), one posted in the second workspace.
    for (const [warehouseId, locationId, reason, post] of [
      [room.main.id, room.main.a, 'Damage, "forklift"', true],
      [room.main.id, room.main.b, "Found", false],
      [room.second.id, room.second.c, "Shrinkage", true],
      [room.main.id, room.main.a, "=Recount", true],
    ] as const) {
      // The reasons are the organization's list: "Found" is a default, the others are added (names as typed).
      const reasonId = reason === "Found" ? room.reasons.FOUND : (await o.adjustmentReasons.create({ code: `R${adjustments.length}`, name: reason })).id;
      const d = await o.adjustments.create({ warehouseId, reasonId, note: `note ${reason}`, lines: [{ itemId: item.id, locationId, quantity: "-1" }, { itemId: item.id, locationId, quantity: "3", unitCost: "2.5" }] });
      if (post) await o.adjustments.post({ id: d.id, version: d.version });
      adjustments.push({ id: d.id, number: d.number });
    }
    // Transfers: one posted in MAIN (A → B), one draft in the second workspace's warehouse.
    const t1 = await o.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, note: "To B", lines: [{ itemId: item.id, fromLocationId: room.main.a, toLocationId: room.main.b, quantity: "2" }] });
    await o.transfers.post({ id: t1.id, version: t1.version });
    transfers.push({ id: t1.id, number: t1.number });
    const d = await o.locations.create({ warehouseId: room.second.id, code: "D", kind: "bin" });
    const t2 = await o.transfers.create({ fromWarehouseId: room.second.id, toWarehouseId: room.second.id, lines: [{ itemId: item.id, fromLocationId: room.second.c, toLocationId: d.id, quantity: "1" }] });
    transfers.push({ id: t2.id, number: t2.number });
    // Counts: a blind one still counting with a counted difference, an open one with a difference, one in the second workspace.
    const blind = await withLines(o.counts, o.counts.create({ warehouseId: room.main.id, locationId: room.main.a, blind: true }));
    await o.counts.setCounted({ id: blind.id, lineId: blind.lines[0]!.id, countedQty: "1" });
    blindCount = { id: blind.id, number: blind.number };
    const open = await withLines(o.counts, o.counts.create({ warehouseId: room.main.id, locationId: room.main.b }));
    await o.counts.setCounted({ id: open.id, lineId: open.lines[0]!.id, countedQty: "0" });
    openCount = { id: open.id, number: open.number };
    const second = await o.counts.create({ warehouseId: room.second.id });
    secondCount = { id: second.id, number: second.number };

    const user = await makeUser(room.org, { roles: ["warehouse"], workspaces: ["second"] });
    memberId = user.id;
    member = await callerFor(user.id, { org: room.org.slug });
  });

  it("adjustments: the file's rows are the list's rows for the same filters, search and sort", async () => {
    const list = room.owner.inventory.adjustments.list;
    for (const input of [
      {},
      { filters: { status: enumF("posted") } },
      { filters: { warehouse: enumF(room.main.id) }, sort: { id: "number" as const, desc: false } },
      { q: adjustments[3]!.number.toLowerCase() },
    ] as ListInput[]) {
      const rows = await allRows(list, input);
      const csv = await exportCsv(room, room.ownerId, "inventory.adjustments", input);
      expect(csv.rows.map((r) => r.Number)).toEqual(rows.map((r) => r.number));
      expect(csv.rows.map((r) => [r.Id, r.Status, r.Warehouse, r.Reason, r.Note, r.Lines, r["Total quantity"], r["Total value"]])).toEqual(
        rows.map((r) => [r.id, r.status, r.warehouseCodes, asCsv(r.reason), asCsv(r.note), String(r.lineCount), r.totalQuantity, r.totalValue]),
      );
    }
    const { header, rows } = await exportCsv(room, room.ownerId, "inventory.adjustments", { filters: { status: enumF("posted") } });
    expect(header).toEqual(["Number", "Date", "Status", "Warehouse", "Reason", "Note", "Lines", "Total quantity", "Total value", "Posted", "Created", "Id"]);
    expect(rows.map((r) => r.Number)).toEqual([adjustments[3]!.number, adjustments[2]!.number, adjustments[0]!.number]);
    const first = rows.find((r) => r.Id === adjustments[0]!.id)!;
    expect(first).toMatchObject({ Reason: 'Damage, "forklift"', Note: 'note Damage, "forklift"', Warehouse: "WH1", Lines: "2", "Total quantity": "4" });
    expect(first.Date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.Posted).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // A text starting like a formula is neutralized (kernel CSV writer).
    expect(rows.find((r) => r.Id === adjustments[3]!.id)!.Reason).toBe("'=Recount");
    // The draft has no posting time; its date is its creation's.
    const draft = (await exportCsv(room, room.ownerId, "inventory.adjustments", { filters: { status: enumF("draft") } })).rows;
    expect(draft.map((r) => [r.Number, r.Posted])).toEqual([[adjustments[1]!.number, ""]]);
  });

  it("adjustments as XLSX: the same header and rows", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await exportFile(room, room.ownerId, "inventory.adjustments", { filters: { status: enumF("posted") } }, "xlsx"));
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(["Number", "Date", "Status"]);
    expect([2, 3, 4].map((n) => sheet.getRow(n).getCell(1).value)).toEqual([adjustments[3]!.number, adjustments[2]!.number, adjustments[0]!.number]);
  });

  it("transfers: the file's rows are the list's rows", async () => {
    const list = room.owner.inventory.transfers.list;
    for (const input of [{}, { filters: { status: enumF("posted") } }, { filters: { warehouse: enumF(room.second.id) } }] as ListInput[]) {
      const rows = await allRows(list, input);
      const csv = await exportCsv(room, room.ownerId, "inventory.transfers", input);
      expect(csv.header).toEqual(["Number", "Date", "Status", "Warehouses", "Note", "Lines", "Total quantity", "Total value", "Posted", "Created", "Id"]);
      expect(csv.rows.map((r) => [r.Number, r.Status, r.Warehouses, r.Note, r.Lines, r["Total quantity"]])).toEqual(
        rows.map((r) => [r.number, r.status, r.warehouseCodes, asCsv(r.note), String(r.lineCount), r.totalQuantity]),
      );
    }
    const posted = (await exportCsv(room, room.ownerId, "inventory.transfers", { filters: { status: enumF("posted") } })).rows;
    expect(posted.map((r) => [r.Number, r.Warehouses, r.Note, r["Total quantity"]])).toEqual([[transfers[0]!.number, "WH1 → WH1", "To B", "2"]]);
  });

  it("counts: the file's rows are the list's rows; a blind count still counting does not leak its differences", async () => {
    const list = room.owner.inventory.counts.list;
    for (const input of [{}, { filters: { warehouse: enumF(room.main.id) } }, { filters: { status: enumF("counting") }, sort: { id: "number" as const, desc: false } }] as ListInput[]) {
      const rows = await allRows(list, input);
      const csv = await exportCsv(room, room.ownerId, "inventory.counts", input);
      expect(csv.rows.map((r) => [r.Number, r.Id, r.Status, r.Warehouse, r.Blind, r.Lines, r.Counted, r.Differences])).toEqual(
        rows.map((r) => [r.number, r.id, r.status, r.warehouseCode, r.blind ? "yes" : "no", String(r.lineCount), String(r.countedCount), r.differenceCount === null ? "" : String(r.differenceCount)]),
      );
    }
    const { header, rows } = await exportCsv(room, room.ownerId, "inventory.counts");
    expect(header).toEqual(["Number", "Status", "Warehouse", "Location", "Location codes from", "Location codes to", "Category", "Blind", "Lines", "Counted", "Differences", "Differences hidden", "Created", "Posted", "Id"]);
    const byId = new Map(rows.map((r) => [r.Id, r]));
    // The blind count's counted line (1) differs from what A holds (12), yet no number shows.
    expect(byId.get(blindCount.id)).toMatchObject({ Number: blindCount.number, Blind: "yes", Counted: "1", Differences: "", "Differences hidden": "blind", Location: "A" });
    expect(byId.get(openCount.id)).toMatchObject({ Blind: "no", Counted: "1", Differences: "1", "Differences hidden": "", Location: "B" });
    expect(byId.get(secondCount.id)).toMatchObject({ Warehouse: "WH2", Location: "", "Location codes from": "", "Location codes to": "", Category: "", Posted: "" });
    // Once in review the screen shows the difference, and so does the export.
    await room.owner.inventory.counts.review({ id: blindCount.id, version: 1 });
    const reviewed = (await exportCsv(room, room.ownerId, "inventory.counts", { q: blindCount.number })).rows;
    expect(reviewed.map((r) => [r.Number, r.Status, r.Differences, r["Differences hidden"]])).toEqual([[blindCount.number, "review", "1", ""]]);
    await room.owner.inventory.counts.reopen({ id: blindCount.id, version: 2 });
    expect((await exportCsv(room, room.ownerId, "inventory.counts", { q: blindCount.number })).rows.map((r) => r.Differences)).toEqual([""]);
  });

  it("a Russian-speaking user gets the headers in Russian (CSV and XLSX); the cells are the same as in English", async () => {
    // The organization speaks English; this member chose Russian in My profile.
    const user = await makeUser(room.org);
    await systemDb().user.update({ where: { id: user.id }, data: { locale: "ru" } });
    const ru = await exportCsv(room, user.id, "inventory.counts");
    const en = await exportCsv(room, room.ownerId, "inventory.counts");
    expect(ru.header).toEqual(["Номер", "Статус", "Склад", "Ячейка", "Коды ячеек с", "Коды ячеек по", "Категория", "Слепая", "Строк", "Посчитано", "Расхождений", "Расхождения скрыты", "Создана", "Дата проведения", "ID"]);
    expect(en.header).toEqual(["Number", "Status", "Warehouse", "Location", "Location codes from", "Location codes to", "Category", "Blind", "Lines", "Counted", "Differences", "Differences hidden", "Created", "Posted", "Id"]);
    // Values are never translated: status and reason codes, yes/no, ISO timestamps.
    expect(ru.rows.map((r) => Object.values(r))).toEqual(en.rows.map((r) => Object.values(r)));
    expect(ru.rows.find((r) => r.ID === blindCount.id)).toMatchObject({ Номер: blindCount.number, Слепая: "yes", Расхождений: "", "Расхождения скрыты": "blind" });

    const sheets = await Promise.all(
      [user.id, room.ownerId].map(async (id) => {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(await exportFile(room, id, "inventory.adjustments", { filters: { status: enumF("posted") } }, "xlsx"));
        const sheet = book.worksheets[0]!;
        return Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
      }),
    );
    const [ruSheet, enSheet] = sheets as [unknown[][], unknown[][]];
    expect(ruSheet[0]).toEqual(["Номер", "Дата", "Статус", "Склад", "Причина", "Примечание", "Строк", "Всего количество", "Всего сумма", "Дата проведения", "Дата создания", "ID"]);
    expect(enSheet[0]).toEqual(["Number", "Date", "Status", "Warehouse", "Reason", "Note", "Lines", "Total quantity", "Total value", "Posted", "Created", "Id"]);
    expect(ruSheet.slice(1)).toEqual(enSheet.slice(1));
    expect(ruSheet.slice(1).map((r) => r[0])).toEqual([adjustments[3]!.number, adjustments[2]!.number, adjustments[0]!.number]);
  });

  it("a member of one workspace exports that workspace's documents only", async () => {
    const adj = await exportCsv(room, memberId, "inventory.adjustments", {}, "second");
    expect(adj.rows.map((r) => r.Number)).toEqual([adjustments[2]!.number]);
    expect(adj.rows.map((r) => r.Number)).toEqual((await allRows(member.inventory.adjustments.list)).map((r) => r.number));
    const tr = await exportCsv(room, memberId, "inventory.transfers", {}, "second");
    expect(tr.rows.map((r) => r.Number)).toEqual(transfers.slice(1).map((t) => t.number));
    expect(tr.rows.every((r) => r.Warehouses === "WH2 → WH2")).toBe(true);
    const counts = await exportCsv(room, memberId, "inventory.counts", {}, "second");
    expect(counts.rows.map((r) => r.Number)).toEqual([secondCount.number]);
    // Asking for MAIN's warehouse by filter does not widen it.
    expect((await exportCsv(room, memberId, "inventory.adjustments", { filters: { warehouse: enumF(room.main.id) } }, "second")).rows).toEqual([]);
    expect((await exportCsv(room, memberId, "inventory.counts", { filters: { warehouse: enumF(room.main.id) } }, "second")).rows).toEqual([]);
    // Nor does naming a workspace they are not a member of: not found, like the pages.
    await expect(exportFile(room, memberId, "inventory.adjustments", {}, "csv", "main")).rejects.toMatchObject({ status: 404 });
  });

  it("refuses without inventory.stock.read (403), another organization's member (404) and a bad input (400)", async () => {
    const clerk = await makeUser(room.org, { roles: ["sales"] });
    for (const listKey of ["inventory.adjustments", "inventory.transfers", "inventory.counts"]) {
      await expect(authorizeExport(EXPORTS, await sessionClaim(clerk.id), { listKey, format: "csv", org: room.org.slug, ws: "main", input: null }, "req-forbidden")).rejects.toMatchObject({ status: 403 });
    }
    const foreign = await stockroom();
    await expect(authorizeExport(EXPORTS, await sessionClaim(foreign.ownerId), { listKey: "inventory.adjustments", format: "csv", org: room.org.slug, ws: "main", input: null }, "req-foreign")).rejects.toMatchObject({ status: 404 });
    await expect(
      authorizeExport(EXPORTS, await sessionClaim(room.ownerId), { listKey: "inventory.counts", format: "csv", org: room.org.slug, ws: "main", input: JSON.stringify({ sort: { id: "warehouse", desc: false } }) }, "req-bad"),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("records each export as an audited `export` event with its list, format, filters and rows", async () => {
    const filters = { status: enumF("posted") };
    await exportCsv(room, room.ownerId, "inventory.adjustments", { filters });
    await exportFile(room, room.ownerId, "inventory.transfers", { filters }, "xlsx");
    await exportCsv(room, memberId, "inventory.counts", { q: "cnt" }, "second");
    const events = () =>
      withConnection("system", async (c) =>
        (
          await c.query<{ list: string; format: string; rows: number; filters: unknown; q: string | null; actor: string; completed: boolean }>(
            `select data->>'list' as list, data->>'format' as format, (data->>'rows')::int as rows, data->'filters' as filters, data->>'q' as q,
                    actor_id::text as actor, (data->>'completed')::boolean as completed
               from audit.events where organization_id = $1 and action = 'export' order by created_at desc, id desc limit 3`,
            [room.org.id],
          )
        ).rows.reverse(),
      );
    await expect.poll(events).toEqual([
      { list: "inventory.adjustments", format: "csv", rows: 3, filters, q: null, actor: room.ownerId, completed: true },
      { list: "inventory.transfers", format: "xlsx", rows: 1, filters, q: null, actor: room.ownerId, completed: true },
      { list: "inventory.counts", format: "csv", rows: 1, filters: null, q: "cnt", actor: memberId, completed: true },
    ]);
  });
});
