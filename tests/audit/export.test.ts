// The generic export: authorization like a procedure, every row of the filtered set, CSV escaping, XLSX, audit event.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { EXPORTS } from "@/server/exports";
import { addMember } from "@/server/modules/auth/users.service";
import { csvField, csvRow } from "@/server/kernel/export/csv";
import { authorizeExport, exportFilename, exportStream, type ExportRequest } from "@/server/kernel/export/service";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { parseCsv } from "../helpers/csv";

let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let owner: Awaited<ReturnType<typeof makeUser>>;
let clerk: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  // The audit export is a plan feature (audit_export); these tests are about the export itself.
  [a, b] = await Promise.all([makeOrg({ features: ["audit_export"] }), makeOrg({ features: ["audit_export"] })]);
  [owner, clerk, outsider] = await Promise.all([makeUser(a), makeUser(a, { roles: ["sales"] }), makeUser(b)]);
  const c = await callerFor(owner.id, { org: a.slug });
  for (let i = 0; i < 3; i++) await c.audit.events.recordPrint({ entityType: "auth.roles", entityId: `=HYPERLINK("http://x/${i}","a,b")` });
  // Enough rows for several export pages (500 per page).
  await withConnection("owner", async (conn) => {
    await conn.query("begin");
    await conn.query("select set_config('app.org_id', $1, true)", [a.id]);
    await conn.query(`insert into auth.roles (organization_id, id, key, name) select $1, uuidv7(), 'exp_' || g, 'Export ' || g from generate_series(1, 1100) g`, [a.id]);
    await conn.query("commit");
  });
});

const request = (over: Partial<ExportRequest> = {}): ExportRequest => ({ listKey: "audit.events", format: "csv", org: a.slug, ws: null, input: null, ...over });
const session = (userId: string) => sessionClaim(userId);
const text = async (s: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(s).arrayBuffer());

async function exportEvents(orgId: string) {
  return withConnection("system", async (c) =>
    (await c.query<{ data: Record<string, unknown>; actor_id: string }>("select data, actor_id from audit.events where organization_id = $1 and action = 'export' order by created_at, id", [orgId])).rows,
  );
}

describe("CSV cells", () => {
  it("quotes per RFC 4180 and defuses formulas in text cells", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    for (const f of ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvField(f).replace(/^"/, "")).toMatch(/^'/);
    expect(csvField(-5)).toBe("-5");
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2030-01-02T03:04:05.678Z"))).toBe("2030-01-02T03:04:05.678Z");
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
    expect(exportFilename("audit.events", "csv", new Date("2030-05-06T12:00:00Z"))).toBe("audit-events-2030-05-06.csv");
  });
});

describe("export of the audit log", () => {
  it("streams every row of the filtered set as CSV with a BOM, and records the export", async () => {
    const input = { filters: { table: { type: "enum", values: ["auth.roles"] }, action: { type: "enum", values: ["insert"] } }, cursor: "ignored", page: 3 };
    const x = await authorizeExport(EXPORTS, await session(owner.id), request({ input: JSON.stringify(input) }), "req-export-1");
    const body = await text(exportStream(x));
    expect(body.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(body.slice(1));
    const header = rows[0]!;
    expect(header).toEqual(["Time (UTC)", "User e-mail", "User", "Action", "Table", "Record", "Changes", "Details", "Workspace", "Request", "Event id"]);
    const expected = await withConnection("system", async (c) =>
      (await c.query<{ id: string }>("select id::text from audit.events where organization_id = $1 and table_name = 'auth.roles' and action = 'insert' order by created_at desc, id desc", [a.id])).rows.map((r) => r.id),
    );
    expect(expected.length).toBeGreaterThan(1100);
    expect(rows.slice(1).map((r) => r[10])).toEqual(expected);
    expect(rows.slice(1).every((r) => r[3] === "insert" && r[4] === "auth.roles")).toBe(true);

    const events = await exportEvents(a.id);
    expect(events.at(-1)).toMatchObject({
      actor_id: owner.id,
      data: { list: "audit.events", format: "csv", rows: expected.length, completed: true, filters: input.filters },
    });
  });

  it("defuses formula cells from the data", async () => {
    const x = await authorizeExport(EXPORTS, await session(owner.id), request({ input: JSON.stringify({ filters: { action: { type: "enum", values: ["print"] } } }) }), "r");
    const rows = parseCsv((await text(exportStream(x))).slice(1)).slice(1);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r[5]).toMatch(/^'=HYPERLINK\("http:\/\/x\/\d","a,b"\)$/);
  });

  it("writes XLSX with the same rows", async () => {
    const x = await authorizeExport(EXPORTS, await session(owner.id), request({ format: "xlsx", input: JSON.stringify({ filters: { action: { type: "enum", values: ["print"] } } }) }), "r");
    const buffer = Buffer.from(await new Response(exportStream(x)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(4).value).toBe("Action");
    expect(sheet.getRow(2).getCell(4).value).toBe("print");
    await new Promise((r) => setTimeout(r, 50));
    expect((await exportEvents(a.id)).at(-1)?.data).toMatchObject({ format: "xlsx", rows: 3, completed: true });
  });

  it("answers 401, 404, 403 and 400 like the procedure chain", async () => {
    const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number }) => e.status ?? 500);
    expect(await status(authorizeExport(EXPORTS, null, request(), "r"))).toBe(401);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ listKey: "auth.users" }), "r"))).toBe(404);
    expect(await status(authorizeExport(EXPORTS, await session(outsider.id), request(), "r"))).toBe(404);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ org: "no-such-org" }), "r"))).toBe(404);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ ws: "nope" }), "r"))).toBe(404);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ ws: "main" }), "r"))).toBe(200);
    expect(await status(authorizeExport(EXPORTS, await session(clerk.id), request(), "r"))).toBe(403);
    expect(await status(authorizeExport(EXPORTS, await sessionClaim(owner.id, 9), request(), "r"))).toBe(401);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ format: "pdf" }), "r"))).toBe(400);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ input: "{not json" }), "r"))).toBe(400);
    expect(await status(authorizeExport(EXPORTS, await session(owner.id), request({ input: JSON.stringify({ sort: { id: "secret", desc: true } }) }), "r"))).toBe(400);
  });

  it("exports nothing of another organization", async () => {
    const x = await authorizeExport(EXPORTS, await session(outsider.id), request({ org: b.slug, input: JSON.stringify({ filters: { action: { type: "enum", values: ["print"] } } }) }), "r");
    const rows = parseCsv((await text(exportStream(x))).slice(1));
    expect(rows).toHaveLength(1); // the header only
  });
});

describe("the header row's language", () => {
  const EN = ["Time (UTC)", "User e-mail", "User", "Action", "Table", "Record", "Changes", "Details", "Workspace", "Request", "Event id"];
  const RU = ["Время (UTC)", "E-mail пользователя", "Пользователь", "Действие", "Таблица", "Запись", "Изменения", "Подробности", "Рабочее пространство", "Запрос", "ID события"];
  let enOrg: Awaited<ReturnType<typeof makeOrg>>;
  let ruOrg: Awaited<ReturnType<typeof makeOrg>>;
  let deOrg: Awaited<ReturnType<typeof makeOrg>>;
  let plain: Awaited<ReturnType<typeof makeUser>>;
  let russian: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    [enOrg, ruOrg, deOrg] = await Promise.all([makeOrg({ features: ["audit_export"] }), makeOrg({ features: ["audit_export"] }), makeOrg({ features: ["audit_export"] })]);
    await systemDb().organization.update({ where: { id: ruOrg.id }, data: { locale: "ru-RU" } });
    await systemDb().organization.update({ where: { id: deOrg.id }, data: { locale: "de-DE" } });
    // `plain` has no language of their own and belongs to all three; `russian` chose Russian in My profile.
    [plain, russian] = await Promise.all([makeUser(enOrg), makeUser(enOrg)]);
    await systemDb().$transaction(async (tx) => {
      for (const org of [ruOrg, deOrg]) await addMember(tx, { organizationId: org.id, userId: plain.id, roleKeys: ["owner"], allWorkspaces: true });
    });
    await systemDb().user.update({ where: { id: russian.id }, data: { locale: "ru" } });
  });

  /** The CSV's header row, and the XLSX's first row, for the same request: they must agree. */
  async function headers(userId: string, org: string, over: Partial<ExportRequest> = {}) {
    const csv = await authorizeExport(EXPORTS, await session(userId), request({ org, ...over }), "req-locale");
    const header = parseCsv((await text(exportStream(csv))).slice(1))[0];
    const xlsx = await authorizeExport(EXPORTS, await session(userId), request({ org, format: "xlsx", ...over }), "req-locale");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await new Response(exportStream(xlsx)).arrayBuffer()) as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(header);
    return header;
  }

  it("is the organization's language for a user without one, whichever other organization they belong to", async () => {
    expect(await headers(plain.id, enOrg.slug)).toEqual(EN);
    expect(await headers(plain.id, ruOrg.slug)).toEqual(RU);
    // The browser's language does not outrank the organization's.
    expect(await headers(plain.id, enOrg.slug, { acceptLanguage: "ru-RU,ru;q=0.9" })).toEqual(EN);
    // An organization language the UI does not have: the browser's, then English.
    expect(await headers(plain.id, deOrg.slug, { acceptLanguage: "de-DE,ru;q=0.8,en;q=0.5" })).toEqual(RU);
    expect(await headers(plain.id, deOrg.slug)).toEqual(EN);
  });

  it("is the user's own language over the organization's, and this device's choice (the cookie) over both", async () => {
    expect(await headers(russian.id, enOrg.slug)).toEqual(RU);
    expect(await headers(russian.id, enOrg.slug, { localeCookie: "en" })).toEqual(EN);
    expect(await headers(plain.id, ruOrg.slug, { localeCookie: "en" })).toEqual(EN);
    expect(await headers(plain.id, enOrg.slug, { localeCookie: "ru" })).toEqual(RU);
    // A cookie naming no UI language is ignored, as by the pages.
    expect(await headers(russian.id, enOrg.slug, { localeCookie: "fr" })).toEqual(RU);
  });

  it("never reveals another organization: a non-member of the Russian organization gets 404, not its headers", async () => {
    await expect(authorizeExport(EXPORTS, await session(russian.id), request({ org: ruOrg.slug }), "r")).rejects.toMatchObject({ status: 404 });
  });
});
