// Validates a record's `customFields` (JSON object by key) against the organization's field definitions
// (crm.custom_field_definitions). Field errors are reported at `customFields.<key>`, all at once.
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";

export type CustomFieldEntity = "customer";
type Definition = { key: string; label: string; kind: "text" | "number" | "date" | "select"; options: string[]; required: boolean; archivedAt: Date | null };

const TEXT_MAX = 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isValidDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const empty = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** The value normalized for storage, or an error message. */
function check(def: Definition, value: unknown): { value: unknown } | { error: string } {
  switch (def.kind) {
    case "text":
      if (typeof value !== "string") return { error: "Enter text" };
      if (value.trim().length > TEXT_MAX) return { error: `At most ${TEXT_MAX} characters` };
      return { value: value.trim() };
    case "number": {
      const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isFinite(n)) return { error: "Enter a number" };
      return { value: n };
    }
    case "date":
      if (typeof value !== "string" || !isValidDate(value.trim())) return { error: "Enter a date (YYYY-MM-DD)" };
      return { value: value.trim() };
    case "select":
      if (typeof value !== "string" || !def.options.includes(value)) return { error: "Choose one of the options" };
      return { value };
  }
}

/**
 * Checks `values` against the definitions of `entity` and returns them normalized (empty values dropped). Unknown
 * keys, wrong types, missing required values and select values outside the options are field errors. Values of
 * archived definitions are accepted only unchanged from `current` (what the record already holds), so a form that
 * sends back everything it read keeps working after a field is archived.
 */
export async function validateCustomFields(
  tx: Tx,
  scope: OrgScope,
  entity: CustomFieldEntity,
  values: Record<string, unknown>,
  current: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const defs = await tx.customFieldDefinition.findMany({
    where: { organizationId: scope.orgId, entity },
    select: { key: true, label: true, kind: true, options: true, required: true, archivedAt: true },
  });
  const byKey = new Map<string, Definition>(defs.map((d) => [d.key, d]));
  const errors: Record<string, string[]> = {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      errors[`customFields.${key}`] = ["Unknown field"];
      continue;
    }
    if (empty(value)) continue;
    if (def.archivedAt) {
      if (JSON.stringify(current[key]) === JSON.stringify(value)) out[key] = value;
      else errors[`customFields.${key}`] = ["This field is archived"];
      continue;
    }
    const r = check(def, value);
    if ("error" in r) errors[`customFields.${key}`] = [r.error];
    else out[key] = r.value;
  }
  for (const def of defs) {
    if (def.required && !def.archivedAt && empty(values[def.key]) && !errors[`customFields.${def.key}`]) {
      errors[`customFields.${def.key}`] = [`Enter ${def.label}`];
    }
  }
  const keys = Object.keys(errors);
  if (keys.length) {
    const first = errors[keys[0]!]![0]!;
    throw new AppError("BAD_REQUEST", keys.length === 1 ? first : "Some custom fields are not valid", errors);
  }
  return out;
}
