// Record search over customers, contacts and deals (crm.search and the command palette's providers). Tenant- and
// visibility-scoped exactly like the lists: the caller's organization, organization-wide customers or those of the
// caller's workspaces, and with record scope "own" only customers the member owns (contacts and deals through their
// customer / their own owner). Customers and contacts match when every word of the query starts a word of the
// name, or the number, e-mail (or domain), phone digits, tax id — looked up in crm.search_terms with leakproof
// range conditions, so the index serves tessera_app under RLS (search-terms.ts, README "Search"). Deals match the
// same way by the words of their name and their number (their own terms), or by their customer's terms.
import type { Tx } from "@/server/db/scope";
import { and, likePattern, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import type { SearchHit } from "@/server/kernel/search";
import { workspacePath } from "@/lib/urls";
import { SEARCH_MIN_LENGTH, type TCrmSearchInput } from "./fields.schemas";
import { drivingTermsSql, searchWords, termsMatchSql, TERM_ENTITY } from "./search-terms";
import { crmVisibleSql } from "./visibility";
import { maskRow } from "@/server/kernel/masking";
import { CONTACT_SENSITIVE, crmMasking, CUSTOMER_SENSITIVE, hiddenTermKinds } from "./masking";

/**
 * What a search needs to know about the caller: its organization scope and the workspace it searches from — the
 * links open there, and (as RLS does for every workspace procedure) only organization-wide records and that
 * workspace's records are visible.
 */
export type SearchScope = OrgScope & { workspaceId: string; workspaceSlug: string };

/** Rows considered before ranking: bounds the work for a very common term in a very large organization. */
const CANDIDATES = 200;

/**
 * A whole document number ("CUST-00042", "deal-7"): looked up exactly through the unique (organization_id, number)
 * btree (text equality: leakproof) instead of a term range.
 */
export function wholeNumber(q: string): string | null {
  return /^[a-z]{2,12}-\d{1,12}$/i.test(q) ? q.toUpperCase() : null;
}

/** The workspaces whose records a search sees: the current one, if the membership may see it. */
const searchWorkspaces = (scope: SearchScope) => (scope.workspaceIds.includes(scope.workspaceId) ? [scope.workspaceId] : []);

/** Customers visible to the caller over the alias `c`: the shared CRM rule, narrowed to the workspace searched from. */
const visibleCustomersSql = (scope: SearchScope): Sql => crmVisibleSql({ ...scope, workspaceIds: searchWorkspaces(scope) }, "c");

type CustomerHitRow = { id: string; number: string; name: string; email: string | null; taxId: string | null; archived: boolean };

export async function searchCustomers(tx: Tx, scope: SearchScope, q: string, limit: number): Promise<SearchHit[]> {
  if (q.length < SEARCH_MIN_LENGTH) return [];
  const starts = likePattern(q).slice(1); // "q%": names that start with the text rank first (over the candidates only)
  const number = wholeNumber(q);
  // A member who sees a class masked neither matches its terms nor reads it in the hits (masking.ts).
  const masking = await crmMasking(tx, scope);
  const terms = number
    ? { join: sql``, where: sql`c.number = ${number}` }
    : drivingTermsSql(sql`c.id`, TERM_ENTITY.customer, scope.orgId, searchWords(q), hiddenTermKinds(masking));
  const rows = await tx.$queryRaw<CustomerHitRow[]>`
    select c.id::text as id, c.number, c.name, c.email, c.tax_id as "taxId", c.archived_at is not null as archived
      from (select distinct on (m.id) m.* from (
              select c.id, c.number, c.name, c.email, c.tax_id, c.archived_at from crm.customers c ${terms.join}
               where ${visibleCustomersSql(scope)} and ${terms.where} limit ${CANDIDATES}) m order by m.id) c
     order by c.archived_at is not null,
              (lower(c.name) = lower(${q}) or lower(c.number) = lower(${q}) or c.tax_id = ${q} or c.email = lower(${q})) desc,
              c.name ilike ${starts} desc, c.name, c.id
     limit ${limit}`;
  return rows.map((row) => maskRow(masking, CUSTOMER_SENSITIVE, row)).map((r) => ({
    id: r.id,
    title: r.name,
    subtitle: [r.number, r.taxId, r.email, r.archived ? "archived" : null].filter(Boolean).join(" · "),
    href: workspacePath(scope.orgSlug, scope.workspaceSlug, "crm", "customers", r.id),
  }));
}

type ContactHitRow = { id: string; customerId: string; name: string; customerName: string; email: string | null; phone: string | null };

export async function searchContacts(tx: Tx, scope: SearchScope, q: string, limit: number): Promise<SearchHit[]> {
  if (q.length < SEARCH_MIN_LENGTH) return [];
  const masking = await crmMasking(tx, scope);
  const terms = drivingTermsSql(sql`ct.id`, TERM_ENTITY.contact, scope.orgId, searchWords(q), hiddenTermKinds(masking));
  const rows = await tx.$queryRaw<ContactHitRow[]>`
    select x.id, x."customerId", x.name, x."customerName", x.email, x.phone
      from (select distinct on (m.id) m.* from (
            select ct.id::text as id, ct.customer_id::text as "customerId",
                   btrim(ct.first_name || ' ' || coalesce(ct.last_name, '')) as name, c.name as "customerName", ct.email, ct.phone
              from crm.contacts ct ${terms.join}
              join crm.customers c on c.organization_id = ct.organization_id and c.id = ct.customer_id
             where ct.organization_id = ${scope.orgId}::uuid and ct.archived_at is null and ${terms.where}
               and ${visibleCustomersSql(scope)} and c.archived_at is null
             limit ${CANDIDATES}) m order by m.id) x
     order by lower(x.name) = lower(${q}) desc, x.name, x.id
     limit ${limit}`;
  return rows.map((row) => maskRow(masking, CONTACT_SENSITIVE, row)).map((r) => ({
    id: r.id,
    title: r.name,
    subtitle: [r.customerName, r.email ?? r.phone].filter(Boolean).join(" · "),
    href: workspacePath(scope.orgSlug, scope.workspaceSlug, "crm", "customers", r.customerId),
  }));
}

type DealHitRow = { id: string; number: string; name: string; customerName: string; stage: string };

/**
 * Deals by their own terms (words of the name, the number whole and its digits) and the deals of customers whose
 * terms match; a whole number is looked up exactly. Every branch reads crm.deals (RLS: tenant, visible_workspace)
 * with `crmVisibleSql` over the workspace searched from (record scope "own": the member's own deals) and its
 * customer's workspace visibility — a term is only ever a way to an id read back through those conditions. Each
 * branch stops after CANDIDATES rows; the union is ranked.
 */
export async function searchDeals(tx: Tx, scope: SearchScope, q: string, limit: number): Promise<SearchHit[]> {
  if (q.length < SEARCH_MIN_LENGTH) return [];
  const ws = searchWorkspaces(scope);
  const visible = and([
    crmVisibleSql({ ...scope, workspaceIds: ws }, "d"),
    sql`(c.workspace_id is null or c.workspace_id = any(${ws}::uuid[]))`,
  ]);
  const select = sql`select d.id::text as id, d.number, d.name, c.name as "customerName", d.stage::text as stage, d.archived_at
                       from crm.deals d`;
  const customerJoin = sql`join crm.customers c on c.organization_id = d.organization_id and c.id = d.customer_id`;
  const number = wholeNumber(q);
  let candidates: Sql;
  if (number) {
    candidates = sql`${select} ${customerJoin} where ${visible} and d.number = ${number} limit ${CANDIDATES}`;
  } else {
    const words = searchWords(q);
    const own = drivingTermsSql(sql`d.id`, TERM_ENTITY.deal, scope.orgId, words);
    // By the customer's terms, without those this member sees masked (a deal must not reveal its customer's phone).
    const hidden = hiddenTermKinds(await crmMasking(tx, scope));
    const byCustomer = sql`d.customer_id in (select c2.id from crm.customers c2 where c2.organization_id = ${scope.orgId}::uuid
                             and ${termsMatchSql(sql`c2.id`, TERM_ENTITY.customer, scope.orgId, words, "join", hidden)} limit ${CANDIDATES})`;
    candidates = sql`(${select} ${own.join} ${customerJoin} where ${visible} and ${own.where} limit ${CANDIDATES})
                     union
                     (${select} ${customerJoin} where ${visible} and ${byCustomer} limit ${CANDIDATES})`;
  }
  const rows = await tx.$queryRaw<DealHitRow[]>`
    select x.id, x.number, x.name, x."customerName", x.stage
      from (${candidates}) x
     order by x.archived_at is not null, (lower(x.number) = lower(${q}) or lower(x.name) = lower(${q})) desc, x.name, x.id
     limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    title: r.name,
    subtitle: [r.number, r.customerName, r.stage].join(" · "),
    href: workspacePath(scope.orgSlug, scope.workspaceSlug, "crm", "deals", r.id),
  }));
}

export type CrmSearchGroup = { id: "customers" | "contacts" | "deals"; hits: SearchHit[] };

/** crm.search: the groups the caller may read (customers always — the procedure needs crm.customer.read; contacts
 * with crm.contact.read, deals with crm.deal.read). */
export async function searchCrm(tx: Tx, scope: SearchScope, input: TCrmSearchInput): Promise<{ groups: CrmSearchGroup[] }> {
  const q = input.q.trim();
  const groups: CrmSearchGroup[] = [{ id: "customers", hits: await searchCustomers(tx, scope, q, input.limit) }];
  if (scope.permissions.has("crm.contact.read")) groups.push({ id: "contacts", hits: await searchContacts(tx, scope, q, input.limit) });
  if (scope.permissions.has("crm.deal.read")) groups.push({ id: "deals", hits: await searchDeals(tx, scope, q, input.limit) });
  return { groups };
}
