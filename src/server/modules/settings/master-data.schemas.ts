// Inputs of the master data settings: settings.currencies.*, settings.exchangeRates.*, settings.taxRates.*,
// settings.units.*, settings.paymentTerms.*. Isomorphic, so the dialogs validate with the very same schemas.
// Rates, factors and percentages are decimal strings end to end (never a JS number); their scale matches the column.
import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { isCurrencyCode } from "@/lib/money/currencies";

/**
 * A decimal string that fits numeric(precision, scale): at most `int` digits before the point and `scale` after.
 * `positive` refuses zero; `below` is an exclusive upper bound on the integer part (100 for percentages).
 */
export function decimalString(opts: { int: number; scale: number; positive?: boolean; below?: number; label: string }) {
  return z
    .string({ error: `Enter ${opts.label}` })
    .trim()
    .min(1, `Enter ${opts.label}`)
    .superRefine((v, ctx) => {
      if (!/^\d+(\.\d+)?$/.test(v)) return void ctx.addIssue({ code: "custom", message: `Enter ${opts.label} as a number, e.g. 1.5` });
      const [whole = "", fraction = ""] = v.split(".");
      if (fraction.length > opts.scale) return void ctx.addIssue({ code: "custom", message: `At most ${opts.scale} decimal places` });
      if (whole.replace(/^0+(?=\d)/, "").length > opts.int) return void ctx.addIssue({ code: "custom", message: "This number is too large" });
      if (opts.positive && !/[1-9]/.test(v)) return void ctx.addIssue({ code: "custom", message: "Must be greater than 0" });
      if (opts.below !== undefined && BigInt(whole) >= BigInt(opts.below)) ctx.addIssue({ code: "custom", message: `Must be less than ${opts.below}` });
    })
    .transform((v) => v.replace(/^0+(?=\d)/, ""));
}

/** A whole number ≥ 0 (days, decimals): a number, or digits typed in a form field. */
export function wholeNumber(label: string, max: number) {
  const message = `Enter ${label} as a whole number`;
  return z
    .union([z.int(message), z.string().trim().regex(/^-?\d{1,5}$/, message)])
    .transform((v) => (typeof v === "string" ? Number.parseInt(v, 10) : v))
    .pipe(z.int().min(0, "Cannot be negative").max(max, `At most ${max}`));
}
const days = (label: string) => wholeNumber(label, 3650);

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date (YYYY-MM-DD)").refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a valid date");
const ZOptionalDate = z.union([ZDate, z.literal("").transform(() => null), z.null()]).optional();
const ZName = z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters");
const ZId = z.object({ id: z.uuid() });

export const ZCurrencyCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, "A currency code is three letters, e.g. EUR").refine(isCurrencyCode, "Not an active ISO 4217 currency code"));

// ---------------------------------------------------------------------------------------------------------------
// Currencies

export const ZListCurrenciesInput = z.object({ includeInactive: z.boolean().default(true) }).optional();
export const ZEnableCurrencyInput = z.object({ code: ZCurrencyCode });
export type TEnableCurrencyInput = z.infer<typeof ZEnableCurrencyInput>;
export const ZUpdateCurrencyInput = z.object({ id: z.uuid(), active: z.boolean() });
export type TUpdateCurrencyInput = z.infer<typeof ZUpdateCurrencyInput>;
export const ZDisableCurrencyInput = ZId;

// ---------------------------------------------------------------------------------------------------------------
// Exchange rates: 1 from-currency = rate base currency, numeric(18,8) > 0, one per currency and day.

export const ZExchangeRate = decimalString({ int: 10, scale: 8, positive: true, label: "a rate" });

/**
 * The exchange-rates list on the list contract (src/lib/list.ts): keyset pages on the default order (valid_on desc,
 * id), numbered pages when sorted by currency or rate; filters: currency (any of), validOn (date range, inclusive).
 */
export const EXCHANGE_RATES_LIST = {
  sorts: ["validOn", "currency", "rate"],
  keyset: ["validOn"],
  defaultSort: { id: "validOn", desc: true },
  filters: { currency: "enum", validOn: "dateRange" },
} as const satisfies ListSpec;

export const ZListExchangeRatesInput = defineListInput(EXCHANGE_RATES_LIST);
/** The DataTable's list key (saved views; lowercase, see ZListKey) and the export's key (/api/export/<key>). */
export const EXCHANGE_RATES_LIST_KEY = "settings.exchange-rates";
export type TListExchangeRatesInput = ListInput<(typeof EXCHANGE_RATES_LIST.sorts)[number], keyof typeof EXCHANGE_RATES_LIST.filters>;

export const ZCreateExchangeRateInput = z.object({ currency: ZCurrencyCode, rate: ZExchangeRate, validOn: ZDate });
export type TCreateExchangeRateInput = z.infer<typeof ZCreateExchangeRateInput>;
export const ZUpdateExchangeRateInput = z.object({ id: z.uuid(), rate: ZExchangeRate, validOn: ZDate });
export type TUpdateExchangeRateInput = z.infer<typeof ZUpdateExchangeRateInput>;
export const ZDeleteExchangeRateInput = ZId;

// ---------------------------------------------------------------------------------------------------------------
// Tax rates: rate in percent, numeric(9,6), 0 ≤ rate < 100; exempt rates are 0.

export const TAX_KINDS = ["vat", "sales", "gst", "exempt"] as const;
export const ZTaxCode = z
  .string()
  .trim()
  .min(1, "Enter a code")
  .max(32, "At most 32 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "Letters, digits, '.', '_' and '-', starting with a letter or digit");

const ZTaxRateFields = z.object({
  code: ZTaxCode,
  name: ZName,
  rate: decimalString({ int: 3, scale: 6, below: 100, label: "a rate" }),
  kind: z.enum(TAX_KINDS, "Choose a type"),
  region: z.string().trim().max(32, "At most 32 characters").optional().nullable().transform((v) => v || null),
  inclusive: z.boolean().default(false),
  validFrom: ZOptionalDate,
  validTo: ZOptionalDate,
  isDefault: z.boolean().default(false),
});

function checkTaxRate(v: z.infer<typeof ZTaxRateFields>, ctx: z.RefinementCtx) {
  if (v.kind === "exempt" && /[1-9]/.test(v.rate)) ctx.addIssue({ code: "custom", path: ["rate"], message: "An exempt rate is 0" });
  if (v.validFrom && v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: "custom", path: ["validTo"], message: "Ends before it starts" });
}

export const ZListTaxRatesInput = z.object({ includeArchived: z.boolean().default(true) }).optional();
export const ZCreateTaxRateInput = ZTaxRateFields.superRefine(checkTaxRate);
export type TCreateTaxRateInput = z.infer<typeof ZCreateTaxRateInput>;
export const ZUpdateTaxRateInput = ZTaxRateFields.extend({ id: z.uuid() }).superRefine(checkTaxRate);
export type TUpdateTaxRateInput = z.infer<typeof ZUpdateTaxRateInput>;

// ---------------------------------------------------------------------------------------------------------------
// Units of measure: factor to the category's base unit, numeric(18,6) > 0; the base unit has factor 1.

export const UNIT_CATEGORIES = ["count", "mass", "length", "volume", "time", "area"] as const;

const ZUnitFields = z.object({
  code: z.string().trim().min(1, "Enter a code").max(16, "At most 16 characters"),
  name: ZName,
  category: z.enum(UNIT_CATEGORIES, "Choose a category"),
  factor: decimalString({ int: 12, scale: 6, positive: true, label: "a factor" }),
  decimals: wholeNumber("decimals", 4),
  isBase: z.boolean().default(false),
});

function checkUnit(v: z.infer<typeof ZUnitFields>, ctx: z.RefinementCtx) {
  if (v.isBase && !/^1(\.0*)?$/.test(v.factor)) ctx.addIssue({ code: "custom", path: ["factor"], message: "The base unit has factor 1" });
}

export const ZListUnitsInput = z.object({ includeArchived: z.boolean().default(true) }).optional();
export const ZCreateUnitInput = ZUnitFields.superRefine(checkUnit);
export type TCreateUnitInput = z.infer<typeof ZCreateUnitInput>;
export const ZUpdateUnitInput = ZUnitFields.extend({ id: z.uuid() }).superRefine(checkUnit);
export type TUpdateUnitInput = z.infer<typeof ZUpdateUnitInput>;

// ---------------------------------------------------------------------------------------------------------------
// Payment terms: due net days after the invoice date (end of that month when endOfMonth); discount % when paid
// within discount days.

const ZPaymentTermFields = z.object({
  code: z.string().trim().min(1, "Enter a code").max(32, "At most 32 characters"),
  name: ZName,
  netDays: days("net days"),
  discountPercent: decimalString({ int: 3, scale: 6, below: 100, label: "a discount" }).default("0"),
  discountDays: z.union([days("discount days"), z.literal("").transform(() => null), z.null()]).optional(),
  endOfMonth: z.boolean().default(false),
  isDefault: z.boolean().default(false),
});

function checkTerm(v: z.infer<typeof ZPaymentTermFields>, ctx: z.RefinementCtx) {
  const hasDiscount = /[1-9]/.test(v.discountPercent);
  if (hasDiscount && (v.discountDays === null || v.discountDays === undefined))
    ctx.addIssue({ code: "custom", path: ["discountDays"], message: "Enter the days within which the discount applies" });
  if (typeof v.discountDays === "number" && v.discountDays > v.netDays)
    ctx.addIssue({ code: "custom", path: ["discountDays"], message: "The discount period cannot be longer than the net days" });
}

export const ZListPaymentTermsInput = z.object({ includeArchived: z.boolean().default(true) }).optional();
export const ZCreatePaymentTermInput = ZPaymentTermFields.superRefine(checkTerm);
export type TCreatePaymentTermInput = z.infer<typeof ZCreatePaymentTermInput>;
export const ZUpdatePaymentTermInput = ZPaymentTermFields.extend({ id: z.uuid() }).superRefine(checkTerm);
export type TUpdatePaymentTermInput = z.infer<typeof ZUpdatePaymentTermInput>;

export const ZArchiveInput = ZId;
