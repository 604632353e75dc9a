// The typed settings registry: every key an organization may configure in settings.app_settings, with its zod
// schema, its global default and the levels it may be set at. A key that is not here cannot be stored.
// Isomorphic (no server imports): the settings page renders its editors from the same definitions.
import { z } from "zod";
import { DEFAULT_PASSWORD_POLICY } from "@/lib/password-policy";

export type SettingLevel = "organization" | "workspace";
export type SettingSource = "global" | SettingLevel;

/** How the generic editor ("All settings") shows and edits a value. */
export type SettingKind =
  | { type: "integer"; min: number; max: number; unit?: "minutes" | "attempts" | "characters" | "days" }
  | { type: "boolean" }
  | { type: "text"; maxLength: number }
  | { type: "choice"; options: readonly string[] }
  | { type: "domains" };

export interface SettingDefinition<T = unknown> {
  key: string;
  /** Shown grouped in the UI; also the first segment of the key. */
  group: "security" | "documents" | "sales" | "regional" | "imports" | "inventory";
  schema: z.ZodType<T>;
  default: T;
  levels: readonly SettingLevel[];
  kind: SettingKind;
}

const int = (min: number, max: number) =>
  z
    .number({ error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(min, `At least ${min}`)
    .max(max, `At most ${max}`);

/** A host name such as "acme.com" or "mail.example.co.uk" (lower case, no "@", no scheme). */
export const ZEmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Enter a domain such as example.com");

/** An approval threshold: a non-negative decimal ("1000", "2.5"), or "" for none. */
const ZThreshold = z
  .string()
  .trim()
  .regex(/^(?:\d{1,14}(?:\.\d{1,4})?)?$/, "Enter a number such as 100 or 2500.50, or leave it empty");

function define<T>(d: SettingDefinition<T>): SettingDefinition<T> {
  return d;
}

export const SETTINGS = {
  "security.passwordMinLength": define({
    key: "security.passwordMinLength",
    group: "security",
    schema: int(8, 128),
    default: DEFAULT_PASSWORD_POLICY.minLength,
    levels: ["organization"],
    kind: { type: "integer", min: 8, max: 128, unit: "characters" },
  }),
  "security.passwordRequireDigit": define({
    key: "security.passwordRequireDigit",
    group: "security",
    schema: z.boolean(),
    default: DEFAULT_PASSWORD_POLICY.requireDigit,
    levels: ["organization"],
    kind: { type: "boolean" },
  }),
  "security.passwordRequireSymbol": define({
    key: "security.passwordRequireSymbol",
    group: "security",
    schema: z.boolean(),
    default: DEFAULT_PASSWORD_POLICY.requireSymbol,
    levels: ["organization"],
    kind: { type: "boolean" },
  }),
  // 43200 minutes = 30 days, the lifetime of the sign-in token itself (SESSION_MAX_AGE).
  "security.sessionTimeoutMinutes": define({
    key: "security.sessionTimeoutMinutes",
    group: "security",
    schema: int(15, 43200),
    default: 43200,
    levels: ["organization"],
    kind: { type: "integer", min: 15, max: 43200, unit: "minutes" },
  }),
  "security.lockoutThreshold": define({
    key: "security.lockoutThreshold",
    group: "security",
    schema: int(3, 20),
    default: 5,
    levels: ["organization"],
    kind: { type: "integer", min: 3, max: 20, unit: "attempts" },
  }),
  "security.allowedEmailDomains": define({
    key: "security.allowedEmailDomains",
    group: "security",
    schema: z
      .array(ZEmailDomain)
      .max(50, "At most 50 domains")
      .refine((a) => new Set(a).size === a.length, "Each domain once"),
    default: [] as string[],
    levels: ["organization"],
    kind: { type: "domains" },
  }),
  // Field masking (kernel/masking): phone numbers, e-mail addresses and tax ids are shown masked to members without
  // the module's "sensitive" permission (crm.sensitive.view) while these are on.
  "security.maskPhones": define({
    key: "security.maskPhones",
    group: "security",
    schema: z.boolean(),
    default: true,
    levels: ["organization"],
    kind: { type: "boolean" },
  }),
  "security.maskEmails": define({
    key: "security.maskEmails",
    group: "security",
    schema: z.boolean(),
    default: true,
    levels: ["organization"],
    kind: { type: "boolean" },
  }),
  "security.maskTaxIds": define({
    key: "security.maskTaxIds",
    group: "security",
    schema: z.boolean(),
    default: true,
    levels: ["organization"],
    kind: { type: "boolean" },
  }),
  "documents.footerText": define({
    key: "documents.footerText",
    group: "documents",
    schema: z.string().trim().max(500, "At most 500 characters"),
    default: "",
    levels: ["organization", "workspace"],
    kind: { type: "text", maxLength: 500 },
  }),
  "sales.defaultPaymentDays": define({
    key: "sales.defaultPaymentDays",
    group: "sales",
    schema: int(0, 365),
    default: 30,
    levels: ["organization", "workspace"],
    kind: { type: "integer", min: 0, max: 365, unit: "days" },
  }),
  "regional.weekStart": define({
    key: "regional.weekStart",
    group: "regional",
    schema: z.enum(["monday", "sunday", "saturday"], { error: "Choose monday, sunday or saturday" }),
    default: "monday" as "monday" | "sunday" | "saturday",
    levels: ["organization", "workspace"],
    kind: { type: "choice", options: ["monday", "sunday", "saturday"] },
  }),
  // Uploaded import files (the source file, its error report, its sample rows) are deleted this many days after the
  // upload by the daily import.retention job; the import itself stays in the history (kernel/import/retention.ts).
  "imports.retentionDays": define({
    key: "imports.retentionDays",
    group: "imports",
    schema: int(1, 365),
    default: 30,
    levels: ["organization"],
    kind: { type: "integer", min: 1, max: 365, unit: "days" },
  }),
  // Stock adjustments and transfers whose total absolute quantity (base units) or value (at the average cost) is above
  // a threshold need an approver's "Approve" before they post (modules/inventory/documents.service.ts). Empty = none.
  "inventory.approval.quantityThreshold": define({
    key: "inventory.approval.quantityThreshold",
    group: "inventory",
    schema: ZThreshold,
    default: "",
    levels: ["organization"],
    kind: { type: "text", maxLength: 20 },
  }),
  "inventory.approval.valueThreshold": define({
    key: "inventory.approval.valueThreshold",
    group: "inventory",
    schema: ZThreshold,
    default: "",
    levels: ["organization"],
    kind: { type: "text", maxLength: 20 },
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["default"];
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function settingDefinition(key: SettingKey): SettingDefinition {
  return SETTINGS[key] as SettingDefinition;
}

/** A stored value parsed with its key's schema, or undefined when it no longer parses (a schema tightened later). */
export function parseStored<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> | undefined {
  const r = (SETTINGS[key].schema as z.ZodType).safeParse(raw);
  return r.success ? (r.data as SettingValue<K>) : undefined;
}

/** A key's value as resolved in a scope (settings.values.list rows). */
export interface EffectiveSetting<K extends SettingKey = SettingKey> {
  key: K;
  value: SettingValue<K>;
  source: SettingSource;
  /** What the value would be without the level it comes from (for "Reset" previews). */
  inherited: { value: SettingValue<K>; source: SettingSource };
  defaultValue: SettingValue<K>;
  levels: readonly SettingLevel[];
  organizationValue: SettingValue<K> | null;
  workspaceValue: SettingValue<K> | null;
}
