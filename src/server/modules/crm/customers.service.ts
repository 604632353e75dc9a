// Customers: numbered from the kernel numbering ("customer", CUST-{#####}), organization-wide or owned by one
// workspace (visible only to its members: RLS policy visible_workspace + the filter below), tax id checked by the
// organization's country pack, optimistic `version` on every change. Row changes are audited by the trigger.
import { Prisma } from "@/generated/prisma/client";
import type { ListCount, ListOutput, TFilterValue } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import {
  afterCursor,
  and,
  badRequest,
  cappedCount,
  filterSql,
  keysetPage,
  orderBy,
  rawSql,
  readCursor,
  sql,
  wantsTotal,
  type Sql,
} from "@/server/kernel/list-query";
import { assertUnmaskedWrite, maskedFields, maskRow, maskRows } from "@/server/kernel/masking";
import * as numbering from "@/server/kernel/numbering";
import { normalizeTaxId, taxIdError } from "@/server/kernel/regions/tax-id";
import type { OrgScope } from "@/server/kernel/scope";
import { archiveActions } from "./archive";
import { customerTransitions } from "./customer-machine";
import { searchWords, tagsMatchSql, tagsPlan, tagTerms, termsMatchSql, termsPlan, TERM_ENTITY, type TermsPlan } from "./search-terms";
import { crmVisibleSql, mayAssignOwner, visibleWhere } from "./visibility";
import { crmMasking, CUSTOMER_SENSITIVE, hiddenTermKinds } from "./masking";
import {
  CUSTOMER_STATUSES,
  CUSTOMER_TIERS,
  CUSTOMER_TYPES,
  CUSTOMERS_LIST,
  type TCreateCustomerInput,
  type TListCustomersInput,
  type TUpdateCustomerInput,
} from "./crm.schemas";
import { validateCustomFields } from "./custom-fields.validate";
import { segmentListInput } from "./segment-filter";
import { isUuid } from "@/lib/uuid";

export function fieldError(field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" = "BAD_REQUEST"): AppError {
  return new AppError(code, message, { [field]: [message] });
}

// The customers this membership may see (workspace + record scope): the one CRM rule lives in ./visibility.ts.
export { visibleWhere } from "./visibility";

const CUSTOMER_NOT_FOUND = "Customer not found";

/** The customer, if this membership may see it; NOT_FOUND otherwise (other organizations, other workspaces). */
export async function customerOr404(tx: Tx, scope: OrgScope, id: string) {
  const c = await tx.customer.findFirst({ where: { ...visibleWhere(scope), id } });
  if (!c) throw notFound(CUSTOMER_NOT_FOUND);
  return c;
}

type CustomerRow = Prisma.CustomerGetPayload<object>;
/**
 * What every customer procedure answers: the fields (sensitive ones masked for this member: kernel/masking), the
 * fields it sees masked (`masked`: the form shows them read-only and never sends them) and the status transitions
 * this member may take now.
 */
async function detailOut(tx: Tx, scope: OrgScope, c: CustomerRow) {
  const m = await crmMasking(tx, scope);
  return { ...maskRow(m, CUSTOMER_SENSITIVE, customerOut(c)), masked: maskedFields(m, CUSTOMER_SENSITIVE), transitions: customerTransitions(scope, c) };
}

function customerOut(c: CustomerRow) {
  return {
    id: c.id,
    number: c.number,
    workspaceId: c.workspaceId,
    type: c.type,
    name: c.name,
    legalName: c.legalName,
    status: c.status,
    taxId: c.taxId,
    email: c.email,
    phone: c.phone,
    website: c.website,
    industry: c.industry,
    tier: c.tier,
    ownerMembershipId: c.ownerMembershipId,
    creditLimit: c.creditLimit === null ? null : c.creditLimit.toFixed(2),
    creditCurrency: c.creditCurrency,
    paymentTermId: c.paymentTermId,
    tags: c.tags,
    notes: c.notes,
    customFields: c.customFields as Record<string, unknown>,
    archivedAt: c.archivedAt,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List

export interface CustomerListRow {
  id: string;
  number: string;
  name: string;
  type: string;
  status: string;
  tier: string;
  email: string | null;
  phone: string | null;
  taxId: string | null;
  workspaceId: string | null;
  ownerMembershipId: string | null;
  ownerName: string | null;
  industry: string | null;
  tags: string[];
  archivedAt: Date | null;
  createdAt: Date;
  version: number;
}

const C_ID = sql`c.id`;
const COLUMNS: Record<(typeof CUSTOMERS_LIST.sorts)[number], Sql> = { name: sql`c.name`, number: sql`c.number`, createdAt: sql`c.created_at` };
const SELECT = sql`select c.id::text as id, c.number, c.name, c.type::text as type, c.status::text as status, c.tier::text as tier,
  c.email, c.phone, c.tax_id as "taxId", c.workspace_id::text as "workspaceId", c.owner_membership_id::text as "ownerMembershipId",
  c.archived_at as "archivedAt", c.created_at as "createdAt", c.version, c.industry, c.tags,
  (select u.name from auth.memberships m join auth.users u on u.id = m.user_id
    where m.organization_id = c.organization_id and m.id = c.owner_membership_id) as "ownerName"`;
const FROM = sql`from crm.customers c`;

/**
 * `column = any(values::type[])` for an enum filter, keeping only the values `valid` accepts (none: no rows). One
 * value is a plain `=`: an equality on an index column keeps the index's order (name, id) for the columns after it.
 */
function typedAny(column: Sql, type: string, value: TFilterValue, valid: (v: string) => boolean): Sql {
  if (value.type !== "enum") return filterSql(column, value);
  const values = [...new Set(value.values.filter(valid))];
  if (values.length === 1) return sql`${column} = ${values[0]}::${rawSql(type)}`;
  return values.length ? sql`${column} = any(${values}::${rawSql(`${type}[]`)})` : sql`false`;
}

/**
 * An enum filter over its generated smallint key (tier_key, status_key, type_key; migration 20261201210000): the key
 * of a label is its position in the enum + 1, as the columns' CASE expressions number them. Under FORCE RLS only
 * leakproof operators become index conditions; int2 equality is leakproof, the enum's is not. Unknown labels are
 * dropped (none left: no rows); one value is a plain `=` so the (organization_id, key, name, id) index keeps list order.
 */
function keyFilter(column: Sql, enumColumn: Sql, labels: readonly string[], value: TFilterValue): Sql {
  if (value.type !== "enum") return filterSql(enumColumn, value);
  const keys = [...new Set(value.values.map((v) => labels.indexOf(v) + 1).filter((k) => k > 0))];
  if (keys.length === 1) return sql`${column} = ${keys[0]}::smallint`;
  return keys.length ? sql`${column} = any(${keys}::smallint[])` : sql`false`;
}

/** How the list's two crm.search_terms conditions are planned (search-terms.ts, TermsPlan): `q` and `tags`. */
interface ListPlans {
  q: TermsPlan;
  tags: TermsPlan;
}
const JOIN_PLANS: ListPlans = { q: "join", tags: "join" };

function listWhere(scope: OrgScope, input: TListCustomersInput, plans: ListPlans = JOIN_PLANS, hidden: readonly number[] = []): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [
    crmVisibleSql(scope, "c"),
  ];
  // archived: ["active"] (the default), ["archived"], or both.
  const archived = f.archived?.type === "enum" ? f.archived.values : ["active"];
  const wantActive = archived.includes("active");
  const wantArchived = archived.includes("archived");
  if (!wantActive && !wantArchived) throw badRequest("filters.archived", 'Use "active" and/or "archived"');
  if (wantActive && !wantArchived) parts.push(sql`c.archived_at is null`);
  if (wantArchived && !wantActive) parts.push(sql`c.archived_at is not null`);
  // Enum filters compare the leakproof smallint keys (keyFilter), the owner the uuid column in its own type, so the
  // key-led and owner-led (…, name, id) indexes and the count's covering index apply as tessera_app; values that
  // cannot match (unknown labels, non-UUIDs) are dropped, as a text comparison would never have matched them.
  if (f.status) parts.push(keyFilter(sql`c.status_key`, sql`c.status`, CUSTOMER_STATUSES, f.status));
  if (f.tier) parts.push(keyFilter(sql`c.tier_key`, sql`c.tier`, CUSTOMER_TIERS, f.tier));
  if (f.type) parts.push(keyFilter(sql`c.type_key`, sql`c.type`, CUSTOMER_TYPES, f.type));
  if (f.owner) parts.push(typedAny(sql`c.owner_membership_id`, "uuid", f.owner, (v) => isUuid(v)));
  // Any of the tags: the customers' tag terms in crm.search_terms (entity customerTag), text equality on its primary
  // key — index-served under RLS, where `c.tags && $1` (not leakproof) could only filter the organization's rows.
  if (f.tags?.type === "enum") parts.push(tagsMatchSql(sql`c.id`, scope.orgId, tagTerms(f.tags.values), plans.tags));
  // `q`: every word starts a word of the name, or the number, e-mail (or its domain), phone digits or tax id
  // (crm.search_terms, leakproof range lookups: index-served under RLS; search-terms.ts). A member who sees a class
  // masked matches none of its terms (`hidden` kinds, masking.ts).
  if (input.q?.trim()) parts.push(termsMatchSql(sql`c.id`, TERM_ENTITY.customer, scope.orgId, searchWords(input.q), plans.q, hidden));
  return and(parts);
}

/** The list contract: keyset pages by name (index (organization_id, name, id)), numbered pages by number or date. */
export async function listCustomers(
  tx: Tx,
  scope: OrgScope,
  input: TListCustomersInput,
  opts: { count?: boolean } = {},
): Promise<ListOutput<CustomerListRow>> {
  const sort = input.sort ?? CUSTOMERS_LIST.defaultSort;
  const column = COLUMNS[sort.id];
  const masking = await crmMasking(tx, scope);
  const hidden = hiddenTermKinds(masking);
  const segment = await segmentListInput(tx, scope, input); // `segment` filter: AND the saved segment's filters
  // A search's (or tags filter's) page query walks the list order with the matching ids hashed when every word (the
  // tags together) is common, else joins them (search-terms.ts, termsPlan / tagsPlan); the capped count always joins.
  // A member who sees a class masked matches none of its terms (`hidden` kinds, masking.ts).
  const plansOf = async (i: TListCustomersInput): Promise<ListPlans> => ({
    q: i.q?.trim() ? await termsPlan(tx, TERM_ENTITY.customer, scope.orgId, searchWords(i.q), hidden) : "join",
    tags: i.filters?.tags?.type === "enum" ? await tagsPlan(tx, scope.orgId, tagTerms(i.filters.tags.values)) : "join",
  });
  const whereWith = (p: ListPlans, sp: ListPlans) =>
    segment ? and([listWhere(scope, input, p, hidden), listWhere(scope, segment, sp, hidden)]) : listWhere(scope, input, p, hidden);
  const where = whereWith(await plansOf(input), segment ? await plansOf(segment) : JOIN_PLANS);
  const countWhere = whereWith(JOIN_PLANS, JOIN_PLANS);
  const perPage = input.perPage;

  if (sort.id === "name" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      keyset = afterCursor(column, C_ID, sql`${c.sortValue}`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<CustomerListRow[]>`${SELECT} ${FROM} where ${where} and ${keyset} ${orderBy(column, C_ID, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [r.name, r.id]);
    const out: ListOutput<CustomerListRow> = { rows: maskRows(masking, CUSTOMER_SENSITIVE, page.rows) };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor && opts.count !== false && wantsTotal(input)) Object.assign(out, await cappedCount(tx, sql`${FROM} where ${countWhere}`));
    return out;
  }

  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<CustomerListRow[]>`${SELECT} ${FROM} where ${where}
    order by ${column} ${dir}, c.id ${dir} limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows: maskRows(masking, CUSTOMER_SENSITIVE, rows), ...(opts.count !== false && wantsTotal(input) ? await cappedCount(tx, sql`${FROM} where ${countWhere}`) : {}) };
}

/**
 * The list's capped count alone, for the same input (`crm.customers.count`): the DataTable asks for the rows with
 * `withTotal: false` and for this once they are shown, so a search for a common word answers its first page without
 * waiting for up to 10,001 visibility checks (docs/BENCHMARKS.md). Same visibility, filters, segment and search as
 * the list; cursor, page, sort and perPage are ignored.
 */
export async function countCustomers(tx: Tx, scope: OrgScope, input: TListCustomersInput): Promise<ListCount> {
  const segment = await segmentListInput(tx, scope, input);
  const hidden = hiddenTermKinds(await crmMasking(tx, scope)); // a masked class counts no matches either
  const where = segment
    ? and([listWhere(scope, input, JOIN_PLANS, hidden), listWhere(scope, segment, JOIN_PLANS, hidden)])
    : listWhere(scope, input, JOIN_PLANS, hidden);
  return cappedCount(tx, sql`${FROM} where ${where}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Get, create, update, archive, restore

/** The customer, with the status transitions this member may take now (the page header's buttons). */
export async function getCustomer(tx: Tx, scope: OrgScope, input: { id: string }) {
  return detailOut(tx, scope, await customerOr404(tx, scope, input.id));
}

type Refs = Pick<TUpdateCustomerInput, "taxId" | "ownerMembershipId" | "paymentTermId">;

/** Checks references and the tax id; returns the normalized tax id (undefined: unchanged). */
async function checkRefs(tx: Tx, scope: OrgScope, input: Refs): Promise<string | null | undefined> {
  let taxId: string | null | undefined = input.taxId;
  if (input.taxId) {
    const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { country: true } });
    const country = org?.country ?? "";
    const error = taxIdError(country, input.taxId);
    if (error) throw fieldError("taxId", error);
    taxId = normalizeTaxId(country, input.taxId);
  }
  if (input.ownerMembershipId) {
    const m = await tx.membership.findFirst({ where: { organizationId: scope.orgId, id: input.ownerMembershipId, status: "active" }, select: { id: true } });
    if (!m) throw fieldError("ownerMembershipId", "Choose an active member of the organization");
  }
  if (input.paymentTermId) {
    const t = await tx.paymentTerm.findFirst({ where: { organizationId: scope.orgId, id: input.paymentTermId, active: true }, select: { id: true } });
    if (!t) throw fieldError("paymentTermId", "Choose active payment terms");
  }
  return taxId;
}

export async function createCustomer(tx: Tx, scope: OrgScope, input: TCreateCustomerInput) {
  const workspaceId = input.workspaceId ?? null;
  if (workspaceId && !scope.workspaceIds.includes(workspaceId)) throw fieldError("workspaceId", "Choose one of your workspaces");
  // A member who sees only their own customers owns what they create (else it would vanish from their view).
  const ownerMembershipId = input.ownerMembershipId ?? (scope.recordScope === "own" ? scope.membershipId : null);
  if (!mayAssignOwner(scope, ownerMembershipId)) throw ownOnly();
  const taxId = await checkRefs(tx, scope, { ...input, ownerMembershipId });
  const customFields = await validateCustomFields(tx, scope, "customer", input.customFields ?? {});
  // Allocated last, in this transaction: a failure below rolls the number back with the row (no gaps).
  const number = await numbering.next(tx, scope, "customer", { workspaceId });
  const row = await tx.customer.create({
    data: {
      organizationId: scope.orgId,
      number,
      workspaceId,
      type: input.type ?? "company",
      name: input.name,
      legalName: input.legalName ?? null,
      status: input.status ?? "lead",
      taxId: taxId ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      website: input.website ?? null,
      industry: input.industry ?? null,
      tier: input.tier ?? "standard",
      ownerMembershipId,
      creditLimit: input.creditLimit ?? null,
      creditCurrency: input.creditCurrency ?? null,
      paymentTermId: input.paymentTermId ?? null,
      tags: [...new Set(input.tags ?? [])],
      notes: input.notes ?? null,
      customFields: customFields as Prisma.InputJsonObject,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
  });
  return detailOut(tx, scope, row);
}

const ownOnly = () => fieldError("ownerMembershipId", "You can only own customers yourself: your role sees only its own customers");

const stale = () => new AppError("CONFLICT", "This customer was changed by someone else. Reload it and try again.");

/** Changes only the fields given; `version` must be the one the caller read. */
export async function updateCustomer(tx: Tx, scope: OrgScope, given: TUpdateCustomerInput) {
  const current = await customerOr404(tx, scope, given.id);
  // A field this member sees masked is never written by them: a masked value must not overwrite the real one.
  const input = assertUnmaskedWrite(await crmMasking(tx, scope), CUSTOMER_SENSITIVE, given, current);
  if (current.version !== input.version) throw stale();
  if (current.archivedAt) throw new AppError("PRECONDITION_FAILED", "This customer is archived; restore it to edit it.");
  if (input.ownerMembershipId !== undefined && !mayAssignOwner(scope, input.ownerMembershipId)) throw ownOnly();
  const taxId = await checkRefs(tx, scope, input);
  const creditLimit = input.creditLimit === undefined ? (current.creditLimit?.toFixed(2) ?? null) : input.creditLimit;
  const creditCurrency = input.creditCurrency === undefined ? current.creditCurrency : input.creditCurrency;
  if (creditLimit && !creditCurrency) throw fieldError("creditCurrency", "Choose the credit limit's currency");
  const data: Prisma.CustomerUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  const keys = ["type", "name", "legalName", "email", "phone", "website", "industry", "tier", "ownerMembershipId", "paymentTermId", "notes"] as const;
  for (const k of keys) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  if (taxId !== undefined) data.taxId = taxId;
  if (input.creditLimit !== undefined) data.creditLimit = input.creditLimit;
  if (input.creditCurrency !== undefined) data.creditCurrency = input.creditCurrency;
  if (input.tags !== undefined) data.tags = [...new Set(input.tags)];
  if (input.customFields !== undefined)
    data.customFields = (await validateCustomFields(tx, scope, "customer", input.customFields, current.customFields as Record<string, unknown>)) as Prisma.InputJsonObject;
  const { count } = await tx.customer.updateMany({ where: { ...visibleWhere(scope), id: input.id, version: input.version }, data });
  if (count !== 1) throw stale();
  return detailOut(tx, scope, await customerOr404(tx, scope, input.id));
}

export const { archive: archiveCustomer, restore: restoreCustomer } = archiveActions((tx, scope) => ({
  delegate: tx.customer, load: (id) => customerOr404(tx, scope, id), out: (row) => detailOut(tx, scope, row), stale,
}));
