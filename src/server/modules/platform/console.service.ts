// The platform console: operators see and manage every organization. Runs on the system client (BYPASSRLS), inside
// the operatorProcedure's system transaction whose app.user_id is the operator, so the audit trigger and status
// history name them in each organization's own stream. Never called from a member's path.
import { Prisma } from "@/generated/prisma/client";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { recordPlatformEvent } from "@/server/kernel/audit/platform";
import { AppError, notFound } from "@/server/kernel/errors";
import { logger } from "@/server/kernel/logger";
import { effectiveSettings } from "@/server/kernel/settings";
import { and, badRequest, cappedCount, filterSql, likePattern, rawSql, sql, type Sql } from "@/server/kernel/list-query";
import type { UserScope } from "@/server/kernel/scope";
import { allowedTransitions, defineMachine } from "@/server/kernel/state-machine";
import type { ListOutput } from "@/lib/list";
import {
  ORGANIZATION_STATUSES,
  ORGANIZATIONS_LIST,
  type SubscriptionStatus,
  type TCreatePlanInput,
  type TListOrganizationsInput,
  type TOrganizationIdInput,
  type TRemoveOverrideInput,
  type TSetOverrideInput,
  type TSetPlanFeaturesInput,
  type TSuspendOrganizationInput,
  type TUpdatePlanInput,
} from "./console.schemas";
import { effectivePlan, organizationFeatures, organizationUsage } from "./entitlements.service";
import { FEATURES } from "./features";
import { operatorOrgScope } from "./operator-scope";
import { subscriptionMachine } from "./subscriptions.service";

type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export const organizationMachine = defineMachine({
  entityType: "platform.organizations",
  states: ORGANIZATION_STATUSES,
  transitions: {
    suspend: { from: ["active"], to: "suspended", label: "Suspend", requiresReason: true },
    reactivate: { from: ["suspended"], to: "active", label: "Reactivate" },
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Organizations

export interface OrganizationRow {
  id: string;
  name: string;
  slug: string;
  status: OrganizationStatus;
  plan: { key: string; name: string } | null;
  subscriptionStatus: SubscriptionStatus | null;
  members: number;
  workspaces: number;
  maxUsers: number | null;
  maxWorkspaces: number | null;
  createdAt: Date;
}

interface DbOrgRow {
  id: string;
  name: string;
  slug: string;
  status: OrganizationStatus;
  plan_key: string | null;
  plan_name: string | null;
  subscription_status: SubscriptionStatus | null;
  members: number;
  workspaces: number;
  max_users: number | null;
  max_workspaces: number | null;
  created_at: Date;
}

const ORG_SELECT = sql`
  select o.id::text as id, o.name, o.slug, o.status::text as status, p.key as plan_key, p.name as plan_name,
         s.status::text as subscription_status, p.max_users, p.max_workspaces, o.created_at,
         (select count(*)::int from auth.memberships m where m.organization_id = o.id and m.status = 'active') as members,
         (select count(*)::int from platform.workspaces w where w.organization_id = o.id and w.status = 'active') as workspaces`;
const ORG_FROM = sql`from platform.organizations o
  left join platform.subscriptions s on s.organization_id = o.id
  left join platform.plans p on p.id = s.plan_id`;
const ORG_SORT = { name: sql`o.name`, slug: sql`o.slug`, createdAt: sql`o.created_at` } as const;

export async function listOrganizations(tx: SystemTx, input: TListOrganizationsInput): Promise<ListOutput<OrganizationRow>> {
  if (input.cursor) throw badRequest("cursor", "This list pages by number.");
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`true`];
  if (f.status?.type === "enum") {
    if (f.status.values.some((v) => !(ORGANIZATION_STATUSES as readonly string[]).includes(v))) throw badRequest("filters.status", "Unknown status");
    parts.push(filterSql(sql`o.status::text`, f.status));
  }
  if (f.plan?.type === "enum") parts.push(sql`p.key = any(${f.plan.values}::text[])`);
  if (input.q) {
    const p = likePattern(input.q);
    parts.push(sql`(o.name ilike ${p} or o.slug ilike ${p})`);
  }
  const where = and(parts);
  const sort = input.sort ?? ORGANIZATIONS_LIST.defaultSort;
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const page = input.page ?? 1;
  const rows = await (tx as unknown as Tx).$queryRaw<DbOrgRow[]>`${ORG_SELECT} ${ORG_FROM} where ${where}
    order by ${ORG_SORT[sort.id]} ${dir}, o.id ${dir} limit ${input.perPage} offset ${(page - 1) * input.perPage}`;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      slug: r.slug,
      status: r.status,
      plan: r.plan_key ? { key: r.plan_key, name: r.plan_name! } : null,
      subscriptionStatus: r.subscription_status,
      members: r.members,
      workspaces: r.workspaces,
      maxUsers: r.max_users,
      maxWorkspaces: r.max_workspaces,
      createdAt: r.created_at,
    })),
    ...(await cappedCount(tx as unknown as Tx, sql`${ORG_FROM} where ${where}`)),
  };
}

/** Read-only view of one organization for operators: profile, settings, usage against limits, subscription, features. */
export async function organizationDetail(tx: SystemTx, input: TOrganizationIdInput) {
  const org = await tx.organization.findUnique({
    where: { id: input.id },
    select: {
      id: true, name: true, slug: true, legalName: true, country: true, taxId: true, baseCurrency: true, timeZone: true,
      locale: true, fiscalYearStartMonth: true, status: true, suspensionReason: true, suspendedAt: true, suspendedBy: true, createdAt: true,
    },
  });
  if (!org) throw notFound("Organization not found");
  const [workspaces, currencies, sequences, subscription, overrides, usage, effective, features, suspendedBy] = await Promise.all([
    tx.workspace.findMany({ where: { organizationId: org.id }, select: { id: true, name: true, slug: true, type: true, status: true }, orderBy: { createdAt: "asc" } }),
    tx.currency.findMany({ where: { organizationId: org.id }, select: { code: true, isBase: true, active: true }, orderBy: { code: "asc" } }),
    tx.numberSequence.findMany({ where: { organizationId: org.id }, select: { documentType: true, format: true, reset: true, workspaceId: true }, orderBy: { documentType: "asc" } }),
    tx.subscription.findUnique({
      where: { organizationId: org.id },
      select: { id: true, status: true, trialEndsAt: true, currentPeriodStart: true, currentPeriodEnd: true, cancelledAt: true, plan: { select: { id: true, key: true, name: true, monthlyAmount: true, currency: true } } },
    }),
    tx.featureOverride.findMany({ where: { organizationId: org.id }, select: { featureKey: true, enabled: true, reason: true, updatedAt: true, updatedBy: true, createdBy: true }, orderBy: { featureKey: "asc" } }),
    organizationUsage(tx, org.id),
    effectivePlan(tx, org.id),
    organizationFeatures(tx, org.id),
    org.suspendedBy ? tx.user.findUnique({ where: { id: org.suspendedBy }, select: { name: true, email: true } }) : null,
  ]);
  // The organization-level settings with where each value comes from (global default or the organization's own).
  const values = (await effectiveSettings(tx, { orgId: org.id })).map((v) => ({ key: v.key, value: v.value, source: v.source }));
  const who = [...new Set(overrides.map((o) => o.updatedBy ?? o.createdBy).filter((x): x is string => !!x))];
  const users = who.length ? await tx.user.findMany({ where: { id: { in: who } }, select: { id: true, name: true, email: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u]));
  const plan = effective.plan;
  return {
    organization: { ...org, suspendedBy },
    workspaces,
    settings: { currencies, sequences, values },
    usage: {
      users: { used: usage.users, limit: plan?.maxUsers ?? null },
      workspaces: { used: usage.workspaces, limit: plan?.maxWorkspaces ?? null },
      documents: { used: usage.documents, limit: plan?.maxDocumentsPerMonth ?? null },
    },
    subscription: subscription
      ? {
          ...subscription,
          transitions: allowedTransitions(subscriptionMachine, subscription.status, { permissions: new Set() }).map((t) => ({ name: t.name, label: t.label, requiresReason: t.requiresReason })),
        }
      : null,
    features: FEATURES.map((f) => {
      const o = overrides.find((x) => x.featureKey === f.key);
      const by = o ? names.get(o.updatedBy ?? o.createdBy ?? "") : undefined;
      return {
        key: f.key,
        name: f.name,
        enabled: features.has(f.key),
        override: o ? { enabled: o.enabled, reason: o.reason, at: o.updatedAt, by: by ? { name: by.name, email: by.email } : null } : null,
      };
    }),
  };
}

async function lockOrganization(tx: SystemTx, id: string) {
  const rows = await tx.$queryRaw<{ id: string; status: OrganizationStatus }[]>`
    select id::text as id, status::text as status from platform.organizations where id = ${id}::uuid for update`;
  const org = rows[0];
  if (!org) throw notFound("Organization not found");
  return org;
}

/**
 * Suspends an organization with a reason. Its members are refused on their next request (kernel/access.ts) and see
 * the reason; the change and the transition go to the organization's audit stream with the operator as actor.
 */
export async function suspendOrganization(tx: SystemTx, op: UserScope, input: TSuspendOrganizationInput) {
  const org = await lockOrganization(tx, input.id);
  await organizationMachine.apply(tx as unknown as Tx, operatorOrgScope(op, org.id), {
    transition: "suspend",
    entity: { id: org.id, status: org.status, workspaceId: null },
    reason: input.reason,
    update: async (t, to, from) =>
      (await t.organization.updateMany({
        where: { id: org.id, status: from },
        data: { status: to, suspensionReason: input.reason.trim(), suspendedAt: new Date(), suspendedBy: op.userId },
      })).count,
  });
  return { id: org.id, status: "suspended" as const };
}

export async function reactivateOrganization(tx: SystemTx, op: UserScope, input: TOrganizationIdInput) {
  const org = await lockOrganization(tx, input.id);
  await organizationMachine.apply(tx as unknown as Tx, operatorOrgScope(op, org.id), {
    transition: "reactivate",
    entity: { id: org.id, status: org.status, workspaceId: null },
    update: async (t, to, from) =>
      (await t.organization.updateMany({
        where: { id: org.id, status: from },
        data: { status: to, suspensionReason: null, suspendedAt: null, suspendedBy: null },
      })).count,
  });
  return { id: org.id, status: "active" as const };
}

// ---------------------------------------------------------------------------------------------------------------
// Plans and features (global catalog; operator changes go to the platform's own trail, audit.platform_events)

const PLAN_FIELDS = {
  id: true, key: true, name: true, monthlyAmount: true, currency: true, maxUsers: true, maxWorkspaces: true,
  maxDocumentsPerMonth: true, isDefault: true, active: true, sortOrder: true,
} as const;

export async function listPlans(tx: SystemTx) {
  const plans = await tx.plan.findMany({
    select: { ...PLAN_FIELDS, features: { select: { featureKey: true } }, _count: { select: { subscriptions: true } } },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
  });
  return plans.map(({ features, _count, ...p }) => ({ ...p, features: features.map((f) => f.featureKey), organizations: _count.subscriptions }));
}

function planData(input: TCreatePlanInput) {
  return {
    key: input.key,
    name: input.name,
    monthlyAmount: new Prisma.Decimal(input.monthlyAmount),
    currency: input.currency,
    maxUsers: input.maxUsers,
    maxWorkspaces: input.maxWorkspaces,
    maxDocumentsPerMonth: input.maxDocumentsPerMonth,
    isDefault: input.isDefault,
    active: input.active,
    sortOrder: input.sortOrder,
  };
}

async function checkPlan(tx: SystemTx, input: TCreatePlanInput, id?: string) {
  const taken = await tx.plan.findUnique({ where: { key: input.key }, select: { id: true } });
  if (taken && taken.id !== id) throw new AppError("CONFLICT", "A plan with this key exists", { key: ["A plan with this key exists"] });
  if (input.isDefault && !input.active) throw new AppError("BAD_REQUEST", "The default plan must be active", { active: ["The default plan must be active"] });
  // One default plan: making this one the default takes the mark from the previous one.
  if (input.isDefault) await tx.plan.updateMany({ where: { isDefault: true, ...(id ? { id: { not: id } } : {}) }, data: { isDefault: false } });
}

// The catalog belongs to no organization, so its changes cannot join an organization's audit stream: they go to the
// platform's own trail (audit.platform_events, hash-chained) in the same transaction, with the operator as actor. The
// log line stays for the request log.
function logCatalogChange(op: UserScope, what: string, data: Record<string, unknown>) {
  logger.info({ operatorId: op.userId, requestId: op.requestId, ...data }, what);
}

type PlanRow = Awaited<ReturnType<typeof readPlan>>;
const readPlan = (tx: SystemTx, id: string) => tx.plan.findUnique({ where: { id }, select: PLAN_FIELDS });

/** The plan as plain JSON values (the amount as its exact decimal string). */
function planJson(p: NonNullable<PlanRow>): Record<string, unknown> {
  return { ...p, monthlyAmount: p.monthlyAmount.toString() };
}

/** Only the fields that changed, as { before, after }. */
function planDiff(before: NonNullable<PlanRow>, after: NonNullable<PlanRow>) {
  const b = planJson(before);
  const a = planJson(after);
  const keys = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, b[k]])), after: Object.fromEntries(keys.map((k) => [k, a[k]])) };
}

export async function createPlan(tx: SystemTx, op: UserScope, input: TCreatePlanInput) {
  await checkPlan(tx, input);
  const plan = await tx.plan.create({ data: planData(input), select: PLAN_FIELDS });
  await recordPlatformEvent(tx, op, { action: "plan.created", entityType: "platform.plans", entityId: plan.id, data: { before: null, after: planJson(plan) } });
  logCatalogChange(op, "platform plan created", { planId: plan.id, key: plan.key });
  return plan;
}

export async function updatePlan(tx: SystemTx, op: UserScope, input: TUpdatePlanInput) {
  const existing = await readPlan(tx, input.id);
  if (!existing) throw notFound("Plan not found");
  if (existing.isDefault && !input.isDefault)
    throw new AppError("PRECONDITION_FAILED", "New organizations start on the default plan: make another plan the default instead.", { isDefault: ["Make another plan the default instead"] });
  await checkPlan(tx, input, input.id);
  const plan = await tx.plan.update({ where: { id: input.id }, data: planData(input), select: PLAN_FIELDS });
  await recordPlatformEvent(tx, op, { action: "plan.updated", entityType: "platform.plans", entityId: plan.id, data: { key: plan.key, ...planDiff(existing, plan) } });
  logCatalogChange(op, "platform plan updated", { planId: plan.id, key: plan.key });
  return plan;
}

/** Replaces a plan's features with exactly the given ones. */
export async function setPlanFeatures(tx: SystemTx, op: UserScope, input: TSetPlanFeaturesInput) {
  const plan = await tx.plan.findUnique({ where: { id: input.planId }, select: { id: true, key: true, features: { select: { featureKey: true } } } });
  if (!plan) throw notFound("Plan not found");
  const wanted = [...new Set(input.features)];
  const had = plan.features.map((f) => f.featureKey);
  await tx.planFeature.deleteMany({ where: { planId: plan.id, featureKey: { notIn: wanted } } });
  await tx.planFeature.createMany({ data: wanted.map((featureKey) => ({ planId: plan.id, featureKey })), skipDuplicates: true });
  await recordPlatformEvent(tx, op, {
    action: "plan.features_changed",
    entityType: "platform.plans",
    entityId: plan.id,
    data: { key: plan.key, added: wanted.filter((k) => !had.includes(k)).sort(), removed: had.filter((k) => !wanted.includes(k)).sort() },
  });
  logCatalogChange(op, "platform plan features set", { planId: plan.id, features: wanted });
  return { planId: plan.id, features: wanted.sort() };
}

export async function listFeatures(tx: SystemTx) {
  const [rows, counts] = await Promise.all([
    tx.feature.findMany({ select: { key: true, name: true, description: true }, orderBy: { key: "asc" } }),
    tx.planFeature.groupBy({ by: ["featureKey"], _count: { _all: true } }),
  ]);
  const plans = new Map(counts.map((c) => [c.featureKey, c._count._all]));
  return rows.map((f) => ({ ...f, plans: plans.get(f.key) ?? 0 }));
}

// ---------------------------------------------------------------------------------------------------------------
// Feature overrides (tenant rows: the audit trigger records them in the organization's stream)

export async function setOverride(tx: SystemTx, op: UserScope, input: TSetOverrideInput) {
  const org = await tx.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
  if (!org) throw notFound("Organization not found");
  return tx.featureOverride.upsert({
    where: { organizationId_featureKey: { organizationId: org.id, featureKey: input.feature } },
    create: { organizationId: org.id, featureKey: input.feature, enabled: input.enabled, reason: input.reason, createdBy: op.userId, updatedBy: op.userId },
    update: { enabled: input.enabled, reason: input.reason, updatedBy: op.userId },
    select: { featureKey: true, enabled: true, reason: true },
  });
}

export async function removeOverride(tx: SystemTx, input: TRemoveOverrideInput) {
  const r = await tx.featureOverride.deleteMany({ where: { organizationId: input.organizationId, featureKey: input.feature } });
  if (r.count === 0) throw notFound("No override for this feature");
  return { removed: true };
}
