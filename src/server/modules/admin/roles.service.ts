// Roles: the system roles (seeded from the catalog, read-only here) and the organization's custom roles, each a set
// of catalog permissions and a record scope. Nobody but an owner grants a permission they do not hold themselves.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError, notFound } from "@/server/kernel/errors";
import { SYSTEM_ROLES } from "@/server/kernel/permissions";
import type { OrgScope, RecordScope } from "@/server/kernel/scope";
import type { TCloneRoleInput, TCreateRoleInput, TRoleIdInput, TUpdateRoleInput } from "./admin.schemas";
import { ungrantable } from "./access";

export interface RoleRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  isSystem: boolean;
  recordScope: RecordScope;
  memberCount: number;
  permissionCount: number;
}

export interface RoleDetail extends RoleRow {
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}

const SYSTEM_ORDER = new Map(SYSTEM_ROLES.map((r, i) => [r.key, i]));

const ROW_SELECT = {
  id: true,
  key: true,
  name: true,
  description: true,
  isSystem: true,
  recordScope: true,
  _count: { select: { memberships: true, permissions: true } },
} as const;

type DbRole = Prisma.RoleGetPayload<{ select: typeof ROW_SELECT }>;

function toRow(r: DbRole): RoleRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    isSystem: r.isSystem,
    recordScope: r.recordScope,
    memberCount: r._count.memberships,
    permissionCount: r._count.permissions,
  };
}

/** System roles first in catalog order, then custom roles by name. */
export async function listRoles(tx: Tx, scope: OrgScope): Promise<RoleRow[]> {
  const roles = await tx.role.findMany({ where: { organizationId: scope.orgId }, select: ROW_SELECT });
  const rank = (r: DbRole) => (r.isSystem ? (SYSTEM_ORDER.get(r.key) ?? SYSTEM_ORDER.size) : SYSTEM_ORDER.size + 1);
  return roles.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).map(toRow);
}

export async function getRole(tx: Tx, scope: OrgScope, input: TRoleIdInput): Promise<RoleDetail> {
  const r = await tx.role.findFirst({
    where: { organizationId: scope.orgId, id: input.id },
    select: { ...ROW_SELECT, createdAt: true, updatedAt: true, permissions: { select: { permission: true }, orderBy: { permission: "asc" } } },
  });
  if (!r) throw notFound("Role not found");
  return { ...toRow(r), permissions: r.permissions.map((p) => p.permission), createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/**
 * No privilege escalation: a non-owner may only grant permissions they hold themselves (FORBIDDEN naming the others).
 * Exported for role assignment (invitations, member role changes): assigning a role grants its permissions.
 */
export function assertGrantable(scope: OrgScope, permissions: readonly string[]) {
  const missing = ungrantable(scope, permissions);
  if (missing.length) {
    throw new AppError("FORBIDDEN", `You cannot grant permissions you do not hold yourself: ${missing.join(", ")}.`, {
      permissions: [`You do not hold: ${missing.join(", ")}`],
    });
  }
}

async function assertNameFree(tx: Tx, scope: OrgScope, name: string, exceptId?: string) {
  const taken = await tx.role.findFirst({
    where: { organizationId: scope.orgId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) throw nameTaken(name);
}

const nameTaken = (name: string) => new AppError("CONFLICT", `A role named "${name}" already exists.`, { name: ["A role with this name already exists"] });

/** A key from the name (lower-case, a–z 0–9 _), suffixed _2, _3… while taken in the organization. */
export async function deriveRoleKey(tx: Tx, scope: OrgScope, name: string): Promise<string> {
  let base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 48);
  if (!/^[a-z]/.test(base)) base = `role${base ? `_${base}` : ""}`.slice(0, 48);
  const taken = new Set(
    (await tx.role.findMany({ where: { organizationId: scope.orgId, key: { startsWith: base } }, select: { key: true } })).map((r) => r.key),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

function systemRoleIsReadOnly(): AppError {
  return new AppError("PRECONDITION_FAILED", "System roles cannot be changed or deleted. Clone the role to make an editable copy.");
}

async function loadCustom(tx: Tx, scope: OrgScope, id: string) {
  const role = await tx.role.findFirst({
    where: { organizationId: scope.orgId, id },
    select: { id: true, name: true, isSystem: true, permissions: { select: { permission: true } } },
  });
  if (!role) throw notFound("Role not found");
  return role;
}

async function recordPermissionChange(tx: Tx, scope: OrgScope, roleId: string, added: string[], removed: string[]) {
  if (!added.length && !removed.length) return;
  await recordEvent(tx, scope, { action: "role.permissions_changed", entityType: "auth.roles", entityId: roleId, data: { added, removed } });
}

/** Unique violations from a race on (organization, key) or (organization, name) answer CONFLICT. */
async function guardUnique<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw nameTaken(name);
    throw e;
  }
}

async function insertRole(
  tx: Tx,
  scope: OrgScope,
  data: { name: string; description: string | null; permissions: string[]; recordScope: RecordScope },
): Promise<RoleDetail> {
  assertGrantable(scope, data.permissions);
  await assertNameFree(tx, scope, data.name);
  const key = await deriveRoleKey(tx, scope, data.name);
  const role = await guardUnique(data.name, () =>
    tx.role.create({
      data: {
        organizationId: scope.orgId,
        key,
        name: data.name,
        description: data.description,
        recordScope: data.recordScope,
        isSystem: false,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
      select: { id: true },
    }),
  );
  if (data.permissions.length) {
    await tx.rolePermission.createMany({ data: data.permissions.map((permission) => ({ organizationId: scope.orgId, roleId: role.id, permission })) });
  }
  await recordPermissionChange(tx, scope, role.id, [...data.permissions].sort(), []);
  return getRole(tx, scope, { id: role.id });
}

export async function createRole(tx: Tx, scope: OrgScope, input: TCreateRoleInput): Promise<RoleDetail> {
  return insertRole(tx, scope, { name: input.name, description: input.description ?? null, permissions: input.permissions, recordScope: input.recordScope });
}

export async function cloneRole(tx: Tx, scope: OrgScope, input: TCloneRoleInput): Promise<RoleDetail> {
  const source = await tx.role.findFirst({
    where: { organizationId: scope.orgId, id: input.id },
    select: { description: true, recordScope: true, permissions: { select: { permission: true } } },
  });
  if (!source) throw notFound("Role not found");
  return insertRole(tx, scope, {
    name: input.name,
    description: source.description,
    permissions: source.permissions.map((p) => p.permission),
    recordScope: source.recordScope,
  });
}

export async function updateRole(tx: Tx, scope: OrgScope, input: TUpdateRoleInput): Promise<RoleDetail> {
  const role = await loadCustom(tx, scope, input.id);
  if (role.isSystem) throw systemRoleIsReadOnly();
  if (input.name !== undefined && input.name !== role.name) await assertNameFree(tx, scope, input.name, role.id);

  let added: string[] = [];
  let removed: string[] = [];
  if (input.permissions) {
    const before = new Set(role.permissions.map((p) => p.permission));
    const after = new Set<string>(input.permissions);
    added = [...after].filter((p) => !before.has(p)).sort();
    removed = [...before].filter((p) => !after.has(p)).sort();
    // Keeping a permission one does not hold is not an escalation; adding one is.
    assertGrantable(scope, added);
  }

  await guardUnique(input.name ?? role.name, () =>
    tx.role.update({
      where: { organizationId_id: { organizationId: scope.orgId, id: role.id } },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description ?? null } : {}),
        ...(input.recordScope !== undefined ? { recordScope: input.recordScope } : {}),
        updatedBy: scope.userId,
      },
      select: { id: true },
    }),
  );
  if (removed.length) await tx.rolePermission.deleteMany({ where: { organizationId: scope.orgId, roleId: role.id, permission: { in: removed } } });
  if (added.length) await tx.rolePermission.createMany({ data: added.map((permission) => ({ organizationId: scope.orgId, roleId: role.id, permission })) });
  await recordPermissionChange(tx, scope, role.id, added, removed);
  return getRole(tx, scope, { id: role.id });
}

/** A role still assigned to members is not deleted (the answer names how many): reassign them first. */
export async function deleteRole(tx: Tx, scope: OrgScope, input: TRoleIdInput): Promise<{ id: string }> {
  const role = await loadCustom(tx, scope, input.id);
  if (role.isSystem) throw systemRoleIsReadOnly();
  // Lock the role so an assignment racing with the delete waits (membership_roles references it).
  await tx.$queryRaw`select 1 from auth.roles where organization_id = ${scope.orgId}::uuid and id = ${role.id}::uuid for update`;
  const members = await tx.membershipRole.count({ where: { organizationId: scope.orgId, roleId: role.id } });
  if (members > 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `The role "${role.name}" is assigned to ${members} ${members === 1 ? "member" : "members"}. Remove it from them before deleting it.`,
    );
  }
  await recordPermissionChange(tx, scope, role.id, [], role.permissions.map((p) => p.permission).sort());
  await tx.role.delete({ where: { organizationId_id: { organizationId: scope.orgId, id: role.id } }, select: { id: true } });
  return { id: role.id };
}
