// Streaming readers for import files: CSV (UTF-8 with or without BOM, "," or ";" detected from the header line,
// RFC 4180 quoting with doubled quotes and line breaks inside quotes, CRLF or LF) and XLSX (exceljs streaming reader,
// first worksheet). Both yield one string[] per record, so a 100,000-row file never sits in memory as a whole.
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";

export type ImportFormat = "csv" | "xlsx";

/** The format of an uploaded file by its extension, else (no extension) its content type; null when it is neither CSV nor XLSX. */
export function detectFormat(fileName: string, contentType?: string | null): ImportFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv") || name.endsWith(".txt")) return "csv";
  if (name.endsWith(".xlsx")) return "xlsx";
  if (/\.[a-z0-9]{1,8}$/.test(name)) return null; // another extension: not ours, whatever the browser says
  const ct = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (ct === "text/csv" || ct === "text/plain") return "csv";
  if (ct === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return "xlsx";
  return null;
}

/** The delimiter of a CSV header line: whichever of "," and ";" occurs more often outside quotes ("," on a tie). */
export function detectDelimiter(firstLine: string): "," | ";" {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === ",") commas++;
    else if (!inQuotes && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

async function* textChunks(body: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: false }); // strips a leading BOM
  for await (const chunk of body) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** Records of a CSV stream. The delimiter is detected from the first line unless given. */
export async function* readCsv(body: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, opts: { delimiter?: "," | ";" } = {}): AsyncGenerator<string[]> {
  let delimiter = opts.delimiter;
  let pending = ""; // text held back until the first line is complete (delimiter detection)
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let quoteInQuotes = false; // saw a quote inside quotes: either the closing one or the first of a doubled pair
  let afterCr = false;
  let first = true;

  for await (let text of textChunks(body)) {
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (!delimiter) {
      pending += text;
      const nl = pending.search(/\r|\n/);
      if (nl < 0 && pending.length < 1_000_000) continue;
      delimiter = detectDelimiter(nl < 0 ? pending : pending.slice(0, nl));
      text = pending;
      pending = "";
    }
    const out: string[][] = [];
    let start = 0; // start of the unquoted run not yet copied into `field`
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (afterCr) {
        afterCr = false;
        if (c === 10) {
          start = i + 1;
          continue;
        }
      }
      if (inQuotes) {
        if (quoteInQuotes) {
          quoteInQuotes = false;
          if (c === 34) {
            field += '"';
            start = i + 1;
            continue;
          }
          inQuotes = false; // the previous quote closed the field; fall through to unquoted handling
          start = i;
        } else {
          if (c === 34) {
            field += text.slice(start, i);
            quoteInQuotes = true;
            start = i + 1;
          }
          continue;
        }
      }
      if (c === 34 && field === "" && i === start) {
        inQuotes = true;
        start = i + 1;
      } else if (text[i] === delimiter) {
        record.push(field + text.slice(start, i));
        field = "";
        start = i + 1;
      } else if (c === 10 || c === 13) {
        record.push(field + text.slice(start, i));
        field = "";
        out.push(record);
        record = [];
        start = i + 1;
        if (c === 13) afterCr = true;
      }
    }
    if (inQuotes && !quoteInQuotes) field += text.slice(start);
    else if (!inQuotes) field += text.slice(start);
    for (const r of out) yield r;
  }
  if (pending) {
    // A file without any line break: one record.
    yield* readCsv([pending], { delimiter: delimiter ?? detectDelimiter(pending) });
    return;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    yield record;
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text; // hyperlink
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue); // formula
    if ("error" in v) return "";
  }
  return String(v);
}

/** Records of the first worksheet of an XLSX stream (exceljs streaming reader; shared strings cached). */
export async function* readXlsx(body: Readable): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit", entries: "ignore" });
  let lastRow = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      // Blank rows are not emitted: keep the numbering of the sheet.
      while (++lastRow < row.number) yield [];
      const values = row.values as ExcelJS.CellValue[];
      const out: string[] = [];
      for (let i = 1; i < values.length; i++) out.push(cellText(values[i]));
      yield out;
    }
    break; // the first worksheet only
  }
}

export function readRecords(body: Readable, format: ImportFormat): AsyncGenerator<string[]> {
  return format === "csv" ? readCsv(body) : readXlsx(body);
}
