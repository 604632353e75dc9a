// The customers import (kind "crm.customers"): one customer per row with, optionally, one contact. Rows are checked
// by the customers service's own zod schemas (crm.schemas.ts) plus the organization's country pack for the tax id and
// the active members for the owner's e-mail; matched, among the customers the member can see, by customer number, else
// tax id, else e-mail, else the exact name when it is unambiguous (decide); written set-based, 1,000 rows per
// transaction, numbers taken in bulk.
import { Prisma } from "@/generated/prisma/client";
import { v7 as uuidv7 } from "uuid";
import type { Tx } from "@/server/db/scope";
import { defineImport, type ChunkCounts, type RowError, type ValidRow } from "@/server/kernel/import/define";
import { MASKED_FIELD_MESSAGE, maskedFields } from "@/server/kernel/masking";
import * as numbering from "@/server/kernel/numbering";
import { normalizeTaxId, taxIdError } from "@/server/kernel/regions/tax-id";
import type { OrgScope } from "@/server/kernel/scope";
import type { MatchKey } from "./customers.import.keys";
import { CUSTOMER_STATUSES, CUSTOMER_TIERS, CUSTOMER_TYPES, ZCreateContactInput, ZCreateCustomerInput } from "./crm.schemas";
import { CONTACT_SENSITIVE, crmMasking, CUSTOMER_SENSITIVE } from "./masking";

export const CUSTOMERS_IMPORT_KIND = "crm.customers";

const FIELDS = [
  { id: "number", label: "Customer number", synonyms: ["number", "customer number", "customer no", "no", "code", "номер", "номер клиента", "код", "код клиента"] },
  { id: "type", label: "Type", synonyms: ["type", "customer type", "тип", "тип клиента"] },
  { id: "name", label: "Name", required: true, synonyms: ["name", "customer", "customer name", "company", "company name", "название", "наименование", "имя", "клиент", "компания"] },
  { id: "legalName", label: "Legal name", synonyms: ["legal name", "full name", "юридическое название", "полное наименование", "юр название", "юрназвание"] },
  { id: "status", label: "Status", synonyms: ["status", "статус"] },
  { id: "taxId", label: "Tax id", synonyms: ["tax id", "tax number", "vat", "vat number", "ein", "gstin", "inn", "bin", "iin", "бин", "иин", "бин иин", "иин бин", "инн", "налоговый номер"] },
  { id: "email", label: "E-mail", synonyms: ["email", "e-mail", "mail", "email address", "почта", "электронная почта", "эл почта", "емейл"] },
  { id: "phone", label: "Phone", synonyms: ["phone", "telephone", "phone number", "tel", "телефон", "тел"] },
  { id: "website", label: "Website", synonyms: ["website", "web site", "site", "url", "www", "сайт", "веб сайт"] },
  { id: "industry", label: "Industry", synonyms: ["industry", "sector", "отрасль", "индустрия"] },
  { id: "tier", label: "Tier", synonyms: ["tier", "level", "уровень", "категория"] },
  { id: "ownerEmail", label: "Owner e-mail", synonyms: ["owner", "owner email", "owner e-mail", "manager", "account manager", "ответственный", "менеджер", "владелец", "почта ответственного"] },
  { id: "creditLimit", label: "Credit limit", synonyms: ["credit limit", "credit", "кредитный лимит", "лимит кредита", "лимит"] },
  { id: "creditCurrency", label: "Credit currency", synonyms: ["credit currency", "currency", "валюта", "валюта кредита", "валюта лимита"] },
  { id: "tags", label: "Tags", synonyms: ["tags", "labels", "теги", "метки"] },
  { id: "notes", label: "Notes", synonyms: ["notes", "note", "comment", "comments", "заметки", "примечание", "комментарий"] },
  { id: "contactFirstName", label: "Contact first name", synonyms: ["contact first name", "first name", "contact name", "contact", "имя контакта", "контакт", "контактное лицо", "имя"] },
  { id: "contactLastName", label: "Contact last name", synonyms: ["contact last name", "last name", "surname", "фамилия контакта", "фамилия"] },
  { id: "contactPosition", label: "Contact position", synonyms: ["contact position", "position", "job title", "title", "должность", "должность контакта"] },
  { id: "contactEmail", label: "Contact e-mail", synonyms: ["contact email", "contact e-mail", "почта контакта", "email контакта", "e-mail контакта"] },
  { id: "contactPhone", label: "Contact phone", synonyms: ["contact phone", "телефон контакта"] },
] as const;

type FieldId = (typeof FIELDS)[number]["id"];

/** Enum values by any accepted spelling (English values, English labels, Russian). */
const ENUMS: Record<"type" | "status" | "tier", Record<string, string>> = {
  type: { company: "company", organization: "company", "компания": "company", "организация": "company", "юрлицо": "company", "юридическое лицо": "company", individual: "individual", person: "individual", "физлицо": "individual", "физическое лицо": "individual", "частное лицо": "individual", "ип": "individual" },
  status: { lead: "lead", "лид": "lead", prospect: "prospect", "потенциальный": "prospect", active: "active", "активный": "active", inactive: "inactive", "неактивный": "inactive", churned: "churned", lost: "churned", "ушедший": "churned", "потерян": "churned" },
  tier: { standard: "standard", "стандарт": "standard", "стандартный": "standard", silver: "silver", "серебро": "silver", "серебряный": "silver", gold: "gold", "золото": "gold", "золотой": "gold", platinum: "platinum", "платина": "platinum", "платиновый": "platinum" },
};
const ENUM_HINT = { type: CUSTOMER_TYPES.join(", "), status: CUSTOMER_STATUSES.join(", "), tier: CUSTOMER_TIERS.join(", ") };

/** A customer's fields as the import sets them: only those the row gives (a blank cell never clears a field). */
interface CustomerValues {
  type?: string;
  name: string;
  legalName?: string;
  status?: string;
  taxId?: string;
  email?: string;
  phone?: string;
  website?: string;
  industry?: string;
  tier?: string;
  ownerMembershipId?: string;
  creditLimit?: string;
  creditCurrency?: string;
  tags?: string[];
  notes?: string;
}
interface ContactValues {
  firstName: string;
  lastName?: string;
  position?: string;
  email?: string;
  phone?: string;
}
export interface CustomerImportRecord {
  number: string | null;
  emailKey: string | null;
  customer: CustomerValues;
  contact: ContactValues | null;
}

interface Ctx {
  country: string;
  /** Active members by lower-cased e-mail → membership id. */
  members: Map<string, string>;
}

const CUSTOMER_FIELD_OF: Record<string, FieldId> = { ownerMembershipId: "ownerEmail" };
const CONTACT_FIELD_OF: Record<string, FieldId> = {
  firstName: "contactFirstName",
  lastName: "contactLastName",
  position: "contactPosition",
  email: "contactEmail",
  phone: "contactPhone",
};
const ZImportContact = ZCreateContactInput.omit({ customerId: true, isPrimary: true, isDecisionMaker: true });

/** "1 000,50" → "1000.50", "1,000.50" → "1000.50"; anything else is left for the schema to refuse. */
function normalizeAmount(s: string): string {
  const t = s.replace(/[\s\u00a0']/g, "");
  return t.includes(".") ? t.replace(/,/g, "") : t.replace(",", ".");
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || o[k] === null) delete o[k];
  return o;
}

function validateRow(ctx: Ctx, values: Readonly<Record<string, string>>): { record: CustomerImportRecord } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const input: Record<string, unknown> = {};
  for (const k of ["name", "legalName", "email", "phone", "website", "industry", "creditCurrency", "notes"] as const) if (values[k] !== undefined) input[k] = values[k];
  input.name ??= "";
  for (const k of ["type", "status", "tier"] as const) {
    const v = values[k];
    if (v === undefined) continue;
    const mapped = ENUMS[k][v.toLowerCase().replace(/ё/g, "е")];
    if (mapped) input[k] = mapped;
    else errors.push({ field: k, message: `Unknown ${k} "${v}": use ${ENUM_HINT[k]}` });
  }
  if (values.creditLimit !== undefined) input.creditLimit = normalizeAmount(values.creditLimit);
  if (values.tags !== undefined)
    input.tags = [...new Set(values.tags.split(/[;,]/).map((t) => t.trim()).filter(Boolean))];
  if (values.taxId !== undefined) input.taxId = values.taxId;

  const parsed = ZCreateCustomerInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "name");
      errors.push({ field: CUSTOMER_FIELD_OF[key] ?? key, message: issue.message });
    }
  }
  let taxId: string | undefined;
  if (values.taxId !== undefined) {
    const e = taxIdError(ctx.country, values.taxId);
    if (e) errors.push({ field: "taxId", message: e });
    else taxId = normalizeTaxId(ctx.country, values.taxId);
  }
  let ownerMembershipId: string | undefined;
  if (values.ownerEmail !== undefined) {
    ownerMembershipId = ctx.members.get(values.ownerEmail.toLowerCase());
    if (!ownerMembershipId) errors.push({ field: "ownerEmail", message: "Not an active member of the organization" });
  }
  const number = values.number ?? null;
  if (number !== null && number.length > 50) errors.push({ field: "number", message: "At most 50 characters" });

  let contact: ContactValues | null = null;
  const contactInput: Record<string, string> = {};
  for (const [k, f] of Object.entries(CONTACT_FIELD_OF)) if (values[f] !== undefined) contactInput[k] = values[f]!;
  if (Object.keys(contactInput).length) {
    const c = ZImportContact.safeParse({ firstName: "", ...contactInput });
    if (!c.success) for (const issue of c.error.issues) errors.push({ field: CONTACT_FIELD_OF[String(issue.path[0])] ?? "contactFirstName", message: issue.message });
    else contact = defined({ ...c.data }) as ContactValues;
  }
  if (errors.length || !parsed.success) return { errors: dedupe(errors) };

  const d = parsed.data;
  const customer = defined({
    type: d.type,
    name: d.name,
    legalName: d.legalName ?? undefined,
    status: d.status,
    taxId,
    email: d.email ?? undefined,
    phone: d.phone ?? undefined,
    website: d.website ?? undefined,
    industry: d.industry ?? undefined,
    tier: d.tier,
    ownerMembershipId,
    creditLimit: d.creditLimit ? new Prisma.Decimal(d.creditLimit).toFixed(2) : undefined,
    creditCurrency: d.creditCurrency ?? undefined,
    tags: d.tags,
    notes: d.notes ?? undefined,
  }) as CustomerValues;
  return { record: { number, emailKey: customer.email ?? null, customer, contact } };
}

function dedupe(errors: { field: string; message: string }[]) {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Matching and planning (set-based: one query for the chunk's customers, one for their contacts)

interface ExistingCustomer {
  id: string;
  number: string;
  emailKey: string | null;
  type: string;
  name: string;
  legalName: string | null;
  status: string;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  industry: string | null;
  tier: string;
  ownerMembershipId: string | null;
  creditLimit: string | null;
  creditCurrency: string | null;
  tags: string[];
  notes: string | null;
  archivedAt: Date | null;
}
interface ExistingContact {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
  isPrimary: boolean;
}

/** Which key matched a row to an existing customer (customers.import.keys.ts: number, taxId, email, name). */
export type { MatchKey };

interface MatchDecision {
  row: number;
  action: "update" | "skip";
  record: CustomerImportRecord;
  customerId: string;
  by: MatchKey;
  customerChanged: boolean;
  contact: null | { action: "insert"; isPrimary: boolean } | { action: "update"; id: string };
}
type Decision = { row: number; action: "create"; record: CustomerImportRecord } | MatchDecision;

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** Customers with the same name looked at per row; more than this is ambiguous whatever their other keys say. */
const NAME_CANDIDATES = 5;

const ambiguousName = (n: number) => `${n} customers have this name; give the customer number of the one to update`;

const EXISTING_COLUMNS = Prisma.sql`c.id::text as id, c.number, lower(c.email) as "emailKey", c.type::text as type, c.name, c.legal_name as "legalName",
       c.status::text as status, c.tax_id as "taxId", c.email, c.phone, c.website, c.industry, c.tier::text as tier,
       c.owner_membership_id::text as "ownerMembershipId", c.credit_limit::text as "creditLimit", c.credit_currency as "creditCurrency",
       c.tags, c.notes, c.archived_at as "archivedAt"`;

/**
 * Matches a chunk's rows to existing customers, set-based (at most four queries per chunk, none per row), in this
 * order: the customer number (an unknown number is an error); else the tax id (normalized by the country pack, as
 * stored); else the e-mail (stored lower-cased); else the exact name, case- and space-insensitive, when exactly one
 * customer of that name does not contradict the row's tax id or e-mail (several: a row error asking for the number).
 * Every lookup is a leakproof equality on an organization-led index, so it stays an index condition under RLS.
 */
async function decide(tx: Tx, scope: OrgScope, rows: ValidRow<CustomerImportRecord>[]): Promise<{ decisions: Decision[]; errors: RowError[] }> {
  const keyless = rows.filter((r) => !r.record.number);
  const numbers = rows.flatMap((r) => (r.record.number ? [r.record.number] : []));
  // Field masking (masking.ts): a member who sees e-mail addresses or tax ids masked does not match by them (the dry
  // run would tell whether an address or tax id exists), and no row of theirs changes a field they see masked (a row
  // error).
  const masking = await crmMasking(tx, scope);
  const maskedCustomer = maskedFields(masking, CUSTOMER_SENSITIVE);
  const maskedContact = maskedFields(masking, CONTACT_SENSITIVE);
  const byTaxId = !masking.classes.has("taxId");
  const byEmailKey = !masking.classes.has("email");
  const taxIds = byTaxId ? [...new Set(keyless.flatMap((r) => (r.record.customer.taxId ? [r.record.customer.taxId] : [])))] : [];
  const emails = byEmailKey ? [...new Set(keyless.flatMap((r) => (r.record.emailKey ? [r.record.emailKey] : [])))] : [];
  const visible = Prisma.sql`c.organization_id = ${scope.orgId}::uuid and (c.workspace_id is null or c.workspace_id = any(${scope.workspaceIds}::uuid[]))`;
  const lookup = (match: Prisma.Sql) => tx.$queryRaw<ExistingCustomer[]>`
      select ${EXISTING_COLUMNS} from crm.customers c where ${visible} and ${match} order by c.created_at, c.id`;
  // (organization_id, number) unique; (organization_id, tax_id) and (organization_id, email) partial indexes.
  const [byNumberRows, byTaxRows, byEmailRows] = await Promise.all([
    numbers.length ? lookup(Prisma.sql`c.number = any(${numbers}::text[])`) : Promise.resolve([]),
    taxIds.length ? lookup(Prisma.sql`c.tax_id is not null and c.tax_id = any(${taxIds}::text[])`) : Promise.resolve([]),
    emails.length ? lookup(Prisma.sql`c.email is not null and c.email = any(${emails}::text[])`) : Promise.resolve([]),
  ]);
  const byNumber = new Map(byNumberRows.map((c) => [c.number, c]));
  const oldestBy = (list: ExistingCustomer[], key: (c: ExistingCustomer) => string | null) => {
    const m = new Map<string, ExistingCustomer>();
    for (const c of list) {
      const k = key(c);
      if (k && !m.has(k)) m.set(k, c); // ordered by creation: the oldest wins
    }
    return m;
  };
  const byTax = oldestBy(byTaxRows, (c) => c.taxId);
  const byEmail = oldestBy(byEmailRows, (c) => c.emailKey);

  const found = new Map<number, { c: ExistingCustomer; by: MatchKey }>();
  const errors: RowError[] = [];
  const byName: ValidRow<CustomerImportRecord>[] = [];
  for (const r of rows) {
    const { number, emailKey, customer } = r.record;
    if (number) {
      const c = byNumber.get(number);
      if (c) found.set(r.row, { c, by: "number" });
      else errors.push({ row: r.row, field: "number", message: "No customer with this number" });
      continue;
    }
    const c = customer.taxId ? byTax.get(customer.taxId) : undefined;
    if (c) found.set(r.row, { c, by: "taxId" });
    else if (emailKey && byEmail.has(emailKey)) found.set(r.row, { c: byEmail.get(emailKey)!, by: "email" });
    else byName.push(r);
  }

  if (byName.length) {
    // The file's names are normalized by the same expression as the generated crm.customers.name_key, in SQL, so both
    // sides use the database's lower(); the key then meets the index with a plain (leakproof) text equality.
    const names = [...new Set(byName.map((r) => r.record.customer.name))];
    const candidates = await tx.$queryRaw<(ExistingCustomer & { input: string; sameName: bigint })[]>`
      with q as materialized (
        select n as input, lower(btrim(regexp_replace(n, '[[:space:]]+', ' ', 'g'))) as k from unnest(${names}::text[]) as u(n))
      select q.input, m.* from q cross join lateral (
        select ${EXISTING_COLUMNS}, count(*) over () as "sameName"
          from crm.customers c where ${visible} and c.name_key = q.k
         limit ${NAME_CANDIDATES + 1}) m`;
    const ofName = new Map<string, (ExistingCustomer & { sameName: bigint })[]>();
    for (const c of candidates) ofName.set(c.input, [...(ofName.get(c.input) ?? []), c]);
    for (const r of byName) {
      const all = ofName.get(r.record.customer.name) ?? [];
      // A customer of the same name with another tax id or e-mail is someone else: the row creates a new customer
      // (not for a member who sees that class masked: the answer would tell them the value; their row then fails on
      // the masked field instead).
      const taxId = byTaxId ? r.record.customer.taxId : null;
      const emailKey = byEmailKey ? r.record.emailKey : null;
      const fit = all.filter((c) => !(taxId && c.taxId && c.taxId !== taxId) && !(emailKey && c.emailKey && c.emailKey !== emailKey));
      const total = all.length ? Number(all[0]!.sameName) : 0;
      if (all.length > NAME_CANDIDATES) {
        errors.push({ row: r.row, field: "name", message: ambiguousName(total) });
      } else if (fit.length > 1) {
        errors.push({ row: r.row, field: "name", message: ambiguousName(fit.length) });
      } else if (fit.length === 1) {
        found.set(r.row, { c: fit[0]!, by: "name" });
      }
    }
  }

  const matched = new Map<number, { c: ExistingCustomer; by: MatchKey }>();
  const touched = new Map<string, number>();
  for (const r of rows) {
    const m = found.get(r.row);
    if (!m) continue;
    const { c, by } = m;
    const field = by === "number" ? "number" : by === "taxId" ? "taxId" : by === "email" ? "email" : "name";
    if (c.archivedAt) errors.push({ row: r.row, field, message: `Customer ${c.number} is archived; restore it to update it` });
    else if (touched.has(c.id)) errors.push({ row: r.row, field, message: `Row ${touched.get(c.id)} already updates customer ${c.number}` });
    else {
      matched.set(r.row, m);
      touched.set(c.id, r.row);
    }
  }
  const failed = new Set(errors.map((e) => e.row));

  const withContact = rows.flatMap((r) => (r.record.contact && matched.has(r.row) ? [matched.get(r.row)!.c.id] : []));
  const contacts = withContact.length
    ? await tx.$queryRaw<ExistingContact[]>`
      select id::text as id, customer_id::text as "customerId", first_name as "firstName", last_name as "lastName", position, email, phone, is_primary as "isPrimary"
        from crm.contacts
       where organization_id = ${scope.orgId}::uuid and customer_id = any(${withContact}::uuid[]) and archived_at is null
       order by created_at, id`
    : [];
  const contactsOf = new Map<string, ExistingContact[]>();
  for (const k of contacts) contactsOf.set(k.customerId, [...(contactsOf.get(k.customerId) ?? []), k]);

  const decisions: Decision[] = [];
  for (let r of rows) {
    if (failed.has(r.row)) continue;
    const m = matched.get(r.row);
    if (!m) {
      decisions.push({ row: r.row, action: "create", record: r.record });
      continue;
    }
    const c = m.c;
    // Matched by its name, the customer keeps its own spelling of it ("ACME  ltd" in a file is the same name).
    if (m.by === "name") r = { ...r, record: { ...r.record, customer: { ...r.record.customer, name: c.name } } };
    const cur = c as unknown as Record<string, unknown>;
    const given = r.record.customer as unknown as Record<string, unknown>;
    const refused = maskedCustomer.filter((f) => given[f] !== undefined && given[f] !== cur[f]);
    if (refused.length) {
      for (const f of refused) errors.push({ row: r.row, field: f, message: MASKED_FIELD_MESSAGE });
      continue;
    }
    let customerChanged = false;
    for (const [k, v] of Object.entries(r.record.customer)) {
      if (k === "tags" ? !sameTags(v as string[], c.tags) : cur[k] !== v) {
        customerChanged = true;
        break;
      }
    }
    let contact: MatchDecision["contact"] = null;
    const rc = r.record.contact;
    if (rc) {
      const list = contactsOf.get(c.id) ?? [];
      const key = (s: string | null | undefined) => (s ?? "").toLowerCase();
      const same = rc.email
        ? list.find((k) => key(k.email) === key(rc.email))
        : list.find((k) => key(k.firstName) === key(rc.firstName) && key(k.lastName) === key(rc.lastName));
      if (!same) contact = { action: "insert", isPrimary: !list.some((k) => k.isPrimary) };
      else if (Object.entries(rc).some(([k, v]) => (same as unknown as Record<string, unknown>)[k] !== v)) contact = { action: "update", id: same.id };
      const held = same as unknown as Record<string, unknown> | undefined;
      const refusedContact = held ? maskedContact.filter((f) => rc[f] !== undefined && rc[f] !== held[f]) : [];
      if (refusedContact.length) {
        for (const f of refusedContact) errors.push({ row: r.row, field: f === "email" ? "contactEmail" : "contactPhone", message: MASKED_FIELD_MESSAGE });
        continue;
      }
    }
    decisions.push({ row: r.row, action: customerChanged || contact ? "update" : "skip", record: r.record, customerId: c.id, by: m.by, customerChanged, contact });
  }
  return { decisions, errors };
}

function count(decisions: Decision[], errors: RowError[]): ChunkCounts {
  let create = 0;
  let update = 0;
  let skip = 0;
  const matchedBy: NonNullable<ChunkCounts["matchedBy"]> = {};
  for (const d of decisions) {
    if (d.action === "create") create++;
    else {
      const m = (matchedBy[d.by] ??= { update: 0, skip: 0 });
      if (d.action === "update") update++;
      else skip++;
      m[d.action]++;
    }
  }
  return { create, update, skip, errors, matchedBy };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a chunk

const CUSTOMER_COLUMNS = `id uuid, number text, type text, name text, legal_name text, status text, tax_id text, email text, phone text,
  website text, industry text, tier text, owner_membership_id uuid, credit_limit numeric, credit_currency text, tags text[], notes text`;
const CONTACT_COLUMNS = `id uuid, customer_id uuid, first_name text, last_name text, position text, email text, phone text, is_primary boolean`;

function customerJson(id: string, number: string | null, v: CustomerValues) {
  return {
    id,
    number,
    type: v.type ?? null,
    name: v.name,
    legal_name: v.legalName ?? null,
    status: v.status ?? null,
    tax_id: v.taxId ?? null,
    email: v.email ?? null,
    phone: v.phone ?? null,
    website: v.website ?? null,
    industry: v.industry ?? null,
    tier: v.tier ?? null,
    owner_membership_id: v.ownerMembershipId ?? null,
    credit_limit: v.creditLimit ?? null,
    credit_currency: v.creditCurrency ?? null,
    tags: v.tags ?? null,
    notes: v.notes ?? null,
  };
}
function contactJson(id: string, customerId: string, v: ContactValues, isPrimary: boolean | null) {
  return { id, customer_id: customerId, first_name: v.firstName, last_name: v.lastName ?? null, position: v.position ?? null, email: v.email ?? null, phone: v.phone ?? null, is_primary: isPrimary };
}

async function commitChunk(tx: Tx, scope: OrgScope, rows: ValidRow<CustomerImportRecord>[]): Promise<ChunkCounts> {
  const { decisions, errors } = await decide(tx, scope, rows);
  const creates = decisions.filter((d) => d.action === "create");
  const updates = decisions.filter((d): d is MatchDecision => d.action === "update");
  const org = scope.orgId;
  const user = scope.userId;

  const newCustomers: ReturnType<typeof customerJson>[] = [];
  const newContacts: ReturnType<typeof contactJson>[] = [];
  if (creates.length) {
    // Numbers in bulk, last, in this transaction: a rollback returns them all (no gaps).
    const numbers = await numbering.nextMany(tx, scope, "customer", creates.length, { workspaceId: null });
    creates.forEach((d, i) => {
      const id = uuidv7();
      newCustomers.push(customerJson(id, numbers[i]!, d.record.customer));
      if (d.record.contact) newContacts.push(contactJson(uuidv7(), id, d.record.contact, true));
    });
    await tx.$executeRawUnsafe(
      `insert into crm.customers (organization_id, id, number, workspace_id, type, name, legal_name, status, tax_id, email, phone, website,
         industry, tier, owner_membership_id, credit_limit, credit_currency, tags, notes, created_by, updated_by)
       select $1::uuid, r.id, r.number, null, coalesce(r.type, 'company')::crm.customer_type, r.name, r.legal_name,
              coalesce(r.status, 'lead')::crm.customer_status, r.tax_id, r.email, r.phone, r.website, r.industry,
              coalesce(r.tier, 'standard')::crm.customer_tier, r.owner_membership_id, r.credit_limit, r.credit_currency,
              coalesce(r.tags, '{}'), r.notes, $2::uuid, $2::uuid
         from jsonb_to_recordset($3::jsonb) as r(${CUSTOMER_COLUMNS})`,
      org,
      user,
      JSON.stringify(newCustomers),
    );
  }
  const changed = updates.filter((d) => d.customerChanged).map((d) => customerJson(d.customerId, null, d.record.customer));
  if (changed.length) {
    // Only the fields the row gives change (coalesce keeps the rest); the version moves like a service update.
    await tx.$executeRawUnsafe(
      `update crm.customers c set
         type = coalesce(r.type::crm.customer_type, c.type), name = coalesce(r.name, c.name), legal_name = coalesce(r.legal_name, c.legal_name),
         status = coalesce(r.status::crm.customer_status, c.status), tax_id = coalesce(r.tax_id, c.tax_id), email = coalesce(r.email, c.email),
         phone = coalesce(r.phone, c.phone), website = coalesce(r.website, c.website), industry = coalesce(r.industry, c.industry),
         tier = coalesce(r.tier::crm.customer_tier, c.tier), owner_membership_id = coalesce(r.owner_membership_id, c.owner_membership_id),
         credit_limit = coalesce(r.credit_limit, c.credit_limit), credit_currency = coalesce(r.credit_currency, c.credit_currency),
         tags = coalesce(r.tags, c.tags), notes = coalesce(r.notes, c.notes),
         version = c.version + 1, updated_by = $2::uuid, updated_at = current_timestamp
        from jsonb_to_recordset($3::jsonb) as r(${CUSTOMER_COLUMNS})
       where c.organization_id = $1::uuid and c.id = r.id and c.archived_at is null`,
      org,
      user,
      JSON.stringify(changed),
    );
  }
  for (const d of updates) if (d.contact?.action === "insert") newContacts.push(contactJson(uuidv7(), d.customerId, d.record.contact!, d.contact.isPrimary));
  if (newContacts.length) {
    await tx.$executeRawUnsafe(
      `insert into crm.contacts (organization_id, id, customer_id, first_name, last_name, position, email, phone, is_primary, created_by, updated_by)
       select $1::uuid, r.id, r.customer_id, r.first_name, r.last_name, r.position, r.email, r.phone, coalesce(r.is_primary, false), $2::uuid, $2::uuid
         from jsonb_to_recordset($3::jsonb) as r(${CONTACT_COLUMNS})`,
      org,
      user,
      JSON.stringify(newContacts),
    );
  }
  const contactUpdates = updates.flatMap((d) => (d.contact?.action === "update" ? [contactJson(d.contact.id, d.customerId, d.record.contact!, null)] : []));
  if (contactUpdates.length) {
    await tx.$executeRawUnsafe(
      `update crm.contacts k set first_name = r.first_name, last_name = coalesce(r.last_name, k.last_name), position = coalesce(r.position, k.position),
              email = coalesce(r.email, k.email), phone = coalesce(r.phone, k.phone), updated_by = $2::uuid, updated_at = current_timestamp
         from jsonb_to_recordset($3::jsonb) as r(${CONTACT_COLUMNS})
        where k.organization_id = $1::uuid and k.id = r.id and k.customer_id = r.customer_id`,
      org,
      user,
      JSON.stringify(contactUpdates),
    );
  }
  return count(decisions, errors);
}

export const customersImport = defineImport<Ctx, CustomerImportRecord>({
  kind: CUSTOMERS_IMPORT_KIND,
  permission: "crm.customer.create",
  updatePermission: "crm.customer.update",
  fields: FIELDS,
  async context(tx, scope) {
    const [org, members] = await Promise.all([
      tx.organization.findUnique({ where: { id: scope.orgId }, select: { country: true } }),
      tx.$queryRaw<{ email: string; id: string }[]>`
        select lower(u.email) as email, m.id::text as id from auth.memberships m join auth.users u on u.id = m.user_id
         where m.organization_id = ${scope.orgId}::uuid and m.status = 'active'`,
    ]);
    return { country: org?.country ?? "", members: new Map(members.map((m) => [m.email, m.id])) };
  },
  validateRow: (ctx, row) => validateRow(ctx, row.values),
  uniqueKeys: [
    { field: "number", key: (r) => r.number },
    { field: "email", key: (r) => r.emailKey },
  ],
  async plan(tx, scope, _ctx, rows) {
    const { decisions, errors } = await decide(tx, scope, rows);
    return count(decisions, errors);
  },
  commit: (tx, scope, _ctx, rows) => commitChunk(tx, scope, rows),
});
