// Subscriptions: one per organization, on a plan, through a state machine (trial → active → past_due → cancelled,
// reinstate; a trial whose end has passed → past_due). Written only on the system path (sign-up creates the trial;
// operators change it; the daily platform.trials-expire job ends trials); members read their own through RLS. Every
// change is captured in the organization's audit stream (trigger) and its status history.
import type { SystemClient, SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { UserScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import type { SubscriptionStatus, TChangePlanInput, TTransitionSubscriptionInput } from "./console.schemas";
import { operatorOrgScope, systemOrgScope } from "./operator-scope";

export const TRIAL_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

export function addMonths(d: Date, n: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + n);
  return out;
}

export const subscriptionMachine = defineMachine({
  entityType: "platform.subscriptions",
  states: ["trial", "active", "past_due", "cancelled"] as const satisfies readonly SubscriptionStatus[],
  transitions: {
    activate: { from: ["trial", "past_due"], to: "active", label: "Activate" },
    mark_past_due: { from: ["active"], to: "past_due", label: "Mark past due" },
    // Applied by the daily platform.trials-expire job once trial_ends_at has passed (an operator may end one early).
    trial_ended: { from: ["trial"], to: "past_due", label: "Trial ended" },
    cancel: { from: ["trial", "active", "past_due"], to: "cancelled", label: "Cancel", requiresReason: true },
    reinstate: { from: ["cancelled"], to: "active", label: "Reinstate" },
  },
});

/**
 * A new organization's trial on the default plan (called by createOrganization, in its transaction). Without a
 * default plan (an installation that never set up plans) the organization stays unmetered and nothing is created.
 */
export async function createTrialSubscription(tx: SystemTx, organizationId: string, now = new Date()) {
  const plan = await tx.plan.findFirst({ where: { isDefault: true, active: true }, select: { id: true } });
  if (!plan) return null;
  const trialEndsAt = new Date(now.getTime() + TRIAL_DAYS * DAY);
  return tx.subscription.create({
    data: { organizationId, planId: plan.id, status: "trial", trialEndsAt, currentPeriodStart: now, currentPeriodEnd: trialEndsAt },
    select: { id: true, status: true, planId: true },
  });
}

async function lockSubscription(tx: SystemTx, organizationId: string) {
  const rows = await tx.$queryRaw<{ id: string; status: SubscriptionStatus }[]>`
    select id::text as id, status::text as status from platform.subscriptions where organization_id = ${organizationId}::uuid for update`;
  return rows[0] ?? null;
}

/** Moves the organization to another active plan; an organization without a subscription gets an active one. */
export async function changePlan(tx: SystemTx, op: UserScope, input: TChangePlanInput) {
  const org = await tx.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
  if (!org) throw notFound("Organization not found");
  const plan = await tx.plan.findUnique({ where: { id: input.planId }, select: { id: true, active: true, name: true } });
  if (!plan) throw new AppError("NOT_FOUND", "Plan not found", { planId: ["Plan not found"] });
  if (!plan.active) throw new AppError("PRECONDITION_FAILED", `The plan “${plan.name}” is retired; choose an active plan.`, { planId: ["This plan is retired"] });
  const sub = await lockSubscription(tx, input.organizationId);
  if (!sub) {
    const now = new Date();
    return tx.subscription.create({
      data: { organizationId: org.id, planId: plan.id, status: "active", currentPeriodStart: now, currentPeriodEnd: addMonths(now, 1), createdBy: op.userId, updatedBy: op.userId },
      select: { id: true, status: true, planId: true },
    });
  }
  return tx.subscription.update({
    where: { organizationId_id: { organizationId: org.id, id: sub.id } },
    data: { planId: plan.id, updatedBy: op.userId },
    select: { id: true, status: true, planId: true },
  });
}

/** A status transition of the organization's subscription, with its period dates. */
export async function transitionSubscription(tx: SystemTx, op: UserScope, input: TTransitionSubscriptionInput) {
  const sub = await lockSubscription(tx, input.organizationId);
  if (!sub) throw notFound("This organization has no subscription; choose a plan first.");
  const now = new Date();
  await subscriptionMachine.apply(tx as unknown as Tx, operatorOrgScope(op, input.organizationId), {
    transition: input.transition,
    entity: { id: sub.id, status: sub.status, workspaceId: null },
    reason: input.reason,
    update: async (t, to, from) => {
      // Activating a trial or reinstating starts a paid period; a trial that ends keeps its (trial) period.
      const dates =
        to === "cancelled"
          ? { cancelledAt: now }
          : to === "active" && (from === "trial" || from === "cancelled")
            ? { currentPeriodStart: now, currentPeriodEnd: addMonths(now, 1), cancelledAt: null }
            : {};
      const r = await t.subscription.updateMany({
        where: { organizationId: input.organizationId, id: sub.id, status: from },
        data: { status: to, updatedBy: op.userId, ...dates },
      });
      return r.count;
    },
  });
  return tx.subscription.findUniqueOrThrow({ where: { organizationId: input.organizationId }, select: { id: true, status: true, planId: true } });
}

/** Trials one transaction ends; a run continues batch after batch until none is due. */
export const TRIAL_BATCH = 100;

/**
 * Ends every trial whose `trial_ends_at` has passed (at `now`): trial → past_due through the machine, so each one gets
 * its status_history row and a status_change event in its organization's audit stream, with no actor (the platform
 * did it; `requestId` tags the run). Batched: each batch is one system transaction that locks its rows (`skip locked`,
 * so an overlapping run takes other rows); idempotent: only subscriptions still in trial are picked, so a second run
 * changes nothing. Returns how many trials ended.
 */
export async function expireTrials(sys: SystemClient, opts: { now?: Date; batch?: number; requestId?: string } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? TRIAL_BATCH;
  const requestId = opts.requestId ?? "platform.trials-expire";
  let total = 0;
  for (;;) {
    const ended = await sys.$transaction(async (tx) => {
      await tx.$executeRaw`select set_config('app.user_id', '', true), set_config('app.request_id', ${requestId}, true)`;
      const due = await tx.$queryRaw<{ organization_id: string; id: string }[]>`
        select organization_id::text as organization_id, id::text as id from platform.subscriptions
         where status = 'trial' and trial_ends_at <= ${now}
         order by trial_ends_at, organization_id
         limit ${batch} for update skip locked`;
      for (const sub of due) {
        await subscriptionMachine.apply(tx as unknown as Tx, systemOrgScope(sub.organization_id, requestId), {
          transition: "trial_ended",
          entity: { id: sub.id, status: "trial", workspaceId: null },
          update: async (t, to, from) =>
            (await t.subscription.updateMany({ where: { organizationId: sub.organization_id, id: sub.id, status: from }, data: { status: to, updatedBy: null } })).count,
        });
      }
      return due.length;
    });
    total += ended;
    if (ended < batch) return total;
  }
}
