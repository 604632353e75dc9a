// The customers import on the kernel import engine, end to end on the test PostgreSQL and a local storage directory:
// parsing (CSV with BOM, ";" and quotes; XLSX), mapping suggestions and saved mappings, the validation report, the
// dry run, the commit (customers + contacts, gapless numbers), idempotent re-runs, isolation and a 10k-row file.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { LocalStorage, setStorage } from "@/server/kernel/files";
import { headerSignature, normalizeHeader, suggestMapping } from "@/server/kernel/import/mapping";
import { detectDelimiter, readCsv, readXlsx } from "@/server/kernel/import/parse";
import { runCommit, runValidation } from "@/server/kernel/import/run";
import * as numbering from "@/server/kernel/numbering";
import { customersImport } from "@/server/modules/crm/customers.import";
import { Readable } from "node:stream";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { asApp, withConnection } from "../helpers/db";
import { commit, report, uploadAndValidate, uploadFile, type Org, type User } from "./import-helpers";

const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-import-"));
beforeAll(() => setStorage(new LocalStorage(dir)));
afterAll(() => {
  setStorage(undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function collect(gen: AsyncIterable<string[]>) {
  const out: string[][] = [];
  for await (const r of gen) out.push(r);
  return out;
}

const HEADER = "Name,E-mail,Phone,Tier,Tags,Contact first name,Contact last name,Position";

describe("parsing", () => {
  it("reads CSV with a BOM, quoted fields, doubled quotes, line breaks in quotes and CRLF", async () => {
    const csv = '\uFEFFName,Notes\r\n"Acme, Inc.","He said ""hi""\r\nsecond line"\r\nBeta,plain\r\n';
    // Split into awkward chunks so state crosses chunk boundaries.
    const chunks = Array.from(Buffer.from(csv, "utf8")).map((b) => Buffer.from([b]));
    expect(await collect(readCsv(Readable.from(chunks)))).toEqual([
      ["Name", "Notes"],
      ["Acme, Inc.", 'He said "hi"\r\nsecond line'],
      ["Beta", "plain"],
    ]);
  });

  it("detects the semicolon delimiter (Excel in many locales) and keeps commas inside cells", async () => {
    expect(detectDelimiter('Название;Почта;"Кредит, лимит"')).toBe(";");
    expect(detectDelimiter("a,b;c,d")).toBe(",");
    const rows = await collect(readCsv(Readable.from([Buffer.from("Название;Почта\nТОО Ромашка;info@romashka.kz\n\"Ltd; Co\";x@y.test", "utf8")])));
    expect(rows).toEqual([["Название", "Почта"], ["ТОО Ромашка", "info@romashka.kz"], ["Ltd; Co", "x@y.test"]]);
  });

  it("reads the first worksheet of an XLSX stream", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Customers");
    ws.addRow(["Name", "Credit limit", "Website"]);
    ws.addRow(["Alpha", 1500.5, { text: "alpha.test", hyperlink: "https://alpha.test" }]);
    ws.addRow([]);
    ws.addRow(["Gamma", 10, null]);
    wb.addWorksheet("Other").addRow(["ignored"]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const rows = await collect(readXlsx(Readable.from([buf])));
    expect(rows[0]).toEqual(["Name", "Credit limit", "Website"]);
    expect(rows[1]).toEqual(["Alpha", "1500.5", "alpha.test"]);
    expect(rows.at(-1)?.slice(0, 2)).toEqual(["Gamma", "10"]);
    expect(rows).toHaveLength(4);
  });
});

describe("mapping", () => {
  it("suggests fields from English and Russian headers", () => {
    expect(normalizeHeader(" E-mail ")).toBe("email");
    const m = suggestMapping(["Название", "Почта", "Телефон", "БИН", "Ответственный", "Unknown", "Имя контакта", "Должность"], customersImport.fields);
    expect(m).toEqual({ name: 0, email: 1, phone: 2, taxId: 3, ownerEmail: 4, contactFirstName: 6, contactPosition: 7 });
    const en = suggestMapping(["Customer number", "Company", "E-mail", "Tax ID", "Credit limit", "Currency", "Tags"], customersImport.fields);
    expect(en).toEqual({ number: 0, name: 1, email: 2, taxId: 3, creditLimit: 4, creditCurrency: 5, tags: 6 });
    expect(headerSignature(["Name", "E-mail"])).toBe(headerSignature(["name", "email"]));
  });

  it("saves the mapping per organization and offers it again for the same headers", async () => {
    const [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u, v] = await Promise.all([makeUser(org), makeUser(other)]);
    const csv = "Company,Col B,Col C\nAlpha,alpha@x.test,+1 555\n";
    const first = await uploadFile(u, org, csv);
    expect(first.body.mapping).toEqual({ name: 0 });
    expect(first.body.mappingSaved).toBe(false);
    const caller = await callerFor(u.id, { org: org.slug });
    // A column mapped twice and a missing required field are field errors.
    expect(await codeOf(caller.crm.imports.setMapping({ id: first.body.id, mapping: { name: 0, email: 0 } }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.crm.imports.setMapping({ id: first.body.id, mapping: { email: 1 } }))).toBe("BAD_REQUEST");
    await caller.crm.imports.setMapping({ id: first.body.id, mapping: { name: 0, email: 1, phone: 2 } });
    const again = await uploadFile(u, org, "Company,Col B,Col C\nBeta,beta@x.test,+1 556\n");
    expect(again.body).toMatchObject({ mapping: { name: 0, email: 1, phone: 2 }, mappingSaved: true });
    const preview = await caller.crm.imports.preview({ id: again.body.id });
    expect(preview).toMatchObject({ headers: ["Company", "Col B", "Col C"], sample: [["Beta", "beta@x.test", "+1 556"]], mappingSaved: true });
    // Not for another organization.
    const elsewhere = await uploadFile(v, other, csv);
    expect(elsewhere.body).toMatchObject({ mapping: { name: 0 }, mappingSaved: false });
  });
});

describe("validation, dry run and commit", () => {
  let org: Org;
  let owner: User;
  let sales: User;

  beforeAll(async () => {
    org = await makeOrg({ country: "KZ" });
    [owner, sales] = await Promise.all([makeUser(org), makeUser(org, { roles: ["sales"] })]);
  });

  it("reports every bad row and column at once, with a downloadable CSV", async () => {
    const csv = [
      "Name;БИН;Почта;Tier;Ответственный;Кредитный лимит;Валюта;Имя контакта;Почта контакта",
      `Good One;971240001315;good1@x.test;gold;${sales.email};1 000,50;kzt;Ivan;ivan@x.test`,
      ";;bad-email;diamond;nobody@x.test;-5;;;", // name, e-mail, tier, owner, credit limit (and currency)
      "Bad BIN;971240001316;;;;;;;", // tax id by the KZ pack
      "Dup mail;;good1@x.test;;;;;;", // same e-mail as row 2
      "Contact w/o name;;;;;;;;not-an-email", // contact e-mail, and first name needed
      "Good Two;;;silver;;;;;",
    ].join("\n");
    const { id, status } = await uploadAndValidate(owner, org, csv);
    expect(status).toMatchObject({ status: "validated", totalRows: 6, errorRows: 4, toCreate: 2, toUpdate: 0, toSkip: 0 });
    const byRow = status.firstErrors.map((e) => `${e.row}:${e.field}`);
    expect(byRow).toEqual(
      expect.arrayContaining(["3:name", "3:email", "3:tier", "3:ownerEmail", "3:creditLimit", "4:taxId", "5:email", "6:contactEmail", "6:contactFirstName"]),
    );
    expect(new Set(status.firstErrors.map((e) => e.row))).toEqual(new Set([3, 4, 5, 6]));
    expect(status.firstErrors.find((e) => e.row === 5)?.message).toBe("Same value as row 2");

    const res = await report(owner, org, id);
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("row,column,message");
    expect(lines.length - 1).toBe(status.errorCount);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(new Set(["3", "4", "5", "6"]));
    expect(lines).toContain("4,Tax id,Enter a valid 12-digit BIN/IIN");

    const dry = await (await callerFor(owner.id, { org: org.slug })).crm.imports.dryRun({ id });
    expect(dry).toMatchObject({ totalRows: 6, create: 2, update: 0, skip: 0, invalid: 4, canCommit: true });
  });

  it("commits customers with their contacts, numbered without gaps, and the re-run of the file updates instead of duplicating", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const pre = await (await callerFor(u.id, { org: o.slug })).crm.customers.create({ name: "Existing", email: "exist@x.test" });
    expect(pre.number).toBe("CUST-00001");
    const csv = [
      HEADER,
      "Alpha,alpha@x.test,+1 1,gold,vip;north,Ann,Lee,CEO",
      "Existing Renamed,EXIST@x.test,,platinum,,Bob,,Buyer",
      '"Gamma, Inc.",,,,"a, b",,,',
      "Bad,not-mail,,,,,,",
    ].join("\n");
    const { id, status } = await uploadAndValidate(u, o, csv);
    expect(status).toMatchObject({ totalRows: 4, errorRows: 1, toCreate: 2, toUpdate: 1, toSkip: 0 });
    const done = await commit(u, o, id);
    expect(done).toMatchObject({ status: "done", processedRows: 4, createdRows: 2, updatedRows: 1, skippedRows: 1, failedRows: 1 });

    const rows = await systemDb().customer.findMany({ where: { organizationId: o.id }, orderBy: { number: "asc" }, include: { contacts: true } });
    expect(rows.map((r) => [r.number, r.name, r.tier])).toEqual([
      ["CUST-00001", "Existing Renamed", "platinum"],
      ["CUST-00002", "Alpha", "gold"],
      ["CUST-00003", "Gamma, Inc.", "standard"],
    ]);
    expect(rows[0]!.version).toBe(2);
    expect(rows[1]!.tags).toEqual(["vip", "north"]);
    expect(rows[2]!.tags).toEqual(["a", "b"]);
    expect(rows[1]!.contacts.map((c) => [c.firstName, c.lastName, c.position, c.isPrimary])).toEqual([["Ann", "Lee", "CEO", true]]);
    expect(rows[0]!.contacts.map((c) => [c.firstName, c.position, c.isPrimary])).toEqual([["Bob", "Buyer", true]]);

    // One business event for the import; the row changes are in the audit stream through the triggers.
    const events = await systemDb().auditEvent.findMany({ where: { organizationId: o.id, action: "import" } });
    expect(events).toHaveLength(1);
    const inserts = await systemDb().auditEvent.count({ where: { organizationId: o.id, tableName: "crm.customers", action: "insert" } });
    expect(inserts).toBe(3);

    // The same file again: everything matches, nothing changes — by e-mail, and "Gamma, Inc." (no number, tax id or
    // e-mail) by its name, the only customer of that name; the dry run says by which key.
    const again = await uploadAndValidate(u, o, csv);
    expect(again.status).toMatchObject({ toCreate: 0, toUpdate: 0, toSkip: 3, errorRows: 1, matchCounts: { email: { update: 0, skip: 2 }, name: { update: 0, skip: 1 } } });
    // With the numbers the first run gave them, every row matches.
    const keyed = [`Customer number,${HEADER}`, "CUST-00002,Alpha,alpha@x.test,+1 1,gold,vip;north,Ann,Lee,CEO", '"CUST-00003","Gamma, Inc.",,,,"a, b",,,'].join("\n");
    const third = await uploadAndValidate(u, o, keyed);
    expect(third.status).toMatchObject({ toCreate: 0, toUpdate: 0, toSkip: 2, errorRows: 0, matchCounts: { number: { update: 0, skip: 2 } } });
    const fin = await commit(u, o, third.id);
    expect(fin).toMatchObject({ status: "done", createdRows: 0, updatedRows: 0, skippedRows: 2 });
    expect(await systemDb().customer.count({ where: { organizationId: o.id } })).toBe(3);
    // An unknown number is an error on the number, not a new customer.
    const unknown = await uploadAndValidate(u, o, "Customer number,Name\nCUST-09999,Nobody\n");
    expect(unknown.status.firstErrors).toEqual([{ row: 2, field: "number", message: "No customer with this number" }]);
  });

  it("matches rows without a number or e-mail by tax id, then by an unambiguous name; several of a name is a row error", async () => {
    const o = await makeOrg(); // US: EINs, stored as NN-NNNNNNN
    const u = await makeUser(o);
    const c = await callerFor(u.id, { org: o.slug });
    await c.crm.customers.create({ name: "Twin Co" });
    await c.crm.customers.create({ name: "twin  co" });
    const solo = await c.crm.customers.create({ name: "Solo Trading" });
    const taxed = await c.crm.customers.create({ name: "Taxed LLP", taxId: "12-3456789" });
    const file = [
      "Name,Tax ID,E-mail,Tier",
      "  solo   TRADING ,,,gold", // the name, case and spaces aside: one customer → update
      "Twin Co,,,silver", // two customers of that name → error on the name
      "Renamed by tax,123456789,,silver", // the tax id as the US pack normalizes it → update (and rename)
      "Fresh Keyless,,,", // no match → create
      "Taxed LLP,98-7654321,,", // same name as a customer with another tax id: someone else → create
      "Taxed LLP,,other@x.test,", // an unknown e-mail the customer does not contradict (it has none) → the name → row 4's customer
    ].join("\n");
    const first = await uploadAndValidate(u, o, file);
    expect(first.status).toMatchObject({ totalRows: 6, errorRows: 2, toCreate: 2, toUpdate: 2, toSkip: 0 });
    expect(first.status.firstErrors).toEqual([
      { row: 3, field: "name", message: "2 customers have this name; give the customer number of the one to update" },
      { row: 7, field: "name", message: `Row 4 already updates customer ${taxed.number}` },
    ]);
    expect(first.status.matchCounts).toEqual({ name: { update: 1, skip: 0 }, taxId: { update: 1, skip: 0 } });
    expect((await c.crm.imports.dryRun({ id: first.id })).matchedBy).toEqual({ name: { update: 1, skip: 0 }, taxId: { update: 1, skip: 0 } });
    const done = await commit(u, o, first.id);
    expect(done).toMatchObject({ status: "done", createdRows: 2, updatedRows: 2, failedRows: 2 });
    const byName = async (name: string) => systemDb().customer.findMany({ where: { organizationId: o.id, name }, orderBy: { number: "asc" } });
    expect((await byName("Solo Trading")).map((r) => [r.id, r.tier])).toEqual([[solo.id, "gold"]]);
    expect((await byName("Renamed by tax")).map((r) => [r.id, r.taxId, r.tier])).toEqual([[taxed.id, "12-3456789", "silver"]]);
    expect((await byName("Taxed LLP")).map((r) => r.taxId)).toEqual(["98-7654321"]);
    expect(await systemDb().customer.count({ where: { organizationId: o.id } })).toBe(6);

    // The same file a second time: every keyless row matches what the first run wrote; nothing is created.
    const second = await uploadAndValidate(u, o, file);
    expect(second.status).toMatchObject({ toCreate: 0, errorRows: 2 });
    expect(second.status.toUpdate! + second.status.toSkip!).toBe(4);
    expect(second.status.firstErrors.map((e) => `${e.row}:${e.field}`)).toEqual(["3:name", "7:name"]);
    await commit(u, o, second.id);
    expect(await systemDb().customer.count({ where: { organizationId: o.id } })).toBe(6);
  });

  it("looks names and tax ids up by index conditions under RLS (tessera_app), not by a filter over the organization", async () => {
    const o = await makeOrg();
    // Enough rows that an index on the organization alone is not as good as one on the key (the system role writes).
    await systemDb().$executeRaw`
      insert into crm.customers (organization_id, id, number, name, tax_id, email, tags, updated_at)
      select ${o.id}::uuid, gen_random_uuid(), 'BULK-' || g, 'Bulk ' || g, lpad(g::text, 9, '0'), 'c' || g || '@bulk.test', '{}', now()
        from generate_series(1, 3000) g`;
    // Statistics that count them: whether autovacuum has analyzed the table by now depends on the machine's load.
    await withConnection("admin", (c) => c.query("analyze crm.customers"));
    const explain = (q: string, params: unknown[]) =>
      asApp({ orgId: o.id, workspaceIds: Object.values(o.workspaces) }, async (pg) => {
        await pg.query("set local enable_seqscan = off");
        const r = await pg.query(`explain ${q}`, params);
        return r.rows.map((x: { "QUERY PLAN": string }) => x["QUERY PLAN"]).join("\n");
      });
    const byName = await explain(
      `with q as materialized (select n as input, lower(btrim(regexp_replace(n, '[[:space:]]+', ' ', 'g'))) as k from unnest($2::text[]) as u(n))
       select q.input, m.* from q cross join lateral (
         select c.id, count(*) over () from crm.customers c
          where c.organization_id = $1::uuid and (c.workspace_id is null or c.workspace_id = any($3::uuid[])) and c.name_key = q.k limit 6) m`,
      [o.id, ["Acme", "Beta"], [o.workspaces.main!]],
    );
    expect(byName).toMatch(/Index Scan using customers_organization_id_name_key_idx on customers c[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(name_key = q\.k\)\)/);
    const byTax = await explain(`select c.id from crm.customers c where c.organization_id = $1::uuid and c.tax_id is not null and c.tax_id = any($2::text[])`, [o.id, ["12-3456789"]]);
    expect(byTax).toMatch(/Index (Only )?Scan using customers_organization_id_tax_id_idx[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(tax_id = ANY/);
    const byEmail = await explain(`select c.id from crm.customers c where c.organization_id = $1::uuid and c.email is not null and c.email = any($2::text[])`, [o.id, ["c7@bulk.test"]]);
    expect(byEmail).toMatch(/Index (Only )?Scan using customers_organization_id_email_idx[\s\S]*Index Cond: \(\(organization_id = .*\) AND \(email = ANY/);
    // lower(name) = … would not be: lower() is not leakproof, so under FORCE RLS it is only a filter.
    const lowered = await explain(`select c.id from crm.customers c where c.organization_id = $1::uuid and lower(c.name) = $2`, [o.id, "acme"]);
    expect(lowered).not.toMatch(/Index Cond: [^\n]*lower/);
  });

  it("a retried commit job resumes from its cursor and never inserts a row twice", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const lines = [HEADER];
    for (let i = 1; i <= 2500; i++) lines.push(`Retry ${i},,,,,,,`); // no keys: only the cursor prevents duplicates
    const { id } = await uploadAndValidate(u, o, lines.join("\n"));
    const caller = await callerFor(u.id, { org: o.slug });
    await caller.crm.imports.commit({ id });
    // Two workers on the same job at once (a retry while the first still runs) and a third run afterwards.
    await Promise.all([runCommit(o.id, id), runCommit(o.id, id)]);
    await runCommit(o.id, id);
    const s = await caller.crm.imports.status({ id });
    expect(s).toMatchObject({ status: "done", processedRows: 2500, createdRows: 2500 });
    expect(await systemDb().customer.count({ where: { organizationId: o.id } })).toBe(2500);
    const numbers = (await systemDb().customer.findMany({ where: { organizationId: o.id }, select: { number: true } })).map((r) => r.number).sort();
    expect(numbers[0]).toBe("CUST-00001");
    expect(numbers.at(-1)).toBe("CUST-02500");
    expect(new Set(numbers).size).toBe(2500);
  });

  it("needs crm.customer.update to commit updates; a manager (read only) cannot import", async () => {
    const o = await makeOrg();
    const [own, mgr] = await Promise.all([makeUser(o), makeUser(o, { roles: ["manager"] })]);
    expect((await uploadFile(mgr, o, "Name\nX\n")).status).toBe(403);
    const { id } = await uploadAndValidate(own, o, "Name\nX\n");
    expect(await codeOf((await callerFor(mgr.id, { org: o.slug })).crm.imports.status({ id }))).toBe("FORBIDDEN");
    expect((await report(mgr, o, id)).status).toBe(403);
  });

  it("answers NOT_FOUND for another organization's import, from every procedure and the report route", async () => {
    const [a, b] = await Promise.all([makeOrg(), makeOrg()]);
    const [ua, ub] = await Promise.all([makeUser(a), makeUser(b)]);
    const { id } = await uploadAndValidate(ua, a, "Name\nSecret Co\n");
    const cb = await callerFor(ub.id, { org: b.slug });
    const calls = [
      () => cb.crm.imports.status({ id }),
      () => cb.crm.imports.preview({ id }),
      () => cb.crm.imports.dryRun({ id }),
      () => cb.crm.imports.errorsReport({ id }),
      () => cb.crm.imports.validate({ id }),
      () => cb.crm.imports.commit({ id }),
      () => cb.crm.imports.setMapping({ id, mapping: { name: 0 } }),
    ];
    for (const call of calls) expect(await codeOf(call())).toBe("NOT_FOUND");
    expect((await report(ub, b, id)).status).toBe(404);
    expect((await report(ub, a, id)).status).toBe(404);
    expect((await report(ua, a, id)).status).toBe(200);
    const ca = await callerFor(ua.id, { org: a.slug });
    expect(await codeOf(ca.crm.imports.status({ id: "00000000-0000-7000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("a run whose author is no longer an active member fails instead of running", async () => {
    const o = await makeOrg();
    const [own, other] = await Promise.all([makeUser(o), makeUser(o)]);
    const up = await uploadFile(other, o, "Name\nLeft Behind\n");
    await (await callerFor(other.id, { org: o.slug })).crm.imports.validate({ id: up.body.id });
    await systemDb().membership.updateMany({ where: { organizationId: o.id, userId: other.id }, data: { status: "suspended" } });
    expect(await runValidation(o.id, up.body.id)).toEqual({ failed: true });
    const s = await (await callerFor(own.id, { org: o.slug })).crm.imports.status({ id: up.body.id });
    expect(s.status).toBe("failed");
    expect(s.failure).toContain("cannot run for its author");
  });

  it("refuses files that are not CSV or XLSX (415) and over the limit (413)", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    expect((await uploadFile(u, o, "hello", "notes.pdf")).status).toBe(415);
    process.env.IMPORT_MAX_BYTES = "100";
    try {
      expect((await uploadFile(u, o, "Name\n" + "x\n".repeat(100))).status).toBe(413);
    } finally {
      delete process.env.IMPORT_MAX_BYTES;
    }
  });

  it("imports an XLSX file", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(["Наименование", "Почта", "Кредитный лимит", "Валюта"]);
    ws.addRow(["XL One", "one@xl.test", 1200, "USD"]);
    ws.addRow(["XL Two", "two@xl.test", null, null]);
    const up = await uploadFile(u, o, new Uint8Array(await wb.xlsx.writeBuffer()), "book.xlsx");
    expect(up.status).toBe(201);
    expect(up.body.mapping).toEqual({ name: 0, email: 1, creditLimit: 2, creditCurrency: 3 });
    const caller = await callerFor(u.id, { org: o.slug });
    await caller.crm.imports.validate({ id: up.body.id });
    await runValidation(o.id, up.body.id);
    const done = await commit(u, o, up.body.id);
    expect(done).toMatchObject({ status: "done", createdRows: 2 });
    const one = await systemDb().customer.findFirstOrThrow({ where: { organizationId: o.id, email: "one@xl.test" } });
    expect(one.creditLimit?.toFixed(2)).toBe("1200.00");
  });

  it("imports 10,000 rows: validation and commit in reasonable time, numbers gapless", async () => {
    const o = await makeOrg();
    const u = await makeUser(o);
    const lines = ["Name,E-mail,Phone,Tier,Tags,Contact first name,Contact last name"];
    for (let i = 1; i <= 10_000; i++) lines.push(`Company ${i},c${i}@bulk.test,+1 555 ${i},${i % 2 ? "gold" : "standard"},a;b,First${i},Last${i}`);
    const t0 = performance.now();
    const { id, status } = await uploadAndValidate(u, o, lines.join("\n"));
    const validated = performance.now() - t0;
    expect(status).toMatchObject({ totalRows: 10_000, errorRows: 0, toCreate: 10_000 });
    const t1 = performance.now();
    const done = await commit(u, o, id);
    const committed = performance.now() - t1;
    expect(done).toMatchObject({ status: "done", createdRows: 10_000 });
    expect(await systemDb().contact.count({ where: { organizationId: o.id } })).toBe(10_000);
    const last = await systemDb().customer.findFirstOrThrow({ where: { organizationId: o.id, email: "c10000@bulk.test" } });
    expect(last.number).toBe("CUST-10000");
    expect(validated).toBeLessThan(30_000);
    expect(committed).toBeLessThan(90_000);
  }, 180_000);
});

describe("numbering.nextMany", () => {
  it("takes N consecutive numbers in one statement, and a rollback returns them", async () => {
    const org = await makeOrg();
    const u = await makeUser(org);
    const scopeOf = (tx: Parameters<Parameters<typeof withSettings>[1]>[0]) => resolveOrgScope(tx, { userId: u.id, requestId: "t" }, org.slug);
    await expect(
      withSettings({ userId: u.id }, async (tx) => {
        await numbering.nextMany(tx, await scopeOf(tx), "customer", 5);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const got = await withSettings({ userId: u.id }, async (tx) => numbering.nextMany(tx, await scopeOf(tx), "customer", 3));
    expect(got).toEqual(["CUST-00001", "CUST-00002", "CUST-00003"]);
    const next = await withSettings({ userId: u.id }, async (tx) => numbering.next(tx, await scopeOf(tx), "customer"));
    expect(next).toBe("CUST-00004");
  });
});
