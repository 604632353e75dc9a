// Operators act on organizations they are not members of. Kernel helpers that take an OrgScope (state machines,
// audit) get this stand-in: the operator as actor, the target organization, no membership and no permissions —
// operator procedures are authorized by the operator flag, never by a role (so the narrowest record scope).
import type { OrgScope, UserScope } from "@/server/kernel/scope";

export function operatorOrgScope(op: UserScope, orgId: string): OrgScope {
  return { userId: op.userId, requestId: op.requestId, orgId, orgSlug: "", membershipId: "", workspaceIds: [], permissions: new Set(), roles: [], recordScope: "own" };
}
