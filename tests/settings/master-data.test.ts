// Master data settings: currencies (base rules, disable not delete), exchange rates (precision, one per day, filters),
// tax rates and payment terms (exactly one default, archive/restore), units (one base per category), unique codes as
// field errors, foreign ids NOT_FOUND, FORBIDDEN without settings.setting.update, and the audit trail.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withConnection } from "../helpers/db";
import { EXPORTS } from "@/server/exports";
import { EXCHANGE_RATES_LIST_KEY } from "@/server/modules/settings/master-data.schemas";
import { authorizeExport, exportStream, type ExportRequest } from "@/server/kernel/export/service";
import { parseCsv } from "../helpers/csv";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;

/** The field errors a call ends with (code + fieldErrors), or "OK". */
async function fieldErrorsOf(p: Promise<unknown>): Promise<{ code: string; fields: Record<string, string[]> } | "OK"> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: (string | number)[]; message: string }[] } | undefined;
    const fields: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
    for (const i of cause?.issues ?? []) (fields[i.path.join(".")] ??= []).push(i.message);
    return { code: e.code, fields };
  }
}

async function changeEvents(orgId: string, table: string, recordId: string) {
  return withConnection("system", async (db) =>
    (await db.query<{ action: string; actor_id: string | null; changes: Record<string, { old: unknown; new: unknown }> }>(
      "select action, actor_id, changes from audit.events where organization_id = $1 and kind = 'change' and table_name = $2 and record_id = $3 order by created_at, id",
      [orgId, table, recordId],
    )).rows,
  );
}

let org: Org;
let other: Org;
let owner: { id: string };
let c: Caller;
let foreign: Caller;

beforeAll(async () => {
  [org, other] = await Promise.all([makeOrg(), makeOrg()]);
  owner = await makeUser(org);
  const otherOwner = await makeUser(other);
  c = await callerFor(owner.id, { org: org.slug });
  foreign = await callerFor(otherOwner.id, { org: other.slug });
});

describe("settings.currencies", () => {
  it("lists the base currency with its name and minor units, enables and disables others, never the base", async () => {
    const first = await c.settings.currencies.list();
    expect(first.rows).toEqual([expect.objectContaining({ code: "USD", name: "US Dollar", minorUnits: 2, isBase: true, active: true, rateCount: 0 })]);

    const jpy = await c.settings.currencies.enable({ code: "jpy" });
    expect(jpy).toMatchObject({ code: "JPY", active: true, isBase: false });
    expect(await fieldErrorsOf(c.settings.currencies.enable({ code: "JPY" }))).toEqual({ code: "BAD_REQUEST", fields: { code: ["JPY is already enabled"] } });
    expect(await fieldErrorsOf(c.settings.currencies.enable({ code: "XYZ" }))).toMatchObject({ code: "BAD_REQUEST", fields: { code: ["Not an active ISO 4217 currency code"] } });

    const base = first.rows[0]!;
    expect(await codeOf(c.settings.currencies.disable({ id: base.id }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(c.settings.currencies.update({ id: base.id, active: false }))).toBe("PRECONDITION_FAILED");

    // Disabled, not deleted: the row stays (its rates keep pointing at it), and enabling it again reuses it.
    expect(await c.settings.currencies.disable({ id: jpy.id })).toMatchObject({ id: jpy.id, active: false });
    expect((await c.settings.currencies.list()).rows.find((r) => r.code === "JPY")).toMatchObject({ id: jpy.id, active: false, minorUnits: 0 });
    expect(await c.settings.currencies.enable({ code: "JPY" })).toMatchObject({ id: jpy.id, active: true });
    expect(await c.settings.currencies.update({ id: jpy.id, active: false })).toMatchObject({ active: false });

    expect(await codeOf(foreign.settings.currencies.disable({ id: jpy.id }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.currencies.update({ id: jpy.id, active: true }))).toBe("NOT_FOUND");

    const events = await changeEvents(org.id, "settings.currencies", jpy.id);
    expect(events.map((e) => e.action)).toEqual(["insert", "update", "update", "update"]);
    expect(events.every((e) => e.actor_id === owner.id)).toBe(true);
    expect(events[1]!.changes.active).toEqual({ old: true, new: false });
  });
});

describe("settings.exchangeRates", () => {
  beforeAll(async () => {
    await c.settings.currencies.enable({ code: "EUR" });
    await c.settings.currencies.enable({ code: "KZT" });
  });

  it("keeps the rate's precision exactly, as a decimal string, to the base currency", async () => {
    const r = await c.settings.exchangeRates.create({ currency: "KZT", rate: "0.00218341", validOn: "2026-11-02" });
    expect(r).toMatchObject({ currency: "KZT", baseCurrency: "USD", rate: "0.00218341", validOn: "2026-11-02" });
    const listed = await c.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["KZT"] } } });
    expect(listed.rows.map((x) => x.rate)).toEqual(["0.00218341"]);
    expect(typeof listed.rows[0]!.rate).toBe("string");
    const row = await systemDb().exchangeRate.findFirstOrThrow({ where: { organizationId: org.id, id: r.id } });
    expect(row.rate.toFixed(8)).toBe("0.00218341");
    // Smaller than JS would print plainly: still no exponent.
    const tiny = await c.settings.exchangeRates.create({ currency: "KZT", rate: "0.00000001", validOn: "2026-11-03" });
    expect(tiny.rate).toBe("0.00000001");
  });

  it("refuses a second rate for the same currency and day with a field error; validates the rate", async () => {
    await c.settings.exchangeRates.create({ currency: "EUR", rate: "1.085", validOn: "2026-01-01" });
    const dup = await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "EUR", rate: "1.09", validOn: "2026-01-01" }));
    expect(dup).toMatchObject({ code: "BAD_REQUEST", fields: { validOn: [expect.stringContaining("already a EUR→USD rate on 2026-01-01")] } });
    expect(await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "EUR", rate: "0", validOn: "2026-01-02" }))).toMatchObject({ fields: { rate: ["Must be greater than 0"] } });
    expect(await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "EUR", rate: "1.123456789", validOn: "2026-01-02" }))).toMatchObject({ fields: { rate: ["At most 8 decimal places"] } });
    expect(await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "EUR", rate: "-1", validOn: "2026-01-02" }))).toMatchObject({ code: "BAD_REQUEST", fields: { rate: [expect.any(String)] } });
    expect(await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "USD", rate: "1", validOn: "2026-01-02" }))).toMatchObject({ fields: { currency: [expect.stringContaining("base currency")] } });
    expect(await fieldErrorsOf(c.settings.exchangeRates.create({ currency: "GBP", rate: "1.3", validOn: "2026-01-02" }))).toMatchObject({ fields: { currency: ["Enable GBP under Currencies first"] } });
    // JS numbers are not accepted for money.
    expect(await codeOf(c.settings.exchangeRates.create({ currency: "EUR", rate: 1.1 as unknown as string, validOn: "2026-01-03" }))).toBe("BAD_REQUEST");
  });

  it("updates and deletes a rate; moving it onto a taken day is a field error; filters by currency and dates", async () => {
    const a = await c.settings.exchangeRates.create({ currency: "EUR", rate: "1.10", validOn: "2026-02-01" });
    const b = await c.settings.exchangeRates.create({ currency: "EUR", rate: "1.12", validOn: "2026-03-01" });
    expect(await c.settings.exchangeRates.update({ id: a.id, rate: "1.1050", validOn: "2026-02-02" })).toMatchObject({ rate: "1.105", validOn: "2026-02-02" });
    expect(await fieldErrorsOf(c.settings.exchangeRates.update({ id: a.id, rate: "1.1", validOn: "2026-03-01" }))).toMatchObject({ code: "BAD_REQUEST", fields: { validOn: [expect.any(String)] } });

    const inFeb = await c.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["EUR"] }, validOn: { type: "dateRange", from: "2026-02-01", to: "2026-02-28" } } });
    expect(inFeb.rows.map((r) => r.id)).toEqual([a.id]);
    const eur = await c.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["EUR"] } } });
    expect(eur.rows.map((r) => r.validOn)).toEqual(["2026-03-01", "2026-02-02", "2026-01-01"]);
    expect(await codeOf(c.settings.exchangeRates.list({ filters: { validOn: { type: "dateRange", from: "2026-03-01", to: "2026-02-01" } } }))).toBe("BAD_REQUEST");

    expect(await c.settings.exchangeRates.delete({ id: b.id })).toEqual({ id: b.id });
    expect((await c.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["EUR"] } } })).total).toBe(2);
    const events = await changeEvents(org.id, "settings.exchange_rates", b.id);
    expect(events.map((e) => e.action)).toEqual(["insert", "delete"]);
  });

  it("answers NOT_FOUND for another organization's rate", async () => {
    const mine = await c.settings.exchangeRates.create({ currency: "EUR", rate: "1.2", validOn: "2026-04-01" });
    expect(await codeOf(foreign.settings.exchangeRates.update({ id: mine.id, rate: "9", validOn: "2026-04-01" }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.exchangeRates.delete({ id: mine.id }))).toBe("NOT_FOUND");
    expect((await c.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["EUR"] }, validOn: { type: "dateRange", from: "2026-04-01", to: "2026-04-01" } } })).rows[0]!.rate).toBe("1.2");
  });
});

describe("settings.exchangeRates.list (the list contract) and its export", () => {
  let listOrg: Org;
  let lc: Caller;
  let listOwner: { id: string };
  const EUR = { type: "enum" as const, values: ["EUR"] };

  /** The rows the list should answer, straight from the table: ids in the given order, and id → rate text. */
  async function expected(where: string, order: string) {
    return withConnection("system", async (db) =>
      (await db.query<{ id: string; rate: string; valid_on: string; from_currency: string }>(
        `select id::text, trim_scale(rate)::text as rate, to_char(valid_on, 'YYYY-MM-DD') as valid_on, from_currency
           from settings.exchange_rates where organization_id = $1 and ${where} order by ${order}`,
        [listOrg.id],
      )).rows,
    );
  }

  async function walk(input: Record<string, unknown>) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await lc.settings.exchangeRates.list({ ...input, perPage: 25, ...(cursor ? { cursor } : {}) });
      if (pages === 0) expect(page.total).toBeGreaterThan(0);
      else expect(page.total).toBeUndefined();
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return { ids, pages };
  }

  beforeAll(async () => {
    listOrg = await makeOrg();
    listOwner = await makeUser(listOrg);
    lc = await callerFor(listOwner.id, { org: listOrg.slug });
    for (const code of ["EUR", "GBP", "JPY"]) await lc.settings.currencies.enable({ code });
    // 40 days × 3 currencies = 120 rates, several pages; JPY's rates need all 8 decimals.
    await withConnection("owner", async (db) => {
      await db.query("begin");
      await db.query("select set_config('app.org_id', $1, true)", [listOrg.id]);
      await db.query(
        `insert into settings.exchange_rates (organization_id, id, from_currency, to_currency, rate, valid_on)
         select $1, uuidv7(), c, 'USD', (case c when 'EUR' then 1.1 when 'GBP' then 1.3 else 0.0067 end) + g * 0.00000123, date '2026-01-01' + g
           from generate_series(0, 39) g cross join unnest(array['EUR', 'GBP', 'JPY']) c`,
        [listOrg.id],
      );
      await db.query("commit");
    });
  });

  it("pages by keyset on the default order (valid_on desc, id) without gaps or duplicates, rates as decimal strings", async () => {
    const all = await expected("true", "valid_on desc, id desc");
    expect(all).toHaveLength(120);
    const { ids, pages } = await walk({});
    expect(pages).toBe(5);
    expect(ids).toEqual(all.map((r) => r.id));
    expect(new Set(ids).size).toBe(120);

    const first = await lc.settings.exchangeRates.list({ perPage: 3 });
    expect(first).toMatchObject({ total: 120, totalCapped: false, nextCursor: expect.any(String) });
    expect(first.rows[0]).toMatchObject({ validOn: "2026-02-09", baseCurrency: "USD" });
    const rates = new Map(all.map((r) => [r.id, r.rate]));
    for (const r of first.rows) {
      expect(typeof r.rate).toBe("string");
      expect(r.rate).toBe(rates.get(r.id));
    }
    const jpy = (await lc.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["JPY"] } }, perPage: 1 })).rows[0]!;
    expect(jpy.rate).toBe("0.00674797"); // 0.0067 + 39 × 0.00000123, exactly

    // Ascending by date pages by keyset too.
    const asc = await walk({ sort: { id: "validOn", desc: false } });
    expect(asc.ids).toEqual((await expected("true", "valid_on asc, id asc")).map((r) => r.id));
  });

  it("filters by currency and by an inclusive date range", async () => {
    const page = await lc.settings.exchangeRates.list({ filters: { currency: EUR, validOn: { type: "dateRange", from: "2026-01-11", to: "2026-01-20" } } });
    expect(page.total).toBe(10);
    expect(page.rows.map((r) => r.id)).toEqual((await expected("from_currency = 'EUR' and valid_on between '2026-01-11' and '2026-01-20'", "valid_on desc, id desc")).map((r) => r.id));
    expect(page.rows.every((r) => r.currency === "EUR" && r.validOn >= "2026-01-11" && r.validOn <= "2026-01-20")).toBe(true);

    const two = await walk({ filters: { currency: { type: "enum", values: ["GBP", "JPY"] }, validOn: { type: "dateRange", from: "2026-01-31" } } });
    expect(two.ids).toEqual((await expected("from_currency in ('GBP', 'JPY') and valid_on >= '2026-01-31'", "valid_on desc, id desc")).map((r) => r.id));
    expect(two.ids).toHaveLength(20);

    expect((await lc.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["CHF"] } } })).rows).toEqual([]);
    expect(await fieldErrorsOf(lc.settings.exchangeRates.list({ filters: { currency: { type: "enum", values: ["eur'--"] } } }))).toMatchObject({ code: "BAD_REQUEST", fields: { "filters.currency": [expect.any(String)] } });
    expect(await codeOf(lc.settings.exchangeRates.list({ filters: { rate: { type: "text", value: "1" } } as never }))).toBe("BAD_REQUEST");
    expect(await codeOf(lc.settings.exchangeRates.list({ filters: { currency: { type: "text", value: "EUR" } } as never }))).toBe("BAD_REQUEST");
  });

  it("sorts by currency and by rate with numbered pages that never repeat or skip a row", async () => {
    const byCurrency: string[] = [];
    const p1 = await lc.settings.exchangeRates.list({ sort: { id: "currency", desc: false }, page: 1, perPage: 50 });
    expect(p1).toMatchObject({ total: 120, totalCapped: false });
    expect(p1.nextCursor).toBeUndefined();
    byCurrency.push(...p1.rows.map((r) => r.id));
    for (const page of [2, 3]) byCurrency.push(...(await lc.settings.exchangeRates.list({ sort: { id: "currency", desc: false }, page, perPage: 50 })).rows.map((r) => r.id));
    expect(byCurrency).toEqual((await expected("true", "from_currency asc, valid_on desc, id desc")).map((r) => r.id));

    const byRate = await lc.settings.exchangeRates.list({ sort: { id: "rate", desc: true }, perPage: 100 });
    const rateOrder = (await expected("true", "rate desc, valid_on desc, id desc")).map((r) => r.id);
    expect(byRate.rows.map((r) => r.id)).toEqual(rateOrder.slice(0, 100));
    expect(byRate.rows[0]!.currency).toBe("GBP");
    const rateAsc = await lc.settings.exchangeRates.list({ sort: { id: "rate", desc: false }, filters: { currency: EUR }, perPage: 5 });
    expect(rateAsc.rows.map((r) => r.validOn)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"]);

    expect(await codeOf(lc.settings.exchangeRates.list({ sort: { id: "updatedAt", desc: true } }))).toBe("BAD_REQUEST");
  });

  it("answers BAD_REQUEST on the cursor field for a cursor it did not write", async () => {
    const first = await lc.settings.exchangeRates.list({ perPage: 2 });
    const bad = (cursor: string) => fieldErrorsOf(lc.settings.exchangeRates.list({ cursor }));
    const forge = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of ["not-a-cursor", forge(["2026-01-01", "x"]), forge(["tomorrow", first.rows[0]!.id]), forge([20260101, first.rows[0]!.id])]) {
      expect(await bad(cursor)).toMatchObject({ code: "BAD_REQUEST", fields: { cursor: [expect.any(String)] } });
    }
    // A numbered-page sort takes no cursor.
    expect(await codeOf(lc.settings.exchangeRates.list({ sort: { id: "currency", desc: false }, cursor: first.nextCursor! }))).toBe("BAD_REQUEST");
    expect(await codeOf(lc.settings.exchangeRates.list({ cursor: first.nextCursor!, page: 2 }))).toBe("BAD_REQUEST");
  });

  it("saves a view of the list under the DataTable's list key", async () => {
    const state = { filters: { currency: EUR }, sort: { id: "rate", desc: true }, perPage: 25 };
    const saved = await lc.settings.views.save({ listKey: EXCHANGE_RATES_LIST_KEY, name: "EUR by rate", state, isDefault: true });
    expect(saved).toMatchObject({ name: "EUR by rate", isDefault: true });
    expect((await lc.settings.views.list({ listKey: EXCHANGE_RATES_LIST_KEY })).map((v) => v.state)).toEqual([state]);
    // The saved state is a valid list input.
    expect((await lc.settings.exchangeRates.list(state)).rows.every((r) => r.currency === "EUR")).toBe(true);
  });

  it("never shows another organization's rates", async () => {
    const theirs = await foreign.settings.exchangeRates.list({ perPage: 100 });
    const ours = new Set((await expected("true", "id")).map((r) => r.id));
    expect(theirs.rows.some((r) => ours.has(r.id))).toBe(false);
    const seen = await withConnection("system", async (db) =>
      (await db.query<{ n: string }>("select count(*)::text as n from settings.exchange_rates where organization_id = $1", [other.id])).rows[0]!.n,
    );
    expect(theirs.total).toBe(Number(seen));
  });

  it("exports exactly the filtered rows as CSV, rates as written", async () => {
    const input = { filters: { currency: { type: "enum", values: ["GBP", "JPY"] }, validOn: { type: "dateRange", from: "2026-01-05", to: "2026-01-30" } }, sort: { id: "currency", desc: false }, page: 2 };
    const request: ExportRequest = { listKey: EXCHANGE_RATES_LIST_KEY, format: "csv", org: listOrg.slug, ws: null, input: JSON.stringify(input) };
    const x = await authorizeExport(EXPORTS, await sessionClaim(listOwner.id), request, "req-rates-export");
    const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(exportStream(x)).arrayBuffer());
    const rows = parseCsv(body.slice(1));
    expect(rows[0]).toEqual(["Valid from", "Currency", "Rate", "Base currency", "Id"]);
    const want = await expected("from_currency in ('GBP', 'JPY') and valid_on between '2026-01-05' and '2026-01-30'", "valid_on desc, id desc");
    expect(want).toHaveLength(52);
    // A numbered-page sort exports in the default keyset order; the page number is ignored: every filtered row.
    expect(rows.slice(1)).toEqual(want.map((r) => [r.valid_on, r.from_currency, r.rate, "USD", r.id]));

    // Another organization's member cannot export this organization's rates.
    const outsider = await makeUser(other);
    await expect(authorizeExport(EXPORTS, await sessionClaim(outsider.id), request, "req-rates-export-2")).rejects.toMatchObject({ status: 404 });
  });
});

describe("settings.taxRates", () => {
  it("keeps exactly one default: the first rate becomes it, a new default moves it, it cannot be unset or archived", async () => {
    const std = await c.settings.taxRates.create({ code: "STD", name: "Standard", rate: "20", kind: "vat" });
    expect(std).toMatchObject({ isDefault: true, rate: "20", active: true });
    const red = await c.settings.taxRates.create({ code: "RED", name: "Reduced", rate: "5.5", kind: "vat" });
    expect(red.isDefault).toBe(false);

    expect(await fieldErrorsOf(c.settings.taxRates.update({ ...std, isDefault: false }))).toMatchObject({ code: "BAD_REQUEST", fields: { isDefault: [expect.any(String)] } });
    expect(await codeOf(c.settings.taxRates.archive({ id: std.id }))).toBe("PRECONDITION_FAILED");

    expect(await c.settings.taxRates.update({ ...red, rate: "5.125", isDefault: true })).toMatchObject({ isDefault: true, rate: "5.125" });
    const rows = (await c.settings.taxRates.list()).rows;
    expect(rows.filter((r) => r.isDefault).map((r) => r.id)).toEqual([red.id]);

    expect(await c.settings.taxRates.archive({ id: std.id })).toMatchObject({ active: false });
    expect(await fieldErrorsOf(c.settings.taxRates.update({ ...std, isDefault: true }))).toMatchObject({ fields: { isDefault: [expect.any(String)] } });
    expect(await c.settings.taxRates.restore({ id: std.id })).toMatchObject({ active: true, isDefault: false });

    const events = await changeEvents(org.id, "settings.tax_rates", red.id);
    expect(events.map((e) => e.action)).toEqual(["insert", "update"]);
    expect(events.some((e) => e.changes.is_default?.new === true)).toBe(true);
  });

  it("validates rate, type and dates; one start per code and no overlap are field errors", async () => {
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "EX", name: "Exempt", rate: "3", kind: "exempt" }))).toMatchObject({ fields: { rate: ["An exempt rate is 0"] } });
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "X", name: "X", rate: "100", kind: "vat" }))).toMatchObject({ fields: { rate: ["Must be less than 100"] } });
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "X", name: "X", rate: "1.1234567", kind: "vat" }))).toMatchObject({ fields: { rate: ["At most 6 decimal places"] } });
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "X", name: "X", rate: "1", kind: "vat", validFrom: "2026-02-01", validTo: "2026-01-01" }))).toMatchObject({ fields: { validTo: ["Ends before it starts"] } });

    await c.settings.taxRates.create({ code: "VAT", name: "VAT 12%", rate: "12", kind: "vat", validTo: "2025-12-31" });
    const v16 = await c.settings.taxRates.create({ code: "VAT", name: "VAT 16%", rate: "16", kind: "vat", validFrom: "2026-01-01" });
    expect(v16).toMatchObject({ validFrom: "2026-01-01", validTo: null });
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "VAT", name: "VAT again", rate: "16", kind: "vat", validFrom: "2026-01-01" }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { validFrom: [expect.stringContaining("already has a rate starting 2026-01-01")] },
    });
    expect(await fieldErrorsOf(c.settings.taxRates.create({ code: "VAT", name: "VAT mid", rate: "14", kind: "vat", validFrom: "2026-06-01" }))).toMatchObject({
      fields: { validFrom: [expect.stringContaining("overlap")] },
    });
  });

  it("answers NOT_FOUND for another organization's rate", async () => {
    const r = (await c.settings.taxRates.list()).rows[0]!;
    expect(await codeOf(foreign.settings.taxRates.update({ ...r, name: "Stolen" }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.taxRates.archive({ id: r.id }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.taxRates.restore({ id: r.id }))).toBe("NOT_FOUND");
  });
});

describe("settings.units", () => {
  it("has one base unit per category; other factors convert to it; codes are unique", async () => {
    expect(await fieldErrorsOf(c.settings.units.create({ code: "g", name: "Gram", category: "mass", factor: "0.001", decimals: 0 }))).toMatchObject({
      fields: { factor: [expect.stringContaining("no base unit yet")] },
    });
    const kg = await c.settings.units.create({ code: "kg", name: "Kilogram", category: "mass", factor: "1", decimals: 3 });
    expect(kg).toMatchObject({ isBase: true, factor: "1" });
    const g = await c.settings.units.create({ code: "g", name: "Gram", category: "mass", factor: "0.001", decimals: "0" });
    expect(g).toMatchObject({ isBase: false, factor: "0.001", decimals: 0 });
    expect(await fieldErrorsOf(c.settings.units.create({ code: "t", name: "Tonne", category: "mass", factor: "1", decimals: 0, isBase: true }))).toMatchObject({
      fields: { isBase: [expect.stringContaining('"kg" is already the base unit')] },
    });
    expect(await fieldErrorsOf(c.settings.units.create({ code: "KG", name: "Again", category: "mass", factor: "1", decimals: 0 }))).toEqual({
      code: "BAD_REQUEST",
      fields: { code: ['There is already a unit with code "kg"'] },
    });
    expect(await fieldErrorsOf(c.settings.units.create({ code: "x", name: "Zero", category: "mass", factor: "0", decimals: 0 }))).toMatchObject({ fields: { factor: ["Must be greater than 0"] } });

    expect(await fieldErrorsOf(c.settings.units.update({ ...kg, factor: "2" }))).toMatchObject({ fields: { factor: ["The base unit has factor 1"] } });
    expect(await fieldErrorsOf(c.settings.units.update({ ...kg, isBase: false }))).toMatchObject({ fields: { isBase: [expect.any(String)] } });
    expect(await codeOf(c.settings.units.archive({ id: kg.id }))).toBe("PRECONDITION_FAILED");

    const pcs = await c.settings.units.create({ code: "pcs", name: "Pieces", category: "count", factor: "1", decimals: 0 });
    const box = await c.settings.units.create({ code: "box", name: "Box", category: "count", factor: "12", decimals: 0 });
    expect(await c.settings.units.update({ ...box, factor: "24.5" })).toMatchObject({ factor: "24.5" });
    expect(await c.settings.units.archive({ id: box.id })).toMatchObject({ active: false });
    expect((await c.settings.units.list({ includeArchived: false })).rows.map((u) => u.code)).toEqual(["pcs", "kg", "g"]);
    expect(await c.settings.units.restore({ id: box.id })).toMatchObject({ active: true });
    expect(pcs.isBase).toBe(true);

    const events = await changeEvents(org.id, "settings.units_of_measure", box.id);
    expect(events.map((e) => e.action)).toEqual(["insert", "update", "update", "update"]);
    expect(events[1]!.changes.factor).toEqual({ old: 12, new: 24.5 });

    expect(await codeOf(foreign.settings.units.update({ ...box }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.units.archive({ id: box.id }))).toBe("NOT_FOUND");
  });
});

describe("settings.paymentTerms", () => {
  it("creates, validates, keeps one default, archives and restores", async () => {
    const net30 = await c.settings.paymentTerms.create({ code: "NET30", name: "Net 30", netDays: "30" });
    expect(net30).toMatchObject({ netDays: 30, discountPercent: "0", discountDays: null, isDefault: true, endOfMonth: false });
    const early = await c.settings.paymentTerms.create({ code: "2-10-NET30", name: "2/10 Net 30", netDays: 30, discountPercent: "2", discountDays: 10, isDefault: true });
    expect(early).toMatchObject({ discountPercent: "2", discountDays: 10, isDefault: true });
    expect((await c.settings.paymentTerms.list()).rows.filter((r) => r.isDefault).map((r) => r.code)).toEqual(["2-10-NET30"]);

    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "net30", name: "Dup", netDays: 30 }))).toEqual({ code: "BAD_REQUEST", fields: { code: ['There are already payment terms with code "NET30"'] } });
    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "N", name: "N", netDays: -1 }))).toMatchObject({ fields: { netDays: ["Cannot be negative"] } });
    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "N", name: "N", netDays: "-1" }))).toMatchObject({ fields: { netDays: ["Cannot be negative"] } });
    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "N", name: "N", netDays: "ten" }))).toMatchObject({ fields: { netDays: [expect.stringContaining("whole number")] } });
    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "N", name: "N", netDays: 10, discountPercent: "2" }))).toMatchObject({ fields: { discountDays: [expect.any(String)] } });
    expect(await fieldErrorsOf(c.settings.paymentTerms.create({ code: "N", name: "N", netDays: 10, discountPercent: "2", discountDays: 20 }))).toMatchObject({ fields: { discountDays: [expect.any(String)] } });

    expect(await codeOf(c.settings.paymentTerms.archive({ id: early.id }))).toBe("PRECONDITION_FAILED");
    expect(await c.settings.paymentTerms.archive({ id: net30.id })).toMatchObject({ active: false });
    expect((await c.settings.paymentTerms.list({ includeArchived: false })).rows.map((r) => r.code)).toEqual(["2-10-NET30"]);
    expect(await c.settings.paymentTerms.restore({ id: net30.id })).toMatchObject({ active: true, isDefault: false });
    expect(await c.settings.paymentTerms.update({ ...net30, name: "Net 30 EOM", endOfMonth: true, isDefault: true })).toMatchObject({ endOfMonth: true, isDefault: true });

    const events = await changeEvents(org.id, "settings.payment_terms", net30.id);
    expect(events.map((e) => e.action)).toEqual(["insert", "update", "update", "update", "update"]);
    expect(events[0]!.changes.is_default).toEqual({ old: null, new: true });
    expect(events[1]!.changes).toMatchObject({ is_default: { old: true, new: false } });
    expect(events.every((e) => e.actor_id === owner.id)).toBe(true);

    expect(await codeOf(foreign.settings.paymentTerms.update({ ...net30 }))).toBe("NOT_FOUND");
    expect(await codeOf(foreign.settings.paymentTerms.restore({ id: net30.id }))).toBe("NOT_FOUND");
    expect((await foreign.settings.paymentTerms.list()).rows).toEqual([]);
  });
});

describe("permissions", () => {
  it("lets an accountant read but not change; a sales clerk cannot even read", async () => {
    const accountant = await callerFor((await makeUser(org, { roles: ["accountant"] })).id, { org: org.slug });
    const clerk = await callerFor((await makeUser(org, { roles: ["sales"] })).id, { org: org.slug });
    expect((await accountant.settings.units.list()).rows.length).toBeGreaterThan(0);
    const unit = (await accountant.settings.units.list()).rows[0]!;
    expect(await codeOf(accountant.settings.units.update({ ...unit, name: "Changed" }))).toBe("FORBIDDEN");
    expect(await codeOf(accountant.settings.currencies.enable({ code: "CHF" }))).toBe("FORBIDDEN");
    expect(await codeOf(accountant.settings.exchangeRates.create({ currency: "EUR", rate: "1", validOn: "2026-05-01" }))).toBe("FORBIDDEN");
    expect(await codeOf(accountant.settings.taxRates.create({ code: "Z", name: "Z", rate: "1", kind: "vat" }))).toBe("FORBIDDEN");
    expect(await codeOf(accountant.settings.paymentTerms.create({ code: "Z", name: "Z", netDays: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(clerk.settings.paymentTerms.create({ code: "Z", name: "Z", netDays: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(clerk.settings.currencies.list())).toBe("FORBIDDEN");
  });
});
