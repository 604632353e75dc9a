import type { Tx } from "@/server/db/scope";
import { resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import type { UserScope } from "@/server/kernel/scope";
import type { SessionUser } from "@/server/modules/auth/session.service";
import { organizationFeatures } from "./entitlements.service";
import type { FeatureKey } from "./features";

/**
 * Who am I, where may I go, and — when the request claims an organization / workspace — what may I do there.
 * A claim the user has no access to answers NOT_FOUND (thrown by resolve*Scope).
 */
export async function getMe(
  tx: Tx,
  user: SessionUser,
  userScope: UserScope,
  claim: { orgSlug: string | null; workspaceSlug: string | null },
) {
  const memberships = await tx.membership.findMany({
    where: { userId: user.id, status: "active", organization: { status: "active" } },
    select: { organization: { select: { id: true, slug: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  if (!claim.orgSlug) return { user, memberships, scope: null, permissions: [] as string[], roles: [] as string[], features: [] as FeatureKey[] };

  const org = await resolveOrgScope(tx, userScope, claim.orgSlug);
  const ws = claim.workspaceSlug ? await resolveWorkspaceScope(tx, org, claim.workspaceSlug) : null;
  const [organization, workspace, features] = await Promise.all([
    tx.organization.findUniqueOrThrow({
      where: { id: org.orgId },
      select: {
        id: true,
        slug: true,
        name: true,
        legalName: true,
        country: true,
        baseCurrency: true,
        timeZone: true,
        locale: true,
        // Branding for the app shell: the color and the logo's hash (its URL's cache key; null = no logo).
        primaryColor: true,
        logoSha256: true,
      },
    }),
    ws
      ? tx.workspace.findUniqueOrThrow({
          where: { organizationId_id: { organizationId: org.orgId, id: ws.workspaceId } },
          select: { id: true, slug: true, name: true, type: true, status: true },
        })
      : null,
    organizationFeatures(tx, org.orgId),
  ]);
  return {
    user,
    memberships,
    scope: { organization, workspace },
    permissions: [...org.permissions].sort(),
    roles: org.roles,
    /** The organization's features (plan ± overrides): the sidebar hides entries gated by a missing one. */
    features: [...features].sort(),
  };
}
