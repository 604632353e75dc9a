// Column mapping: which file column feeds which field of the import definition. Suggested from the header names
// (each field lists English and Russian synonyms), saved per organization for the same header set.
import { createHash } from "node:crypto";

export interface ImportFieldDef {
  /** The field's id in the definition (e.g. "email"). */
  id: string;
  /** English label (the UI shows `<namespace>.fields.<id>` when it has one). */
  label: string;
  /** Header names that mean this field, in any case, with or without spaces, dashes and underscores. */
  synonyms: readonly string[];
  required?: boolean;
}

/** field id → 0-based column index; a field left out is not imported. */
export type ColumnMapping = Record<string, number>;

/** Lower-case letters and digits only: "E-mail", "e_mail" and "EMAIL " all read "email"; "ИИН/БИН" reads "иинбин". */
export function normalizeHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** A stable key of a header set: the same headers in the same order give the same signature. */
export function headerSignature(headers: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(headers.map(normalizeHeader))).digest("hex").slice(0, 32);
}

/** Suggests a mapping by header names: exact synonym matches first, each column used at most once. */
export function suggestMapping(headers: readonly string[], fields: readonly ImportFieldDef[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const used = new Set<number>();
  const out: ColumnMapping = {};
  for (const f of fields) {
    const names = new Set([f.id, f.label, ...f.synonyms].map(normalizeHeader));
    const i = normalized.findIndex((h, idx) => !used.has(idx) && h !== "" && names.has(h));
    if (i >= 0) {
      out[f.id] = i;
      used.add(i);
    }
  }
  return out;
}

/** Field errors of a mapping against the headers and fields: unknown fields, bad columns, a column used twice, required fields missing. */
export function mappingErrors(mapping: ColumnMapping, headerCount: number, fields: readonly ImportFieldDef[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const byId = new Map(fields.map((f) => [f.id, f]));
  const seen = new Map<number, string>();
  for (const [field, col] of Object.entries(mapping)) {
    if (!byId.has(field)) (errors[field] ??= []).push("Unknown field");
    else if (!Number.isInteger(col) || col < 0 || col >= headerCount) (errors[field] ??= []).push("Choose a column of the file");
    else if (seen.has(col)) (errors[field] ??= []).push(`This column is already mapped to ${byId.get(seen.get(col)!)!.label}`);
    else seen.set(col, field);
  }
  for (const f of fields) if (f.required && mapping[f.id] === undefined) (errors[f.id] ??= []).push(`Map a column to ${f.label}`);
  return errors;
}
