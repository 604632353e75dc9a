// Operators act on organizations they are not members of. Kernel helpers that take an OrgScope (state machines,
// audit) get this stand-in: the operator as actor, the target organization, no membership and no permissions —
// operator procedures are authorized by the operator flag, never by a role (so the narrowest record scope).
import type { OrgScope, UserScope } from "@/server/kernel/scope";

export function operatorOrgScope(op: UserScope, orgId: string): OrgScope {
  return { userId: op.userId, requestId: op.requestId, orgId, orgSlug: "", membershipId: "", workspaceIds: [], permissions: new Set(), roles: [], recordScope: "own" };
}

/**
 * The same stand-in for the platform itself (a scheduled job acting on an organization): no user. The state machine
 * records no actor for it (status_history.actor_id NULL), and with no `app.user_id` in the transaction the audit
 * stream records none either.
 */
export function systemOrgScope(orgId: string, requestId: string): OrgScope {
  return { userId: "", requestId, orgId, orgSlug: "", membershipId: "", workspaceIds: [], permissions: new Set(), roles: [], recordScope: "own" };
}
