// Line and document totals (ARCHITECTURE §10): rounding per line to the currency's minor unit; the document is the
// plain sum of its rounded lines, so the totals a customer re-adds always match.
import { Prisma } from "@/generated/prisma/browser";
import { hx, sum, type Decimal, type DecimalInput } from "./decimal";
import { round } from "./round";

export type LineDiscount = { percent: DecimalInput } | { amount: DecimalInput };

export interface LineInput {
  quantity: DecimalInput;
  unitPrice: DecimalInput;
  /** Percent off (10 = 10 %) or an amount off the line in the document currency. Capped at the line amount. */
  discount?: LineDiscount;
  /** Tax rate in percent (6.25 = 6.25 %); 0 for exempt. */
  taxRate: DecimalInput;
  /** Whether unitPrice already includes the tax. */
  pricesIncludeTax: boolean;
  currency: string;
}

export interface LineTotals {
  /** quantity × unit price before discount, rounded. */
  base: Decimal;
  discount: Decimal;
  net: Decimal;
  tax: Decimal;
  gross: Decimal;
  taxRate: Decimal;
}

const pct = (rate: DecimalInput) => hx(rate).dividedBy(100);

export function lineTotals(line: LineInput): LineTotals {
  const q = hx(line.quantity);
  const p = hx(line.unitPrice);
  const rate = hx(line.taxRate);
  if (q.isNegative() || p.isNegative()) throw new RangeError("quantity and unit price cannot be negative (use a credit document)");
  if (rate.isNegative()) throw new RangeError("tax rate cannot be negative");
  const base = q.times(p);
  let discount = hx("0");
  if (line.discount && "percent" in line.discount) {
    const d = hx(line.discount.percent);
    if (d.isNegative() || d.greaterThan(100)) throw new RangeError("discount percent must be between 0 and 100");
    discount = base.times(d).dividedBy(100);
  } else if (line.discount) {
    const d = hx(line.discount.amount);
    if (d.isNegative()) throw new RangeError("discount amount cannot be negative");
    discount = d;
  }
  // A discount takes the line to zero at most, never below.
  if (discount.greaterThan(base)) discount = base;
  const afterDiscount = base.minus(discount);
  const c = line.currency;
  const baseR = round(base, c);
  if (line.pricesIncludeTax) {
    const gross = round(afterDiscount, c);
    const net = round(hx(gross).dividedBy(pct(rate).plus(1)), c);
    return { base: baseR, discount: new Prisma.Decimal(baseR.minus(gross)), net, tax: new Prisma.Decimal(gross.minus(net)), gross, taxRate: new Prisma.Decimal(rate) };
  }
  const net = round(afterDiscount, c);
  const tax = round(hx(net).times(pct(rate)), c);
  return { base: baseR, discount: new Prisma.Decimal(baseR.minus(net)), net, tax, gross: new Prisma.Decimal(net.plus(tax)), taxRate: new Prisma.Decimal(rate) };
}

export interface TaxBreakdownRow {
  taxRate: Decimal;
  net: Decimal;
  tax: Decimal;
  gross: Decimal;
}

export interface DocumentTotals {
  net: Decimal;
  tax: Decimal;
  gross: Decimal;
  discount: Decimal;
  /** One row per distinct rate, ascending. */
  taxes: TaxBreakdownRow[];
}

export function documentTotals(lines: readonly LineTotals[]): DocumentTotals {
  const byRate = new Map<string, LineTotals[]>();
  for (const l of lines) {
    const key = l.taxRate.toFixed(6);
    byRate.set(key, [...(byRate.get(key) ?? []), l]);
  }
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => new Prisma.Decimal(a).comparedTo(b))
    .map(([rate, ls]) => ({
      taxRate: new Prisma.Decimal(rate),
      net: sum(ls.map((l) => l.net)),
      tax: sum(ls.map((l) => l.tax)),
      gross: sum(ls.map((l) => l.gross)),
    }));
  return {
    net: sum(lines.map((l) => l.net)),
    tax: sum(lines.map((l) => l.tax)),
    gross: sum(lines.map((l) => l.gross)),
    discount: sum(lines.map((l) => l.discount)),
    taxes,
  };
}
