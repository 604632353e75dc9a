// Document number formats (ARCHITECTURE §9), isomorphic so forms validate exactly what the server does.
// A format is literal text plus tokens: {YYYY} {YY} {MM} and one counter token {#…#} whose width is the number of
// #s (the counter is zero-padded to it and simply grows wider past it: it never wraps, so numbers never collide).

export const MAX_FORMAT_LENGTH = 64;
export const MAX_COUNTER_WIDTH = 12;
export const DATE_TOKENS = ["YYYY", "YY", "MM"] as const;
export type SequenceResetKind = "yearly" | "never";

export type FormatPart = { kind: "text"; text: string } | { kind: "date"; token: (typeof DATE_TOKENS)[number] } | { kind: "counter"; width: number };

/** Splits a format into parts; returns the first problem instead when it is not a valid format. */
export function parseFormat(format: string): { parts: FormatPart[] } | { error: string } {
  const parts: FormatPart[] = [];
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf("{", i);
    const close = format.indexOf("}", i);
    if (close !== -1 && (open === -1 || close < open)) return { error: "A “}” has no matching “{”" };
    if (open === -1) {
      parts.push({ kind: "text", text: format.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: format.slice(i, open) });
    const end = format.indexOf("}", open);
    if (end === -1) return { error: "A “{” is not closed with “}”" };
    const token = format.slice(open + 1, end);
    if (/^#+$/.test(token)) parts.push({ kind: "counter", width: token.length });
    else if ((DATE_TOKENS as readonly string[]).includes(token)) parts.push({ kind: "date", token: token as (typeof DATE_TOKENS)[number] });
    else return { error: `Unknown token {${token}}: use {YYYY}, {YY}, {MM} or a counter such as {#####}` };
    i = end + 1;
  }
  return { parts };
}

/** Every problem with a format for the given reset policy (empty when it is valid). */
export function formatErrors(format: string, reset: SequenceResetKind): string[] {
  const errors: string[] = [];
  if (format.trim() !== format) errors.push("The format cannot start or end with a space");
  if (format.length === 0) return ["Enter a format"];
  if (format.length > MAX_FORMAT_LENGTH) errors.push(`The format can be at most ${MAX_FORMAT_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f]/.test(format)) errors.push("The format cannot contain control characters");
  const parsed = parseFormat(format);
  if ("error" in parsed) return [...errors, parsed.error];
  const counters = parsed.parts.filter((p) => p.kind === "counter");
  if (counters.length !== 1) errors.push(counters.length === 0 ? "The format needs one counter token such as {#####}" : "The format can have only one counter token");
  if (counters.some((c) => c.width > MAX_COUNTER_WIDTH)) errors.push(`The counter can be at most ${MAX_COUNTER_WIDTH} digits wide`);
  // A yearly reset restarts the counter each year, so the year must be in the number or numbers would repeat.
  if (reset === "yearly" && !parsed.parts.some((p) => p.kind === "date" && (p.token === "YYYY" || p.token === "YY")))
    errors.push("A yearly reset needs {YYYY} or {YY} in the format, or numbers would repeat");
  return errors;
}

/** The calendar parts of a business date as the organization sees it. */
export interface PeriodParts {
  year: number;
  month: number;
}

/** Renders a number. The counter is zero-padded to the token's width and widens past it. */
export function renderNumber(format: string, date: PeriodParts, counter: bigint | number): string {
  const parsed = parseFormat(format);
  if ("error" in parsed) throw new Error(`invalid number format ${JSON.stringify(format)}: ${parsed.error}`);
  return parsed.parts
    .map((p) => {
      if (p.kind === "text") return p.text;
      if (p.kind === "counter") return String(counter).padStart(p.width, "0");
      if (p.token === "YYYY") return String(date.year).padStart(4, "0");
      if (p.token === "YY") return String(date.year % 100).padStart(2, "0");
      return String(date.month).padStart(2, "0");
    })
    .join("");
}

/** The counter period of a date: the year for a yearly reset, one endless period otherwise. */
export function periodOf(reset: SequenceResetKind, date: PeriodParts): string {
  return reset === "yearly" ? String(date.year).padStart(4, "0") : "";
}

/** Year and month of an instant in a time zone, or of a business date given as YYYY-MM-DD (already local). */
export function periodParts(date: Date | string, timeZone: string): PeriodParts {
  if (typeof date === "string") {
    const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
    if (!m) throw new Error(`expected a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
    return { year: Number(m[1]), month: Number(m[2]) };
  }
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric" }).formatToParts(date);
  return { year: Number(parts.find((p) => p.type === "year")!.value), month: Number(parts.find((p) => p.type === "month")!.value) };
}
