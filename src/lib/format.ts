/**
 * Locale-aware formatting through Intl. Numbers, money and dates use the organization's locale and time zone
 * (client components get them from `useFormat()`, src/components/format/FormatProvider.tsx). Money and
 * quantities are Decimal or decimal strings end to end: they reach Intl as strings, never as JS numbers.
 */

/** A Prisma.Decimal (or decimal.js) value, without importing Prisma into the browser bundle. */
export type DecimalLike = { toFixed(decimalPlaces?: number): string };
export type NumericInput = DecimalLike | string | bigint | number;

export type FormatSettings = {
  /** BCP 47 locale of the organization, e.g. "en-US", "ru-KZ". */
  locale: string;
  /** IANA time zone of the organization, e.g. "America/Chicago". */
  timeZone: string;
};

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const BUSINESS_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A plain decimal string ("1234.50") for Intl: Decimal via toFixed() (never exponent notation), strings checked. */
export function toDecimalString(value: NumericInput): `${number}` {
  if (typeof value === "bigint") return value.toString() as `${number}`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    return String(value) as `${number}`;
  }
  const text = typeof value === "string" ? value.trim() : value.toFixed();
  if (!DECIMAL.test(text)) throw new RangeError(`Not a decimal number: "${text}"`);
  return text as `${number}`;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Digits after the decimal point of an ISO 4217 currency (USD 2, JPY 0, KWD 3), as Intl knows them. */
export function minorUnits(currency: string): number {
  return numberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 1234.5 → "1,234.5" (en-US) / "1 234,5" (ru-KZ). Quantities as Decimal or strings keep every digit. */
export function formatNumber(value: NumericInput, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, { maximumFractionDigits: 20, ...options }).format(toDecimalString(value));
}

/** Money in its currency, with the currency's minor units: ("1234.5", "USD") → "$1,234.50"; ("1234.5", "JPY") → "¥1,235". */
export function formatMoney(
  amount: DecimalLike | string,
  currency: string,
  locale: string,
  options: Pick<Intl.NumberFormatOptions, "currencyDisplay" | "signDisplay"> = {},
): string {
  return numberFormat(locale, { style: "currency", currency: currency.toUpperCase(), ...options }).format(toDecimalString(amount));
}

/** "12.5" → "12.5%" (the value is in percent, as tax and discount rates are stored). */
export function formatPercent(value: NumericInput, locale: string): string {
  return `${formatNumber(value, locale, { maximumFractionDigits: 6 })}%`;
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/**
 * A file size in binary steps with the locale's unit names: 512 → "512 bytes" / "512 байт", 1258291 → "1.2 MB" /
 * "1,2 МБ". Whole bytes are spelled out (Intl's short "byte" reads oddly), larger units keep one decimal.
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < BYTE_UNITS.length - 1) {
    value /= 1024;
    i++;
  }
  return numberFormat(locale, {
    style: "unit",
    unit: BYTE_UNITS[i],
    unitDisplay: i === 0 ? "long" : "short",
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(value);
}

/**
 * A date. A business date ("2026-11-22", a `date` column) is shown as that calendar day everywhere; an instant
 * (Date or ISO timestamp) is shown as its day in the organization's time zone.
 */
export function formatDate(
  value: Date | string,
  settings: FormatSettings,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium" },
): string {
  if (typeof value === "string" && BUSINESS_DATE.test(value)) {
    return dateFormat(settings.locale, { ...options, timeZone: "UTC" }).format(new Date(`${value}T00:00:00Z`));
  }
  return dateFormat(settings.locale, { ...options, timeZone: settings.timeZone }).format(toDate(value));
}

/** An instant with its time, in the organization's time zone. */
export function formatDateTime(
  value: Date | string,
  settings: FormatSettings,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  return dateFormat(settings.locale, { ...options, timeZone: settings.timeZone }).format(toDate(value));
}

/** Today's business date ("yyyy-mm-dd") in the organization's time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as yyyy-mm-dd.
  return dateFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The month of `now` in a time zone as its first and last day ("2026-02-01" … "2026-02-28"): a report's default period. */
export function monthIn(timeZone: string, now: Date = new Date()): { from: string; to: string } {
  const today = todayIn(timeZone, now);
  const last = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).getUTCDate();
  return { from: `${today.slice(0, 8)}01`, to: `${today.slice(0, 8)}${String(last).padStart(2, "0")}` };
}

function toDate(value: Date | string): Date {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  return date;
}

/** Bound to one organization's settings: what `useFormat()` returns and server pages can build with `createFormat`. */
export type Format = ReturnType<typeof createFormat>;

export function createFormat(settings: FormatSettings) {
  return {
    ...settings,
    number: (value: NumericInput, options?: Intl.NumberFormatOptions) => formatNumber(value, settings.locale, options),
    money: (amount: DecimalLike | string, currency: string) => formatMoney(amount, currency, settings.locale),
    percent: (value: NumericInput) => formatPercent(value, settings.locale),
    bytes: (value: number) => formatBytes(value, settings.locale),
    date: (value: Date | string, options?: Intl.DateTimeFormatOptions) => formatDate(value, settings, options),
    dateTime: (value: Date | string, options?: Intl.DateTimeFormatOptions) => formatDateTime(value, settings, options),
  };
}

function displayName(locale: string, type: Intl.DisplayNamesType, code: string): string | undefined {
  try {
    return new Intl.DisplayNames([locale, "en"], { type, fallback: "none" }).of(code);
  } catch {
    return undefined;
  }
}

/** "Germany (DE)" for an ISO 3166-1 alpha-2 code. */
export function formatCountry(code: string, locale: string): string {
  const name = displayName(locale, "region", code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code.toUpperCase();
}

/** "Euro (EUR)" for an ISO 4217 code. */
export function formatCurrency(code: string, locale: string): string {
  const name = displayName(locale, "currency", code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code.toUpperCase();
}

const WORKSPACE_TYPE_LABELS = {
  main: "Main",
  division: "Division",
  branch: "Branch",
  project: "Project",
} as const;

export type WorkspaceType = keyof typeof WORKSPACE_TYPE_LABELS;

/** English label; screens use the `workspaceTypes.<type>` messages. */
export function formatWorkspaceType(type: WorkspaceType): string {
  return WORKSPACE_TYPE_LABELS[type];
}

/** Up to two initials for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string, fallback: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
  return letters || fallback.slice(0, 1).toUpperCase();
}
