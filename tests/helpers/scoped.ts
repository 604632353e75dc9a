// Runs service code as a member, the way the procedure chain does: one scoped transaction as tessera_app, the
// membership resolved by query (so RLS settings and permissions are the real ones).
import { randomUUID } from "node:crypto";
import { withSettings, type Tx } from "@/server/db/scope";
import { resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import type { OrgScope, WorkspaceScope } from "@/server/kernel/scope";

export async function scopeIn(tx: Tx, userId: string, orgSlug: string, wsSlug?: string): Promise<OrgScope | WorkspaceScope> {
  const org = await resolveOrgScope(tx, { userId, requestId: randomUUID() }, orgSlug);
  return wsSlug ? resolveWorkspaceScope(tx, org, wsSlug) : org;
}

/** fn(tx, scope) in one transaction as the member; a throw rolls it back. */
export async function asMember<T>(
  who: { userId: string; orgSlug: string; wsSlug?: string },
  fn: (tx: Tx, scope: OrgScope | WorkspaceScope) => Promise<T>,
): Promise<T> {
  return withSettings({ userId: who.userId }, async (tx) => fn(tx, await scopeIn(tx, who.userId, who.orgSlug, who.wsSlug)));
}
