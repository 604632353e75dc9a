import { Prisma } from "@/generated/prisma/browser";
import { hx, type Decimal, type DecimalInput } from "./decimal";
import { round } from "./round";

/** amount (in the rate's from-currency) × rate, rounded to `toCurrency`. Rate: 1 from = rate to. */
export function convert(amount: DecimalInput, rate: DecimalInput, toCurrency: string): Decimal {
  const r = hx(rate);
  if (!r.greaterThan(0)) throw new RangeError("exchange rate must be positive");
  return round(hx(amount).times(r), toCurrency);
}

/** The inverse of a rate at full precision (not rounded to 8 places, so there-and-back stays within a minor unit). */
export function inverseRate(rate: DecimalInput): Decimal {
  const r = hx(rate);
  if (!r.greaterThan(0)) throw new RangeError("exchange rate must be positive");
  return new Prisma.Decimal(hx("1").dividedBy(r));
}

/** Converts a document amount to the organization's base currency with the document's exchange rate. */
export function toBaseAmount(amount: DecimalInput, currency: string, baseCurrency: string, rate: DecimalInput): Decimal {
  return currency === baseCurrency ? round(amount, baseCurrency) : convert(amount, rate, baseCurrency);
}
