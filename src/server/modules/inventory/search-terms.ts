// The items list's search over inventory.search_terms (migration 20261202230000_inventory_search_terms; README
// "Items list search"). Under FORCE ROW LEVEL SECURITY only LEAKPROOF operators become index conditions ahead of the
// policies; `name ILIKE '%q%'` is not, so the list read the organization's items row by row. Text equality and
// ordering are leakproof: a query word is a range `term >= w and term < w || U+10FFFF` of the terms' primary key
// (organization_id, term, item_id, archived) — "a term starts with w" — and the ids join back to inventory.items,
// whose policy and the list's filters decide what is returned. The same shape as the CRM's crm/search-terms.ts.
import type { Tx } from "@/server/db/scope";
import { and, joinSql, sql, type Sql } from "@/server/kernel/list-query";

/** Terms are cut at this length in the database (inventory.item_search_terms). */
const TERM_MAX = 100;
/** At most this many words of a query are matched (each is one index range). */
const MAX_WORDS = 6;
/** The highest code point: every text starting with w sorts below w || U+10FFFF in the "C" collation. */
const TOP = String.fromCodePoint(0x10ffff);
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

const range = (alts: string[]) => sql`(${joinSql(alts.map((w) => sql`(t.term >= ${w} and t.term < ${w + TOP})`), " or ")})`;

/** The ids of the items having a term that starts with one of `alts`: one index range per alternative. */
function termsOf(orgId: string, alts: string[], archived: ArchivedChoice): Sql {
  return sql`select t.item_id from inventory.search_terms t where t.organization_id = ${orgId}::uuid and ${range(alts)}${archivedFilter(archived)}`;
}

/**
 * How a word condition is planned (as the CRM's TermsPlan).
 * - "join" (`id in (…)`, a semi-join): the matching ids first, then each item by primary key, then sorted. Best when a
 *   word is rare, and for any order without an index (createdAt).
 * - "hashed" (`coalesce(id in (…), false)`: a sublink inside an expression is never pulled up into a join, so
 *   PostgreSQL hashes the matching ids once and walks the list's order index, stopping after a page). Best for a
 *   page in name or SKU order when every word is common: at 200,000 items "valve" (5,489 items) 31 → 10 ms as
 *   tessera_app (docs/BENCHMARKS.md).
 */
export type TermsPlan = "join" | "hashed";

/**
 * `idColumn in (items whose terms match word 1) and … (word n)`, or `false` when the query has no word. Every
 * condition is a leakproof uuid / text / boolean comparison, so each word is an index range under RLS.
 */
export function itemTermsMatchSql(idColumn: Sql, orgId: string, words: string[][], plan: TermsPlan = "join", archived: ArchivedChoice = "all"): Sql {
  if (!words.length) return sql`false`;
  return and(
    words.map((alts) =>
      plan === "hashed" ? sql`coalesce(${idColumn} in (${termsOf(orgId, alts, archived)}), false)` : sql`${idColumn} in (${termsOf(orgId, alts, archived)})`,
    ),
  );
}

/**
 * `from (…) x` for `cappedCount`: the distinct items every word matches, read from the terms alone (an index-only
 * range per word, intersected) — for a list whose only other condition is the archive state, which the terms carry.
 * Items are organization-wide (no workspace or record scope), so every item the terms name is one the caller sees.
 */
export function itemTermsCountFrom(orgId: string, words: string[][], archived: ArchivedChoice): Sql {
  if (!words.length) return sql`from (select null::uuid as item_id where false) x`;
  const ids = words.map((alts) => sql`(${termsOf(orgId, alts, archived)})`);
  return ids.length === 1 ? sql`from (select distinct m.item_id from ${ids[0]!} m) x` : sql`from (${joinSql(ids, " intersect ")}) x`;
}

/** A word matching at least this many terms is "common" (one index-only range read, capped). */
const COMMON = 2000;

/**
 * "hashed" when every word of the query is common (≥ 2,000 matching terms in the organization), else "join": a rare
 * word makes the semi-join small, and a name-order walk would have to read far to fill a page. One statement, an
 * index-only range read of at most 2,000 entries per word.
 */
export async function itemTermsPlan(tx: Tx, orgId: string, words: string[][], archived: ArchivedChoice = "all"): Promise<TermsPlan> {
  if (!words.length) return "join";
  const counts = words.map((alts) => sql`(select count(*) from (${termsOf(orgId, alts, archived)} limit ${COMMON}) x)`);
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`select least(${joinSql(counts, ", ")}) as n`;
  return Number(row?.n ?? 0) >= COMMON ? "hashed" : "join";
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
  return sql`select t.item_id from inventory.search_terms t where t.organization_id = ${orgId}::uuid and ${range(first)}${joinSql(others.length ? others : [sql``], "")} limit ${limit}`;
}
