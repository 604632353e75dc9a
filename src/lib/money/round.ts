import { Prisma } from "@/generated/prisma/browser";
import { minorUnits } from "./currencies";
import { hx, type Decimal, type DecimalInput } from "./decimal";

/**
 * Rounding mode. Half-up (away from zero on .5) is the default: it is what invoices, tax authorities and customers
 * expect line by line. Banker's rounding (half-even) is offered for the few places that aggregate many rounded
 * values and want no upward bias.
 */
export type RoundingMode = "half-up" | "half-even";

/** Rounds an amount to the currency's minor unit. */
export function round(amount: DecimalInput, currency: string, mode: RoundingMode = "half-up"): Decimal {
  return roundTo(amount, minorUnits(currency), mode);
}

/** Rounds to a number of decimals (unit prices to 6, quantities to 4, rates to 6 or 8). */
export function roundTo(amount: DecimalInput, decimals: number, mode: RoundingMode = "half-up"): Decimal {
  const r = hx(amount).toDecimalPlaces(decimals, mode === "half-up" ? Prisma.Decimal.ROUND_HALF_UP : Prisma.Decimal.ROUND_HALF_EVEN);
  return new Prisma.Decimal(r);
}

/** The value of one minor unit (USD 0.01, JPY 1, KWD 0.001). */
export function minorUnit(currency: string): Decimal {
  return new Prisma.Decimal(1).dividedBy(new Prisma.Decimal(10).pow(minorUnits(currency)));
}
