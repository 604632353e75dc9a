// Organization-specific money data: exchange rates and tax rates (ARCHITECTURE §10). The arithmetic itself is in
// src/lib/money (isomorphic); this reads the organization's tables inside the caller's transaction.
import { Prisma } from "@/generated/prisma/client";
import { convert, inverseRate, isCurrencyCode, round, type Decimal, type DecimalInput } from "@/lib/money";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";

/** A business date: "YYYY-MM-DD", or a Date at UTC midnight (how Prisma reads @db.Date columns). */
export type BusinessDate = string | Date;

export function toDbDate(d: BusinessDate): Date {
  if (d instanceof Date) return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new AppError("BAD_REQUEST", `Expected a date YYYY-MM-DD, got "${d}"`);
  return new Date(`${d}T00:00:00.000Z`);
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export interface RateFound {
  rate: Decimal;
  /** The date of the rate row used. */
  validOn: string | null;
  /** True when only the reverse pair was on file and its inverse is returned. */
  inverted: boolean;
}

/**
 * The rate to convert `from` into `to` on a date: 1 from = rate to. The latest rate on or before the date; the
 * inverse of the reverse pair when only that exists; 1 for the same currency. Missing → PRECONDITION_FAILED.
 */
export async function findRate(tx: Tx, scope: OrgScope, from: string, to: string, onDate: BusinessDate): Promise<RateFound> {
  if (from === to) return { rate: new Prisma.Decimal(1), validOn: null, inverted: false };
  const date = toDbDate(onDate);
  const latest = (f: string, t: string) =>
    tx.exchangeRate.findFirst({
      where: { organizationId: scope.orgId, fromCurrency: f, toCurrency: t, validOn: { lte: date } },
      orderBy: { validOn: "desc" },
      select: { rate: true, validOn: true },
    });
  const direct = await latest(from, to);
  if (direct) return { rate: direct.rate, validOn: isoDate(direct.validOn), inverted: false };
  const reverse = await latest(to, from);
  if (reverse) return { rate: inverseRate(reverse.rate), validOn: isoDate(reverse.validOn), inverted: true };
  throw new AppError("PRECONDITION_FAILED", `No exchange rate ${from}→${to} on or before ${isoDate(date)}. Add one under Settings → Exchange rates.`);
}

export async function rateFor(tx: Tx, scope: OrgScope, from: string, to: string, onDate: BusinessDate): Promise<Decimal> {
  return (await findRate(tx, scope, from, to, onDate)).rate;
}

export async function baseCurrency(tx: Tx, scope: OrgScope): Promise<string> {
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { baseCurrency: true } });
  if (!org) throw notFound("Organization not found");
  return org.baseCurrency;
}

/** An amount in `currency` converted to the organization's base currency with the rate of the date. */
export async function toBase(tx: Tx, scope: OrgScope, amount: DecimalInput, currency: string, onDate: BusinessDate) {
  const base = await baseCurrency(tx, scope);
  if (currency === base) return { amount: round(amount, base), currency: base, rate: new Prisma.Decimal(1) };
  const rate = await rateFor(tx, scope, currency, base, onDate);
  return { amount: convert(amount, rate, base), currency: base, rate };
}

/** The tax rate row of `code` in force on a date (active, valid_from ≤ date ≤ valid_to). Missing → PRECONDITION_FAILED. */
export async function taxRate(tx: Tx, scope: OrgScope, code: string, onDate: BusinessDate) {
  const date = toDbDate(onDate);
  const row = await tx.taxRate.findFirst({
    where: {
      organizationId: scope.orgId,
      code,
      active: true,
      AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: date } }] }, { OR: [{ validTo: null }, { validTo: { gte: date } }] }],
    },
    orderBy: { validFrom: { sort: "desc", nulls: "last" } },
    select: { id: true, code: true, name: true, rate: true, kind: true, region: true, inclusive: true, validFrom: true, validTo: true },
  });
  if (!row) throw new AppError("PRECONDITION_FAILED", `No tax rate "${code}" in force on ${isoDate(date)}.`);
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up data (organization creation, seeds). Idempotent: existing rows are left as they are.

type AnyTx = Tx | SystemTx;

export interface OrganizationMoneySetup {
  currencies?: { code: string; isBase?: boolean }[];
  taxRates?: { code: string; name: string; rate: string; kind: "vat" | "sales" | "gst" | "exempt"; region?: string; inclusive?: boolean; validFrom?: string; validTo?: string; isDefault?: boolean }[];
  exchangeRates?: { from: string; to: string; rate: string; validOn: string }[];
  units?: { code: string; name: string; category: "count" | "mass" | "length" | "volume" | "time" | "area"; factor: string; decimals: number; isBase?: boolean }[];
  paymentTerms?: { code: string; name: string; netDays: number; discountPercent?: string; discountDays?: number; endOfMonth?: boolean; isDefault?: boolean }[];
}

/** Makes sure the organization has its base currency row (called when an organization is created). */
export async function ensureBaseCurrency(tx: AnyTx, organizationId: string, code: string): Promise<void> {
  if (!isCurrencyCode(code)) throw new AppError("BAD_REQUEST", `Unknown currency ${code}`, { baseCurrency: ["Unknown currency"] });
  await (tx as Tx).currency.upsert({
    where: { organizationId_code: { organizationId, code } },
    create: { organizationId, code, isBase: true },
    update: {},
  });
}

export async function seedOrganizationMoney(tx: AnyTx, organizationId: string, s: OrganizationMoneySetup): Promise<void> {
  const t = tx as Tx;
  // A default tax rate / payment term or a category's base unit already on file keeps its flag: the set-up's flags
  // only apply where there is none yet (at most one of each, partial unique indexes).
  const [taxDefault, termDefault, baseUnits] = await Promise.all([
    t.taxRate.count({ where: { organizationId, isDefault: true } }),
    t.paymentTerm.count({ where: { organizationId, isDefault: true } }),
    t.unitOfMeasure.findMany({ where: { organizationId, isBase: true }, select: { category: true } }),
  ]);
  const hasBase = new Set(baseUnits.map((u) => u.category));
  for (const c of s.currencies ?? [])
    await t.currency.upsert({ where: { organizationId_code: { organizationId, code: c.code } }, create: { organizationId, code: c.code, isBase: c.isBase ?? false }, update: {} });
  for (const r of s.taxRates ?? []) {
    const validFrom = r.validFrom ? toDbDate(r.validFrom) : null;
    const exists = await t.taxRate.findFirst({ where: { organizationId, code: r.code, validFrom }, select: { id: true } });
    if (!exists)
      await t.taxRate.create({
        data: { organizationId, code: r.code, name: r.name, rate: r.rate, kind: r.kind, region: r.region ?? null, inclusive: r.inclusive ?? false, validFrom, validTo: r.validTo ? toDbDate(r.validTo) : null, isDefault: (r.isDefault ?? false) && taxDefault === 0 },
      });
  }
  if (s.exchangeRates?.length)
    await t.exchangeRate.createMany({
      data: s.exchangeRates.map((x) => ({ organizationId, fromCurrency: x.from, toCurrency: x.to, rate: x.rate, validOn: toDbDate(x.validOn) })),
      skipDuplicates: true,
    });
  if (s.units?.length) await t.unitOfMeasure.createMany({ data: s.units.map((u) => ({ organizationId, ...u, isBase: (u.isBase ?? false) && !hasBase.has(u.category) })), skipDuplicates: true });
  if (s.paymentTerms?.length)
    await t.paymentTerm.createMany({
      data: s.paymentTerms.map((p) => ({ organizationId, code: p.code, name: p.name, netDays: p.netDays, discountPercent: p.discountPercent ?? "0", discountDays: p.discountDays ?? null, endOfMonth: p.endOfMonth ?? false, isDefault: (p.isDefault ?? false) && termDefault === 0 })),
      skipDuplicates: true,
    });
}
