// What an organization's plan lets it do: features (plan ± operator overrides) and limits (users, workspaces,
// documents per month). Runs in any transaction: a member's (RLS shows its own subscription and overrides; the plan
// catalog is readable by everyone) or the system one. Modules call requireFeature / assertWithinLimit before the
// work they gate; the procedure helper featureGate() (src/server/trpc/procedures.ts) wraps requireFeature.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import { FEATURE_KEYS, featureName, isFeatureKey, type FeatureKey } from "./features";

type AnyTx = Tx | SystemTx;

export type LimitKind = "users" | "workspaces" | "documents";

export interface EffectivePlan {
  /** null when the organization has no subscription: an unmetered installation (every feature, no limits). */
  plan: { id: string; key: string; name: string; maxUsers: number | null; maxWorkspaces: number | null; maxDocumentsPerMonth: number | null } | null;
  status: "trial" | "active" | "past_due" | "cancelled" | null;
}

const PLAN_SELECT = { id: true, key: true, name: true, maxUsers: true, maxWorkspaces: true, maxDocumentsPerMonth: true } as const;

/**
 * The plan whose features and limits apply. A cancelled subscription falls back to the default plan (the free tier
 * in the demo); no subscription at all means nobody set up plans: nothing is metered.
 */
export async function effectivePlan(tx: AnyTx, orgId: string): Promise<EffectivePlan> {
  const sub = await (tx as Tx).subscription.findUnique({
    where: { organizationId: orgId },
    select: { status: true, plan: { select: PLAN_SELECT } },
  });
  if (!sub) return { plan: null, status: null };
  if (sub.status !== "cancelled") return { plan: sub.plan, status: sub.status };
  const fallback = await (tx as Tx).plan.findFirst({ where: { isDefault: true }, select: PLAN_SELECT });
  return { plan: fallback, status: sub.status };
}

/** The organization's features: its plan's, plus overrides switched on, minus overrides switched off. */
export async function organizationFeatures(tx: AnyTx, orgId: string): Promise<Set<FeatureKey>> {
  const { plan } = await effectivePlan(tx, orgId);
  const overrides = await (tx as Tx).featureOverride.findMany({
    where: { organizationId: orgId },
    select: { featureKey: true, enabled: true },
  });
  let keys: string[];
  if (!plan) keys = [...FEATURE_KEYS];
  else keys = (await (tx as Tx).planFeature.findMany({ where: { planId: plan.id }, select: { featureKey: true } })).map((f) => f.featureKey);
  const out = new Set(keys.filter(isFeatureKey));
  for (const o of overrides) {
    if (!isFeatureKey(o.featureKey)) continue;
    if (o.enabled) out.add(o.featureKey);
    else out.delete(o.featureKey);
  }
  return out;
}

export function featureError(feature: FeatureKey): AppError {
  return new AppError("FORBIDDEN", `This needs the feature “${featureName(feature)}”, which your plan does not include.`);
}

/** Refuses with FORBIDDEN, naming the feature, unless the organization has it. */
export async function requireFeature(tx: AnyTx, orgId: string, feature: FeatureKey): Promise<void> {
  const features = await organizationFeatures(tx, orgId);
  if (!features.has(feature)) throw featureError(feature);
}

// ---------------------------------------------------------------------------------------------------------------
// Usage and limits

/**
 * Documents counted against max_documents_per_month. A module that creates documents registers a counter once
 * (at import, like search providers): `registerDocumentCounter("sales.orders", (tx, orgId, since) => …count…)`.
 * The counter returns how many documents the organization created since `since` (the start of the calendar month,
 * UTC). Until a module registers one, documents count as 0.
 */
export type DocumentCounter = (tx: AnyTx, orgId: string, since: Date) => Promise<number>;
const documentCounters = new Map<string, DocumentCounter>();

export function registerDocumentCounter(name: string, counter: DocumentCounter): void {
  documentCounters.set(name, counter);
}

export function startOfMonthUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Documents created this calendar month (UTC), summed over the registered counters. */
export async function documentsThisMonth(tx: AnyTx, orgId: string, now = new Date()): Promise<number> {
  let total = 0;
  for (const count of documentCounters.values()) total += await count(tx, orgId, startOfMonthUtc(now));
  return total;
}

export interface Usage {
  users: number;
  workspaces: number;
  documents: number;
}

/**
 * Current usage. Users = active memberships (a deactivated member frees the seat) plus pending, unexpired
 * invitations. Workspaces = active workspaces.
 */
export async function organizationUsage(tx: AnyTx, orgId: string): Promise<Usage> {
  const [users, workspaces, documents] = await Promise.all([
    Promise.all([
      (tx as Tx).membership.count({ where: { organizationId: orgId, status: "active" } }),
      (tx as Tx).invitation.count({ where: { organizationId: orgId, status: "pending", expiresAt: { gt: new Date() } } }),
    ]).then(([members, invited]) => members + invited),
    (tx as Tx).workspace.count({ where: { organizationId: orgId, status: "active" } }),
    documentsThisMonth(tx, orgId),
  ]);
  return { users, workspaces, documents };
}

const LIMIT_FIELD = { users: "maxUsers", workspaces: "maxWorkspaces", documents: "maxDocumentsPerMonth" } as const;
const LIMIT_NOUN = { users: ["user", "users"], workspaces: ["workspace", "workspaces"], documents: ["document a month", "documents a month"] } as const;

export function limitOf(plan: NonNullable<EffectivePlan["plan"]>, kind: LimitKind): number | null {
  return plan[LIMIT_FIELD[kind]];
}

/**
 * Refuses with PRECONDITION_FAILED when adding `adding` more of `kind` would pass the plan's limit, naming the plan
 * and the limit: "Your plan “Team” allows 5 users and the organization has 5. Upgrade the plan or free some first."
 */
export async function assertWithinLimit(tx: AnyTx, orgId: string, kind: LimitKind, adding = 1): Promise<void> {
  const { plan } = await effectivePlan(tx, orgId);
  if (!plan) return;
  const limit = limitOf(plan, kind);
  if (limit === null) return;
  const usage = await organizationUsage(tx, orgId);
  const current = usage[kind];
  if (current + adding <= limit) return;
  const noun = (n: number) => (n === 1 ? LIMIT_NOUN[kind][0] : LIMIT_NOUN[kind][1]);
  throw new AppError(
    "PRECONDITION_FAILED",
    `Your plan “${plan.name}” allows ${limit} ${noun(limit)} and the organization has ${current}. Upgrade the plan or free some first.`,
  );
}
