// Field masking for sensitive fields (ARCHITECTURE §7, seed 002): phone numbers, e-mail addresses, tax ids — bank
// details and addresses are classes to come. A module declares which of its fields are of which class and which
// permission shows them unmasked; the organization's settings (security.mask*) say which classes are masked at all.
// Enforced in the service layer (lists, records, search, history) and in exports. README.md beside this file.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { getSettings, parseStored, SETTINGS, type SettingKey } from "@/server/kernel/settings";

/** The classes of sensitive values. `bank` and `address` are reserved: add their mask function and setting. */
export const MASK_CLASSES = ["phone", "email", "taxId"] as const;
export type MaskClass = (typeof MASK_CLASSES)[number];

/** The organization setting that turns masking of a class on or off (organization level, default on). */
export const MASK_SETTING: Record<MaskClass, SettingKey> = {
  phone: "security.maskPhones",
  email: "security.maskEmails",
  taxId: "security.maskTaxIds",
};
export const MASK_SETTING_KEYS: readonly SettingKey[] = Object.values(MASK_SETTING);

const STAR = "*";

/**
 * A phone number with every digit but the last 4 hidden, its formatting kept; a leading country code ("+7 ", "+44 ")
 * stays when it is written apart: "+7 701 555-12-34" → "+7 *** ***-12-34". Idempotent.
 */
export function maskPhone(value: string): string {
  const cc = /^\s*\+\d{1,3}(?=[\s(.-])/.exec(value)?.[0] ?? "";
  const rest = value.slice(cc.length);
  const digits = rest.replace(/\D/g, "").length;
  let seen = 0;
  const out = rest.replace(/\d/g, (d) => (++seen > digits - 4 ? d : STAR));
  return cc + out;
}

/** The first character and the domain: "alice@example.com" → "a***@example.com". Idempotent. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at < 0) return value.length <= 1 ? STAR.repeat(3) : `${value[0]}***`;
  const local = value.slice(0, at);
  return `${local.length ? local[0] : ""}***${value.slice(at)}`;
}

/** The last 4 characters: "123456789012" → "********9012" (a short id is hidden whole). Idempotent. */
export function maskTaxId(value: string): string {
  if (value.length <= 4) return STAR.repeat(value.length);
  return STAR.repeat(value.length - 4) + value.slice(-4);
}

export const MASKERS: Record<MaskClass, (value: string) => string> = { phone: maskPhone, email: maskEmail, taxId: maskTaxId };

/** A value of a class, masked (null and empty stay as they are; non-strings are turned into text first). */
export function maskValue<T>(cls: MaskClass, value: T): T | string {
  if (value === null || value === undefined || value === "") return value;
  return MASKERS[cls](typeof value === "string" ? value : String(value));
}

/** Which classes are masked for one scope: `classes` is what to mask (empty: nothing). */
export interface MaskDecision {
  readonly classes: ReadonlySet<MaskClass>;
}
export const NO_MASKING: MaskDecision = { classes: new Set() };

/** The classes masked by an organization's settings (stored raw values by key; a missing key is its default). */
export function maskedBySettings(stored: Readonly<Record<string, unknown>>): Set<MaskClass> {
  const out = new Set<MaskClass>();
  for (const cls of MASK_CLASSES) {
    const key = MASK_SETTING[cls];
    const raw = stored[key];
    const on = (raw === undefined || raw === null ? undefined : parseStored(key, raw)) ?? SETTINGS[key].default;
    if (on === true) out.add(cls);
  }
  return out;
}

// Scopes built outside the procedure chain (system code, seeds) carry no settings: read them once per scope object.
const settingsCache = new WeakMap<object, Promise<Set<MaskClass>>>();

async function organizationMasking(tx: Tx | SystemTx, scope: OrgScope): Promise<Set<MaskClass>> {
  // The procedure chain read the organization's masking settings with the scope (platform.resolve_request_scope,
  // the statement that also reads the session timeout): no query here.
  if (scope.orgSettings) return maskedBySettings(scope.orgSettings);
  let p = settingsCache.get(scope);
  if (!p) {
    p = getSettings(tx, { orgId: scope.orgId }, MASK_SETTING_KEYS).then((s) => maskedBySettings(s as Record<string, unknown>));
    settingsCache.set(scope, p);
  }
  return p;
}

/**
 * What `scope` sees masked: nothing when it holds `unmaskPermission` (e.g. crm.sensitive.view), else the classes the
 * organization masks (security.maskPhones / maskEmails / maskTaxIds). No query on the request path.
 */
export async function maskDecision(tx: Tx | SystemTx, scope: OrgScope, unmaskPermission: Permission): Promise<MaskDecision> {
  if (scope.permissions.has(unmaskPermission)) return NO_MASKING;
  const classes = await organizationMasking(tx, scope);
  return classes.size ? { classes } : NO_MASKING;
}

/** A record's sensitive fields: field name → class. */
export type FieldClasses<F extends string = string> = Readonly<Partial<Record<F, MaskClass>>>;

/** The fields of `fields` that `decision` masks (what `get` answers as `masked`, and the forms show read-only). */
export function maskedFields<F extends string>(decision: MaskDecision, fields: FieldClasses<F>): F[] {
  return (Object.entries(fields) as [F, MaskClass][]).filter(([, cls]) => decision.classes.has(cls)).map(([f]) => f);
}

/** One row with its masked fields replaced by their masks (a new object; the input is not changed). */
export function maskRow<R extends object>(decision: MaskDecision, fields: FieldClasses<Extract<keyof R, string>>, row: R): R {
  if (!decision.classes.size) return row;
  let out: R | null = null;
  for (const [field, cls] of Object.entries(fields) as [keyof R & string, MaskClass][]) {
    if (!decision.classes.has(cls)) continue;
    const v = row[field];
    if (v === null || v === undefined || v === "") continue;
    out ??= { ...row };
    (out as Record<string, unknown>)[field] = maskValue(cls, v);
  }
  return out ?? row;
}

/** Every row masked by `fields` (the same array when nothing is masked). */
export function maskRows<R extends object>(decision: MaskDecision, fields: FieldClasses<Extract<keyof R, string>>, rows: R[]): R[] {
  if (!decision.classes.size || !maskedFields(decision, fields).length) return rows;
  return rows.map((r) => maskRow(decision, fields, r));
}

export const MASKED_FIELD_MESSAGE = "You cannot change this field";

/**
 * Refuses a write to a masked field: a masked value must never overwrite real data. FORBIDDEN with a field error on
 * each masked field the input changes (`undefined` = not given). A masked field given back as it was read — the
 * stored value or its mask, as a client that sends the whole record does — is not a change and is dropped from the
 * returned input. Creating a record with these fields is allowed (nothing is overwritten).
 */
export function assertUnmaskedWrite<F extends string, I extends Partial<Record<F, unknown>>>(
  decision: MaskDecision,
  fields: FieldClasses<F>,
  input: I,
  current: Partial<Record<F, unknown>>,
): I {
  const masked = maskedFields(decision, fields).filter((f) => input[f] !== undefined);
  if (!masked.length) return input;
  const out: I = { ...input };
  const refused: F[] = [];
  for (const f of masked) {
    const given = input[f];
    const stored = current[f] ?? null;
    const cls = fields[f]!;
    if (given === stored || (typeof stored === "string" && given === maskValue(cls, stored))) delete (out as Record<string, unknown>)[f];
    else refused.push(f);
  }
  if (refused.length) throw new AppError("FORBIDDEN", MASKED_FIELD_MESSAGE, Object.fromEntries(refused.map((f) => [f, [MASKED_FIELD_MESSAGE]])));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Audit history: the old and new values of sensitive columns, masked like the record.

/** A table's sensitive columns (database names, as the audit trigger records them) and who sees them unmasked. */
export interface SensitiveTable {
  table: string;
  permission: Permission;
  columns: Readonly<Record<string, MaskClass>>;
}

type Changes = Record<string, { old?: unknown; new?: unknown; redacted?: true }>;

/**
 * Audit events' `changes` with the sensitive columns' old and new values masked for this scope. `tables` are the
 * declarations (src/server/sensitive-fields.ts); the decision per permission is made once.
 */
export async function maskAuditChanges<E extends { table: string | null; changes: Changes | null }>(
  tx: Tx | SystemTx,
  scope: OrgScope,
  tables: readonly SensitiveTable[],
  events: E[],
): Promise<{ events: E[]; masked: boolean }> {
  const byTable = new Map(tables.map((t) => [t.table, t]));
  const decisions = new Map<Permission, MaskDecision>();
  let masked = false;
  const out: E[] = [];
  for (const e of events) {
    const def = e.table ? byTable.get(e.table) : undefined;
    if (!def || !e.changes) {
      out.push(e);
      continue;
    }
    let d = decisions.get(def.permission);
    if (!d) decisions.set(def.permission, (d = await maskDecision(tx, scope, def.permission)));
    if (!d.classes.size) {
      out.push(e);
      continue;
    }
    let changes: Changes | null = null;
    for (const [column, cls] of Object.entries(def.columns)) {
      const c = e.changes[column];
      if (!c || c.redacted || !d.classes.has(cls)) continue;
      changes ??= { ...e.changes };
      const next: { old?: unknown; new?: unknown } = {};
      if ("old" in c) next.old = typeof c.old === "string" ? maskValue(cls, c.old) : c.old;
      if ("new" in c) next.new = typeof c.new === "string" ? maskValue(cls, c.new) : c.new;
      changes[column] = next;
      masked = true;
    }
    out.push(changes ? { ...e, changes } : e);
  }
  return { events: out, masked };
}
