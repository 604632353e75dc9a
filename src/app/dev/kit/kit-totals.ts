// Line and document totals for the showcase only, in Decimal (never JS numbers). Real documents use
// src/lib/money (lineTotals + documentTotals), which rounds per currency.
import { Prisma } from "@/generated/prisma/browser";
import type { DocumentLine, DocumentTotalsView } from "@/components/document";

type Decimal = InstanceType<typeof Prisma.Decimal>;
const DECIMAL = /^\d+(\.\d+)?$/;

function parse(value: string): Decimal | null {
  return DECIMAL.test(value.trim()) ? new Prisma.Decimal(value.trim()) : null;
}

export function kitTotals(lines: readonly DocumentLine[], minorUnits = 2): DocumentTotalsView {
  const round = (d: Decimal) => d.toDecimalPlaces(minorUnits, Prisma.Decimal.ROUND_HALF_UP);
  let subtotal = new Prisma.Decimal(0);
  let discount = new Prisma.Decimal(0);
  let tax = new Prisma.Decimal(0);
  const lineAmounts = lines.map((line) => {
    const [quantity, price, percentOff, rate] = [line.quantity, line.unitPrice, line.discount || "0", line.taxRate || "0"].map(parse);
    if (!quantity || !price || !percentOff || !rate) return null;
    const base = round(quantity.times(price));
    const off = round(base.times(percentOff).dividedBy(100));
    const net = base.minus(off);
    const lineTax = round(net.times(rate).dividedBy(100));
    subtotal = subtotal.plus(base);
    discount = discount.plus(off);
    tax = tax.plus(lineTax);
    return net.plus(lineTax).toFixed(minorUnits);
  });
  return {
    lineAmounts,
    subtotal: subtotal.toFixed(minorUnits),
    discount: discount.toFixed(minorUnits),
    tax: tax.toFixed(minorUnits),
    total: subtotal.minus(discount).plus(tax).toFixed(minorUnits),
  };
}
