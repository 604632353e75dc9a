// Activities (calls, e-mails, meetings, demos, notes, tasks) on a customer, one of its contacts, a deal or a lead.
// Logged on a contact or a deal, the activity carries that record's customer (customer_id) and every activity carries
// its target's workspace_id, so visibility never needs a join: workspace (RLS policy visible_workspace + the filter
// below) and record scope "own" (owner_membership_id = the caller's membership). Anything not visible is NOT_FOUND.
// Row changes are audited by the trigger.
import type { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, badRequest, cappedCount, joinSql, keysetPage, likePattern, rawSql, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import {
  ACTIVITIES_LIST,
  type ActivityState,
  type TCompleteActivityInput,
  type TCreateActivityInput,
  type TListActivitiesInput,
  type TTargetSearchInput,
  type TUpdateActivityInput,
} from "./activities.schemas";
import { customerOr404, fieldError } from "./customers.service";
import { crmVisibleSql, crmVisibleWhere, visibleWhere } from "./visibility";
import { isUuid } from "@/lib/uuid";

/** The organization's IANA time zone ("today" and months are the organization's, not the server's). */
export async function orgTimeZone(tx: Tx, scope: OrgScope): Promise<string> {
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { timeZone: true } });
  return org?.timeZone || "UTC";
}

/** The activities this membership may see (crm/visibility.ts: its workspaces; only its own under record scope "own"). */
export const activityVisibleWhere = (scope: OrgScope): Prisma.ActivityWhereInput => crmVisibleWhere(scope);
/** The same as SQL on alias `a`. */
export const activityVisibleSql = (scope: OrgScope, alias = "a"): Sql => crmVisibleSql(scope, alias);
/** Deals this membership may see, as SQL on alias `d` (the same rule). */
export const dealVisibleSql = (scope: OrgScope, alias = "d"): Sql => crmVisibleSql(scope, alias);
const dealVisibleWhere = (scope: OrgScope): Prisma.DealWhereInput => crmVisibleWhere(scope);
const leadVisibleWhere = (scope: OrgScope): Prisma.LeadWhereInput => crmVisibleWhere(scope);

const ACTIVITY_NOT_FOUND = "Activity not found";

async function activityOr404(tx: Tx, scope: OrgScope, id: string) {
  const a = await tx.activity.findFirst({ where: { ...activityVisibleWhere(scope), id } });
  if (!a) throw notFound(ACTIVITY_NOT_FOUND);
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// List

export interface ActivityRow {
  id: string;
  type: string;
  subject: string;
  body: string | null;
  outcome: string | null;
  customerId: string | null;
  customerName: string | null;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  dealName: string | null;
  dealNumber: string | null;
  leadId: string | null;
  leadName: string | null;
  ownerMembershipId: string | null;
  ownerName: string | null;
  dueAt: Date | null;
  doneAt: Date | null;
  nextAction: string | null;
  nextActionAt: Date | null;
  workspaceId: string | null;
  version: number;
  createdAt: Date;
  /** Open and due before now. */
  overdue: boolean;
}

/** Microsecond-exact UTC text of a timestamptz (a JS Date would lose the microseconds and break keyset paging). */
const exactTime = (col: Sql) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const KEYS: Record<(typeof ACTIVITIES_LIST.sorts)[number], { expr: Sql; text: Sql }> = {
  due: {
    expr: sql`coalesce(a.due_at, 'infinity'::timestamptz)`,
    text: sql`case when a.due_at is null then 'infinity' else ${exactTime(sql`a.due_at`)} end`,
  },
  createdAt: { expr: sql`a.created_at`, text: exactTime(sql`a.created_at`) },
};

const SELECT_ROW = sql`a.id::text as id, a.type::text as type, a.subject, a.body, a.outcome,
  a.customer_id::text as "customerId", c.name as "customerName",
  a.contact_id::text as "contactId", nullif(btrim(ct.first_name || ' ' || coalesce(ct.last_name, '')), '') as "contactName",
  a.deal_id::text as "dealId", d.name as "dealName", d.number as "dealNumber",
  a.lead_id::text as "leadId", l.name as "leadName",
  a.owner_membership_id::text as "ownerMembershipId", u.name as "ownerName",
  a.due_at as "dueAt", a.done_at as "doneAt", a.next_action as "nextAction", a.next_action_at as "nextActionAt",
  a.workspace_id::text as "workspaceId", a.version, a.created_at as "createdAt",
  (a.done_at is null and a.due_at < now()) as overdue`;
const JOINS = sql`left join crm.customers c on c.organization_id = a.organization_id and c.id = a.customer_id
  left join crm.contacts ct on ct.organization_id = a.organization_id and ct.id = a.contact_id
  left join crm.deals d on d.organization_id = a.organization_id and d.id = a.deal_id
  left join crm.leads l on l.organization_id = a.organization_id and l.id = a.lead_id
  left join auth.memberships m on m.organization_id = a.organization_id and m.id = a.owner_membership_id
  left join auth.users u on u.id = m.user_id`;

function uuids(field: string, values: readonly string[], scope: OrgScope): string[] {
  const out = values.map((v) => (v === "me" ? scope.membershipId : v));
  if (!out.every((v) => isUuid(v))) throw badRequest(`filters.${field}`, "Choose records from the list");
  return out;
}

/** `today`'s bounds in the organization's time zone, as SQL. */
const todayStart = (tz: string) => sql`((now() at time zone ${tz})::date)::timestamp at time zone ${tz}`;
const tomorrowStart = (tz: string) => sql`((now() at time zone ${tz})::date + 1)::timestamp at time zone ${tz}`;

export function stateSql(state: ActivityState, tz: string, a = "a"): Sql {
  const t = rawSql(a);
  switch (state) {
    case "open":
      return sql`${t}.done_at is null`;
    case "done":
      return sql`${t}.done_at is not null`;
    case "overdue":
      return sql`(${t}.done_at is null and ${t}.due_at < now())`;
    case "today":
      return sql`(${t}.done_at is null and ${t}.due_at >= ${todayStart(tz)} and ${t}.due_at < ${tomorrowStart(tz)})`;
    case "upcoming":
      return sql`(${t}.done_at is null and ${t}.due_at >= ${tomorrowStart(tz)})`;
  }
}

async function listWhere(tx: Tx, scope: OrgScope, input: TListActivitiesInput): Promise<Sql> {
  const f = input.filters ?? {};
  const parts: Sql[] = [activityVisibleSql(scope)];
  const idFilter = (key: "customer" | "contact" | "deal" | "lead" | "owner", col: string) => {
    const v = f[key];
    if (v?.type === "enum") parts.push(sql`a.${rawSql(col)} = any(${uuids(key, v.values, scope)}::uuid[])`);
  };
  idFilter("customer", "customer_id");
  idFilter("contact", "contact_id");
  idFilter("deal", "deal_id");
  idFilter("lead", "lead_id");
  idFilter("owner", "owner_membership_id");
  if (f.type?.type === "enum") parts.push(sql`a.type::text = any(${f.type.values}::text[])`);
  if (f.state?.type === "enum") {
    const states = f.state.values;
    const known = new Set<string>(["open", "done", "overdue", "today", "upcoming"]);
    if (!states.every((s) => known.has(s))) throw badRequest("filters.state", 'Use "open", "done", "overdue", "today" or "upcoming"');
    const tz = await orgTimeZone(tx, scope);
    parts.push(sql`(${joinSql(states.map((s) => stateSql(s as ActivityState, tz)), " or ")})`);
  }
  if (input.q) {
    const p = likePattern(input.q);
    parts.push(sql`(a.subject ilike ${p} or a.body ilike ${p} or a.outcome ilike ${p})`);
  }
  return and(parts);
}

/** The list contract: keyset pages by due date (undated last) or by creation time; filters and search. */
export async function listActivities(tx: Tx, scope: OrgScope, input: TListActivitiesInput): Promise<ListOutput<ActivityRow>> {
  const sort = input.sort ?? ACTIVITIES_LIST.defaultSort;
  const key = KEYS[sort.id];
  const where = await listWhere(tx, scope, input);
  const perPage = input.perPage;
  const dir = rawSql(sort.desc ? "desc" : "asc");

  if (input.page !== undefined) {
    const rows = await tx.$queryRaw<ActivityRow[]>`select ${SELECT_ROW} from crm.activities a ${JOINS} where ${where}
      order by ${key.expr} ${dir}, a.id ${dir} limit ${perPage} offset ${(input.page - 1) * perPage}`;
    return { rows, ...(await cappedCount(tx, sql`from crm.activities a where ${where}`)) };
  }

  let keyset: Sql = sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string" || !(c.sortValue === "infinity" || !Number.isNaN(Date.parse(c.sortValue))))
      throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    const op = rawSql(sort.desc ? "<" : ">");
    keyset = sql`(${key.expr}, a.id) ${op} (${c.sortValue}::timestamptz, ${c.id}::uuid)`;
  }
  const rows = await tx.$queryRaw<(ActivityRow & { sortKey: string })[]>`select ${SELECT_ROW}, ${key.text} as "sortKey"
    from crm.activities a ${JOINS} where ${where} and ${keyset} order by ${key.expr} ${dir}, a.id ${dir} limit ${perPage + 1}`;
  const page = keysetPage(rows, perPage, (r) => [r.sortKey, r.id]);
  const out: ListOutput<ActivityRow> = { rows: page.rows.map(({ sortKey: _sortKey, ...r }) => r) };
  if (page.nextCursor) out.nextCursor = page.nextCursor;
  if (!input.cursor) Object.assign(out, await cappedCount(tx, sql`from crm.activities a where ${where}`));
  return out;
}

export async function getActivity(tx: Tx, scope: OrgScope, input: { id: string }): Promise<ActivityRow> {
  const rows = await tx.$queryRaw<ActivityRow[]>`select ${SELECT_ROW} from crm.activities a ${JOINS}
    where ${activityVisibleSql(scope)} and a.id = ${input.id}::uuid`;
  if (!rows[0]) throw notFound(ACTIVITY_NOT_FOUND);
  return rows[0];
}

// ---------------------------------------------------------------------------------------------------------------
// Create, update, complete, delete

interface Target {
  customerId: string | null;
  contactId: string | null;
  dealId: string | null;
  leadId: string | null;
  workspaceId: string | null;
}

const archivedTarget = (what: string) => new AppError("PRECONDITION_FAILED", `This ${what} is archived; restore it to log activities on it.`);

/** Resolves the one target to the activity's customer, links and workspace; NOT_FOUND when the caller cannot see it. */
async function resolveTarget(tx: Tx, scope: OrgScope, input: Pick<TCreateActivityInput, "customerId" | "contactId" | "dealId" | "leadId">): Promise<Target> {
  if (input.customerId) {
    const c = await customerOr404(tx, scope, input.customerId);
    if (c.archivedAt) throw archivedTarget("customer");
    return { customerId: c.id, contactId: null, dealId: null, leadId: null, workspaceId: c.workspaceId };
  }
  if (input.contactId) {
    const ct = await tx.contact.findFirst({
      where: { organizationId: scope.orgId, id: input.contactId, customer: visibleWhere(scope) },
      select: { id: true, customerId: true, customer: { select: { workspaceId: true, archivedAt: true } } },
    });
    if (!ct) throw notFound("Contact not found");
    if (ct.customer.archivedAt) throw archivedTarget("customer");
    return { customerId: ct.customerId, contactId: ct.id, dealId: null, leadId: null, workspaceId: ct.customer.workspaceId };
  }
  if (input.dealId) {
    const d = await tx.deal.findFirst({ where: { ...dealVisibleWhere(scope), id: input.dealId }, select: { id: true, customerId: true, workspaceId: true, archivedAt: true } });
    if (!d) throw notFound("Deal not found");
    if (d.archivedAt) throw archivedTarget("deal");
    return { customerId: d.customerId, contactId: null, dealId: d.id, leadId: null, workspaceId: d.workspaceId };
  }
  const l = await tx.lead.findFirst({ where: { ...leadVisibleWhere(scope), id: input.leadId! }, select: { id: true, workspaceId: true, archivedAt: true } });
  if (!l) throw notFound("Lead not found");
  if (l.archivedAt) throw archivedTarget("lead");
  return { customerId: null, contactId: null, dealId: null, leadId: l.id, workspaceId: l.workspaceId };
}

/** The owner: the caller by default; another active member only for members who see more than their own records. */
async function checkOwner(tx: Tx, scope: OrgScope, ownerMembershipId: string | null | undefined): Promise<string | null | undefined> {
  if (ownerMembershipId === undefined || ownerMembershipId === scope.membershipId) return ownerMembershipId;
  if (ownerMembershipId === null || scope.recordScope === "own") {
    throw fieldError("ownerMembershipId", "You can only own your activities yourself");
  }
  const m = await tx.membership.findFirst({ where: { organizationId: scope.orgId, id: ownerMembershipId, status: "active" }, select: { id: true } });
  if (!m) throw fieldError("ownerMembershipId", "Choose an active member of the organization");
  return ownerMembershipId;
}

export async function createActivity(tx: Tx, scope: OrgScope, input: TCreateActivityInput): Promise<ActivityRow> {
  const target = await resolveTarget(tx, scope, input);
  const owner = (await checkOwner(tx, scope, input.ownerMembershipId)) ?? scope.membershipId;
  const row = await tx.activity.create({
    data: {
      organizationId: scope.orgId,
      ...target,
      type: input.type,
      subject: input.subject,
      body: input.body ?? null,
      outcome: input.outcome ?? null,
      dueAt: input.dueAt ?? null,
      doneAt: input.done ? new Date() : null,
      nextAction: input.nextAction ?? null,
      nextActionAt: input.nextActionAt ?? null,
      ownerMembershipId: owner,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
    select: { id: true },
  });
  return getActivity(tx, scope, { id: row.id });
}

const stale = () => new AppError("CONFLICT", "This activity was changed by someone else. Reload it and try again.");

export async function updateActivity(tx: Tx, scope: OrgScope, input: TUpdateActivityInput): Promise<ActivityRow> {
  const current = await activityOr404(tx, scope, input.id);
  if (current.version !== input.version) throw stale();
  const owner = await checkOwner(tx, scope, input.ownerMembershipId);
  const data: Prisma.ActivityUncheckedUpdateManyInput = { version: { increment: 1 }, updatedBy: scope.userId };
  const keys = ["type", "subject", "body", "outcome", "dueAt", "nextAction", "nextActionAt"] as const;
  for (const k of keys) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  if (owner !== undefined) data.ownerMembershipId = owner;
  const { count } = await tx.activity.updateMany({ where: { ...activityVisibleWhere(scope), id: input.id, version: input.version }, data });
  if (count !== 1) throw stale();
  return getActivity(tx, scope, { id: input.id });
}

/**
 * Marks an open activity done (now) with its outcome. A next action becomes, in the same transaction, an open task on
 * the same target and owner, due at the next action's date.
 */
export async function completeActivity(tx: Tx, scope: OrgScope, input: TCompleteActivityInput): Promise<{ activity: ActivityRow; followUp: ActivityRow | null }> {
  const current = await activityOr404(tx, scope, input.id);
  if (current.doneAt) throw new AppError("PRECONDITION_FAILED", "This activity is already done.");
  if (current.version !== input.version) throw stale();
  const data: Prisma.ActivityUpdateManyMutationInput = { doneAt: new Date(), version: { increment: 1 }, updatedBy: scope.userId };
  if (input.outcome !== undefined) data.outcome = input.outcome;
  if (input.nextAction !== undefined) data.nextAction = input.nextAction;
  if (input.nextActionAt !== undefined) data.nextActionAt = input.nextActionAt;
  const { count } = await tx.activity.updateMany({ where: { ...activityVisibleWhere(scope), id: input.id, version: input.version, doneAt: null }, data });
  if (count !== 1) throw stale();
  let followUp: ActivityRow | null = null;
  if (input.nextAction) {
    const f = await tx.activity.create({
      data: {
        organizationId: scope.orgId,
        workspaceId: current.workspaceId,
        customerId: current.customerId,
        contactId: current.contactId,
        dealId: current.dealId,
        leadId: current.leadId,
        type: "task",
        subject: input.nextAction,
        dueAt: input.nextActionAt ?? null,
        ownerMembershipId: current.ownerMembershipId ?? scope.membershipId,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      },
      select: { id: true },
    });
    followUp = await getActivity(tx, scope, { id: f.id });
  }
  return { activity: await getActivity(tx, scope, { id: input.id }), followUp };
}

/** Deletes an activity the caller can see (under record scope "own": only their own). */
export async function deleteActivity(tx: Tx, scope: OrgScope, input: { id: string }): Promise<{ id: string }> {
  await activityOr404(tx, scope, input.id);
  await tx.activity.deleteMany({ where: { ...activityVisibleWhere(scope), id: input.id } });
  return { id: input.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Target picker

export interface TargetOption {
  value: string;
  label: string;
  description?: string;
}

/** Up to 10 visible, unarchived customers / deals / leads whose name or number contains `q` (name order). */
export async function searchTargets(tx: Tx, scope: OrgScope, input: TTargetSearchInput): Promise<TargetOption[]> {
  const p = likePattern(input.q);
  if (input.kind === "customer") {
    return tx.$queryRaw<TargetOption[]>`select c.id::text as value, c.name as label, c.number as description from crm.customers c
      where ${crmVisibleSql(scope, "c")} and c.archived_at is null and (c.name ilike ${p} or c.number ilike ${p}) order by c.name, c.id limit 10`;
  }
  if (input.kind === "deal") {
    return tx.$queryRaw<TargetOption[]>`select d.id::text as value, d.name as label, d.number || ' · ' || c.name as description
      from crm.deals d join crm.customers c on c.organization_id = d.organization_id and c.id = d.customer_id
      where ${dealVisibleSql(scope)} and d.archived_at is null and (d.name ilike ${p} or d.number ilike ${p}) order by d.name, d.id limit 10`;
  }
  return tx.$queryRaw<TargetOption[]>`select l.id::text as value, l.name as label, l.company_name as description from crm.leads l
    where ${crmVisibleSql(scope, "l")} and l.archived_at is null and l.converted_at is null and (l.name ilike ${p} or l.company_name ilike ${p}) order by l.name, l.id limit 10`;
}
