// Word-prefix search over crm.search_terms (migration 20261201210000_crm_list_perf; README "Search").
//
// Why a terms table: under FORCE ROW LEVEL SECURITY only LEAKPROOF operators become index conditions ahead of the
// policies. ILIKE and the pg_trgm operators are not, so the trigram indexes never served tessera_app (a search
// scanned the organization's rows: seconds at a million customers). Text equality and ordering are leakproof: a
// word is looked up as a range `term >= w and term < w || U+10FFFF` of the (organization_id, entity, term,
// entity_id) primary key — "a word starts with w" — and the ids are joined back to crm.customers / crm.contacts /
// crm.deals, whose policies (tenant, workspace) and the callers' record-scope conditions still decide what is seen.
import type { Tx } from "@/server/db/scope";
import { and, joinSql, sql, type Sql } from "@/server/kernel/list-query";
import { cappedTermsCount, idInSql, termsPlanBy, termStartsSql, type TermsPlan } from "@/server/kernel/search-terms";

/**
 * crm.search_terms.entity (deals: migration 20261201250000_crm_deal_search_terms; customer tags:
 * 20261202130000_crm_tag_terms — each tag of a customer whole, as stored, so a tag filter is an equality).
 */
export const TERM_ENTITY = { customer: 1, contact: 2, deal: 3, customerTag: 4 } as const;

/**
 * crm.search_terms.kind (migration 20261202100000_masking): what a term was made from. A member who sees a class
 * masked (masking.ts hiddenTermKinds) matches no term of that kind, so a masked value cannot be found digit by digit.
 */
export const TERM_KIND = { text: 0, email: 1, phone: 2, taxId: 3 } as const;

/** Terms are cut at this length in the database (customer_ / contact_ / deal_search_terms). */
const TERM_MAX = 100;
/** At most this many words of a query are matched (each is one index range). */
const MAX_WORDS = 6;

const PHONE_LIKE = /^[\d\s()+\-./]+$/;
const WHOLE_NUMBER = /^[\p{L}]{2,12}-\d{1,12}$/u;

/**
 * The words of a query, each with its alternatives (a word matches if any alternative is a prefix of a term of the
 * record; every word must match). Normalized as the database normalizes terms: lower case; names split on anything
 * that is not a letter or a digit; a phone-like query is one word of its digits; an e-mail ("ivan@acme", "@acme.com")
 * or a document number ("CUST-00042") is one word as typed; a number also matches without its leading zeros
 * ("0042" finds CUST-00042, whose terms include "42").
 */
export function searchWords(q: string): string[][] {
  const text = q.trim().toLowerCase();
  const digitsAlternatives = (d: string) => [...new Set([d, d.replace(/^0+/, "")].filter(Boolean))];
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, "");
    return digits ? [digitsAlternatives(digits)] : [];
  }
  const words: string[][] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (token.includes("@")) {
      const t = token.startsWith("@") ? token.slice(1) : token; // "@acme.com": the domain
      if (t) words.push([t]);
    } else if (WHOLE_NUMBER.test(token)) {
      words.push([token]);
    } else {
      for (const w of token.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) words.push(/^\d+$/.test(w) ? digitsAlternatives(w) : [w]);
    }
  }
  return words.slice(0, MAX_WORDS).map((alts) => alts.map((a) => a.slice(0, TERM_MAX)));
}

/** Term kinds a lookup leaves out (none: every term, the statement unchanged). int2 `<> all`: leakproof. */
const kindFilter = (hidden: readonly number[]): Sql => (hidden.length ? sql` and t.kind <> all(${[...hidden]}::smallint[])` : sql``);

const termsOf = (entity: number, orgId: string, alts: string[], hidden: readonly number[] = []) =>
  sql`select t.entity_id from crm.search_terms t where t.organization_id = ${orgId}::uuid and t.entity = ${entity}::smallint
        and ${termStartsSql(alts)}${kindFilter(hidden)}`;

/** Customer ids having any of `tags` (exact, as stored): one `term = any(…)` range set of the terms' primary key. */
const tagTermsOf = (orgId: string, tags: string[]) =>
  sql`select t.entity_id from crm.search_terms t where t.organization_id = ${orgId}::uuid
        and t.entity = ${TERM_ENTITY.customerTag}::smallint and t.term = any(${tags}::text[])`;

/** A filter's tags as the database stores their terms (distinct, cut at TERM_MAX); empty ones dropped. */
export function tagTerms(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.slice(0, TERM_MAX)).filter(Boolean))];
}

// Plans (kernel/search-terms.ts TermsPlan): "hashed" serves a page when every word is common — at 1,000,000
// customers "nordic" (15,700 matches) 150–520 ms → 32–40 ms and "inc" (80,000) 760–1,090 ms → 66–71 ms as
// tessera_app (docs/BENCHMARKS.md); "join" when a word is rare, and for the capped count.
export type { TermsPlan } from "@/server/kernel/search-terms";

/**
 * `idColumn in (ids of entity whose terms match word 1) and … (word n)`, or `false` when the query has no word.
 * Every condition is a leakproof uuid / int2 / text comparison, so each word is an index range under RLS.
 */
export function termsMatchSql(
  idColumn: Sql,
  entity: number,
  orgId: string,
  words: string[][],
  plan: TermsPlan = "join",
  hidden: readonly number[] = [],
): Sql {
  if (!words.length) return sql`false`;
  return and(words.map((alts) => idInSql(idColumn, termsOf(entity, orgId, alts, hidden), plan)));
}

/**
 * `idColumn in (customers having any of the tags)` — the customers list's (and segments') `tags` filter. `tags && $1`
 * on crm.customers.tags is not leakproof (arrayoverlap), so under FORCE RLS no index served it; text equality on
 * crm.search_terms is, so this is an index range per tag. No tags: `false` (nothing matches).
 */
export function tagsMatchSql(idColumn: Sql, orgId: string, tags: string[], plan: TermsPlan = "join"): Sql {
  if (!tags.length) return sql`false`;
  return idInSql(idColumn, tagTermsOf(orgId, tags), plan);
}

/**
 * For a bounded candidate set (crm.search: the first N matches, ranked afterwards): join `crm.search_terms t` on
 * the entity's id and drive by the first word's range (`where`), the other words as `in` conditions. The planner
 * walks the term index and stops after N rows, where a semi-join would first collect every match of a common
 * word (at 1,000,000 customers / 3,000,000 contacts: contacts "ivanov" 50–134 ms → 5–17 ms). A record matching
 * the first word by two terms (name word and e-mail) comes twice: the caller de-duplicates.
 */
export function drivingTermsSql(
  idColumn: Sql,
  entity: number,
  orgId: string,
  words: string[][],
  hidden: readonly number[] = [],
): { join: Sql; where: Sql } {
  const [first, ...rest] = words;
  if (!first) return { join: sql``, where: sql`false` };
  return {
    join: sql`join crm.search_terms t on t.organization_id = ${orgId}::uuid and t.entity = ${entity}::smallint and t.entity_id = ${idColumn}`,
    where: and([
      sql`${termStartsSql(first)}${kindFilter(hidden)}`,
      ...(rest.length ? [termsMatchSql(idColumn, entity, orgId, rest, "join", hidden)] : []),
    ]),
  };
}

/**
 * "hashed" when every word of the query is common (≥ TERMS_COMMON = 2,000 matching terms in the organization), else "join": a
 * rare word makes the semi-join small, and a name-order walk would have to read far to fill a page. One statement,
 * an index-only range read of at most 2,000 entries per word.
 */
export async function termsPlan(tx: Tx, entity: number, orgId: string, words: string[][], hidden: readonly number[] = []): Promise<TermsPlan> {
  return planOf(tx, words.map((alts) => termsOf(entity, orgId, alts, hidden)));
}

/** The same choice for a `tags` filter: "hashed" when the tags together tag ≥ 2,000 customers, else "join". */
export async function tagsPlan(tx: Tx, orgId: string, tags: string[]): Promise<TermsPlan> {
  return planOf(tx, tags.length ? [tagTermsOf(orgId, tags)] : []);
}

/** "hashed" when every id query reaches TERMS_COMMON rows (each read is capped there), else "join"; none: "join". */
async function planOf(tx: Tx, idQueries: Sql[]): Promise<TermsPlan> {
  if (!idQueries.length) return "join";
  return termsPlanBy(tx, sql`least(${joinSql(idQueries.map(cappedTermsCount), ", ")})`);
}
