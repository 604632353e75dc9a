// Workspaces of an organization: the switcher's list, and their management (create, rename / change type, archive,
// restore). An archived workspace is hidden from the switcher and read-only (kernel/access.ts marks its scope,
// trpc/procedures.ts refuses mutations in it); it is never deleted (memberships and documents reference it).
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import { slugify, withSuffix } from "@/lib/slug";
import { assertWithinLimit } from "./entitlements.service";
import type { ListOutput } from "@/lib/list";
import { and, badRequest, cappedCount, filterSql, likePattern, rawSql, sql, type Sql } from "@/server/kernel/list-query";
import {
  WORKSPACE_STATUSES,
  WORKSPACE_TYPES,
  WORKSPACES_LIST,
  type TManageWorkspacesInput,
  type TNewWorkspaceInput,
  type TUpdateWorkspaceInput,
  type TWorkspaceIdInput,
} from "./platform.schemas";

type WorkspaceStatus = "active" | "archived";

export const workspaceMachine = defineMachine({
  entityType: "platform.workspaces",
  states: ["active", "archived"] as const satisfies readonly WorkspaceStatus[],
  transitions: {
    archive: {
      from: ["active"],
      to: "archived",
      label: "Archive",
      permission: "platform.workspace.manage",
      guard: ({ context }: { context: { activeCount: number } }) =>
        context.activeCount <= 1 ? "This is the organization's last active workspace: it cannot be archived." : undefined,
    },
    restore: { from: ["archived"], to: "active", label: "Restore", permission: "platform.workspace.manage" },
  },
});

const FIELDS = { id: true, slug: true, name: true, type: true, status: true } as const;

/** The active workspaces this membership may see, oldest first (the first is the default): the switcher's list. */
export async function listWorkspaces(tx: Tx, scope: OrgScope) {
  return tx.workspace.findMany({
    where: { organizationId: scope.orgId, id: { in: scope.workspaceIds }, status: "active" },
    select: FIELDS,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

export interface ManagedWorkspace {
  id: string;
  slug: string;
  name: string;
  type: "main" | "division" | "branch" | "project";
  status: WorkspaceStatus;
  createdAt: Date;
  /** Active members who see it (all-workspace members included). */
  members: number;
}

const LIST_COLUMNS = { name: sql`w.name`, slug: sql`w.slug`, createdAt: sql`w.created_at` } as const;

/** Every workspace of the organization, archived ones included, with member counts (Settings → Workspaces). */
export async function manageWorkspaces(tx: Tx, scope: OrgScope, input: TManageWorkspacesInput): Promise<ListOutput<ManagedWorkspace>> {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`w.organization_id = ${scope.orgId}::uuid`];
  if (f.status?.type === "enum") {
    if (f.status.values.some((v) => !(WORKSPACE_STATUSES as readonly string[]).includes(v))) throw badRequest("filters.status", "Unknown status");
    parts.push(filterSql(sql`w.status::text`, f.status));
  }
  if (f.type?.type === "enum") {
    if (f.type.values.some((v) => !(WORKSPACE_TYPES as readonly string[]).includes(v))) throw badRequest("filters.type", "Unknown type");
    parts.push(filterSql(sql`w.type::text`, f.type));
  }
  if (input.q) {
    const p = likePattern(input.q);
    parts.push(sql`(w.name ilike ${p} or w.slug ilike ${p})`);
  }
  if (input.cursor) throw badRequest("cursor", "This list pages by number, not by cursor.");
  const where = and(parts);
  const sort = input.sort ?? WORKSPACES_LIST.defaultSort;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const page = input.page ?? 1;
  const rows = await tx.$queryRaw<(Omit<ManagedWorkspace, "members"> & { members: bigint })[]>`
    select w.id::text as id, w.slug, w.name, w.type::text as type, w.status::text as status, w.created_at as "createdAt",
           (select count(*) from auth.memberships m
             where m.organization_id = w.organization_id and m.status = 'active'
               and (m.all_workspaces or exists (select 1 from auth.membership_workspaces mw
                     where mw.organization_id = m.organization_id and mw.membership_id = m.id and mw.workspace_id = w.id))) as members
      from platform.workspaces w
     where ${where}
     order by ${LIST_COLUMNS[sort.id]} ${dir}, w.id ${dir}
     limit ${input.perPage} offset ${(page - 1) * input.perPage}`;
  return {
    rows: rows.map((r) => ({ ...r, members: Number(r.members) })),
    ...(await cappedCount(tx, sql`from platform.workspaces w where ${where}`)),
  };
}

/**
 * Whether this organization may create (or restore) another workspace — the one place for that rule: the plan's
 * workspace limit. Throws a clear error when it may not.
 */
export async function assertCanCreateWorkspace(tx: Tx, scope: OrgScope): Promise<void> {
  // A suspended organization never gets this far (kernel/access.ts refuses it); the plan's workspace limit is here.
  await assertWithinLimit(tx, scope.orgId, "workspaces");
}

async function slugTaken(tx: Tx, scope: OrgScope, slug: string): Promise<boolean> {
  return !!(await tx.workspace.findUnique({ where: { organizationId_slug: { organizationId: scope.orgId, slug } }, select: { id: true } }));
}

/** The name's slug, or the first free "slug-2", "slug-3"… in the organization. */
async function freeSlugFor(tx: Tx, scope: OrgScope, name: string): Promise<string> {
  const base = slugify(name) || "workspace";
  const taken = new Set(
    (await tx.workspace.findMany({ where: { organizationId: scope.orgId, slug: { startsWith: base } }, select: { slug: true } })).map((w) => w.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = withSuffix(base, i);
    if (!taken.has(candidate)) return candidate;
  }
}

const SLUG_TAKEN = "This address is already used by another workspace (archived ones included)";

export async function createWorkspace(tx: Tx, scope: OrgScope, input: TNewWorkspaceInput) {
  await assertCanCreateWorkspace(tx, scope);
  const slug = input.slug ?? (await freeSlugFor(tx, scope, input.name));
  if (input.slug && (await slugTaken(tx, scope, slug))) throw new AppError("CONFLICT", SLUG_TAKEN, { slug: [SLUG_TAKEN] });
  let ws;
  try {
    ws = await tx.workspace.create({
      data: { organizationId: scope.orgId, name: input.name, slug, type: input.type, createdBy: scope.userId, updatedBy: scope.userId },
      select: FIELDS,
    });
  } catch (e) {
    // A concurrent create took the slug between the check and the insert.
    if ((e as { code?: string }).code === "P2002") throw new AppError("CONFLICT", SLUG_TAKEN, { slug: [SLUG_TAKEN] });
    throw e;
  }
  // The creator sees it: an all-workspace membership does already; a listed one gets it added.
  const membership = await tx.membership.findUniqueOrThrow({
    where: { organizationId_id: { organizationId: scope.orgId, id: scope.membershipId } },
    select: { allWorkspaces: true },
  });
  if (!membership.allWorkspaces) {
    await tx.membershipWorkspace.create({ data: { organizationId: scope.orgId, membershipId: scope.membershipId, workspaceId: ws.id } });
  }
  return ws;
}

async function findWorkspace(tx: Tx, scope: OrgScope, id: string) {
  const ws = await tx.workspace.findUnique({ where: { organizationId_id: { organizationId: scope.orgId, id } }, select: FIELDS });
  if (!ws) throw notFound("Workspace not found");
  return ws;
}

/** Rename and change type. The slug stays: URLs and bookmarks depend on it. */
export async function updateWorkspace(tx: Tx, scope: OrgScope, input: TUpdateWorkspaceInput) {
  await findWorkspace(tx, scope, input.id);
  return tx.workspace.update({
    where: { organizationId_id: { organizationId: scope.orgId, id: input.id } },
    data: { name: input.name, type: input.type, updatedBy: scope.userId },
    select: FIELDS,
  });
}

async function transition(tx: Tx, scope: OrgScope, id: string, name: "archive" | "restore") {
  // Lock the organization's active workspaces (and the target) in id order, so two archives at once cannot
  // together leave none active.
  const locked = await tx.$queryRaw<{ id: string; status: WorkspaceStatus }[]>`
    select id::text as id, status::text as status from platform.workspaces
     where organization_id = ${scope.orgId}::uuid and (status = 'active' or id = ${id}::uuid)
     order by id for update`;
  const target = locked.find((w) => w.id === id);
  if (!target) throw notFound("Workspace not found");
  const activeCount = locked.filter((w) => w.status === "active").length;
  await workspaceMachine.apply(tx, scope, {
    transition: name,
    entity: { id, status: target.status, workspaceId: id },
    context: { activeCount },
    update: async (tx, to, from) => {
      const r = await tx.workspace.updateMany({
        where: { organizationId: scope.orgId, id, status: from },
        data: { status: to, updatedBy: scope.userId },
      });
      return r.count;
    },
  });
  return findWorkspace(tx, scope, id);
}

/** Archive: hidden from the switcher, read-only, still reachable by URL. Never the last active workspace. */
export function archiveWorkspace(tx: Tx, scope: OrgScope, input: TWorkspaceIdInput) {
  return transition(tx, scope, input.id, "archive");
}

export async function restoreWorkspace(tx: Tx, scope: OrgScope, input: TWorkspaceIdInput) {
  // A restored workspace counts against the plan's limit again.
  await assertCanCreateWorkspace(tx, scope);
  return transition(tx, scope, input.id, "restore");
}
