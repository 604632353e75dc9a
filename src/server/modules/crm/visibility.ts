// Which CRM records a membership may see — the one rule every CRM service applies to customers, leads, deals and
// activities (every one of those tables has organization_id, workspace_id and owner_membership_id; the SQL form is
// parameterised by the table's alias, the Prisma form fits any of their models). Two parts, both in the service layer (and the first also in RLS):
//   1. workspace: records with workspace_id NULL are organization-wide; others only for members of that workspace;
//   2. record scope (kernel/scope.ts, ARCHITECTURE §7): "own" sees only records whose owner_membership_id is the
//      member's own membership (scope.membershipId); "workspace" and "all" see everything (1) lets through.
// Anything outside answers NOT_FOUND, like another organization's id.
import { and, rawSql, sql, type Sql } from "@/server/kernel/list-query";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";

/** Prisma `where` for a CRM table with organizationId, workspaceId and ownerMembershipId columns (customers, leads, deals, activities). */
export function crmVisibleWhere(scope: OrgScope) {
  return {
    organizationId: scope.orgId,
    OR: [{ workspaceId: null }, { workspaceId: { in: scope.workspaceIds } }],
    ...(scope.recordScope === "own" ? { ownerMembershipId: scope.membershipId } : {}),
  };
}

/**
 * The same rule as an SQL predicate for raw list queries over a table aliased `alias` (a trusted identifier chosen
 * by the calling code, never input) with organization_id, workspace_id and owner_membership_id columns.
 */
export function crmVisibleSql(scope: OrgScope, alias: string): Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`crmVisibleSql: bad alias "${alias}"`);
  const col = (name: string) => rawSql(`${alias}.${name}`);
  const parts: Sql[] = [
    sql`${col("organization_id")} = ${scope.orgId}::uuid`,
    sql`(${col("workspace_id")} is null or ${col("workspace_id")} = any(${scope.workspaceIds}::uuid[]))`,
  ];
  if (scope.recordScope === "own") parts.push(sql`${col("owner_membership_id")} = ${scope.membershipId}::uuid`);
  return sql`(${and(parts)})`;
}

/** Customers visible to this membership (Prisma where). Kept under its historical name for existing imports. */
export const visibleWhere = crmVisibleWhere;

/** Whether a member with this scope may own a record for `ownerMembershipId` (an "own" member only for itself). */
export function mayAssignOwner(scope: OrgScope, ownerMembershipId: string | null): boolean {
  return scope.recordScope !== "own" || ownerMembershipId === scope.membershipId;
}

/** The zero uuid crm.deal_totals stores for a NULL workspace_id / owner_membership_id (its primary key holds no NULL). */
export const TOTALS_NONE = "00000000-0000-0000-0000-000000000000";
/** crm.customer_won_totals' "every workspace" / "every owner" grain (migration 20261202110000_crm_dashboard_perf). */
export const TOTALS_ALL = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/**
 * The same rule for crm.deal_totals rows aliased `t` (pre-summed deals, migration 20261201260000_crm_deal_totals):
 * organization-wide rows (workspace_key = the zero uuid) and rows of the member's workspaces; under record scope
 * "own" only the rows of deals it owns. An `owner` filter (a membership id) narrows to that owner's rows.
 */
export function dealTotalsVisibleSql(scope: OrgScope, owner?: string | null): Sql {
  const parts: Sql[] = [
    sql`t.organization_id = ${scope.orgId}::uuid`,
    sql`(t.workspace_key = ${TOTALS_NONE}::uuid or t.workspace_key = any(${scope.workspaceIds}::uuid[]))`,
  ];
  if (scope.recordScope === "own") parts.push(sql`t.owner_key = ${scope.membershipId}::uuid`);
  if (owner) parts.push(sql`t.owner_key = ${owner}::uuid`);
  return sql`(${and(parts)})`;
}

/** The organization's active members, for owner pickers and filters (first by joining date; at most 1,000). */
export async function activeMembers(tx: Tx, scope: OrgScope): Promise<{ id: string; name: string; email: string }[]> {
  const rows = await tx.membership.findMany({
    where: { organizationId: scope.orgId, status: "active" },
    select: { id: true, user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
  return rows.map((m) => ({ id: m.id, name: m.user.name, email: m.user.email }));
}
