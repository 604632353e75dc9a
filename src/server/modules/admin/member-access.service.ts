// Changing a member's roles and workspaces, and removing a member from the organization. The owner rules of
// members.service.ts hold here too: only an owner changes or removes an owner, and the organization always keeps
// an active owner (the active owners are locked with the target, so concurrent changes cannot both pass).
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { OWNER_ROLE, resolveAccess } from "./access";
import type { TRemoveMemberInput, TUpdateMemberInput } from "./admin.schemas";
import { label, lockTargets } from "./members.service";

async function accessOf(tx: Tx, scope: OrgScope, membershipId: string) {
  const [roles, workspaces, m] = await Promise.all([
    tx.membershipRole.findMany({ where: { organizationId: scope.orgId, membershipId }, select: { role: { select: { key: true } } } }),
    tx.membershipWorkspace.findMany({ where: { organizationId: scope.orgId, membershipId }, select: { workspaceId: true } }),
    tx.membership.findUniqueOrThrow({ where: { organizationId_id: { organizationId: scope.orgId, id: membershipId } }, select: { allWorkspaces: true } }),
  ]);
  return {
    roles: roles.map((r) => r.role.key).sort(),
    workspaces: m.allWorkspaces ? ("all" as const) : workspaces.map((w) => w.workspaceId).sort(),
  };
}

/**
 * Replaces a member's roles and workspace access. Refused: unknown member or ids (NOT_FOUND), a non-owner changing
 * an owner or granting the owner role (FORBIDDEN), taking the owner role from the last active owner
 * (PRECONDITION_FAILED).
 */
export async function updateMemberAccess(tx: Tx, scope: OrgScope, input: TUpdateMemberInput) {
  const { byId, activeOwners } = await lockTargets(tx, scope, [input.id]);
  const target = byId.get(input.id);
  if (!target) throw notFound("Member not found");
  const actorIsOwner = scope.roles.includes(OWNER_ROLE);
  if (target.isOwner && !actorIsOwner) throw new AppError("FORBIDDEN", `${label(target)}: only an owner can change an owner's access.`);
  const access = await resolveAccess(tx, scope, input);
  const staysOwner = access.roles.some((r) => r.key === OWNER_ROLE);
  if (target.isOwner && !staysOwner && activeOwners.length > 0 && activeOwners.every((id) => id === target.id))
    throw new AppError("PRECONDITION_FAILED", `${label(target)}: the organization must keep at least one active owner.`, {
      roleIds: ["The last active owner keeps the owner role."],
    });

  const before = await accessOf(tx, scope, target.id);
  await tx.membership.update({
    where: { organizationId_id: { organizationId: scope.orgId, id: target.id } },
    data: { allWorkspaces: access.allWorkspaces, updatedBy: scope.userId },
    select: { id: true },
  });
  // Only the differences are written, so the audit trail shows exactly what was granted and taken away.
  const roleIds = access.roles.map((r) => r.id);
  await tx.membershipRole.deleteMany({ where: { organizationId: scope.orgId, membershipId: target.id, roleId: { notIn: roleIds } } });
  await tx.membershipRole.createMany({
    data: roleIds.map((roleId) => ({ organizationId: scope.orgId, membershipId: target.id, roleId })),
    skipDuplicates: true,
  });
  const workspaceIds = access.workspaces.map((w) => w.id);
  await tx.membershipWorkspace.deleteMany({ where: { organizationId: scope.orgId, membershipId: target.id, workspaceId: { notIn: workspaceIds } } });
  if (workspaceIds.length)
    await tx.membershipWorkspace.createMany({
      data: workspaceIds.map((workspaceId) => ({ organizationId: scope.orgId, membershipId: target.id, workspaceId })),
      skipDuplicates: true,
    });
  const after = { roles: access.roles.map((r) => r.key).sort(), workspaces: access.allWorkspaces ? ("all" as const) : [...workspaceIds].sort() };
  await recordEvent(tx, scope, {
    action: "auth.member_access_changed",
    entityType: "auth.memberships",
    entityId: target.id,
    data: { userId: target.userId, email: target.email, before, after },
  });
  return { id: target.id, roles: access.roles.map(({ key, name }) => ({ key, name })), workspaces: access.allWorkspaces ? ("all" as const) : access.workspaces };
}

/**
 * Removes a member from the organization: the membership and its role and workspace rows go; the user account
 * stays (and their other organizations). Refused: yourself, an owner unless you are an owner, the last active owner.
 */
export async function removeMember(tx: Tx, scope: OrgScope, input: TRemoveMemberInput): Promise<{ id: string }> {
  const { byId, activeOwners } = await lockTargets(tx, scope, [input.id]);
  const target = byId.get(input.id);
  if (!target) throw notFound("Member not found");
  if (target.userId === scope.userId) throw new AppError("PRECONDITION_FAILED", "You cannot remove yourself from the organization.");
  if (target.isOwner && !scope.roles.includes(OWNER_ROLE)) throw new AppError("FORBIDDEN", `${label(target)}: only an owner can remove an owner.`);
  if (target.isOwner && target.status === "active" && activeOwners.every((id) => id === target.id))
    throw new AppError("PRECONDITION_FAILED", `${label(target)}: the organization must keep at least one active owner.`);

  const before = await accessOf(tx, scope, target.id);
  // Role and workspace rows go with the membership (on delete cascade); the trigger records each deleted row.
  await tx.membership.delete({ where: { organizationId_id: { organizationId: scope.orgId, id: target.id } }, select: { id: true } });
  await recordEvent(tx, scope, {
    action: "auth.member_removed",
    entityType: "auth.memberships",
    entityId: target.id,
    data: { userId: target.userId, email: target.email, name: target.name, status: target.status, ...before },
  });
  return { id: target.id };
}
