// SQL building blocks for list procedures (the list contract of src/lib/list.ts): filter values to parameterised
// predicates, the keyset condition after a cursor, the capped count, and page slicing. Column expressions are
// always fragments chosen by the list's own code (never text from the input); values are always parameters.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { COUNT_CAP, decodeCursor, encodeCursor, type TFilterValue } from "@/lib/list";
import { AppError } from "./errors";
import { isUuid, UUID_RE } from "@/lib/uuid";

export { UUID_RE };

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const joinSql = Prisma.join;
export const emptySql = Prisma.empty;
/** A trusted SQL fragment (column names, sort direction). Never pass input through it. */
export const rawSql = Prisma.raw;

/** The ids of an enum filter (values that are not UUIDs dropped); null when the filter is absent or not an enum. */
export function enumIds(v: { type: string; values?: string[] } | undefined): string[] | null {
  if (!v || v.type !== "enum") return null;
  return (v.values ?? []).filter((x) => UUID_RE.test(x));
}

export function badRequest(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, { [field]: [message] });
}

/** `a AND b AND …`, or `true` when there is nothing to filter. */
export function and(parts: readonly Sql[]): Sql {
  return parts.length ? Prisma.join(parts, " and ") : Prisma.sql`true`;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A typed filter value as a predicate on `column`. `timeZone` turns dateRange days into the organization's local
 * days (from 00:00 of `from` up to, not including, 00:00 after `to`).
 */
export function filterSql(column: Sql, value: TFilterValue, opts: { timeZone?: string } = {}): Sql {
  switch (value.type) {
    case "text":
      return Prisma.sql`${column} ilike ${likePattern(value.value)}`;
    case "enum":
      return Prisma.sql`${column} = any(${value.values}::text[])`;
    case "dateRange": {
      const tz = opts.timeZone ?? "UTC";
      const parts: Sql[] = [];
      if (value.from) parts.push(Prisma.sql`${column} >= (${value.from}::date)::timestamp at time zone ${tz}`);
      if (value.to) parts.push(Prisma.sql`${column} < (${value.to}::date + 1)::timestamp at time zone ${tz}`);
      return and(parts);
    }
    case "numberRange": {
      const parts: Sql[] = [];
      if (value.min !== undefined) parts.push(Prisma.sql`${column} >= ${value.min}::numeric`);
      if (value.max !== undefined) parts.push(Prisma.sql`${column} <= ${value.max}::numeric`);
      return and(parts);
    }
  }
}

/**
 * The cursor's payload, or BAD_REQUEST on the `cursor` field for anything we did not write. The id is checked to be
 * a UUID here, so a forged cursor can never reach a `::uuid` cast; lists still check the sort value's shape.
 */
export function readCursor(cursor: string): { sortValue: string | number | null; id: string } {
  const c = decodeCursor(cursor);
  if (!c || !isUuid(c.id)) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
  return c;
}

/**
 * Rows strictly after the cursor in the order (`column` dir, `idColumn` dir) — both columns go the same way so one
 * plain index serves ascending and descending. The sort column must be non-null.
 */
export function afterCursor(column: Sql, idColumn: Sql, value: Sql, id: string, desc: boolean): Sql {
  return desc ? Prisma.sql`(${column}, ${idColumn}) < (${value}, ${id}::uuid)` : Prisma.sql`(${column}, ${idColumn}) > (${value}, ${id}::uuid)`;
}

export function orderBy(column: Sql, idColumn: Sql, desc: boolean): Sql {
  const dir = Prisma.raw(desc ? "desc" : "asc");
  return Prisma.sql`order by ${column} ${dir}, ${idColumn} ${dir}`;
}

/** Whether a list call should count its rows: not when the caller asked for `withTotal: false` (lazy count). */
export function wantsTotal(input: { withTotal?: boolean }): boolean {
  return input.withTotal !== false;
}

/** Exact count up to COUNT_CAP: `fromWhere` is the list's `from … where …` (no order, no limit). */
export async function cappedCount(tx: Tx, fromWhere: Sql): Promise<{ total: number; totalCapped: boolean }> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`select count(*) as n from (select 1 ${fromWhere} limit ${COUNT_CAP + 1}) t`;
  const n = Number(row?.n ?? 0);
  return n > COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

/** Slices a page fetched with `limit perPage + 1` and writes the next cursor from the last row kept. */
export function keysetPage<R>(rows: R[], perPage: number, cursorOf: (row: R) => [string | number | null, string]) {
  const hasMore = rows.length > perPage;
  const page = hasMore ? rows.slice(0, perPage) : rows;
  const last = page.at(-1);
  return { rows: page, nextCursor: hasMore && last ? encodeCursor(...cursorOf(last)) : undefined };
}
