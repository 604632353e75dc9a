// Turns a scope claim (organization and workspace slugs from the URL-derived headers) into a verified scope, by
// query, inside the caller's transaction, and narrows the transaction's RLS settings to it. Unknown organization,
// "not a member" and "workspace not yours" all answer NOT_FOUND, so nobody can probe for tenants.
import type { Tx } from "@/server/db/scope";
import { applySettings } from "@/server/db/scope";
import { AppError, notFound } from "./errors";
import { assertSessionFreshFor } from "./settings/security";
import { widestRecordScope, type OrgScope, type RecordScope, type UserScope, type WorkspaceScope } from "./scope";

/** A member's call into an organization a platform operator suspended (FORBIDDEN, with the reason). */
export class OrganizationSuspendedError extends AppError {
  constructor(
    readonly organizationName: string,
    readonly reason: string | null,
  ) {
    super("FORBIDDEN", `${organizationName} is suspended${reason ? `: ${reason}` : ""}.`);
    this.name = "OrganizationSuspendedError";
  }
}

/**
 * The organization scope of `user` in `orgSlug`, for paths outside the tRPC chain (server components, file routes,
 * exports, import jobs): one statement (platform.resolve_request_scope), which also narrows the transaction's RLS
 * settings to the organization and the membership's active workspaces. NOT_FOUND (unknown organization, no active
 * membership), FORBIDDEN (suspended, with the reason), UNAUTHORIZED (older than the organization's session timeout).
 */
export async function resolveOrgScope(tx: Tx, user: UserScope, orgSlug: string): Promise<OrgScope> {
  const r = await resolveRequest(tx, { userId: user.userId, requestId: user.requestId, orgSlug });
  return orgScopeOf(r, user, orgSlug);
}

export async function resolveWorkspaceScope(tx: Tx, org: OrgScope, wsSlug: string): Promise<WorkspaceScope> {
  // An active workspace of the membership, or an archived one it would see: archived workspaces stay reachable by
  // URL, read-only (never in the switcher, never a landing target).
  const ws = await tx.workspace.findFirst({
    where: {
      organizationId: org.orgId,
      slug: wsSlug,
      OR: [
        { id: { in: org.workspaceIds } },
        {
          status: "archived",
          OR: [
            { membershipWorkspaces: { some: { membershipId: org.membershipId } } },
            { organization: { memberships: { some: { id: org.membershipId, allWorkspaces: true } } } },
          ],
        },
      ],
    },
    select: { id: true, name: true, status: true },
  });
  if (!ws) throw notFound("Workspace not found");
  // Inside a workspace, workspace-scoped rows are those of this workspace only.
  await applySettings(tx, { userId: org.userId, orgId: org.orgId, workspaceIds: [ws.id], requestId: org.requestId });
  const scope: WorkspaceScope = { ...org, workspaceId: ws.id, workspaceSlug: wsSlug };
  if (ws.status === "archived") scope.archived = { name: ws.name };
  return scope;
}

/** An archived workspace is read-only: every write in its scope answers FORBIDDEN. */
export function assertWorkspaceWritable(scope: WorkspaceScope): void {
  if (scope.archived) throw new AppError("FORBIDDEN", `Workspace "${scope.archived.name}" is archived and read-only.`);
}

export function hasPermission(scope: OrgScope, permission: string): boolean {
  return scope.permissions.has(permission);
}

/**
 * What platform.resolve_request_scope found (migration 20261201220000_scope_resolution): the session check, the
 * membership, suspension, the session timeout setting, workspaces, roles, permissions and record scope, in ONE
 * statement that also sets the transaction's RLS settings. It decides nothing; `requestScope…` below do.
 */
export interface ResolvedRequest {
  outcome: "ok" | "no_user" | "session_ended" | "no_org" | "suspended";
  user?: {
    id: string;
    email: string;
    name: string;
    isPlatformOperator: boolean;
    locale: string | null;
    timeZone: string | null;
    emailVerified: boolean;
  };
  orgName?: string;
  reason?: string | null;
  orgId?: string;
  membershipId?: string;
  sessionTimeout?: unknown;
  /** The per-request organization settings as stored (migration 20261202100000_masking): key → value. */
  settings?: Record<string, unknown>;
  workspaceIds?: string[];
  roles?: string[];
  recordScopes?: RecordScope[];
  permissions?: string[];
  /** Present (null when not found) only when a workspace slug was asked for. */
  workspace?: { id: string; name: string; status: string } | null;
}

export interface ResolveRequestInput {
  userId: string;
  requestId: string;
  /** A session's check (user active with this version, auth.sessions row not revoked); absent for API keys. */
  session?: { id: string; version: number } | null;
  orgSlug?: string | null;
  workspaceSlug?: string | null;
}

/** One round trip: sets app.user_id / app.request_id (and, with an organization, app.org_id / app.workspace_ids). */
export async function resolveRequest(tx: Tx, input: ResolveRequestInput): Promise<ResolvedRequest> {
  const rows = await tx.$queryRaw<{ r: ResolvedRequest }[]>`
    select platform.resolve_request_scope(${input.userId}::uuid, ${input.requestId}, ${input.session?.id ?? null}::uuid,
      ${input.session?.version ?? null}::integer, ${input.orgSlug ?? null}::text, ${input.workspaceSlug ?? null}::text) as r`;
  return rows[0]!.r;
}

/**
 * The organization part of a resolved request as resolveOrgScope answers it (same errors, same order): NOT_FOUND
 * for an unknown organization or no active membership, FORBIDDEN for a suspended one, UNAUTHORIZED for a session
 * older than the organization's timeout.
 */
export function orgScopeOf(r: ResolvedRequest, user: UserScope, orgSlug: string): OrgScope {
  if (r.outcome === "suspended") throw new OrganizationSuspendedError(r.orgName ?? orgSlug, r.reason ?? null);
  if (r.outcome !== "ok" || !r.orgId || !r.membershipId) throw notFound("Organization not found");
  if (user.signedInAt !== undefined) assertSessionFreshFor(r.sessionTimeout ?? null, user.signedInAt);
  return {
    ...user,
    orgId: r.orgId,
    orgSlug,
    membershipId: r.membershipId,
    workspaceIds: r.workspaceIds ?? [],
    roles: r.roles ?? [],
    permissions: new Set(r.permissions ?? []),
    recordScope: widestRecordScope(r.recordScopes ?? []),
    orgSettings: r.settings ?? {},
  };
}

/** The workspace part (resolveWorkspaceScope's NOT_FOUND and archived flag). */
export function workspaceScopeOf(r: ResolvedRequest, org: OrgScope, wsSlug: string): WorkspaceScope {
  const ws = r.workspace;
  if (!ws) throw notFound("Workspace not found");
  const scope: WorkspaceScope = { ...org, workspaceId: ws.id, workspaceSlug: wsSlug };
  if (ws.status === "archived") scope.archived = { name: ws.name };
  return scope;
}
