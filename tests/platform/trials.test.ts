// Trials expire: the daily platform.trials-expire job moves every trial whose trial_ends_at has passed to past_due,
// through the subscription machine (status history + the organization's audit stream, no actor), batch by batch,
// and a second run changes nothing.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { registeredJobs } from "@/server/kernel/jobs";
import { expireTrials } from "@/server/modules/platform/subscriptions.service";
import { withConnection } from "../helpers/db";
import { makeOrg } from "../helpers/factory";

const DAY = 86_400_000;

async function trialEndingIn(days: number) {
  const org = await makeOrg();
  await systemDb().subscription.update({ where: { organizationId: org.id }, data: { trialEndsAt: new Date(Date.now() + days * DAY) } });
  return org;
}

const statusOf = async (orgId: string) => (await systemDb().subscription.findUniqueOrThrow({ where: { organizationId: orgId }, select: { status: true } })).status;

async function historyOf(orgId: string) {
  return systemDb().statusHistory.findMany({
    where: { organizationId: orgId, entityType: "platform.subscriptions" },
    select: { fromStatus: true, toStatus: true, transition: true, actorId: true },
  });
}

async function statusEvents(orgId: string) {
  return withConnection("owner", async (c) =>
    (
      await c.query<{ actor_id: string | null; request_id: string | null; data: Record<string, unknown> }>(
        "select actor_id::text, request_id, data from audit.events where organization_id = $1 and kind = 'business' and action = 'status_change' order by created_at, id",
        [orgId],
      )
    ).rows,
  );
}

describe("trials expire", () => {
  it("a trial that ended yesterday moves to past_due with history and an audit event; one ending tomorrow does not; twice changes nothing", async () => {
    const ended = await trialEndingIn(-1);
    const alsoEnded = await trialEndingIn(-3);
    const running = await trialEndingIn(1);

    // Batches of one: the run goes on until no trial is due.
    expect(await expireTrials(systemDb(), { batch: 1, requestId: "test-trials" })).toBeGreaterThanOrEqual(2);

    for (const org of [ended, alsoEnded]) {
      expect(await statusOf(org.id)).toBe("past_due");
      expect(await historyOf(org.id)).toEqual([{ fromStatus: "trial", toStatus: "past_due", transition: "trial_ended", actorId: null }]);
      expect(await statusEvents(org.id)).toEqual([
        { actor_id: null, request_id: "test-trials", data: { entityType: "platform.subscriptions", transition: "trial_ended", from: "trial", to: "past_due" } },
      ]);
    }
    expect(await statusOf(running.id)).toBe("trial");
    expect(await historyOf(running.id)).toEqual([]);

    // The subscription's row change is in the audit stream too, with no actor.
    const change = await withConnection("owner", async (c) =>
      (await c.query("select actor_id, changes from audit.events where organization_id = $1 and kind = 'change' and table_name = 'platform.subscriptions' and operation = 'UPDATE' and changes ? 'status'", [ended.id])).rows,
    );
    expect(change).toHaveLength(1);
    expect(change[0].actor_id).toBeNull();
    expect(JSON.stringify(change[0].changes)).toContain("past_due");

    // Idempotent: nothing is due any more for these organizations.
    await expireTrials(systemDb());
    for (const org of [ended, alsoEnded]) {
      expect(await historyOf(org.id)).toHaveLength(1);
      expect(await statusEvents(org.id)).toHaveLength(1);
    }
    expect(await statusOf(running.id)).toBe("trial");
  });

  it("runs daily as a scheduled job in the catalog", () => {
    expect(registeredJobs().find((j) => j.name === "platform.trials-expire")).toMatchObject({ cron: "5 0 * * *" });
  });
});
