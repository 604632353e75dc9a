// Roles and workspaces granted to a membership or an invitation: what they may be, checked in one place.
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";

export const OWNER_ROLE = "owner";

/** The permissions of `permissions` the scope may not grant: none for an owner, else those it does not hold. */
export function ungrantable(scope: OrgScope, permissions: readonly string[]): string[] {
  if (scope.roles.includes(OWNER_ROLE) && !scope.apiKey) return [];
  return permissions.filter((p) => !scope.permissions.has(p));
}

export interface AccessInput {
  roleIds: string[];
  allWorkspaces: boolean;
  workspaceIds: string[];
}

export interface ResolvedAccess {
  roles: { id: string; key: string; name: string }[];
  allWorkspaces: boolean;
  workspaces: { id: string; name: string }[];
}

/**
 * Loads the roles and workspaces named, in the scope's organization. Ids of another organization (or of nothing)
 * are unknown: NOT_FOUND with a field error. Only an owner may grant the owner role (FORBIDDEN). Archived workspaces
 * cannot be granted.
 */
export async function resolveAccess(tx: Tx, scope: OrgScope, input: AccessInput): Promise<ResolvedAccess> {
  const roleIds = [...new Set(input.roleIds)];
  const workspaceIds = input.allWorkspaces ? [] : [...new Set(input.workspaceIds)];
  const [roles, workspaces] = await Promise.all([
    tx.role.findMany({ where: { organizationId: scope.orgId, id: { in: roleIds } }, select: { id: true, key: true, name: true }, orderBy: { name: "asc" } }),
    workspaceIds.length
      ? tx.workspace.findMany({ where: { organizationId: scope.orgId, id: { in: workspaceIds } }, select: { id: true, name: true, status: true }, orderBy: { name: "asc" } })
      : Promise.resolve([]),
  ]);
  if (roles.length !== roleIds.length) throw new AppError("NOT_FOUND", "Unknown role.", { roleIds: ["One of the roles does not exist in this organization."] });
  if (workspaces.length !== workspaceIds.length)
    throw new AppError("NOT_FOUND", "Unknown workspace.", { workspaceIds: ["One of the workspaces does not exist in this organization."] });
  const archived = workspaces.filter((w) => w.status !== "active");
  if (archived.length)
    throw new AppError("BAD_REQUEST", `Archived workspaces cannot be granted: ${archived.map((w) => w.name).join(", ")}.`, {
      workspaceIds: [`Archived: ${archived.map((w) => w.name).join(", ")}`],
    });
  if (roles.some((r) => r.key === OWNER_ROLE) && !scope.roles.includes(OWNER_ROLE))
    throw new AppError("FORBIDDEN", "Only an owner can grant the owner role.", { roleIds: ["Only an owner can grant the owner role."] });
  // Granting a role grants its permissions: the same no-escalation rule as building a role (roles.service.ts).
  const granted = await tx.rolePermission.findMany({ where: { organizationId: scope.orgId, roleId: { in: roleIds } }, select: { permission: true } });
  const missing = ungrantable(scope, [...new Set(granted.map((g) => g.permission))]);
  if (missing.length)
    throw new AppError("FORBIDDEN", `You cannot grant permissions you do not hold yourself: ${missing.join(", ")}.`, {
      roleIds: [`These roles grant permissions you do not hold: ${missing.join(", ")}`],
    });
  return { roles, allWorkspaces: input.allWorkspaces, workspaces: workspaces.map(({ id, name }) => ({ id, name })) };
}
