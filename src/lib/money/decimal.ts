// Money arithmetic is Decimal-only (ARCHITECTURE §4, §10): Prisma's Decimal (decimal.js), which is what the
// database columns come back as and what superjson carries to the browser (src/lib/superjson.ts).
// Intermediate results use 40 significant digits, so quantity × unit price (18,4 × 18,6) is exact before rounding;
// every exported value is a plain Prisma.Decimal.
import { Prisma } from "@/generated/prisma/browser";

export type Decimal = InstanceType<typeof Prisma.Decimal>;
/** Anything a Decimal can be built from: a Decimal, a decimal string, or an integer literal in tests. */
export type DecimalInput = Decimal | string | bigint;

/** The high-precision constructor used for intermediate steps. */
export const Dx = Prisma.Decimal.clone({ precision: 40, rounding: Prisma.Decimal.ROUND_HALF_UP });

export function dec(v: DecimalInput): Decimal {
  if (typeof v === "string" && !/^-?(\d+(\.\d*)?|\.\d+)$/.test(v.trim())) throw new RangeError(`not a decimal number: ${JSON.stringify(v)}`);
  return new Prisma.Decimal(typeof v === "bigint" ? v.toString() : v);
}

/** Internal: to the high-precision constructor. */
export function hx(v: DecimalInput): InstanceType<typeof Dx> {
  return new Dx(typeof v === "bigint" ? v.toString() : (v as string));
}

export const ZERO: Decimal = new Prisma.Decimal(0);

export function sum(values: readonly Decimal[]): Decimal {
  return new Prisma.Decimal(values.reduce((acc, v) => acc.plus(v), new Dx(0)));
}
