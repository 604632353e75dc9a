// People in the organization: the members list and membership status (deactivate / reactivate) through the
// membership state machine. Access follows membership status on every request (kernel/access.ts only resolves
// active memberships), so a suspended member loses the organization on their next call.
import type { Tx } from "@/server/db/scope";
import { AppError, type AppErrorCode } from "@/server/kernel/errors";
import { afterCursor, and, badRequest, cappedCount, filterSql, keysetPage, likePattern, orderBy, rawSql, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import type { ListOutput } from "@/lib/list";
import {
  MEMBERS_LIST,
  type MembershipStatus,
  type TDeactivateMembersInput,
  type TListMembersInput,
  type TReactivateMembersInput,
} from "./admin.schemas";

import { OWNER_ROLE } from "./access";
import { isUuid } from "@/lib/uuid";

export { OWNER_ROLE };

export const membershipMachine = defineMachine({
  entityType: "auth.memberships",
  states: ["active", "suspended"] as const satisfies readonly MembershipStatus[],
  transitions: {
    deactivate: { from: ["active"], to: "suspended", label: "Deactivate", permission: "auth.member.invite" },
    reactivate: { from: ["suspended"], to: "active", label: "Reactivate", permission: "auth.member.invite" },
  },
});

export interface MemberRow {
  /** The membership id. */
  id: string;
  user: { id: string; name: string; email: string };
  status: MembershipStatus;
  roles: { key: string; name: string }[];
  workspaces: { id: string; name: string }[] | "all";
  lastUsedAt: Date | null;
  createdAt: Date;
}

interface DbRow {
  id: string;
  user_id: string;
  name: string;
  email: string;
  status: MembershipStatus;
  all_workspaces: boolean;
  last_used_at: Date | null;
  created_at: Date;
  cursor_at: string;
  roles: { key: string; name: string }[];
  workspaces: { id: string; name: string }[];
}

const SELECT = sql`
  select m.id::text as id, u.id::text as user_id, u.name, u.email, m.status::text as status, m.all_workspaces,
         m.last_used_at, m.created_at,
         to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
         coalesce((select json_agg(json_build_object('key', r.key, 'name', r.name) order by r.name)
                     from auth.membership_roles mr
                     join auth.roles r on r.organization_id = mr.organization_id and r.id = mr.role_id
                    where mr.organization_id = m.organization_id and mr.membership_id = m.id), '[]'::json) as roles,
         coalesce((select json_agg(json_build_object('id', w.id, 'name', w.name) order by w.name)
                     from auth.membership_workspaces mw
                     join platform.workspaces w on w.organization_id = mw.organization_id and w.id = mw.workspace_id
                    where mw.organization_id = m.organization_id and mw.membership_id = m.id), '[]'::json) as workspaces`;
const FROM = sql`from auth.memberships m join auth.users u on u.id = m.user_id`;
const ID = sql`m.id`;
const COLUMNS = { name: sql`u.name`, email: sql`u.email`, createdAt: sql`m.created_at` } as const;
const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function toRow(r: DbRow): MemberRow {
  return {
    id: r.id,
    user: { id: r.user_id, name: r.name, email: r.email },
    status: r.status,
    roles: r.roles,
    workspaces: r.all_workspaces ? "all" : r.workspaces,
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
  };
}

function whereOf(scope: OrgScope, input: Pick<TListMembersInput, "q" | "filters">): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`m.organization_id = ${scope.orgId}::uuid`];
  if (f.status?.type === "enum") {
    if (f.status.values.some((v) => v !== "active" && v !== "suspended")) throw badRequest("filters.status", "Unknown status");
    parts.push(filterSql(sql`m.status::text`, f.status));
  }
  if (f.role?.type === "enum") {
    parts.push(sql`exists (select 1 from auth.membership_roles mr join auth.roles r on r.organization_id = mr.organization_id and r.id = mr.role_id
      where mr.organization_id = m.organization_id and mr.membership_id = m.id and r.key = any(${f.role.values}::text[]))`);
  }
  if (f.workspace?.type === "enum") {
    const ids = f.workspace.values;
    if (ids.some((v) => !isUuid(v))) throw badRequest("filters.workspace", "Unknown workspace");
    parts.push(sql`(m.all_workspaces or exists (select 1 from auth.membership_workspaces mw
      where mw.organization_id = m.organization_id and mw.membership_id = m.id and mw.workspace_id = any(${ids}::uuid[])))`);
  }
  if (input.q) {
    const p = likePattern(input.q);
    parts.push(sql`(u.name ilike ${p} or u.email ilike ${p})`);
  }
  return and(parts);
}

/** The members list: numbered pages by name (default), keyset pages by e-mail or joining date. */
export async function listMembers(tx: Tx, scope: OrgScope, input: TListMembersInput): Promise<ListOutput<MemberRow>> {
  const sort = input.sort ?? MEMBERS_LIST.defaultSort;
  const column = COLUMNS[sort.id];
  const where = whereOf(scope, input);
  const perPage = input.perPage;

  if (sort.id !== "name" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      const valid = typeof c.sortValue === "string" && isUuid(c.id) && (sort.id === "email" || UTC_MICROS.test(c.sortValue));
      if (!valid) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      const value = sort.id === "email" ? sql`${c.sortValue}::text` : sql`${c.sortValue}::timestamptz`;
      keyset = afterCursor(column, ID, value, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<DbRow[]>`${SELECT} ${FROM} where ${where} and ${keyset} ${orderBy(column, ID, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [sort.id === "email" ? r.email : r.cursor_at, r.id]);
    const out: ListOutput<MemberRow> = { rows: page.rows.map(toRow) };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor) Object.assign(out, await cappedCount(tx, sql`${FROM} where ${where}`));
    return out;
  }

  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<DbRow[]>`${SELECT} ${FROM} where ${where}
    order by ${column} ${dir}, u.email ${dir}, m.id ${dir} limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows: rows.map(toRow), ...(await cappedCount(tx, sql`${FROM} where ${where}`)) };
}

/** What the members list can filter by: the organization's roles and active workspaces. */
export async function memberFilterOptions(tx: Tx, scope: OrgScope) {
  const [roles, workspaces] = await Promise.all([
    tx.role.findMany({ where: { organizationId: scope.orgId }, select: { id: true, key: true, name: true }, orderBy: [{ isSystem: "desc" }, { name: "asc" }] }),
    tx.workspace.findMany({ where: { organizationId: scope.orgId, status: "active" }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { roles, workspaces };
}

export interface Target {
  id: string;
  userId: string;
  status: MembershipStatus;
  name: string;
  email: string;
  isOwner: boolean;
}

interface Refusal {
  code: AppErrorCode;
  who: string;
  why: string;
}

/**
 * Locks the memberships named and the organization's active owners (always in id order, so two callers cannot
 * deadlock) and loads what the rules need. Locking the owners makes two owners deactivating each other at the same
 * time see each other's change: the second one finds itself the last owner.
 */
export async function lockTargets(tx: Tx, scope: OrgScope, ids: string[]) {
  const rows = await tx.$queryRaw<{ id: string; user_id: string; status: MembershipStatus; name: string; email: string; is_owner: boolean }[]>`
    select m.id::text as id, m.user_id::text as user_id, m.status::text as status, u.name, u.email,
           exists (select 1 from auth.membership_roles mr join auth.roles r on r.organization_id = mr.organization_id and r.id = mr.role_id
                    where mr.organization_id = m.organization_id and mr.membership_id = m.id and r.key = ${OWNER_ROLE}) as is_owner
      from auth.memberships m join auth.users u on u.id = m.user_id
     where m.organization_id = ${scope.orgId}::uuid
       and (m.id = any(${ids}::uuid[])
            or (m.status = 'active' and exists (select 1 from auth.membership_roles mr join auth.roles r on r.organization_id = mr.organization_id and r.id = mr.role_id
                  where mr.organization_id = m.organization_id and mr.membership_id = m.id and r.key = ${OWNER_ROLE})))
     order by m.id
     for update of m`;
  const byId = new Map<string, Target>(rows.map((r) => [r.id, { id: r.id, userId: r.user_id, status: r.status, name: r.name, email: r.email, isOwner: r.is_owner }]));
  const activeOwners = rows.filter((r) => r.status === "active" && r.is_owner).map((r) => r.id);
  return { byId, activeOwners };
}

export const label = (t: Target) => `${t.name} (${t.email})`;

/** One error for the whole batch: nothing changed, and every refused member with the reason. */
function refuse(refusals: Refusal[]): never {
  const lines = refusals.map((r) => `${r.who}: ${r.why}`);
  throw new AppError(refusals[0]!.code, `Nothing was changed. ${lines.join(" ")}`);
}

async function setStatus(tx: Tx, scope: OrgScope, target: Target, transition: "deactivate" | "reactivate", reason?: string) {
  await membershipMachine.apply(tx, scope, {
    transition,
    entity: { id: target.id, status: target.status, workspaceId: null },
    reason,
    update: async (tx, to, from) => {
      const r = await tx.membership.updateMany({
        where: { organizationId: scope.orgId, id: target.id, status: from },
        data: { status: to, updatedBy: scope.userId },
      });
      return r.count;
    },
  });
}

/**
 * Suspends memberships, all or nothing. Refused: unknown ids, yourself, members already suspended, owners when you
 * are not an owner, and any batch that would leave the organization without an active owner.
 */
export async function deactivateMembers(tx: Tx, scope: OrgScope, input: TDeactivateMembersInput): Promise<{ ids: string[] }> {
  const ids = [...new Set(input.ids)];
  const { byId, activeOwners } = await lockTargets(tx, scope, ids);
  const actorIsOwner = scope.roles.includes(OWNER_ROLE);
  const refusals: Refusal[] = [];
  const targets: Target[] = [];
  for (const id of ids) {
    const t = byId.get(id);
    if (!t) {
      refusals.push({ code: "NOT_FOUND", who: id, why: "no such member in this organization." });
      continue;
    }
    if (t.userId === scope.userId) refusals.push({ code: "PRECONDITION_FAILED", who: label(t), why: "you cannot deactivate yourself." });
    else if (t.status !== "active") refusals.push({ code: "PRECONDITION_FAILED", who: label(t), why: "already deactivated." });
    else if (t.isOwner && !actorIsOwner) refusals.push({ code: "FORBIDDEN", who: label(t), why: "only an owner can deactivate an owner." });
    targets.push(t);
  }
  const remainingOwners = activeOwners.filter((id) => !ids.includes(id));
  if (activeOwners.length > 0 && remainingOwners.length === 0) {
    const owners = targets.filter((t) => t.isOwner && t.status === "active").map(label).join(", ");
    // The organization rule outranks who may do what: say it first.
    refusals.unshift({ code: "PRECONDITION_FAILED", who: owners, why: "the organization must keep at least one active owner." });
  }
  if (refusals.length) refuse(refusals);

  const reason = input.reason?.trim() || undefined;
  for (const t of targets) await setStatus(tx, scope, t, "deactivate", reason);
  return { ids: targets.map((t) => t.id) };
}

/** Restores suspended memberships, all or nothing. */
export async function reactivateMembers(tx: Tx, scope: OrgScope, input: TReactivateMembersInput): Promise<{ ids: string[] }> {
  const ids = [...new Set(input.ids)];
  const { byId } = await lockTargets(tx, scope, ids);
  const refusals: Refusal[] = [];
  const targets: Target[] = [];
  for (const id of ids) {
    const t = byId.get(id);
    if (!t) refusals.push({ code: "NOT_FOUND", who: id, why: "no such member in this organization." });
    else if (t.status !== "suspended") refusals.push({ code: "PRECONDITION_FAILED", who: label(t), why: "already active." });
    else targets.push(t);
  }
  if (refusals.length) refuse(refusals);
  for (const t of targets) await setStatus(tx, scope, t, "reactivate");
  return { ids: targets.map((t) => t.id) };
}
