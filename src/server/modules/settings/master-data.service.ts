// Master data every module uses: currencies, exchange rates (to the base currency), tax rates, units of measure and
// payment terms. The tables and the money rules belong to the kernel (src/server/kernel/money); this service is the
// settings screens' write path. Row changes are audited by the tables' trigger; nothing here is ever hard-deleted
// except an exchange rate row (rates are data, not references).
import { Prisma } from "@/generated/prisma/client";
import { currencyName, minorUnits } from "@/lib/money/currencies";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { baseCurrency, toDbDate } from "@/server/kernel/money";
import { afterCursor, and, badRequest, cappedCount, keysetPage, likePattern, orderBy, rawSql, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import type { ListOutput } from "@/lib/list";
import {
  EXCHANGE_RATES_LIST,
  type TCreateExchangeRateInput,
  type TCreatePaymentTermInput,
  type TCreateTaxRateInput,
  type TCreateUnitInput,
  type TEnableCurrencyInput,
  type TListExchangeRatesInput,
  type TUpdateCurrencyInput,
  type TUpdateExchangeRateInput,
  type TUpdatePaymentTermInput,
  type TUpdateTaxRateInput,
  type TUpdateUnitInput,
} from "./master-data.schemas";

const iso = (d: Date) => d.toISOString().slice(0, 10);
const isoOrNull = (d: Date | null) => (d ? iso(d) : null);
/** Decimal → plain decimal string (no exponent, no trailing zeros): "0.00218341", "1.085". */
const str = (d: Prisma.Decimal) => d.toFixed();
const dateOrNull = (d: string | null | undefined) => (d ? toDbDate(d) : null);

function fieldError(field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): AppError {
  return new AppError(code, message, { [field]: [message] });
}

/** A unique violation raced past the service's own check: answer the same field error, never a 500. */
async function uniqueOr<T>(p: Promise<T>, error: () => AppError): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw error();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Currencies

export async function listCurrencies(tx: Tx, scope: OrgScope) {
  const [rows, counts] = await Promise.all([
    tx.currency.findMany({ where: { organizationId: scope.orgId }, orderBy: [{ isBase: "desc" }, { active: "desc" }, { code: "asc" }] }),
    tx.exchangeRate.groupBy({ by: ["fromCurrency"], where: { organizationId: scope.orgId }, _count: { _all: true }, _max: { validOn: true } }),
  ]);
  const byCode = new Map(counts.map((c) => [c.fromCurrency, c]));
  return {
    rows: rows.map((c) => ({
      id: c.id,
      code: c.code,
      name: currencyName(c.code),
      minorUnits: minorUnits(c.code),
      isBase: c.isBase,
      active: c.active,
      rateCount: byCode.get(c.code)?._count._all ?? 0,
      latestRateOn: isoOrNull(byCode.get(c.code)?._max.validOn ?? null),
    })),
  };
}

async function currencyOr404(tx: Tx, scope: OrgScope, id: string) {
  const c = await tx.currency.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!c) throw notFound("Currency not found");
  return c;
}

/** Enables a currency: adds it, or turns a disabled one back on. An already enabled one is a field error. */
export async function enableCurrency(tx: Tx, scope: OrgScope, input: TEnableCurrencyInput) {
  const existing = await tx.currency.findFirst({ where: { organizationId: scope.orgId, code: input.code } });
  if (existing?.active) throw fieldError("code", `${input.code} is already enabled`);
  const row = existing
    ? await tx.currency.update({ where: { organizationId_id: { organizationId: scope.orgId, id: existing.id } }, data: { active: true, updatedBy: scope.userId } })
    : await uniqueOr(
        tx.currency.create({ data: { organizationId: scope.orgId, code: input.code, createdBy: scope.userId, updatedBy: scope.userId } }),
        () => fieldError("code", `${input.code} is already enabled`),
      );
  return { id: row.id, code: row.code, active: row.active, isBase: row.isBase };
}

/**
 * Disables a currency: it stays on file (its rates and the documents in it keep pointing at it) but is no longer
 * offered. The base currency cannot be disabled.
 */
export async function disableCurrency(tx: Tx, scope: OrgScope, input: { id: string }) {
  const c = await currencyOr404(tx, scope, input.id);
  if (c.isBase) throw new AppError("PRECONDITION_FAILED", `${c.code} is the organization's base currency and cannot be disabled.`, { active: ["The base currency cannot be disabled"] });
  const row = c.active ? await tx.currency.update({ where: { organizationId_id: { organizationId: scope.orgId, id: c.id } }, data: { active: false, updatedBy: scope.userId } }) : c;
  return { id: row.id, code: row.code, active: row.active, isBase: row.isBase };
}

export async function updateCurrency(tx: Tx, scope: OrgScope, input: TUpdateCurrencyInput) {
  if (!input.active) return disableCurrency(tx, scope, input);
  const c = await currencyOr404(tx, scope, input.id);
  if (c.active) return { id: c.id, code: c.code, active: c.active, isBase: c.isBase };
  return enableCurrency(tx, scope, { code: c.code });
}

// ---------------------------------------------------------------------------------------------------------------
// Exchange rates (1 currency = rate base currency on and after validOn)

type RateRow = { id: string; fromCurrency: string; toCurrency: string; rate: Prisma.Decimal; validOn: Date; updatedAt: Date };
const rateOut = (r: RateRow) => ({ id: r.id, currency: r.fromCurrency, baseCurrency: r.toCurrency, rate: str(r.rate), validOn: iso(r.validOn), updatedAt: r.updatedAt });

export interface ExchangeRateRow {
  id: string;
  currency: string;
  baseCurrency: string;
  /** A plain decimal string, trailing zeros trimmed ("1.1725"); never a JS number. */
  rate: string;
  /** YYYY-MM-DD. */
  validOn: string;
  updatedAt: Date;
}

const RATE_SELECT = sql`select r.id::text as id, r.from_currency::text as currency, r.to_currency::text as "baseCurrency",
  trim_scale(r.rate)::text as rate, to_char(r.valid_on, 'YYYY-MM-DD') as "validOn", r.updated_at as "updatedAt"`;
const RATE_FROM = sql`from settings.exchange_rates r`;
const RATE_ID = sql`r.id`;
const RATE_COLUMNS = { validOn: sql`r.valid_on`, currency: sql`r.from_currency`, rate: sql`r.rate` } as const;
const CODE = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function rateWhere(scope: OrgScope, base: string, input: Pick<TListExchangeRatesInput, "q" | "filters">): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`r.organization_id = ${scope.orgId}::uuid`, sql`r.to_currency = ${base}`];
  if (f.currency?.type === "enum") {
    if (f.currency.values.some((v) => !CODE.test(v))) throw badRequest("filters.currency", "Unknown currency");
    parts.push(sql`r.from_currency = any(${f.currency.values}::text[])`);
  }
  if (f.validOn?.type === "dateRange") {
    const { from, to } = f.validOn;
    if (from && to && from > to) throw badRequest("filters.validOn", "The start date is after the end date");
    // valid_on is a calendar date: compare days, no time zone involved.
    if (from) parts.push(sql`r.valid_on >= ${from}::date`);
    if (to) parts.push(sql`r.valid_on <= ${to}::date`);
  }
  if (input.q) parts.push(sql`r.from_currency ilike ${likePattern(input.q)}`);
  return and(parts);
}

/**
 * Rates to the base currency on the list contract: keyset pages (valid_on desc, id desc — the default, served by
 * the (organization_id, valid_on, id) index), numbered pages when sorted by currency or rate. `count: false` skips
 * the total (exports).
 */
export async function listExchangeRates(tx: Tx, scope: OrgScope, input: TListExchangeRatesInput, opts: { count?: boolean } = {}): Promise<ListOutput<ExchangeRateRow>> {
  const base = await baseCurrency(tx, scope);
  const sort = input.sort ?? EXCHANGE_RATES_LIST.defaultSort;
  const column = RATE_COLUMNS[sort.id];
  const where = rateWhere(scope, base, input);
  const perPage = input.perPage;
  const withCount = opts.count !== false;

  if (sort.id === "validOn" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string" || !DAY.test(c.sortValue) || Number.isNaN(Date.parse(`${c.sortValue}T00:00:00Z`))) {
        throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      }
      keyset = afterCursor(column, RATE_ID, sql`${c.sortValue}::date`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<ExchangeRateRow[]>`${RATE_SELECT} ${RATE_FROM} where ${where} and ${keyset} ${orderBy(column, RATE_ID, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [r.validOn, r.id]);
    const out: ListOutput<ExchangeRateRow> = { rows: page.rows };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor && withCount) Object.assign(out, await cappedCount(tx, sql`${RATE_FROM} where ${where}`));
    return out;
  }

  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  // Ties (one currency, one rate) newest first, then by id, so numbered pages never repeat or skip a row.
  const rows = await tx.$queryRaw<ExchangeRateRow[]>`${RATE_SELECT} ${RATE_FROM} where ${where}
    order by ${column} ${dir}, r.valid_on desc, r.id desc limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows, ...(withCount ? await cappedCount(tx, sql`${RATE_FROM} where ${where}`) : {}) };
}

const duplicateRate = (currency: string, base: string, validOn: string) =>
  fieldError("validOn", `There is already a ${currency}→${base} rate on ${validOn}; edit that one instead.`);

export async function createExchangeRate(tx: Tx, scope: OrgScope, input: TCreateExchangeRateInput) {
  const base = await baseCurrency(tx, scope);
  if (input.currency === base) throw fieldError("currency", `${base} is the base currency; rates are entered for the other currencies`);
  const currency = await tx.currency.findFirst({ where: { organizationId: scope.orgId, code: input.currency }, select: { active: true } });
  if (!currency?.active) throw fieldError("currency", `Enable ${input.currency} under Currencies first`);
  const validOn = toDbDate(input.validOn);
  const taken = await tx.exchangeRate.findFirst({ where: { organizationId: scope.orgId, fromCurrency: input.currency, toCurrency: base, validOn }, select: { id: true } });
  if (taken) throw duplicateRate(input.currency, base, input.validOn);
  const row = await uniqueOr(
    tx.exchangeRate.create({
      data: { organizationId: scope.orgId, fromCurrency: input.currency, toCurrency: base, rate: input.rate, validOn, createdBy: scope.userId, updatedBy: scope.userId },
    }),
    () => duplicateRate(input.currency, base, input.validOn),
  );
  return rateOut(row);
}

async function rateOr404(tx: Tx, scope: OrgScope, id: string) {
  const r = await tx.exchangeRate.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!r) throw notFound("Exchange rate not found");
  return r;
}

export async function updateExchangeRate(tx: Tx, scope: OrgScope, input: TUpdateExchangeRateInput) {
  const r = await rateOr404(tx, scope, input.id);
  const validOn = toDbDate(input.validOn);
  const taken = await tx.exchangeRate.findFirst({
    where: { organizationId: scope.orgId, fromCurrency: r.fromCurrency, toCurrency: r.toCurrency, validOn, id: { not: r.id } },
    select: { id: true },
  });
  if (taken) throw duplicateRate(r.fromCurrency, r.toCurrency, input.validOn);
  const row = await uniqueOr(
    tx.exchangeRate.update({ where: { organizationId_id: { organizationId: scope.orgId, id: r.id } }, data: { rate: input.rate, validOn, updatedBy: scope.userId } }),
    () => duplicateRate(r.fromCurrency, r.toCurrency, input.validOn),
  );
  return rateOut(row);
}

export async function deleteExchangeRate(tx: Tx, scope: OrgScope, input: { id: string }) {
  const r = await rateOr404(tx, scope, input.id);
  await tx.exchangeRate.delete({ where: { organizationId_id: { organizationId: scope.orgId, id: r.id } } });
  return { id: r.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Tax rates: exactly one active default per organization once any rate exists

type TaxRow = Prisma.TaxRateGetPayload<object>;
const taxOut = (r: TaxRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  rate: str(r.rate),
  kind: r.kind,
  region: r.region,
  inclusive: r.inclusive,
  validFrom: isoOrNull(r.validFrom),
  validTo: isoOrNull(r.validTo),
  isDefault: r.isDefault,
  active: r.active,
});

export async function listTaxRates(tx: Tx, scope: OrgScope, input?: { includeArchived?: boolean }) {
  const rows = await tx.taxRate.findMany({
    where: { organizationId: scope.orgId, ...(input?.includeArchived === false ? { active: true } : {}) },
    orderBy: [{ active: "desc" }, { code: "asc" }, { validFrom: { sort: "asc", nulls: "first" } }],
  });
  return { rows: rows.map(taxOut) };
}

async function taxOr404(tx: Tx, scope: OrgScope, id: string) {
  const r = await tx.taxRate.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!r) throw notFound("Tax rate not found");
  return r;
}

/** Same code: never the same start, never overlapping validity (taxRate(code, date) must find one row). */
async function checkTaxValidity(tx: Tx, scope: OrgScope, v: { code: string; validFrom?: string | null; validTo?: string | null }, exceptId?: string) {
  const others = await tx.taxRate.findMany({ where: { organizationId: scope.orgId, code: v.code, active: true, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  const from = v.validFrom ?? "0000-01-01";
  const to = v.validTo ?? "9999-12-31";
  for (const o of others) {
    const oFrom = isoOrNull(o.validFrom) ?? "0000-01-01";
    const oTo = isoOrNull(o.validTo) ?? "9999-12-31";
    if (oFrom === from) throw fieldError(v.validFrom ? "validFrom" : "code", `Tax code ${v.code} already has a rate starting ${v.validFrom ?? "without a start date"} ("${o.name}")`);
    if (from <= oTo && oFrom <= to) throw fieldError("validFrom", `These dates overlap "${o.name}" (${v.code}, ${isoOrNull(o.validFrom) ?? "…"} – ${isoOrNull(o.validTo) ?? "…"})`);
  }
}

/** Clears the current default (except `keepId`), so the caller's own write can set the flag in one statement. */
async function clearTaxDefault(tx: Tx, scope: OrgScope, keepId?: string) {
  await tx.taxRate.updateMany({ where: { organizationId: scope.orgId, isDefault: true, ...(keepId ? { id: { not: keepId } } : {}) }, data: { isDefault: false, updatedBy: scope.userId } });
}

const taxDuplicate = (code: string) => fieldError("code", `Tax code ${code} already has a rate starting on that date`);

export async function createTaxRate(tx: Tx, scope: OrgScope, input: TCreateTaxRateInput) {
  await checkTaxValidity(tx, scope, input);
  const hasDefault = await tx.taxRate.count({ where: { organizationId: scope.orgId, isDefault: true } });
  const { isDefault, validFrom, validTo, ...fields } = input;
  const makeDefault = isDefault || hasDefault === 0;
  if (makeDefault) await clearTaxDefault(tx, scope);
  const row = await uniqueOr(
    tx.taxRate.create({
      data: {
        organizationId: scope.orgId,
        ...fields,
        validFrom: dateOrNull(validFrom),
        validTo: dateOrNull(validTo),
        isDefault: makeDefault,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
    }),
    () => taxDuplicate(input.code),
  );
  return taxOut(row);
}

export async function updateTaxRate(tx: Tx, scope: OrgScope, input: TUpdateTaxRateInput) {
  const r = await taxOr404(tx, scope, input.id);
  if (r.isDefault && !input.isDefault) throw fieldError("isDefault", "There must be a default tax rate: make another rate the default instead");
  if (input.isDefault && !r.active) throw fieldError("isDefault", "Restore this rate before making it the default");
  if (r.active) await checkTaxValidity(tx, scope, input, r.id);
  const { id, isDefault, validFrom, validTo, ...fields } = input;
  if (isDefault && !r.isDefault) await clearTaxDefault(tx, scope, id);
  const row = await uniqueOr(
    tx.taxRate.update({
      where: { organizationId_id: { organizationId: scope.orgId, id } },
      data: { ...fields, validFrom: dateOrNull(validFrom), validTo: dateOrNull(validTo), isDefault, updatedBy: scope.userId },
    }),
    () => taxDuplicate(input.code),
  );
  return taxOut(row);
}

export async function archiveTaxRate(tx: Tx, scope: OrgScope, input: { id: string }) {
  const r = await taxOr404(tx, scope, input.id);
  if (r.isDefault) throw new AppError("PRECONDITION_FAILED", `"${r.name}" is the default tax rate: make another rate the default before archiving it.`);
  const row = r.active ? await tx.taxRate.update({ where: { organizationId_id: { organizationId: scope.orgId, id: r.id } }, data: { active: false, updatedBy: scope.userId } }) : r;
  return taxOut(row);
}

export async function restoreTaxRate(tx: Tx, scope: OrgScope, input: { id: string }) {
  const r = await taxOr404(tx, scope, input.id);
  if (r.active) return taxOut(r);
  await checkTaxValidity(tx, scope, { code: r.code, validFrom: isoOrNull(r.validFrom), validTo: isoOrNull(r.validTo) }, r.id);
  // The only active rate becomes the default again.
  const isDefault = (await tx.taxRate.count({ where: { organizationId: scope.orgId, isDefault: true } })) === 0;
  const row = await tx.taxRate.update({ where: { organizationId_id: { organizationId: scope.orgId, id: r.id } }, data: { active: true, isDefault, updatedBy: scope.userId } });
  return taxOut(row);
}

// ---------------------------------------------------------------------------------------------------------------
// Units of measure: one base unit (factor 1) per category; the others convert to it

type UnitRow = Prisma.UnitOfMeasureGetPayload<object>;
const unitOut = (u: UnitRow) => ({ id: u.id, code: u.code, name: u.name, category: u.category, factor: str(u.factor), decimals: u.decimals, isBase: u.isBase, active: u.active });

export async function listUnits(tx: Tx, scope: OrgScope, input?: { includeArchived?: boolean }) {
  const rows = await tx.unitOfMeasure.findMany({
    where: { organizationId: scope.orgId, ...(input?.includeArchived === false ? { active: true } : {}) },
    orderBy: [{ category: "asc" }, { isBase: "desc" }, { factor: "asc" }, { code: "asc" }],
  });
  return { rows: rows.map(unitOut) };
}

async function unitOr404(tx: Tx, scope: OrgScope, id: string) {
  const u = await tx.unitOfMeasure.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!u) throw notFound("Unit not found");
  return u;
}

const unitDuplicate = (code: string) => fieldError("code", `There is already a unit with code "${code}"`);
const isOne = (factor: string) => /^1(\.0*)?$/.test(factor);

async function baseOf(tx: Tx, scope: OrgScope, category: UnitRow["category"], exceptId?: string) {
  return tx.unitOfMeasure.findFirst({ where: { organizationId: scope.orgId, category, isBase: true, ...(exceptId ? { id: { not: exceptId } } : {}) } });
}

async function unitCodeFree(tx: Tx, scope: OrgScope, code: string, exceptId?: string) {
  const taken = await tx.unitOfMeasure.findFirst({
    where: { organizationId: scope.orgId, code: { equals: code, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { code: true },
  });
  if (taken) throw unitDuplicate(taken.code);
}

export async function createUnit(tx: Tx, scope: OrgScope, input: TCreateUnitInput) {
  await unitCodeFree(tx, scope, input.code);
  const base = await baseOf(tx, scope, input.category);
  let isBase = input.isBase;
  if (isBase && base) throw fieldError("isBase", `"${base.code}" is already the base unit of this category`);
  if (!base) {
    // The first unit of a category is its base: every other factor is relative to it.
    if (!isOne(input.factor)) throw fieldError("factor", "This category has no base unit yet: add it first, with factor 1");
    isBase = true;
  }
  const row = await uniqueOr(
    tx.unitOfMeasure.create({ data: { organizationId: scope.orgId, ...input, isBase, createdBy: scope.userId, updatedBy: scope.userId } }),
    () => unitDuplicate(input.code),
  );
  return unitOut(row);
}

export async function updateUnit(tx: Tx, scope: OrgScope, input: TUpdateUnitInput) {
  const u = await unitOr404(tx, scope, input.id);
  await unitCodeFree(tx, scope, input.code, u.id);
  if (u.isBase) {
    if (!input.isBase) throw fieldError("isBase", "Every category keeps its base unit; it cannot stop being the base");
    if (input.category !== u.category) throw fieldError("category", "The base unit cannot move to another category");
    if (!isOne(input.factor)) throw fieldError("factor", "The base unit has factor 1");
  } else if (input.isBase) {
    throw fieldError("isBase", "A category's base unit is set when the category gets its first unit");
  } else if (input.category !== u.category && !(await baseOf(tx, scope, input.category))) {
    throw fieldError("category", "That category has no base unit yet: add it first");
  }
  const { id, ...fields } = input;
  const row = await uniqueOr(
    tx.unitOfMeasure.update({ where: { organizationId_id: { organizationId: scope.orgId, id } }, data: { ...fields, updatedBy: scope.userId } }),
    () => unitDuplicate(input.code),
  );
  return unitOut(row);
}

export async function archiveUnit(tx: Tx, scope: OrgScope, input: { id: string }) {
  const u = await unitOr404(tx, scope, input.id);
  if (u.isBase) throw new AppError("PRECONDITION_FAILED", `"${u.code}" is the base unit of its category and cannot be archived.`);
  const row = u.active ? await tx.unitOfMeasure.update({ where: { organizationId_id: { organizationId: scope.orgId, id: u.id } }, data: { active: false, updatedBy: scope.userId } }) : u;
  return unitOut(row);
}

export async function restoreUnit(tx: Tx, scope: OrgScope, input: { id: string }) {
  const u = await unitOr404(tx, scope, input.id);
  const row = u.active ? u : await tx.unitOfMeasure.update({ where: { organizationId_id: { organizationId: scope.orgId, id: u.id } }, data: { active: true, updatedBy: scope.userId } });
  return unitOut(row);
}

// ---------------------------------------------------------------------------------------------------------------
// Payment terms: exactly one active default per organization once any term exists

type TermRow = Prisma.PaymentTermGetPayload<object>;
const termOut = (p: TermRow) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  netDays: p.netDays,
  discountPercent: str(p.discountPercent),
  discountDays: p.discountDays,
  endOfMonth: p.endOfMonth,
  isDefault: p.isDefault,
  active: p.active,
});

export async function listPaymentTerms(tx: Tx, scope: OrgScope, input?: { includeArchived?: boolean }) {
  const rows = await tx.paymentTerm.findMany({
    where: { organizationId: scope.orgId, ...(input?.includeArchived === false ? { active: true } : {}) },
    orderBy: [{ active: "desc" }, { netDays: "asc" }, { code: "asc" }],
  });
  return { rows: rows.map(termOut) };
}

async function termOr404(tx: Tx, scope: OrgScope, id: string) {
  const p = await tx.paymentTerm.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!p) throw notFound("Payment term not found");
  return p;
}

const termDuplicate = (code: string) => fieldError("code", `There are already payment terms with code "${code}"`);

async function termCodeFree(tx: Tx, scope: OrgScope, code: string, exceptId?: string) {
  const taken = await tx.paymentTerm.findFirst({
    where: { organizationId: scope.orgId, code: { equals: code, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { code: true },
  });
  if (taken) throw termDuplicate(taken.code);
}

async function clearTermDefault(tx: Tx, scope: OrgScope, keepId?: string) {
  await tx.paymentTerm.updateMany({ where: { organizationId: scope.orgId, isDefault: true, ...(keepId ? { id: { not: keepId } } : {}) }, data: { isDefault: false, updatedBy: scope.userId } });
}

function termData(input: TCreatePaymentTermInput) {
  const hasDiscount = /[1-9]/.test(input.discountPercent);
  return {
    code: input.code,
    name: input.name,
    netDays: input.netDays,
    discountPercent: hasDiscount ? input.discountPercent : "0",
    discountDays: hasDiscount ? (input.discountDays ?? null) : null,
    endOfMonth: input.endOfMonth,
  };
}

export async function createPaymentTerm(tx: Tx, scope: OrgScope, input: TCreatePaymentTermInput) {
  await termCodeFree(tx, scope, input.code);
  const hasDefault = await tx.paymentTerm.count({ where: { organizationId: scope.orgId, isDefault: true } });
  const isDefault = input.isDefault || hasDefault === 0;
  if (isDefault) await clearTermDefault(tx, scope);
  const row = await uniqueOr(
    tx.paymentTerm.create({ data: { organizationId: scope.orgId, ...termData(input), isDefault, createdBy: scope.userId, updatedBy: scope.userId } }),
    () => termDuplicate(input.code),
  );
  return termOut(row);
}

export async function updatePaymentTerm(tx: Tx, scope: OrgScope, input: TUpdatePaymentTermInput) {
  const p = await termOr404(tx, scope, input.id);
  await termCodeFree(tx, scope, input.code, p.id);
  if (p.isDefault && !input.isDefault) throw fieldError("isDefault", "There must be default payment terms: make other terms the default instead");
  if (input.isDefault && !p.active) throw fieldError("isDefault", "Restore these terms before making them the default");
  if (input.isDefault && !p.isDefault) await clearTermDefault(tx, scope, p.id);
  const row = await uniqueOr(
    tx.paymentTerm.update({ where: { organizationId_id: { organizationId: scope.orgId, id: p.id } }, data: { ...termData(input), isDefault: input.isDefault, updatedBy: scope.userId } }),
    () => termDuplicate(input.code),
  );
  return termOut(row);
}

export async function archivePaymentTerm(tx: Tx, scope: OrgScope, input: { id: string }) {
  const p = await termOr404(tx, scope, input.id);
  if (p.isDefault) throw new AppError("PRECONDITION_FAILED", `"${p.name}" are the default payment terms: make other terms the default before archiving them.`);
  const row = p.active ? await tx.paymentTerm.update({ where: { organizationId_id: { organizationId: scope.orgId, id: p.id } }, data: { active: false, updatedBy: scope.userId } }) : p;
  return termOut(row);
}

export async function restorePaymentTerm(tx: Tx, scope: OrgScope, input: { id: string }) {
  const p = await termOr404(tx, scope, input.id);
  if (p.active) return termOut(p);
  const isDefault = (await tx.paymentTerm.count({ where: { organizationId: scope.orgId, isDefault: true } })) === 0;
  const row = await tx.paymentTerm.update({ where: { organizationId_id: { organizationId: scope.orgId, id: p.id } }, data: { active: true, isDefault, updatedBy: scope.userId } });
  return termOut(row);
}
