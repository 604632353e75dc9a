// A customer's timeline and summary, and the CRM dashboard. Read-only; every figure is one SQL aggregate over one
// child table at a time (never deals and activities joined in one GROUP BY: seed 001's fan-out bug), with the same
// visibility as the lists (workspace; record scope "own" → own deals and activities).
import type { Tx } from "@/server/db/scope";
import { COUNT_CAP, encodeCursor } from "@/lib/list";
import { Dx } from "@/lib/money/decimal";
import { badRequest, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import type { TDashboardInput, TTimelineInput } from "./activities.schemas";
import { activityVisibleSql, dealVisibleSql, orgTimeZone } from "./activities.service";
import { customerOr404 } from "./customers.service";
import { dealTotalsVisibleSql, TOTALS_ALL, TOTALS_NONE } from "./visibility";

const exactTime = (col: Sql) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// ---------------------------------------------------------------------------------------------------------------
// Timeline

export type TimelineItem =
  | { kind: "activity"; id: string; at: Date; actorName: string | null; data: ActivityItemData }
  | { kind: "status"; id: string; at: Date; actorName: string | null; data: StatusItemData }
  | { kind: "audit"; id: string; at: Date; actorName: string | null; data: AuditItemData };

export interface ActivityItemData {
  type: string;
  subject: string;
  outcome: string | null;
  dueAt: string | null;
  doneAt: string | null;
  contactId: string | null;
  dealId: string | null;
  dealName: string | null;
}
export interface StatusItemData {
  entityType: "customer" | "deal";
  entityId: string;
  from: string;
  to: string;
  transition: string;
  reason: string | null;
}
export interface AuditItemData {
  /** insert / update / delete for row changes; the business action otherwise. */
  action: string;
  /** "crm.customers", "crm.contacts", "crm.deals"; null for a business event. */
  table: string | null;
  recordId: string | null;
  /** The columns an update changed (their values are on the record's own history). */
  fields: string[];
  /** A status or stage change inside an update: { old, new }. */
  status: { old: string | null; new: string | null } | null;
}

/**
 * One merged stream, newest first: the customer's activities (with those logged on its contacts and deals: they carry
 * its customer_id), status changes of the customer and its deals (audit.status_history), and audit events of the
 * customer, its contacts and its deals. Keyset-paged over the merged stream by (time, id): each source contributes
 * its next perPage + 1 rows after the cursor, the UNION ALL is ordered once and cut at perPage + 1.
 */
export async function customerTimeline(tx: Tx, scope: OrgScope, input: TTimelineInput) {
  const customer = await customerOr404(tx, scope, input.customerId);
  const n = input.perPage + 1;
  const cid = customer.id;
  let after = (_t: Sql, _id: Sql): Sql => sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string" || Number.isNaN(Date.parse(c.sortValue))) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    const at = c.sortValue;
    after = (t, id) => sql`(${t}, ${id}) < (${at}::timestamptz, ${c.id}::uuid)`;
  }
  const rows = await tx.$queryRaw<{ kind: TimelineItem["kind"]; id: string; at: Date; atKey: string; actorName: string | null; data: unknown }[]>`
    with deal_ids as (select d.id from crm.deals d where ${dealVisibleSql(scope)} and d.customer_id = ${cid}::uuid),
         contact_ids as (select ct.id from crm.contacts ct where ct.organization_id = ${scope.orgId}::uuid and ct.customer_id = ${cid}::uuid),
         merged as (
      (select 'activity' as kind, a.id, a.created_at as at, u.name as "actorName",
              jsonb_build_object('type', a.type, 'subject', a.subject, 'outcome', a.outcome, 'dueAt', a.due_at, 'doneAt', a.done_at,
                                 'contactId', a.contact_id, 'dealId', a.deal_id, 'dealName', d.name) as data
         from crm.activities a
         left join crm.deals d on d.organization_id = a.organization_id and d.id = a.deal_id
         left join auth.users u on u.id = a.created_by
        where ${activityVisibleSql(scope)} and a.customer_id = ${cid}::uuid and ${after(sql`a.created_at`, sql`a.id`)}
        order by a.created_at desc, a.id desc limit ${n})
      union all
      (select 'status', h.id, h.created_at, u.name,
              jsonb_build_object('entityType', h.entity_type, 'entityId', h.entity_id, 'from', h.from_status, 'to', h.to_status,
                                 'transition', h.transition, 'reason', h.reason)
         from audit.status_history h
         left join auth.users u on u.id = h.actor_id
        where h.organization_id = ${scope.orgId}::uuid
          and ((h.entity_type = 'customer' and h.entity_id = ${cid}::uuid)
               or (h.entity_type = 'deal' and h.entity_id in (select id from deal_ids)))
          and ${after(sql`h.created_at`, sql`h.id`)}
        order by h.created_at desc, h.id desc limit ${n})
      union all
      (select 'audit', e.id, e.created_at, u.name,
              jsonb_build_object('action', e.action, 'table', e.table_name, 'recordId', e.record_id,
                'fields', case when e.operation = 'UPDATE'
                               then (select coalesce(jsonb_agg(k order by k), '[]'::jsonb) from jsonb_object_keys(e.changes) k
                                      where k not in ('version', 'updated_at', 'updated_by'))
                               else '[]'::jsonb end,
                'status', case when e.operation = 'UPDATE' then coalesce(e.changes -> 'status', e.changes -> 'stage') end)
         from audit.events e
         left join auth.users u on u.id = e.actor_id
        where e.organization_id = ${scope.orgId}::uuid
          and ((e.table_name = 'crm.customers' and e.record_id = ${cid})
               or (e.table_name = 'crm.contacts' and e.record_id in (select id::text from contact_ids))
               or (e.table_name = 'crm.deals' and e.record_id in (select id::text from deal_ids))
               -- Business events about the customer or its deals; status changes come from status_history above.
               or (e.table_name is null and e.action not in ('status_change', 'approval')
                   and (e.record_id = ${cid} or e.record_id in (select id::text from deal_ids))))
          and ${after(sql`e.created_at`, sql`e.id`)}
        order by e.created_at desc, e.id desc limit ${n})
    )
    select kind, id::text as id, at, ${exactTime(sql`at`)} as "atKey", "actorName", data
      from merged order by at desc, id desc limit ${n}`;
  const hasMore = rows.length > input.perPage;
  const page = hasMore ? rows.slice(0, input.perPage) : rows;
  const last = page.at(-1);
  return {
    rows: page.map(({ atKey: _k, ...r }) => r as TimelineItem),
    ...(hasMore && last ? { nextCursor: encodeCursor(last.atKey, last.id) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

export interface CustomerSummary {
  customerId: string;
  /** Deals not archived (open and closed). */
  dealCount: number;
  openDealCount: number;
  /** Money per currency (no conversion): open pipeline value, its weighted value, won value. Sorted by currency. */
  money: { currency: string; openValue: string; weightedValue: string; wonValue: string }[];
  /** The latest time an activity was logged or completed: max(coalesce(done_at, created_at)). */
  lastActivityAt: Date | null;
  openActivities: number;
  overdueActivities: number;
}

/**
 * Separate scalar sub-selects per child table — deals are aggregated over deals only and activities over activities
 * only, so no row of one multiplies the other (seed 001's fan-out).
 */
export async function customerSummary(tx: Tx, scope: OrgScope, input: { id: string }): Promise<CustomerSummary> {
  const customer = await customerOr404(tx, scope, input.id);
  const cid = customer.id;
  const deals = sql`from crm.deals d where ${dealVisibleSql(scope)} and d.customer_id = ${cid}::uuid and d.archived_at is null`;
  const acts = sql`from crm.activities a where ${activityVisibleSql(scope)} and a.customer_id = ${cid}::uuid`;
  const [row] = await tx.$queryRaw<Omit<CustomerSummary, "customerId">[]>`select
      (select count(*) ${deals})::int as "dealCount",
      (select count(*) ${deals} and d.closed_at is null)::int as "openDealCount",
      (select coalesce(jsonb_agg(x order by x.currency), '[]'::jsonb) from (
         select d.currency,
                coalesce(sum(d.value) filter (where d.closed_at is null), 0)::numeric(18,2)::text as "openValue",
                coalesce(round(sum(d.value * d.probability) filter (where d.closed_at is null) / 100, 2), 0)::numeric(18,2)::text as "weightedValue",
                coalesce(sum(d.value) filter (where d.stage = 'won'), 0)::numeric(18,2)::text as "wonValue"
         ${deals} group by d.currency) x) as money,
      (select max(coalesce(a.done_at, a.created_at)) ${acts}) as "lastActivityAt",
      (select count(*) ${acts} and a.done_at is null)::int as "openActivities",
      (select count(*) ${acts} and a.done_at is null and a.due_at < now())::int as "overdueActivities"`;
  return { customerId: cid, ...row! };
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboard

export const OPEN_STAGES = ["lead", "qualified", "proposal", "negotiation", "closing"] as const;

export interface Dashboard {
  currency: string;
  /** Currencies enabled in the organization (the money widgets show one at a time). */
  currencies: string[];
  timeZone: string;
  /** The owner filter applied (a membership id), or null for everyone visible. */
  owner: string | null;
  today: string;
  pipeline: { stage: (typeof OPEN_STAGES)[number]; count: number; value: string; weightedValue: string }[];
  closingSoon: { from: string; to: string; count: number; value: string; weightedValue: string };
  wonLost: { month: string; from: string; to: string; wonCount: number; wonValue: string; lostCount: number; lostValue: string }[];
  /** Null when the caller may not read activities. */
  /** Counts stop at COUNT_CAP (…Capped: "more than 10,000"). */
  activitiesDue: { today: number; todayCapped: boolean; overdue: number; overdueCapped: boolean } | null;
  topCustomers: { customerId: string; number: string; name: string; wonValue: string; wonCount: number }[];
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);
/** A decimal rounded half-up to 2 places, as text. */
const money2 = (v: string | InstanceType<typeof Dx>) => new Dx(v).toDecimalPlaces(2).toFixed(2);

/**
 * The manager's dashboard, one aggregate query per widget, each answered from an index leading with organization_id
 * (migration 20261201180000_crm_activities): open deals by (currency, stage) with value and probability included,
 * closed deals by (currency, closed_at), open activities by due date. Money widgets are in one currency (default:
 * the base currency); days and months are the organization's time zone.
 */
export async function dashboard(tx: Tx, scope: OrgScope, input: TDashboardInput): Promise<Dashboard> {
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { timeZone: true, baseCurrency: true } });
  const tz = org?.timeZone || (await orgTimeZone(tx, scope));
  const currency = input.currency ?? org?.baseCurrency ?? "USD";
  const owner = input.owner === "me" ? scope.membershipId : (input.owner ?? null);
  const enabled = await tx.currency.findMany({ where: { organizationId: scope.orgId }, select: { code: true }, orderBy: { code: "asc" } });
  const currencies = [...new Set([...enabled.map((c) => c.code), currency])].sort();

  const localToday = sql`(now() at time zone ${tz})::date`;

  // Every widget reads pre-summed rows with the deals' visibility (workspace; record scope "own"; the owner filter),
  // never the deals themselves, so the dashboard costs the same at 500 or 500,000 deals:
  //  - pipeline by stage, won vs lost by month: crm.deal_totals (per stage, close month, workspace, owner — migration
  //    20261201260000_crm_deal_totals);
  //  - closing in 30 days: crm.deal_close_day_totals (open deals per expected close day, workspace and owner), at most
  //    31 days of rows;
  //  - top customers: crm.customer_won_totals (migration 20261202110000_crm_dashboard_perf), see topCustomersSql.
  const totals = sql`from crm.deal_totals t where ${dealTotalsVisibleSql(scope, owner)} and t.currency = ${currency}`;
  const closeDays = sql`from crm.deal_close_day_totals t where ${dealTotalsVisibleSql(scope, owner)} and t.currency = ${currency}::char(3)
    and t.close_date >= ${localToday} and t.close_date <= ${localToday} + 30`;
  const [[today], pipelineRows, [soon], monthRows, topRows] = await Promise.all([
    tx.$queryRaw<{ today: Date; monthStart: Date }[]>`select ${localToday} as today`,
    tx.$queryRaw<{ rank: number; count: number; value: string; weighted: string }[]>`
      select t.stage_rank::int as rank, sum(t.deal_count)::int as count, sum(t.value)::text as value, sum(t.weighted)::text as weighted
        ${totals} and t.stage_rank between 1 and 5 group by t.stage_rank`,
    tx.$queryRaw<{ count: number; value: string; weighted: string }[]>`
      select coalesce(sum(t.deal_count), 0)::int as count, coalesce(sum(t.value), 0)::text as value, coalesce(sum(t.weighted), 0)::text as weighted
        ${closeDays}`,
    tx.$queryRaw<{ month: string; wonCount: number; wonValue: string; lostCount: number; lostValue: string }[]>`
      select to_char(t.close_month, 'YYYY-MM') as month,
             coalesce(sum(t.deal_count) filter (where t.stage_rank = 6), 0)::int as "wonCount",
             coalesce(sum(t.value) filter (where t.stage_rank = 6), 0)::numeric(18,2)::text as "wonValue",
             coalesce(sum(t.deal_count) filter (where t.stage_rank = 7), 0)::int as "lostCount",
             coalesce(sum(t.value) filter (where t.stage_rank = 7), 0)::numeric(18,2)::text as "lostValue"
        ${totals} and t.stage_rank between 6 and 7
         and t.close_month >= (date_trunc('month', now() at time zone ${tz}) - interval '11 months')::date
       group by 1`,
    topCustomers(tx, scope, currency, owner),
  ]);

  let activitiesDue: Dashboard["activitiesDue"] = null;
  if (scope.permissions.has("crm.activity.read")) {
    const ownerAct = owner ? sql`and a.owner_membership_id = ${owner}::uuid` : sql``;
    // Counted up to COUNT_CAP each (like the lists' totals): a backlog of a million overdue tasks is "more than 10,000".
    const open = sql`from crm.activities a where ${activityVisibleSql(scope)} ${ownerAct} and a.done_at is null`;
    const [a] = await tx.$queryRaw<{ today: number; overdue: number }[]>`select
        (select count(*) from (select 1 ${open} and a.due_at >= ${localToday}::timestamp at time zone ${tz}
                                 and a.due_at < (${localToday} + 1)::timestamp at time zone ${tz} limit ${COUNT_CAP + 1}) t)::int as today,
        (select count(*) from (select 1 ${open} and a.due_at < now() limit ${COUNT_CAP + 1}) t)::int as overdue`;
    const cap = (n: number) => ({ n: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP });
    const today = cap(a?.today ?? 0);
    const overdue = cap(a?.overdue ?? 0);
    activitiesDue = { today: today.n, todayCapped: today.capped, overdue: overdue.n, overdueCapped: overdue.capped };
  }

  const todayStr = ymd(today!.today);
  const byRank = new Map(pipelineRows.map((r) => [r.rank, r]));
  const byMonth = new Map(monthRows.map((r) => [r.month, r]));
  const [y, m] = todayStr.split("-").map(Number) as [number, number];
  const wonLost: Dashboard["wonLost"] = [];
  for (let i = 11; i >= 0; i--) {
    const first = new Date(Date.UTC(y, m - 1 - i, 1));
    const last = new Date(Date.UTC(y, m - i, 0));
    const month = ymd(first).slice(0, 7);
    const r = byMonth.get(month);
    wonLost.push({ month, from: ymd(first), to: ymd(last), wonCount: r?.wonCount ?? 0, wonValue: r?.wonValue ?? "0.00", lostCount: r?.lostCount ?? 0, lostValue: r?.lostValue ?? "0.00" });
  }
  const plus30 = new Date(Date.UTC(y, m - 1, Number(todayStr.slice(8, 10)) + 30));
  return {
    currency,
    currencies,
    timeZone: tz,
    owner,
    today: todayStr,
    pipeline: OPEN_STAGES.map((stage, i) => {
      const r = byRank.get(i + 1);
      return { stage, count: r?.count ?? 0, value: money2(r?.value ?? "0"), weightedValue: money2(r?.weighted ?? "0") };
    }),
    closingSoon: {
      from: todayStr,
      to: ymd(plus30),
      count: soon?.count ?? 0,
      value: money2(soon?.value ?? "0"),
      weightedValue: money2(soon?.weighted ?? "0"),
    },
    wonLost,
    activitiesDue,
    topCustomers: topRows,
  };
}

type TopCustomer = Dashboard["topCustomers"][number];

/**
 * The 10 customers with the highest won value in `currency`, from crm.customer_won_totals. When none of the won
 * deals in reach (this owner's, under record scope "own" or an owner filter) lies in a workspace the member does not
 * see — always so for a member who sees every workspace — the member's figures are the (ALL, ALL) / (ALL, owner)
 * rows: read in the order of the index (organization_id, currency, workspace_key, owner_key, won_value desc,
 * customer_id) and stopped at 10, whatever the number of deals or customers. The customers must be visible too (their
 * workspace); should one of those 10 not be, or should won deals lie in a workspace the member does not see, the
 * member's own (workspace, owner) rows are summed per customer instead (bounded by the customers with won deals in
 * reach, not by the deals).
 */
export async function topCustomers(tx: Tx, scope: OrgScope, currency: string, owner: string | null): Promise<TopCustomer[]> {
  if (scope.recordScope === "own" && owner && owner !== scope.membershipId) return [];
  const ownerKey = scope.recordScope === "own" ? scope.membershipId : owner;
  const out = sql`c.id::text as "customerId", c.number, c.name, w.v::numeric(18,2)::text as "wonValue", w.n::int as "wonCount"`;
  const customerVisible = sql`c.organization_id = ${scope.orgId}::uuid and c.id = w.customer_id
    and (c.workspace_id is null or c.workspace_id = any(${scope.workspaceIds}::uuid[]))`;
  // One index probe (organization_id, currency, workspace_key[, owner_key]) per workspace the member does not see.
  const [reach] = await tx.$queryRaw<{ whole: boolean }[]>`
    select not exists (
      select 1 from platform.workspaces ws
       where ws.organization_id = ${scope.orgId}::uuid and not (ws.id = any(${scope.workspaceIds}::uuid[]))
         and exists (select 1 from crm.customer_won_totals t
                      where t.organization_id = ${scope.orgId}::uuid and t.currency = ${currency}::char(3) and t.workspace_key = ws.id
                        ${ownerKey ? sql`and t.owner_key = ${ownerKey}::uuid` : sql``})) as whole`;
  if (reach?.whole) {
    const rows = await tx.$queryRaw<(TopCustomer & { visible: boolean })[]>`
      select ${out}, c.id is not null as visible from (
        select t.customer_id, t.won_value as v, t.won_count as n from crm.customer_won_totals t
         where t.organization_id = ${scope.orgId}::uuid and t.currency = ${currency}::char(3)
           and t.workspace_key = ${TOTALS_ALL}::uuid and t.owner_key = ${ownerKey ?? TOTALS_ALL}::uuid
         order by t.won_value desc, t.customer_id limit 10) w
      left join crm.customers c on ${customerVisible}
      order by w.v desc, w.customer_id`;
    if (rows.every((r) => r.visible)) return rows.map(({ visible: _v, ...r }) => r);
  }
  return tx.$queryRaw<TopCustomer[]>`
    select ${out} from (
      select t.customer_id, sum(t.won_value) as v, sum(t.won_count) as n from crm.customer_won_totals t
       where t.organization_id = ${scope.orgId}::uuid and t.currency = ${currency}::char(3)
         and (t.workspace_key = ${TOTALS_NONE}::uuid or t.workspace_key = any(${scope.workspaceIds}::uuid[]))
         ${ownerKey ? sql`and t.owner_key = ${ownerKey}::uuid` : sql``}
       group by t.customer_id) w
    join crm.customers c on ${customerVisible}
    order by w.v desc, w.customer_id limit 10`;
}
