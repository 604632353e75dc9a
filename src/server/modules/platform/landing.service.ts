// Where a user lands after sign-in: the workspace they used last, or the first one they may see.
import { randomUUID } from "node:crypto";
import { withSettings } from "@/server/db/scope";
import type { Tx } from "@/server/db/scope";
import { resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import { AppError } from "@/server/kernel/errors";
import type { UserScope } from "@/server/kernel/scope";

export async function landingPath(tx: Tx, user: UserScope): Promise<string | null> {
  const memberships = await tx.membership.findMany({
    where: { userId: user.userId, status: "active", organization: { status: "active" } },
    select: { lastWorkspaceId: true, organization: { select: { slug: true } } },
    orderBy: [{ lastUsedAt: { sort: "desc", nulls: "last" } }, { createdAt: "asc" }],
  });
  for (const m of memberships) {
    const scope = await resolveOrgScope(tx, user, m.organization.slug);
    const wanted = m.lastWorkspaceId && scope.workspaceIds.includes(m.lastWorkspaceId) ? m.lastWorkspaceId : scope.workspaceIds[0];
    if (!wanted) continue;
    const ws = await tx.workspace.findUniqueOrThrow({
      where: { organizationId_id: { organizationId: scope.orgId, id: wanted } },
      select: { slug: true },
    });
    return `/${m.organization.slug}/${ws.slug}`;
  }
  return null;
}

/** Remembers the workspace a user opened, for the next sign-in. Silently ignores a scope the user cannot reach. */
export async function recordVisit(tx: Tx, user: UserScope, orgSlug: string, wsSlug: string): Promise<void> {
  try {
    const org = await resolveOrgScope(tx, user, orgSlug);
    const ws = await resolveWorkspaceScope(tx, org, wsSlug);
    // An archived workspace is opened by URL only; it never becomes the place to land.
    if (ws.archived) return;
    await tx.membership.update({
      where: { organizationId_id: { organizationId: org.orgId, id: org.membershipId } },
      data: { lastWorkspaceId: ws.workspaceId, lastUsedAt: new Date() },
      select: { id: true },
    });
  } catch (e) {
    if (e instanceof AppError) return;
    throw e;
  }
}

export function resolveLandingPath(userId: string): Promise<string | null> {
  const user = { userId, requestId: randomUUID() };
  return withSettings(user, (tx) => landingPath(tx, user));
}

export function recordWorkspaceVisit(userId: string, orgSlug: string, wsSlug: string): Promise<void> {
  const user = { userId, requestId: randomUUID() };
  return withSettings(user, (tx) => recordVisit(tx, user, orgSlug, wsSlug));
}

/**
 * The organizations a user is an active member of that a platform operator suspended, with the reason: what the
 * suspended page explains instead of letting the organization silently disappear.
 */
export async function suspendedOrganizationsOf(tx: Tx, userId: string): Promise<{ slug: string; name: string; reason: string | null }[]> {
  const rows = await tx.membership.findMany({
    where: { userId, status: "active", organization: { status: "suspended" } },
    select: { organization: { select: { slug: true, name: true, suspensionReason: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return rows.map((r) => ({ slug: r.organization.slug, name: r.organization.name, reason: r.organization.suspensionReason }));
}

export function loadSuspendedOrganizations(userId: string) {
  return withSettings({ userId, requestId: randomUUID() }, (tx) => suspendedOrganizationsOf(tx, userId));
}

/** Whether the user belongs to any organization at all (active or not): none → onboarding. */
export function hasAnyMembership(userId: string): Promise<boolean> {
  const user = { userId, requestId: randomUUID() };
  return withSettings(user, async (tx) => (await tx.membership.count({ where: { userId } })) > 0);
}
