// Deals: numbered DEAL-{#####} from the kernel numbering, owned by a customer (a workspace customer's deals live in
// its workspace), moved through the pipeline stages by the deal machine (audit.status_history) with the probability
// rule (service clamps, the check deals_probability_check refuses), priced by their lines (kernel lineTotals), and
// summed per stage for the pipeline board in one grouped query. Visibility: visibility.ts.
import { Prisma } from "@/generated/prisma/client";
import type { ListCount, ListOutput } from "@/lib/list";
import { documentTotals, lineTotals } from "@/lib/money/totals";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, badRequest, cappedCount, filterSql, keysetPage, orderBy, rawSql, readCursor, sql, afterCursor, wantsTotal, type Sql } from "@/server/kernel/list-query";
import { baseCurrency } from "@/server/kernel/money";
import * as numbering from "@/server/kernel/numbering";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine, historyFor, type TransitionDef } from "@/server/kernel/state-machine";
import { customerOr404, fieldError } from "./customers.service";
import {
  DEAL_STAGES,
  DEALS_LIST,
  STAGE_CAP,
  isClosedStage,
  probabilityFor,
  type DealStage,
  type TBoardInput,
  type TCreateDealInput,
  type TListDealsInput,
  type TMoveStageInput,
  type TSetLinesInput,
  type TUpdateDealInput,
} from "./deals.schemas";
import { orgTimeZone } from "./activities.service";
import { searchWords, TERM_ENTITY, termsMatchSql } from "./search-terms";
import { archiveActions } from "./archive";
import { activeMembers, crmVisibleSql, crmVisibleWhere, dealTotalsVisibleSql } from "./visibility";

type DealRow = Prisma.DealGetPayload<object>;

/** One transition per target stage ("to_won", …), from every other stage; lost needs a reason. */
const transitions = Object.fromEntries(
  DEAL_STAGES.map((to) => [
    `to_${to}`,
    { from: DEAL_STAGES.filter((s) => s !== to), to, label: `Move to ${to}`, permission: "crm.deal.manage", requiresReason: to === "lost" } satisfies TransitionDef<DealStage, undefined>,
  ]),
) as unknown as Record<`to_${DealStage}`, TransitionDef<DealStage, undefined>>;

export const dealMachine = defineMachine<DealStage, `to_${DealStage}`, undefined>({ entityType: "deal", states: DEAL_STAGES, transitions });

export { probabilityFor };

const DEAL_NOT_FOUND = "Deal not found";
const stale = () => new AppError("CONFLICT", "This deal was changed by someone else. Reload it and try again.");

export async function dealOr404(tx: Tx, scope: OrgScope, id: string): Promise<DealRow> {
  const d = await tx.deal.findFirst({ where: { ...crmVisibleWhere(scope), id } });
  if (!d) throw notFound(DEAL_NOT_FOUND);
  return d;
}

const dateOut = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function dealOut(d: DealRow) {
  return {
    id: d.id,
    number: d.number,
    workspaceId: d.workspaceId,
    customerId: d.customerId,
    contactId: d.contactId,
    leadId: d.leadId,
    name: d.name,
    stage: d.stage as DealStage,
    probability: d.probability,
    value: d.value.toFixed(2),
    currency: d.currency,
    expectedCloseDate: dateOut(d.expectedCloseDate),
    ownerMembershipId: d.ownerMembershipId,
    source: d.source,
    competitors: d.competitors,
    wonReason: d.wonReason,
    lostReason: d.lostReason,
    lostToCompetitor: d.lostToCompetitor,
    closedAt: d.closedAt,
    stageChangedAt: d.stageChangedAt,
    archivedAt: d.archivedAt,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List

export interface DealListRow {
  id: string;
  number: string;
  name: string;
  stage: DealStage;
  probability: number;
  value: string;
  currency: string;
  expectedCloseDate: string | null;
  customerId: string;
  customerName: string;
  customerNumber: string;
  ownerMembershipId: string | null;
  ownerName: string | null;
  workspaceId: string | null;
  archivedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  version: number;
}

const COLUMNS: Record<(typeof DEALS_LIST.sorts)[number], Sql> = {
  number: sql`d.number`,
  name: sql`d.name`,
  value: sql`d.value`,
  expectedCloseDate: sql`d.expected_close_date`,
  createdAt: sql`d.created_at`,
};
const SELECT = sql`select d.id::text as id, d.number, d.name, d.stage::text as stage, d.probability::int as probability,
  d.value::text as value, d.currency, to_char(d.expected_close_date, 'YYYY-MM-DD') as "expectedCloseDate",
  d.customer_id::text as "customerId", c.name as "customerName", c.number as "customerNumber",
  d.owner_membership_id::text as "ownerMembershipId", u.name as "ownerName", d.workspace_id::text as "workspaceId",
  d.archived_at as "archivedAt", d.closed_at as "closedAt", d.created_at as "createdAt", d.version`;
const FROM = sql`from crm.deals d`;
const JOINS = sql`join crm.customers c on c.organization_id = d.organization_id and c.id = d.customer_id
  left join auth.memberships m on m.organization_id = d.organization_id and m.id = d.owner_membership_id
  left join auth.users u on u.id = m.user_id`;

function listWhere(scope: OrgScope, input: TListDealsInput, timeZone: string): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [crmVisibleSql(scope, "d")];
  const archived = f.archived?.type === "enum" ? f.archived.values : ["active"];
  const wantActive = archived.includes("active");
  const wantArchived = archived.includes("archived");
  if (!wantActive && !wantArchived) throw badRequest("filters.archived", 'Use "active" and/or "archived"');
  if (wantActive && !wantArchived) parts.push(sql`d.archived_at is null`);
  if (wantArchived && !wantActive) parts.push(sql`d.archived_at is not null`);
  if (f.stage) {
    parts.push(filterSql(sql`d.stage::text`, f.stage));
    // The same condition on the generated stage_rank (1 lead … 6 won, 7 lost), which leads the indexes
    // (organization_id, stage_rank, closed_at | expected_close_date): "won, closed in March" reads one index range.
    if (f.stage.type === "enum") {
      const ranks = f.stage.values.map((v) => DEAL_STAGES.indexOf(v as DealStage) + 1).filter((r) => r > 0);
      if (ranks.length === f.stage.values.length) parts.push(sql`d.stage_rank = any(${ranks}::smallint[])`);
    }
  }
  if (f.owner) parts.push(filterSql(sql`d.owner_membership_id::text`, f.owner));
  if (f.customer) parts.push(filterSql(sql`d.customer_id::text`, f.customer));
  if (f.closeDate?.type === "dateRange") {
    if (f.closeDate.from) parts.push(sql`d.expected_close_date >= ${f.closeDate.from}::date`);
    if (f.closeDate.to) parts.push(sql`d.expected_close_date <= ${f.closeDate.to}::date`);
  }
  if (f.currency) parts.push(filterSql(sql`d.currency`, f.currency));
  // Closed between two days of the organization's calendar: [from 00:00, to + 1 day 00:00) in its time zone.
  if (f.closed?.type === "dateRange") {
    if (f.closed.from) parts.push(sql`d.closed_at >= (${f.closed.from}::date)::timestamp at time zone ${timeZone}`);
    if (f.closed.to) parts.push(sql`d.closed_at < (${f.closed.to}::date + 1)::timestamp at time zone ${timeZone}`);
  }
  // Every word starts a word of the name or is the number (crm.search_terms: leakproof ranges, an index under RLS).
  if (input.q?.trim()) parts.push(termsMatchSql(sql`d.id`, TERM_ENTITY.deal, scope.orgId, searchWords(input.q)));
  return and(parts);
}

/** The list contract: keyset pages by number (unique index (organization_id, number)), numbered pages otherwise. */
export async function listDeals(tx: Tx, scope: OrgScope, input: TListDealsInput): Promise<ListOutput<DealListRow>> {
  const sort = input.sort ?? DEALS_LIST.defaultSort;
  const column = COLUMNS[sort.id];
  const where = listWhere(scope, input, input.filters?.closed ? await orgTimeZone(tx, scope) : "UTC");
  const perPage = input.perPage;
  if (sort.id === "number" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      keyset = afterCursor(column, sql`d.id`, sql`${c.sortValue}`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<DealListRow[]>`${SELECT} ${FROM} ${JOINS} where ${where} and ${keyset} ${orderBy(column, sql`d.id`, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [r.number, r.id]);
    const out: ListOutput<DealListRow> = { rows: page.rows };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor && wantsTotal(input)) Object.assign(out, await cappedCount(tx, sql`${FROM} where ${where}`));
    return out;
  }
  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const rows = await tx.$queryRaw<DealListRow[]>`${SELECT} ${FROM} ${JOINS} where ${where}
    order by ${column} ${dir} nulls last, d.id ${dir} limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows, ...(wantsTotal(input) ? await cappedCount(tx, sql`${FROM} where ${where}`) : {}) };
}

/** The list's capped count alone for the same input (`crm.deals.count`, the DataTable's lazy count); see countCustomers. */
export async function countDeals(tx: Tx, scope: OrgScope, input: TListDealsInput): Promise<ListCount> {
  const where = listWhere(scope, input, input.filters?.closed ? await orgTimeZone(tx, scope) : "UTC");
  return cappedCount(tx, sql`${FROM} where ${where}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Get

export async function getDeal(tx: Tx, scope: OrgScope, input: { id: string }) {
  const d = await dealOr404(tx, scope, input.id);
  const [customer, lines, owner, history] = await Promise.all([
    tx.customer.findFirst({ where: { organizationId: scope.orgId, id: d.customerId }, select: { id: true, number: true, name: true } }),
    tx.dealLine.findMany({ where: { organizationId: scope.orgId, dealId: d.id }, orderBy: { lineNo: "asc" } }),
    d.ownerMembershipId
      ? tx.membership.findFirst({ where: { organizationId: scope.orgId, id: d.ownerMembershipId }, select: { id: true, user: { select: { name: true } } } })
      : null,
    historyFor(tx, scope, "deal", d.id),
  ]);
  const totals = documentTotals(
    lines.map((l) => ({ base: l.netAmount, discount: new Prisma.Decimal(0), net: l.netAmount, tax: l.taxAmount, gross: l.grossAmount, taxRate: l.taxRate })),
  );
  return {
    ...dealOut(d),
    customer: customer ? { id: customer.id, number: customer.number, name: customer.name } : null,
    owner: owner ? { id: owner.id, name: owner.user.name } : null,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.lineNo,
      product: l.product,
      quantity: l.quantity.toString(),
      unitPrice: l.unitPrice.toString(),
      discountPercent: l.discountPercent.toString(),
      taxRate: l.taxRate.toString(),
      netAmount: l.netAmount.toFixed(2),
      taxAmount: l.taxAmount.toFixed(2),
      grossAmount: l.grossAmount.toFixed(2),
    })),
    totals: { net: totals.net.toFixed(2), tax: totals.tax.toFixed(2), gross: totals.gross.toFixed(2) },
    history: history.map((h) => ({ id: h.id, from: h.fromStatus, to: h.toStatus, reason: h.reason, actor: h.actor?.name ?? null, at: h.createdAt })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Create, update

async function checkOwner(tx: Tx, scope: OrgScope, ownerMembershipId: string | null | undefined) {
  if (!ownerMembershipId) return;
  const m = await tx.membership.findFirst({ where: { organizationId: scope.orgId, id: ownerMembershipId, status: "active" }, select: { id: true } });
  if (!m) throw fieldError("ownerMembershipId", "Choose an active member of the organization");
}

async function checkContact(tx: Tx, scope: OrgScope, customerId: string, contactId: string | null | undefined) {
  if (!contactId) return;
  const c = await tx.contact.findFirst({ where: { organizationId: scope.orgId, id: contactId, customerId }, select: { id: true } });
  if (!c) throw fieldError("contactId", "Choose a contact of this customer");
}

/** createDeal's input: the procedure's parsed input, or the conversion's (which also links the lead). */
export type CreateDealArgs = { [K in keyof TCreateDealInput]?: TCreateDealInput[K] } & { name: string; customerId: string; leadId?: string };

export async function createDeal(tx: Tx, scope: OrgScope, input: CreateDealArgs) {
  const customer = await customerOr404(tx, scope, input.customerId);
  if (customer.archivedAt) throw fieldError("customerId", "This customer is archived; restore it first");
  let workspaceId = input.workspaceId ?? null;
  if (customer.workspaceId) {
    if (workspaceId && workspaceId !== customer.workspaceId) throw fieldError("workspaceId", "A deal of this customer belongs to the customer's workspace");
    workspaceId = customer.workspaceId;
  } else if (workspaceId && !scope.workspaceIds.includes(workspaceId)) {
    throw fieldError("workspaceId", "Choose one of your workspaces");
  }
  await checkContact(tx, scope, customer.id, input.contactId);
  await checkOwner(tx, scope, input.ownerMembershipId);
  const owner = input.ownerMembershipId ?? (scope.recordScope === "own" ? scope.membershipId : null);
  if (scope.recordScope === "own" && owner !== scope.membershipId) throw fieldError("ownerMembershipId", "You can only create deals you own");
  const stage: DealStage = input.stage ?? "lead";
  const probability = input.probability === undefined ? STAGE_CAP[stage] : Math.min(input.probability, STAGE_CAP[stage]);
  const currency = input.currency ?? (await baseCurrency(tx, scope));
  // Allocated last, in this transaction: a refused create leaves no gap.
  const number = await numbering.next(tx, scope, "deal", { workspaceId });
  const row = await tx.deal.create({
    data: {
      organizationId: scope.orgId,
      number,
      workspaceId,
      customerId: customer.id,
      contactId: input.contactId ?? null,
      leadId: input.leadId ?? null,
      name: input.name,
      stage,
      probability,
      value: input.value ?? "0",
      currency,
      expectedCloseDate: input.expectedCloseDate ? new Date(`${input.expectedCloseDate}T00:00:00Z`) : null,
      ownerMembershipId: owner,
      source: input.source ?? null,
      competitors: [...new Set(input.competitors ?? [])],
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
  });
  return dealOut(row);
}

async function editable(tx: Tx, scope: OrgScope, id: string, version: number) {
  const current = await dealOr404(tx, scope, id);
  if (current.version !== version) throw stale();
  if (current.archivedAt) throw new AppError("PRECONDITION_FAILED", "This deal is archived; restore it to change it.");
  return current;
}

export async function updateDeal(tx: Tx, scope: OrgScope, input: TUpdateDealInput) {
  const current = await editable(tx, scope, input.id, input.version);
  await checkContact(tx, scope, current.customerId, input.contactId);
  await checkOwner(tx, scope, input.ownerMembershipId);
  if (scope.recordScope === "own" && input.ownerMembershipId !== undefined && input.ownerMembershipId !== scope.membershipId)
    throw fieldError("ownerMembershipId", "You can only own your deals; ask a manager to hand this one over");
  const hasLines = (input.value !== undefined || input.currency !== undefined) && (await tx.dealLine.count({ where: { organizationId: scope.orgId, dealId: current.id } })) > 0;
  if (hasLines && input.value !== undefined && input.value !== current.value.toFixed(2)) throw fieldError("value", "The value is the sum of the deal's lines; edit the lines");
  if (hasLines && input.currency !== undefined && input.currency !== current.currency) throw fieldError("currency", "Remove the lines before changing the currency");
  const data: Prisma.DealUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  for (const k of ["name", "contactId", "value", "currency", "ownerMembershipId", "source"] as const) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  if (input.expectedCloseDate !== undefined) data.expectedCloseDate = input.expectedCloseDate ? new Date(`${input.expectedCloseDate}T00:00:00Z`) : null;
  if (input.competitors !== undefined) data.competitors = [...new Set(input.competitors)];
  const { count } = await tx.deal.updateMany({ where: { ...crmVisibleWhere(scope), id: input.id, version: input.version }, data });
  if (count !== 1) throw stale();
  return dealOut(await dealOr404(tx, scope, input.id));
}

// ---------------------------------------------------------------------------------------------------------------
// Stage moves

export async function moveStage(tx: Tx, scope: OrgScope, input: TMoveStageInput) {
  const current = await editable(tx, scope, input.id, input.version);
  const from = current.stage as DealStage;
  const to = input.stage;
  if (to === "lost" && !input.lostReason) throw fieldError("lostReason", "Give the reason the deal was lost");
  const probability = probabilityFor(from, current.probability, to, input.probability);
  const where = { ...crmVisibleWhere(scope), id: current.id, version: current.version };
  if (from === to) {
    // Same stage: only the probability (within the cap) and the closing notes change; no stage history.
    const data: Prisma.DealUpdateManyMutationInput = { probability, version: { increment: 1 }, updatedBy: scope.userId };
    if (to === "won" && input.wonReason !== undefined) data.wonReason = input.wonReason;
    if (to === "lost") Object.assign(data, { lostReason: input.lostReason, ...(input.lostToCompetitor !== undefined ? { lostToCompetitor: input.lostToCompetitor } : {}) });
    const { count } = await tx.deal.updateMany({ where, data });
    if (count !== 1) throw stale();
    return dealOut(await dealOr404(tx, scope, current.id));
  }
  const closing = isClosedStage(to);
  await dealMachine.apply(tx, scope, {
    transition: `to_${to}`,
    entity: { id: current.id, status: from, version: current.version, workspaceId: current.workspaceId },
    reason: (to === "lost" ? input.lostReason : to === "won" ? input.wonReason : undefined) ?? undefined,
    update: async (t, next, prev) =>
      (
        await t.deal.updateMany({
          where: { ...where, stage: prev },
          data: {
            stage: next,
            probability,
            // Won/lost close the deal now; moving between won and lost keeps the original closing time; reopening clears it.
            closedAt: closing ? (current.closedAt ?? new Date()) : null,
            wonReason: to === "won" ? (input.wonReason ?? null) : null,
            lostReason: to === "lost" ? (input.lostReason ?? null) : null,
            lostToCompetitor: to === "lost" ? (input.lostToCompetitor ?? null) : null,
            stageChangedAt: new Date(),
            version: { increment: 1 },
            updatedBy: scope.userId,
          },
        })
      ).count,
  });
  return dealOut(await dealOr404(tx, scope, current.id));
}

// ---------------------------------------------------------------------------------------------------------------
// Lines

/** Replaces the deal's lines; each is computed by the kernel (prices exclusive of tax, the deal's currency) and the
 * deal's value becomes the sum of the lines' net amounts (unchanged when the deal has no lines). */
export async function setLines(tx: Tx, scope: OrgScope, input: TSetLinesInput) {
  const current = await editable(tx, scope, input.id, input.version);
  const computed = input.lines.map((l, i) => {
    const t = lineTotals({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: { percent: l.discountPercent },
      taxRate: l.taxRate,
      pricesIncludeTax: false,
      currency: current.currency,
    });
    return { l, t, lineNo: i + 1 };
  });
  const totals = documentTotals(computed.map((c) => c.t));
  const data: Prisma.DealUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (computed.length) data.value = totals.net;
  const { count } = await tx.deal.updateMany({ where: { ...crmVisibleWhere(scope), id: current.id, version: current.version }, data });
  if (count !== 1) throw stale();
  await tx.dealLine.deleteMany({ where: { organizationId: scope.orgId, dealId: current.id } });
  if (computed.length)
    await tx.dealLine.createMany({
      data: computed.map(({ l, t, lineNo }) => ({
        organizationId: scope.orgId,
        dealId: current.id,
        lineNo,
        product: l.product,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discountPercent: l.discountPercent,
        taxRate: l.taxRate,
        netAmount: t.net,
        taxAmount: t.tax,
        grossAmount: t.gross,
        createdBy: scope.userId,
        updatedBy: scope.userId,
      })),
    });
  return getDeal(tx, scope, { id: current.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Archive / restore

export const { archive: archiveDeal, restore: restoreDeal } = archiveActions((tx, scope) => ({
  delegate: tx.deal, load: (id) => dealOr404(tx, scope, id), out: dealOut, stale,
}));

// ---------------------------------------------------------------------------------------------------------------
// Pipeline board

export interface BoardCard {
  id: string;
  number: string;
  name: string;
  stage: DealStage;
  probability: number;
  value: string;
  currency: string;
  expectedCloseDate: string | null;
  customerId: string;
  customerName: string;
  ownerMembershipId: string | null;
  ownerName: string | null;
  version: number;
}
export interface BoardTotal {
  currency: string;
  count: number;
  value: string;
  weighted: string;
}
export interface BoardColumn {
  stage: DealStage;
  cap: number;
  count: number;
  /** One row per currency (amounts are never added across currencies); the base currency first. */
  totals: BoardTotal[];
  cards: BoardCard[];
}

/**
 * The pipeline board: per stage (open stages, plus won and lost closed in the last 30 days) the count, Σ value and
 * weighted value Σ(value × probability / 100) per currency — one query grouped by stage and currency — and the first
 * `perStage` cards of each stage (open: by expected close; closed: latest closed first) — one query with a lateral
 * limit per stage on the index (organization_id, stage, expected_close_date).
 */
export async function board(tx: Tx, scope: OrgScope, input: TBoardInput): Promise<{ baseCurrency: string; columns: BoardColumn[] }> {
  const parts: Sql[] = [crmVisibleSql(scope, "d"), sql`d.archived_at is null`];
  if (input.owner) parts.push(sql`d.owner_membership_id = ${input.owner}::uuid`);
  if (input.currency) parts.push(sql`d.currency = ${input.currency}`);
  if (input.closeFrom) parts.push(sql`d.expected_close_date >= ${input.closeFrom}::date`);
  if (input.closeTo) parts.push(sql`d.expected_close_date <= ${input.closeTo}::date`);
  const where = and(parts);
  const base = await baseCurrency(tx, scope);

  // Open stages (stage_rank 1–5): crm.deal_totals (pre-summed per stage, currency, close month, workspace and owner,
  // migration 20261201260000_crm_deal_totals) with the deals' visibility — unless a close-date window is asked for (a
  // day range the monthly totals cannot answer): then the open deals themselves. Won / lost of the last 30 days (a
  // rolling window) always from the deals, through the index on (organization_id, stage_rank, closed_at).
  // stage_rank because enum equality is not leakproof under RLS.
  const fromTotals = !input.closeFrom && !input.closeTo;
  const open = fromTotals
    ? sql`select (array['lead','qualified','proposal','negotiation','closing'])[t.stage_rank] as stage, t.currency,
             sum(t.deal_count)::int as count, sum(t.value) as value, sum(t.weighted) as weighted
        from crm.deal_totals t where ${dealTotalsVisibleSql(scope, input.owner)} and t.stage_rank between 1 and 5
         ${input.currency ? sql`and t.currency = ${input.currency}` : sql``}
       group by t.stage_rank, t.currency`
    : sql`select d.stage::text as stage, d.currency, count(*)::int as count, sum(d.value) as value, sum(d.value * d.probability / 100) as weighted
        from crm.deals d where ${where} and d.stage_rank between 1 and 5 group by d.stage, d.currency`;
  const totals = await tx.$queryRaw<{ stage: DealStage; currency: string; count: number; value: string; weighted: string }[]>`
    select x.stage, x.currency, x.count, x.value::text as value, round(x.weighted, 2)::text as weighted from (
      ${open}
      union all
      select d.stage::text, d.currency, count(*)::int, sum(d.value), sum(d.value * d.probability / 100) from crm.deals d
       where ${where} and d.stage_rank between 6 and 7 and d.closed_at >= now() - interval '30 days'
       group by d.stage, d.currency) x`;

  // The limit applies to the deals alone (a lateral per stage on the stage index); names are joined to those rows only.
  const card = sql`d.id::text as id, d.number, d.name, d.stage::text as stage, d.probability::int as probability, d.value::text as value,
    d.currency, to_char(d.expected_close_date, 'YYYY-MM-DD') as "expectedCloseDate", d.customer_id::text as "customerId",
    c.name as "customerName", d.owner_membership_id::text as "ownerMembershipId", u.name as "ownerName", d.version`;
  const names = sql`join crm.customers c on c.organization_id = d.organization_id and c.id = d.customer_id
    left join auth.memberships m on m.organization_id = d.organization_id and m.id = d.owner_membership_id
    left join auth.users u on u.id = m.user_id`;
  const cards = await tx.$queryRaw<(BoardCard & { ord: number })[]>`
    select ${card}, d.ord from (
      select o.*, s.ord::int as ord from generate_series(1, 5) s(ord)
       cross join lateral (
         select d.* from crm.deals d where ${where} and d.stage_rank = s.ord::smallint
          order by d.expected_close_date asc nulls last limit ${input.perStage}) o
      union all
      select w.*, (s.ord + 10)::int as ord from generate_series(6, 7) s(ord)
       cross join lateral (
         select d.* from crm.deals d where ${where} and d.stage_rank = s.ord::smallint and d.closed_at >= now() - interval '30 days'
          order by d.closed_at desc limit ${input.perStage}) w
    ) d ${names}
    order by d.ord, case when d.stage in ('won', 'lost') then null else d.expected_close_date end asc nulls last,
             d.closed_at desc nulls last, d.id`;

  const columns: BoardColumn[] = DEAL_STAGES.map((stage) => {
    const rows = totals.filter((t) => t.stage === stage).sort((a, b) => (a.currency === base ? -1 : b.currency === base ? 1 : a.currency.localeCompare(b.currency)));
    return {
      stage,
      cap: STAGE_CAP[stage],
      count: rows.reduce((n, r) => n + r.count, 0),
      totals: rows.map(({ currency, count, value, weighted }) => ({ currency, count, value, weighted })),
      cards: cards.filter((c) => c.stage === stage).map(({ ord: _ord, ...c }) => c),
    };
  });
  return { baseCurrency: base, columns };
}

/** The organization's active members for owner pickers and filters, and the caller's own membership ("Mine"). */
export async function owners(tx: Tx, scope: OrgScope) {
  const rows = await activeMembers(tx, scope);
  // The organization's enabled currencies (the deals list's currency filter), read with crm.deal.read.
  const currencies = await tx.currency.findMany({ where: { organizationId: scope.orgId }, select: { code: true }, orderBy: { code: "asc" } });
  return { me: scope.membershipId, members: rows.map((m) => ({ id: m.id, name: m.name || m.email })), currencies: currencies.map((c) => c.code) };
}
