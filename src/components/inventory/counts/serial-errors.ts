// The Serials dialog's problems with a serial list, as message keys (inventoryCounts.serials.errors.*) so the dialog
// says them in the user's language: checked in the browser before saving (the same bounds as the server), and the
// server's answer mapped back — per entry (serials.<i> → the line of the text area it came from), for the whole
// list, or for the request (the count left counting, the line gone). A refusal the dialog does not know keeps the
// server's text (with the entry's line when it has one).
import { MAX_COUNT_SERIALS, MAX_SERIAL_LENGTH, SERIAL_REFUSALS } from "@/server/modules/inventory/counts.schemas";

export type SerialIssue =
  | { key: "tooLong"; line: number; max: number }
  | { key: "tooMany"; max: number }
  | { key: "notCounting" | "notFound" }
  | { key: "entry"; line: number; message: string }
  | { key: "message"; message: string };

/**
 * The text area's entries as sent: blank lines dropped; `lineOf[i]` is the text area line (1-based) of `serials[i]`,
 * so an error on `serials.<i>` names the line the counter sees.
 */
export function serialEntries(text: string): { serials: string[]; lineOf: number[] } {
  const serials: string[] = [];
  const lineOf: number[] = [];
  text.split("\n").forEach((raw, i) => {
    if (!raw.trim()) return;
    serials.push(raw);
    lineOf.push(i + 1);
  });
  return { serials, lineOf };
}

/** What the server would refuse, found before sending: entries too long (trimmed), too many entries. */
export function checkSerials(entries: { serials: string[]; lineOf: number[] }): SerialIssue[] {
  const issues: SerialIssue[] = [];
  if (entries.serials.length > MAX_COUNT_SERIALS) issues.push({ key: "tooMany", max: MAX_COUNT_SERIALS });
  entries.serials.forEach((s, i) => {
    if (s.trim().length > MAX_SERIAL_LENGTH) issues.push({ key: "tooLong", line: entries.lineOf[i] ?? i + 1, max: MAX_SERIAL_LENGTH });
  });
  return issues;
}

/** A tRPC error's code and field errors (`error.data`), or the server-side caller's equivalent. */
export interface ServerRefusal {
  code?: string | null;
  message?: string;
  fieldErrors?: Record<string, string[]> | null;
}

/** The server's refusal of counts.setSerials, as the dialog's issues. */
export function serverSerialIssues(error: ServerRefusal, lineOf: readonly number[]): SerialIssue[] {
  const fields = Object.entries(error.fieldErrors ?? {});
  if (!fields.length) {
    if (error.code === "PRECONDITION_FAILED") return [{ key: "notCounting" }];
    if (error.code === "NOT_FOUND") return [{ key: "notFound" }];
    return [{ key: "message", message: error.message ?? "" }];
  }
  return fields.map(([path, messages]): SerialIssue => {
    const message = messages[0] ?? error.message ?? "";
    const entry = /^serials\.(\d+)$/.exec(path);
    if (entry) {
      const line = lineOf[Number(entry[1])] ?? Number(entry[1]) + 1;
      return message === SERIAL_REFUSALS.tooLong ? { key: "tooLong", line, max: MAX_SERIAL_LENGTH } : { key: "entry", line, message };
    }
    if (path === "serials" && message === SERIAL_REFUSALS.tooMany) return { key: "tooMany", max: MAX_COUNT_SERIALS };
    return { key: "message", message };
  });
}

/** tRPC client error → ServerRefusal. */
export function refusalOf(e: unknown): ServerRefusal {
  const data = (e as { data?: { code?: string; fieldErrors?: Record<string, string[]> | null } } | null)?.data;
  return { code: data?.code ?? null, fieldErrors: data?.fieldErrors ?? null, message: e instanceof Error ? e.message : String(e) };
}
