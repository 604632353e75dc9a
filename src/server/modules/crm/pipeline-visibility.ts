// Who sees a lead or a deal: the organization, its workspace (NULL = organization-wide, else one of the member's
// workspaces — the restrictive RLS policy visible_workspace holds the same rule), and the record scope: a membership
// whose widest role reaches only its "own" records sees the leads and deals it owns. Anything else is NOT_FOUND.
// (Customers have their own helper; the two are meant to be unified in crm/visibility.ts.)
import type { OrgScope } from "@/server/kernel/scope";
import { sql, rawSql, type Sql } from "@/server/kernel/list-query";

/** Prisma filter for crm.leads / crm.deals rows this membership may see. */
export function pipelineVisibleWhere(scope: OrgScope) {
  return {
    organizationId: scope.orgId,
    OR: [{ workspaceId: null }, { workspaceId: { in: scope.workspaceIds } }],
    ...(scope.recordScope === "own" ? { ownerMembershipId: scope.membershipId } : {}),
  };
}

/** The same as SQL over the table alias `a` (a trusted identifier chosen by the caller, never input). */
export function pipelineVisibleSql(scope: OrgScope, a: string): Sql {
  const t = rawSql(a);
  const own = scope.recordScope === "own" ? sql` and ${t}.owner_membership_id = ${scope.membershipId}::uuid` : sql``;
  return sql`${t}.organization_id = ${scope.orgId}::uuid and (${t}.workspace_id is null or ${t}.workspace_id = any(${scope.workspaceIds}::uuid[]))${own}`;
}
