// Demo plans (Free / Team / Business), the platform operator, and the demo organizations' subscriptions:
// Acme on Business (active), Globex on Team (trial). Idempotent.
import { Prisma } from "@/generated/prisma/client";
import type { SystemClient, SystemTx } from "@/server/db/client";
import { createUser } from "@/server/modules/auth/users.service";
import { syncFeatureCatalog, type FeatureKey } from "@/server/modules/platform/features";
import { addMonths, TRIAL_DAYS } from "@/server/modules/platform/subscriptions.service";

export const DEMO_OPERATOR = { email: "operator@tessera.test", name: "Otto Operator" } as const;

const PLANS: {
  key: string; name: string; price: string; maxUsers: number | null; maxWorkspaces: number | null; maxDocumentsPerMonth: number | null;
  isDefault: boolean; sortOrder: number; features: FeatureKey[];
}[] = [
  { key: "free", name: "Free", price: "0", maxUsers: 3, maxWorkspaces: 1, maxDocumentsPerMonth: 100, isDefault: false, sortOrder: 10, features: [] },
  { key: "team", name: "Team", price: "49", maxUsers: 10, maxWorkspaces: 3, maxDocumentsPerMonth: 2000, isDefault: true, sortOrder: 20, features: ["multiple_workspaces", "custom_roles"] },
  { key: "business", name: "Business", price: "199", maxUsers: null, maxWorkspaces: null, maxDocumentsPerMonth: null, isDefault: false, sortOrder: 30, features: ["multiple_workspaces", "custom_roles", "api_keys", "audit_export"] },
];

/** Plans first: createOrganization starts every new organization on the default plan. */
export async function seedDemoPlans(tx: SystemTx): Promise<void> {
  await syncFeatureCatalog(tx);
  for (const p of PLANS) {
    const existing = await tx.plan.findUnique({ where: { key: p.key }, select: { id: true } });
    if (existing) continue;
    if (p.isDefault) await tx.plan.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const plan = await tx.plan.create({
      data: {
        key: p.key, name: p.name, monthlyAmount: new Prisma.Decimal(p.price), currency: "USD", maxUsers: p.maxUsers,
        maxWorkspaces: p.maxWorkspaces, maxDocumentsPerMonth: p.maxDocumentsPerMonth, isDefault: p.isDefault, sortOrder: p.sortOrder,
      },
      select: { id: true },
    });
    await tx.planFeature.createMany({ data: p.features.map((featureKey) => ({ planId: plan.id, featureKey })) });
  }
}

export async function seedDemoOperator(tx: SystemTx, password: string): Promise<void> {
  const user =
    (await tx.user.findUnique({ where: { email: DEMO_OPERATOR.email }, select: { id: true } })) ??
    (await createUser(tx, { email: DEMO_OPERATOR.email, name: DEMO_OPERATOR.name, password }));
  // The flag is set here (or by SQL) only: the runtime role cannot write it.
  await tx.user.update({ where: { id: user.id }, data: { isPlatformOperator: true }, select: { id: true } });
}

/** Acme on Business (active), Globex on Team (trial), unless they already have a subscription. */
export async function seedDemoSubscriptions(tx: SystemTx, orgs: { slug: string; id: string }[], now = new Date()): Promise<void> {
  const wanted: Record<string, { plan: string; status: "active" | "trial" }> = { acme: { plan: "business", status: "active" }, globex: { plan: "team", status: "trial" } };
  for (const o of orgs) {
    const w = wanted[o.slug];
    if (!w) continue;
    const plan = await tx.plan.findUniqueOrThrow({ where: { key: w.plan }, select: { id: true } });
    const existing = await tx.subscription.findUnique({ where: { organizationId: o.id }, select: { id: true, planId: true, status: true } });
    const trialEndsAt = new Date(now.getTime() + TRIAL_DAYS * 24 * 60 * 60 * 1000);
    const data =
      w.status === "active"
        ? { planId: plan.id, status: "active" as const, trialEndsAt: null, currentPeriodStart: now, currentPeriodEnd: addMonths(now, 1), cancelledAt: null }
        : { planId: plan.id, status: "trial" as const, trialEndsAt, currentPeriodStart: now, currentPeriodEnd: trialEndsAt, cancelledAt: null };
    // Only the first run decides: after that, operators own the subscription (e2e and manual changes stay).
    if (!existing) await tx.subscription.create({ data: { organizationId: o.id, ...data }, select: { id: true } });
    else if (existing.planId !== plan.id && existing.status === "trial" && w.status === "active") await tx.subscription.update({ where: { organizationId: o.id }, data, select: { id: true } });
  }
}

export async function seedDemoPlatform(sys: SystemClient, orgs: { slug: string; id: string }[], password: string): Promise<void> {
  await sys.$transaction(async (tx) => {
    await seedDemoOperator(tx, password);
    await seedDemoSubscriptions(tx, orgs);
  });
}
