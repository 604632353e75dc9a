// RFC 4180 CSV: CRLF line ends, fields quoted when they contain a quote, comma or line break, quotes doubled. Cells
// a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a leading apostrophe.
import type { CellValue } from "./registry";

export const UTF8_BOM = "\uFEFF";

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function csvField(value: CellValue): string {
  let text = cellText(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
