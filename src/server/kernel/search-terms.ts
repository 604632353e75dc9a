// The shared mechanics of a module's search-terms table (crm.search_terms, inventory.search_terms): under FORCE ROW
// LEVEL SECURITY only LEAKPROOF operators become index conditions, so a query word is looked up as a text range of
// the table's primary key — `t.term >= w and t.term < w || U+10FFFF` (COLLATE "C"): "a term starts with w" — and the
// matching ids are joined back to the module's table, whose policy and filters decide what is returned. The modules
// own their terms (what is a word, which table, which entity); this file owns the range, the plan and its choice.
import type { Tx } from "@/server/db/scope";
import { joinSql, sql, type Sql } from "@/server/kernel/list-query";

/** The highest code point: every text starting with w sorts below w || U+10FFFF in the "C" collation. */
const TOP = String.fromCodePoint(0x10ffff);

/** `(t.term >= w1 and t.term < w1…) or …`: a term of alias `t` starts with one of `alts` (one index range each). */
export const termStartsSql = (alts: string[]): Sql => sql`(${joinSql(alts.map((w) => sql`(t.term >= ${w} and t.term < ${w + TOP})`), " or ")})`;

/**
 * How a search condition is planned.
 * - "join" (`id in (…)`, a semi-join): the matching ids first, then each row by primary key, then sorted. Best when a
 *   word is rare, and for any order without an index.
 * - "hashed" (`coalesce(id in (…), false)`: a sublink inside an expression is never pulled up into a join, so
 *   PostgreSQL hashes the matching ids once and walks the list's order index, stopping after a page). Best for a
 *   page in an indexed order when the query matches many rows.
 */
export type TermsPlan = "join" | "hashed";

/** `idColumn in (ids)` in the chosen plan. */
export const idInSql = (idColumn: Sql, ids: Sql, plan: TermsPlan): Sql =>
  plan === "hashed" ? sql`coalesce(${idColumn} in (${ids}), false)` : sql`${idColumn} in (${ids})`;

/** A query matching at least this many terms is "common": the hashed plan serves it. */
export const TERMS_COMMON = 2000;

/** `(select count(*) …)` of an id query, read no further than TERMS_COMMON entries (an index-only range read). */
export const cappedTermsCount = (ids: Sql): Sql => sql`(select count(*) from (${ids} limit ${TERMS_COMMON}) x)`;

/** "hashed" when `count` (an expression over cappedTermsCount reads) reaches TERMS_COMMON, else "join". One statement. */
export async function termsPlanBy(tx: Tx, count: Sql): Promise<TermsPlan> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`select ${count} as n`;
  return Number(row?.n ?? 0) >= TERMS_COMMON ? "hashed" : "join";
}
