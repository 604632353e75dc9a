// The items list's search over inventory.search_terms (migration 20261202230000_inventory_search_terms; README
// "Items list search"). Under FORCE ROW LEVEL SECURITY only LEAKPROOF operators become index conditions ahead of the
// policies; `name ILIKE '%q%'` is not, so the list read the organization's items row by row. Text equality and
// ordering are leakproof: a query word is a range `term >= w and term < w || U+10FFFF` of the terms' primary key
// (organization_id, term, item_id, archived) — "a term starts with w" — and the ids join back to inventory.items,
// whose policy and the list's filters decide what is returned. The same shape as the CRM's crm/search-terms.ts.
import type { Tx } from "@/server/db/scope";
import { joinSql, sql, type Sql } from "@/server/kernel/list-query";
import { cappedTermsCount, idInSql, TERMS_COMMON, termsPlanBy, termStartsSql, type TermsPlan } from "@/server/kernel/search-terms";

/** Terms are cut at this length in the database (inventory.item_search_terms). */
const TERM_MAX = 100;
/** At most this many words of a query are matched (each is one index range). */
const MAX_WORDS = 6;
/** Prose punctuation stripped from both ends of a word, as the database strips the name's tokens. */
const EDGE = /^[,;:!?()[\]{}"'«»]+|[,;:!?()[\]{}"'«»]+$/gu;

/**
 * The words of a query, each with its alternatives (a word matches when any alternative starts a term of the item;
 * every word must match). Normalized as the database normalizes terms: lower case, split on white space, prose
 * punctuation stripped from the ends. A word keeps its inner punctuation and is matched whole: "MAT-" starts the SKU
 * "MAT-COPPER-W", "o-ring" the name token "O-ring", "12.5" the token "12.5mm"; a word without a letter or a digit
 * is dropped (it would start no term).
 */
export function itemSearchWords(q: string): string[][] {
  const words = new Set<string>();
  for (const token of q.trim().toLowerCase().split(/\s+/)) {
    const w = token.replace(EDGE, "").slice(0, TERM_MAX);
    if (/[\p{L}\p{N}]/u.test(w)) words.add(w);
  }
  return [...words].slice(0, MAX_WORDS).map((w) => [w]);
}

/** Which archive state the list reads: the terms carry it, so the lookup can leave the other state out. */
export type ArchivedChoice = "active" | "archived" | "all";

const archivedFilter = (archived: ArchivedChoice): Sql =>
  archived === "active" ? sql` and t.archived = false` : archived === "archived" ? sql` and t.archived = true` : sql``;

/** The ids of the items having a term that starts with one of `alts`: one index range per alternative. */
function termsOf(orgId: string, alts: string[], archived: ArchivedChoice): Sql {
  return sql`select t.item_id from inventory.search_terms t where t.organization_id = ${orgId}::uuid and ${termStartsSql(alts)}${archivedFilter(archived)}`;
}

/**
 * The ids of the items every word matches: one range per word, intersected in the terms (a single word: its range).
 * Intersecting before the items are read keeps two common words cheap: at 200,000 items "steel valve" is 16,519 and
 * 5,435 index entries but ~450 items, where a condition per word walked 31,869 items of the name index for a page.
 */
function idsOf(orgId: string, words: string[][], archived: ArchivedChoice): Sql {
  const parts = words.map((alts) => termsOf(orgId, alts, archived));
  return parts.length === 1 ? parts[0]! : joinSql(parts.map((p) => sql`(${p})`), " intersect ");
}

// Plans (kernel/search-terms.ts TermsPlan): "hashed" serves a page in name or SKU order when the query matches
// many items — at 200,000 items "valve" (5,489 items) 31 → 10 ms as tessera_app (docs/BENCHMARKS.md); "join" when
// few match, and for any order without an index (createdAt).
export type { TermsPlan } from "@/server/kernel/search-terms";

/**
 * `idColumn in (items whose terms match word 1 ∩ … ∩ word n)`, or `false` when the query has no word. Every
 * condition is a leakproof uuid / text / boolean comparison, so each word is an index range under RLS.
 */
export function itemTermsMatchSql(idColumn: Sql, orgId: string, words: string[][], plan: TermsPlan = "join", archived: ArchivedChoice = "all"): Sql {
  if (!words.length) return sql`false`;
  const ids = idsOf(orgId, words, archived);
  return idInSql(idColumn, ids, plan);
}

/**
 * `from (…) x` for `cappedCount`: the distinct items every word matches, read from the terms alone (an index-only
 * range per word, intersected) — for a list whose only other condition is the archive state, which the terms carry.
 * Items are organization-wide (no workspace or record scope), so every item the terms name is one the caller sees.
 */
export function itemTermsCountFrom(orgId: string, words: string[][], archived: ArchivedChoice): Sql {
  if (!words.length) return sql`from (select null::uuid as item_id where false) x`;
  const ids = idsOf(orgId, words, archived); // an intersection is already distinct
  return words.length === 1 ? sql`from (select distinct m.item_id from (${ids}) m) x` : sql`from (${ids}) x`;
}

/**
 * "hashed" when the query matches many items (≥ TERMS_COMMON = 2,000: every word has that many terms, and so has their
 * intersection), else "join": few matches make the semi-join small, and a name-order walk would have to read far to
 * fill a page. One statement: an index-only range read of at most 2,000 entries per word; the intersection (which
 * reads the words' ranges whole) only when every word is common.
 */
export async function itemTermsPlan(tx: Tx, orgId: string, words: string[][], archived: ArchivedChoice = "all"): Promise<TermsPlan> {
  if (!words.length) return "join";
  const counts = words.map((alts) => cappedTermsCount(termsOf(orgId, alts, archived)));
  return termsPlanBy(
    tx,
    words.length === 1
      ? counts[0]!
      : sql`case when least(${joinSql(counts, ", ")}) >= ${TERMS_COMMON} then ${cappedTermsCount(idsOf(orgId, words, archived))} else 0 end`,
  );
}

/**
 * For a bounded candidate set (the command palette: the first `limit` matches, ranked afterwards): the first word's
 * range drives (the planner walks the term index and stops after `limit` entries), the other words are `in`
 * conditions. An item matching the first word by two terms ("valve" and "valves") comes twice: the caller
 * de-duplicates. No word: nothing.
 */
export function drivingItemTermsSql(orgId: string, words: string[][], limit: number): Sql {
  const [first, ...rest] = words;
  if (!first) return sql`select null::uuid as item_id where false`;
  const others = rest.map((alts) => sql` and t.item_id in (${termsOf(orgId, alts, "all")})`);
  return sql`select t.item_id from inventory.search_terms t where t.organization_id = ${orgId}::uuid and ${termStartsSql(first)}${joinSql(others.length ? others : [sql``], "")} limit ${limit}`;
}
