// The list contract (STYLE.md) of the numbered inventory documents — stock counts, adjustments and transfers, each
// a table aliased `d` with organization_id, workspace_id, number (unique per organization), id, status: keyset by
// number (newest first by default, never pages), filters status and warehouse, `q` the number from its start, the
// capped count on the first page only. The callers add what differs: their columns and the warehouse column(s).
import type { ListInput, ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { afterCursor, badRequest, cappedCount, keysetPage, orderBy, readCursor, sql, type Sql, UUID_RE } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";

export type NumberedListInput = ListInput<"number", "status" | "warehouse">;

export interface NumberedListQuery {
  /** `where` conditions so far (organization, the member's workspaces, status, `q`): add your own, then `and(parts)`. */
  parts: Sql[];
  /** The warehouse filter's ids (UUIDs only), or undefined when not filtered; empty means "none matches". */
  warehouseIds: string[] | undefined;
  /** After the cursor (`true` on the first page). */
  keyset: Sql;
  /** `order by d.number, d.id` in the chosen direction. */
  order: Sql;
}

/** The shared part of the query; `what` names the list in the refusal of page numbers ("Counts page by cursor."). */
export function numberedListQuery(scope: OrgScope, input: NumberedListInput, statuses: readonly string[], what: string): NumberedListQuery {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`d.organization_id = ${scope.orgId}::uuid`, sql`d.workspace_id = any(${scope.workspaceIds}::uuid[])`];
  if (f.status?.type === "enum") {
    const chosen = f.status.values.filter((v) => statuses.includes(v));
    parts.push(chosen.length ? sql`d.status::text = any(${chosen}::text[])` : sql`false`);
  }
  const q = input.q?.trim();
  if (q) parts.push(sql`d.number >= ${q.toUpperCase()} and d.number < ${q.toUpperCase() + "\uffff"}`);
  const desc = input.sort?.desc ?? true;
  if (input.page !== undefined) throw badRequest("page", `${what} page by cursor.`);
  let keyset: Sql = sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    keyset = afterCursor(sql`d.number`, sql`d.id`, sql`${c.sortValue}`, c.id, desc);
  }
  const warehouseIds = f.warehouse?.type === "enum" ? f.warehouse.values.filter((v) => UUID_RE.test(v)) : undefined;
  return { parts, warehouseIds, keyset, order: orderBy(sql`d.number`, sql`d.id`, desc) };
}

/** The page of `rows` (fetched with `limit perPage + 1`), its next cursor, and on the first page the capped count. */
export async function numberedListPage<R extends { number: string; id: string }>(
  tx: Tx,
  input: NumberedListInput,
  rows: R[],
  countFrom: { from: Sql; where: Sql },
): Promise<ListOutput<R>> {
  const page = keysetPage(rows, input.perPage, (r) => [r.number, r.id]);
  const out: ListOutput<R> = { rows: page.rows };
  if (page.nextCursor) out.nextCursor = page.nextCursor;
  if (!input.cursor) Object.assign(out, await cappedCount(tx, sql`${countFrom.from} where ${countFrom.where}`));
  return out;
}
