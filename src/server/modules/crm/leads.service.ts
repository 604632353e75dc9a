// Leads: prospects before they are customers. Status new → contacted → qualified / disqualified (a reason) through
// the lead machine (audit.status_history), optimistic `version`, workspace + record-scope visibility
// (visibility.ts). Conversion makes (or picks) the customer, optionally a deal, and qualifies the lead in the
// caller's single transaction: any failure leaves nothing behind.
import type { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError, notFound } from "@/server/kernel/errors";
import { assertUnmaskedWrite, maskedFields, maskRow, maskRows, type MaskDecision } from "@/server/kernel/masking";
import { afterCursor, and, badRequest, cappedCount, filterSql, joinSql, keysetPage, likePattern, orderBy, rawSql, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import type { TCreateCustomerInput } from "./crm.schemas";
import { createCustomer, customerOr404, fieldError } from "./customers.service";
import { createDeal } from "./deals.service";
import { LEADS_LIST, type LeadStatus, type TConvertLeadInput, type TCreateLeadInput, type TLeadTransitionInput, type TListLeadsInput, type TUpdateLeadInput } from "./deals.schemas";
import { archiveActions } from "./archive";
import { crmVisibleSql, crmVisibleWhere } from "./visibility";
import { crmMasking, LEAD_SENSITIVE } from "./masking";

type LeadRow = Prisma.LeadGetPayload<object>;

export const leadMachine = defineMachine({
  entityType: "lead",
  states: ["new", "contacted", "qualified", "disqualified"],
  transitions: {
    contact: { from: ["new"], to: "contacted", label: "Mark contacted", permission: "crm.lead.manage" },
    qualify: { from: ["new", "contacted"], to: "qualified", label: "Qualify", permission: "crm.lead.manage" },
    disqualify: {
      from: ["new", "contacted", "qualified"],
      to: "disqualified",
      label: "Disqualify",
      permission: "crm.lead.manage",
      requiresReason: true,
      guard: ({ context }: { context: { converted: boolean } }) => (context.converted ? "This lead was converted; it cannot be disqualified." : undefined),
    },
    reopen: {
      from: ["qualified", "disqualified"],
      to: "contacted",
      label: "Reopen",
      permission: "crm.lead.manage",
      guard: ({ context }: { context: { converted: boolean } }) => (context.converted ? "This lead was converted; it cannot be reopened." : undefined),
    },
  },
});

const LEAD_NOT_FOUND = "Lead not found";
const stale = () => new AppError("CONFLICT", "This lead was changed by someone else. Reload it and try again.");

export async function leadOr404(tx: Tx, scope: OrgScope, id: string): Promise<LeadRow> {
  const l = await tx.lead.findFirst({ where: { ...crmVisibleWhere(scope), id } });
  if (!l) throw notFound(LEAD_NOT_FOUND);
  return l;
}

/** The lead as procedures answer it: e-mail and phone masked for this member, `masked` naming them (masking.ts). */
async function leadOut(tx: Tx, scope: OrgScope, l: LeadRow) {
  const m = await crmMasking(tx, scope);
  return { ...maskRow(m, LEAD_SENSITIVE, leadFields(l)), masked: maskedFields(m, LEAD_SENSITIVE) };
}

function leadFields(l: LeadRow) {
  return {
    id: l.id,
    workspaceId: l.workspaceId,
    name: l.name,
    companyName: l.companyName,
    email: l.email,
    phone: l.phone,
    source: l.source,
    status: l.status as LeadStatus,
    ownerMembershipId: l.ownerMembershipId,
    estimatedValue: l.estimatedValue === null ? null : l.estimatedValue.toFixed(2),
    currency: l.currency,
    notes: l.notes,
    disqualifiedReason: l.disqualifiedReason,
    convertedAt: l.convertedAt,
    convertedCustomerId: l.convertedCustomerId,
    convertedDealId: l.convertedDealId,
    archivedAt: l.archivedAt,
    version: l.version,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// List

export interface LeadListRow {
  id: string;
  name: string;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  source: string;
  status: string;
  ownerMembershipId: string | null;
  ownerName: string | null;
  estimatedValue: string | null;
  currency: string | null;
  convertedCustomerId: string | null;
  createdAt: Date;
  /** created_at at full (microsecond) precision, for the cursor. */
  createdKey: string;
  version: number;
}

const SELECT = sql`select l.id::text as id, l.name, l.company_name as "companyName", l.email, l.phone, l.source::text as source,
  l.status::text as status, l.owner_membership_id::text as "ownerMembershipId", u.name as "ownerName",
  l.estimated_value::text as "estimatedValue", l.currency, l.converted_customer_id::text as "convertedCustomerId",
  l.created_at as "createdAt", l.created_at::text as "createdKey", l.version`;
const FROM = sql`from crm.leads l`;
const OWNER_JOIN = sql`left join auth.memberships m on m.organization_id = l.organization_id and m.id = l.owner_membership_id
  left join auth.users u on u.id = m.user_id`;

function listWhere(scope: OrgScope, input: TListLeadsInput, masking: MaskDecision): Sql {
  const f = input.filters ?? {};
  const parts: Sql[] = [crmVisibleSql(scope, "l")];
  const archived = f.archived?.type === "enum" ? f.archived.values : ["active"];
  const wantActive = archived.includes("active");
  const wantArchived = archived.includes("archived");
  if (!wantActive && !wantArchived) throw badRequest("filters.archived", 'Use "active" and/or "archived"');
  if (wantActive && !wantArchived) parts.push(sql`l.archived_at is null`);
  if (wantArchived && !wantActive) parts.push(sql`l.archived_at is not null`);
  if (f.status) parts.push(filterSql(sql`l.status::text`, f.status));
  if (f.source) parts.push(filterSql(sql`l.source::text`, f.source));
  if (f.owner) parts.push(filterSql(sql`l.owner_membership_id::text`, f.owner));
  if (input.q) {
    const p = likePattern(input.q);
    // A member who sees e-mail or phone masked cannot find leads by them (they could read them back letter by letter).
    const alts = [sql`l.name ilike ${p}`, sql`l.company_name ilike ${p}`];
    if (!masking.classes.has("email")) alts.push(sql`l.email ilike ${p}`);
    if (!masking.classes.has("phone")) alts.push(sql`l.phone ilike ${p}`);
    parts.push(sql`(${joinSql(alts, " or ")})`);
  }
  return and(parts);
}

/** The list contract: keyset pages by creation time (index (organization_id, created_at, id)), numbered pages by name. */
export async function listLeads(tx: Tx, scope: OrgScope, input: TListLeadsInput): Promise<ListOutput<LeadListRow>> {
  const sort = input.sort ?? LEADS_LIST.defaultSort;
  const masking = await crmMasking(tx, scope);
  const where = listWhere(scope, input, masking);
  const perPage = input.perPage;
  if (sort.id === "createdAt" && input.page === undefined) {
    let keyset: Sql = sql`true`;
    if (input.cursor) {
      const c = readCursor(input.cursor);
      if (typeof c.sortValue !== "string" || Number.isNaN(Date.parse(c.sortValue))) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
      keyset = afterCursor(sql`l.created_at`, sql`l.id`, sql`${c.sortValue}::timestamptz`, c.id, sort.desc);
    }
    const rows = await tx.$queryRaw<LeadListRow[]>`${SELECT} ${FROM} ${OWNER_JOIN} where ${where} and ${keyset}
      ${orderBy(sql`l.created_at`, sql`l.id`, sort.desc)} limit ${perPage + 1}`;
    const page = keysetPage(rows, perPage, (r) => [r.createdKey, r.id]);
    const out: ListOutput<LeadListRow> = { rows: maskRows(masking, LEAD_SENSITIVE, page.rows) };
    if (page.nextCursor) out.nextCursor = page.nextCursor;
    if (!input.cursor) Object.assign(out, await cappedCount(tx, sql`${FROM} where ${where}`));
    return out;
  }
  if (input.cursor) throw badRequest("cursor", `Sorting by "${sort.id}" pages by number, not by cursor.`);
  const page = input.page ?? 1;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const column = sort.id === "name" ? sql`l.name` : sql`l.created_at`;
  const rows = await tx.$queryRaw<LeadListRow[]>`${SELECT} ${FROM} ${OWNER_JOIN} where ${where}
    order by ${column} ${dir}, l.id ${dir} limit ${perPage} offset ${(page - 1) * perPage}`;
  return { rows: maskRows(masking, LEAD_SENSITIVE, rows), ...(await cappedCount(tx, sql`${FROM} where ${where}`)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Get, create, update, transitions

export async function getLead(tx: Tx, scope: OrgScope, input: { id: string }) {
  return leadOut(tx, scope, await leadOr404(tx, scope, input.id));
}

async function checkOwner(tx: Tx, scope: OrgScope, ownerMembershipId: string | null | undefined) {
  if (!ownerMembershipId) return;
  const m = await tx.membership.findFirst({ where: { organizationId: scope.orgId, id: ownerMembershipId, status: "active" }, select: { id: true } });
  if (!m) throw fieldError("ownerMembershipId", "Choose an active member of the organization");
}

export async function createLead(tx: Tx, scope: OrgScope, input: TCreateLeadInput) {
  const workspaceId = input.workspaceId ?? null;
  if (workspaceId && !scope.workspaceIds.includes(workspaceId)) throw fieldError("workspaceId", "Choose one of your workspaces");
  await checkOwner(tx, scope, input.ownerMembershipId);
  // A member who sees only their own records owns what they create (else they could not see it).
  const owner = input.ownerMembershipId ?? (scope.recordScope === "own" ? scope.membershipId : null);
  if (scope.recordScope === "own" && owner !== scope.membershipId) throw fieldError("ownerMembershipId", "You can only create leads you own");
  const row = await tx.lead.create({
    data: {
      organizationId: scope.orgId,
      workspaceId,
      name: input.name,
      companyName: input.companyName ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      source: input.source ?? "other",
      ownerMembershipId: owner,
      estimatedValue: input.estimatedValue ?? null,
      currency: input.currency ?? null,
      notes: input.notes ?? null,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
  });
  return leadOut(tx, scope, row);
}

export async function updateLead(tx: Tx, scope: OrgScope, given: TUpdateLeadInput) {
  const current = await leadOr404(tx, scope, given.id);
  // A field this member sees masked is never written by them (kernel/masking).
  const input = assertUnmaskedWrite(await crmMasking(tx, scope), LEAD_SENSITIVE, given, current);
  if (current.version !== input.version) throw stale();
  if (current.archivedAt) throw new AppError("PRECONDITION_FAILED", "This lead is archived; restore it to edit it.");
  await checkOwner(tx, scope, input.ownerMembershipId);
  const estimatedValue = input.estimatedValue === undefined ? (current.estimatedValue?.toFixed(2) ?? null) : input.estimatedValue;
  const currency = input.currency === undefined ? current.currency : input.currency;
  if (estimatedValue && !currency) throw fieldError("currency", "Choose the currency of the estimate");
  const data: Prisma.LeadUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  const keys = ["name", "companyName", "email", "phone", "source", "ownerMembershipId", "estimatedValue", "currency", "notes"] as const;
  for (const k of keys) if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
  const { count } = await tx.lead.updateMany({ where: { ...crmVisibleWhere(scope), id: input.id, version: input.version }, data });
  if (count !== 1) throw stale();
  return leadOut(tx, scope, await leadOr404(tx, scope, input.id));
}

export async function transitionLead(tx: Tx, scope: OrgScope, input: TLeadTransitionInput) {
  const current = await leadOr404(tx, scope, input.id);
  if (current.version !== input.version) throw stale();
  await leadMachine.apply(tx, scope, {
    transition: input.transition,
    entity: { id: current.id, status: current.status, version: current.version, workspaceId: current.workspaceId },
    reason: input.reason ?? undefined,
    context: { converted: current.convertedAt !== null },
    update: async (t, to, from) => {
      const r = await t.lead.updateMany({
        where: { ...crmVisibleWhere(scope), id: current.id, status: from, version: current.version },
        data: {
          status: to,
          disqualifiedReason: to === "disqualified" ? (input.reason ?? null) : null,
          version: { increment: 1 },
          updatedBy: scope.userId,
        },
      });
      return r.count;
    },
  });
  return leadOut(tx, scope, await leadOr404(tx, scope, input.id));
}

/**
 * Lead → customer (+ deal). All in the caller's transaction: the customer is created through the customers service
 * (number, tax id rules), the deal through the deals service (stage qualified, number), then the lead is qualified
 * and marked converted with the version the caller read — a stale version (or any other failure) undoes all of it.
 */
export async function convertLead(tx: Tx, scope: OrgScope, input: TConvertLeadInput) {
  const lead = await leadOr404(tx, scope, input.id);
  if (lead.convertedAt) throw new AppError("PRECONDITION_FAILED", "This lead was already converted.");
  if (lead.archivedAt) throw new AppError("PRECONDITION_FAILED", "This lead is archived; restore it to convert it.");
  if (lead.status === "disqualified") throw new AppError("PRECONDITION_FAILED", "This lead is disqualified; reopen it before converting it.");
  // Converting acts on customers and deals too: the member needs those rights as well.
  if (!input.existingCustomerId && !scope.permissions.has("crm.customer.create"))
    throw new AppError("FORBIDDEN", "You do not have permission for this (crm.customer.create).");
  if (input.deal && !scope.permissions.has("crm.deal.manage")) throw new AppError("FORBIDDEN", "You do not have permission for this (crm.deal.manage).");

  let customer: { id: string; number: string; name: string; workspaceId: string | null };
  if (input.existingCustomerId) {
    const c = await customerOr404(tx, scope, input.existingCustomerId).catch(() => {
      throw fieldError("existingCustomerId", "Choose a customer you can see");
    });
    if (c.archivedAt) throw fieldError("existingCustomerId", "This customer is archived");
    customer = c;
  } else {
    const o: Partial<NonNullable<TConvertLeadInput["customer"]>> = input.customer ?? {};
    customer = await createCustomer(tx, scope, {
      name: o.name ?? lead.companyName ?? lead.name,
      type: o.type ?? (lead.companyName ? "company" : "individual"),
      status: "prospect",
      email: o.email !== undefined ? o.email : lead.email,
      phone: o.phone !== undefined ? o.phone : lead.phone,
      taxId: o.taxId ?? null,
      ownerMembershipId: lead.ownerMembershipId,
      workspaceId: lead.workspaceId,
    } as TCreateCustomerInput);
  }

  let deal: { id: string; number: string } | null = null;
  if (input.deal) {
    deal = await createDeal(tx, scope, {
      name: input.deal.name,
      customerId: customer.id,
      stage: "qualified",
      value: input.deal.value ?? lead.estimatedValue?.toFixed(2) ?? undefined,
      currency: input.deal.currency ?? lead.currency ?? undefined,
      expectedCloseDate: input.deal.expectedCloseDate ?? null,
      ownerMembershipId: lead.ownerMembershipId,
      source: lead.source,
      workspaceId: customer.workspaceId ?? lead.workspaceId,
      leadId: lead.id,
    });
  }

  const convertedData = { convertedAt: new Date(), convertedCustomerId: customer.id, convertedDealId: deal?.id ?? null, updatedBy: scope.userId };
  if (lead.status === "qualified") {
    const { count } = await tx.lead.updateMany({
      where: { ...crmVisibleWhere(scope), id: lead.id, version: input.version, convertedAt: null },
      data: { ...convertedData, version: { increment: 1 } },
    });
    if (count !== 1) throw stale();
  } else {
    await leadMachine.apply(tx, scope, {
      transition: "qualify",
      entity: { id: lead.id, status: lead.status, version: input.version, workspaceId: lead.workspaceId },
      context: { converted: false },
      update: async (t, to, from) =>
        (
          await t.lead.updateMany({
            where: { ...crmVisibleWhere(scope), id: lead.id, status: from, version: input.version, convertedAt: null },
            data: { ...convertedData, status: to, version: { increment: 1 } },
          })
        ).count,
    });
  }
  await recordEvent(tx, { orgId: scope.orgId, workspaceId: lead.workspaceId }, {
    action: "crm.lead_converted",
    entityType: "lead",
    entityId: lead.id,
    data: { customerId: customer.id, customerNumber: customer.number, ...(deal ? { dealId: deal.id, dealNumber: deal.number } : {}) },
  });
  return { lead: await leadOut(tx, scope, await leadOr404(tx, scope, lead.id)), customer: { id: customer.id, number: customer.number, name: customer.name }, deal };
}

export const { archive: archiveLead, restore: restoreLead } = archiveActions((tx, scope) => ({
  delegate: tx.lead, load: (id) => leadOr404(tx, scope, id), out: (row) => leadOut(tx, scope, row), stale,
}));
