// Reading the audit trail: the audit log list, its filter options, and one record's history.
import type { Tx } from "@/server/db/scope";
import { AUDIT_ACTIONS } from "@/server/kernel/audit/actions";
import {
  afterCursor,
  and,
  badRequest,
  cappedCount,
  filterSql,
  keysetPage,
  likePattern,
  orderBy,
  rawSql,
  readCursor,
  sql,
  type Sql,
} from "@/server/kernel/list-query";
import type { ListOutput } from "@/lib/list";
import { maskAuditChanges } from "@/server/kernel/masking";
import type { OrgScope } from "@/server/kernel/scope";
import { SENSITIVE_TABLES } from "@/server/sensitive-fields";
import { AUDIT_EVENTS_LIST, type TListAuditEventsInput, type TListRecordEventsInput } from "./audit.schemas";
import { isUuid } from "@/lib/uuid";

export interface AuditActor {
  id: string;
  /** Null when the user is no longer visible from this organization (membership removed). */
  name: string | null;
  email: string | null;
}

export interface AuditEventRow {
  id: string;
  createdAt: Date;
  workspaceId: string | null;
  actor: AuditActor | null;
  requestId: string | null;
  kind: "change" | "business";
  /** 'schema.table' for changes, null for business events. */
  table: string | null;
  recordId: string | null;
  operation: "INSERT" | "UPDATE" | "DELETE" | null;
  action: string;
  /** { column: { old, new } } */
  changes: Record<string, { old?: unknown; new?: unknown; redacted?: true }> | null;
  data: Record<string, unknown> | null;
}

interface DbRow {
  id: string;
  created_at: Date;
  cursor_at: string;
  workspace_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  request_id: string | null;
  kind: "change" | "business";
  table_name: string | null;
  record_id: string | null;
  operation: AuditEventRow["operation"];
  action: string;
  changes: AuditEventRow["changes"];
  data: AuditEventRow["data"];
}

const SELECT = sql`
  select e.id::text as id, e.created_at,
         to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at,
         e.workspace_id::text as workspace_id, e.actor_id::text as actor_id, u.name as actor_name, u.email as actor_email,
         e.request_id, e.kind::text as kind, e.table_name, e.record_id, e.operation, e.action, e.changes, e.data`;
const FROM = sql`from audit.events e left join auth.users u on u.id = e.actor_id`;

function toRow(r: DbRow): AuditEventRow {
  return {
    id: r.id,
    createdAt: r.created_at,
    workspaceId: r.workspace_id,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, email: r.actor_email } : null,
    requestId: r.request_id,
    kind: r.kind,
    table: r.table_name,
    recordId: r.record_id,
    operation: r.operation,
    action: r.action,
    changes: r.changes,
    data: r.data,
  };
}

const COLUMNS = {
  createdAt: sql`e.created_at`,
  table: sql`e.table_name`,
  action: sql`e.action`,
} as const;
const ID = sql`e.id`;

async function orgTimeZone(tx: Tx, orgId: string): Promise<string> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  return org?.timeZone ?? "UTC";
}

/** The predicate of the filtered set (without cursor), shared by the list and the export. */
async function whereOf(tx: Tx, scope: OrgScope, input: Pick<TListAuditEventsInput, "q" | "filters">): Promise<Sql> {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`e.organization_id = ${scope.orgId}::uuid`];
  if (f.actor?.type === "enum") {
    const ids = f.actor.values;
    if (ids.some((v) => !isUuid(v)))
      throw badRequest("filters.actor", "Unknown user");
    parts.push(sql`e.actor_id = any(${ids}::uuid[])`);
  }
  if (f.table) parts.push(filterSql(sql`e.table_name`, f.table));
  if (f.recordId) parts.push(filterSql(sql`e.record_id`, f.recordId));
  if (f.action) parts.push(filterSql(sql`e.action`, f.action));
  if (f.createdAt) parts.push(filterSql(sql`e.created_at`, f.createdAt, { timeZone: await orgTimeZone(tx, scope.orgId) }));
  if (input.q) {
    const p = likePattern(input.q);
    parts.push(sql`(e.table_name ilike ${p} or e.record_id ilike ${p} or e.action ilike ${p} or u.email ilike ${p})`);
  }
  return and(parts);
}

/** Sensitive columns' old and new values masked for a member without the module's permission (kernel/masking). */
async function masked(tx: Tx, scope: OrgScope, rows: AuditEventRow[]): Promise<AuditEventRow[]> {
  return (await maskAuditChanges(tx, scope, SENSITIVE_TABLES, rows)).events;
}

const UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The audit log: keyset pages by time (default, newest first), numbered pages when sorted by table or action. */
export async function listEvents(
  tx: Tx,
  scope: OrgScope,
  input: TListAuditEventsInput,
  opts: { count?: boolean } = {},
): Promise<ListOutput<AuditEventRow>> {
  const sort = input.sort ?? AUDIT_EVENTS_LIST.defaultSort;
  const column = COLUMNS[sort.id];
  const where = await whereOf(tx, scope, input);
  const perPage = input.perPage;

  if (sort.id === "createdAt" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string" || !UTC_MICROS.test(c.sortValue))
        throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      keyset = afterCursor(column, ID, sql`${c.sortValue}::timestamptz`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<DbRow[]>`${SELECT} ${FROM} where ${where} and ${keyset} ${orderBy(column, ID, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [r.cursor_at, r.id]);
    const out: ListOutput<AuditEventRow> = { rows: await masked(tx, scope, page.rows.map(toRow)) };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor && opts.count !== false) Object.assign(out, await cappedCount(tx, sql`${FROM} where ${where}`));
    return out;
  }

  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<DbRow[]>`${SELECT} ${FROM} where ${where}
    order by ${column} ${dir} nulls last, e.created_at desc, e.id desc limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows: await masked(tx, scope, rows.map(toRow)), ...(await cappedCount(tx, sql`${FROM} where ${where}`)) };
}

/** What the audit log can filter by in this organization: people who acted, tables that changed, known actions. */
export async function filterOptions(tx: Tx, scope: OrgScope) {
  const org = scope.orgId;
  // Loose index scans (one index probe per distinct value) instead of DISTINCT over the whole trail.
  const actors = await tx.$queryRaw<{ id: string; name: string | null; email: string | null }[]>`
    with recursive a(id) as (
      (select actor_id from audit.events where organization_id = ${org}::uuid and actor_id is not null order by actor_id limit 1)
      union all
      select (select e.actor_id from audit.events e where e.organization_id = ${org}::uuid and e.actor_id > a.id order by e.actor_id limit 1)
      from a where a.id is not null
    )
    select a.id::text as id, u.name, u.email from a left join auth.users u on u.id = a.id
    where a.id is not null order by u.name nulls last, u.email, a.id`;
  const tables = await tx.$queryRaw<{ t: string }[]>`
    with recursive a(t) as (
      (select table_name from audit.events where organization_id = ${org}::uuid and table_name is not null order by table_name limit 1)
      union all
      select (select e.table_name from audit.events e where e.organization_id = ${org}::uuid and e.table_name > a.t order by e.table_name limit 1)
      from a where a.t is not null
    )
    select t from a where t is not null order by t`;
  return { actors, tables: tables.map((r) => r.t), actions: [...AUDIT_ACTIONS] };
}

/** One record's history: its captured changes and the business events about it (print, status change …). */
export async function eventsForRecord(tx: Tx, scope: OrgScope, input: TListRecordEventsInput, limit = 500): Promise<AuditEventRow[]> {
  const rows = await tx.$queryRaw<DbRow[]>`${SELECT} ${FROM}
    where e.organization_id = ${scope.orgId}::uuid
      and ((e.table_name = ${input.table} and e.record_id = ${input.recordId})
        or (e.table_name is null and e.record_id = ${input.recordId} and e.data ->> 'entityType' = ${input.table}))
    order by e.created_at desc, e.id desc limit ${limit}`;
  return masked(tx, scope, rows.map(toRow));
}
