// The one recursive walk of the inventory's trees (categories, locations), shared by every service that filters
// "this node and everything beneath it". The trees are small per organization (a recursive scan is cheap); `union`
// (not `union all`) stops on a cycle, which the tables' triggers refuse anyway.
import { rawSql, sql, type Sql } from "@/server/kernel/list-query";

/** A subquery `(… select id from sub)`: the given roots and every row beneath them (RLS applies: the caller's rows). */
export function subtreeIds(table: "categories" | "locations", orgId: string, roots: string[]): Sql {
  const t = rawSql(`inventory.${table}`);
  return sql`(
    with recursive sub(id) as (
      select t.id from ${t} t where t.organization_id = ${orgId}::uuid and t.id = any(${roots}::uuid[])
      union
      select ch.id from ${t} ch join sub on ch.parent_id = sub.id where ch.organization_id = ${orgId}::uuid)
    select id from sub)`;
}
