// Fills inventory.valuation_days (the valuation totals' closed days per workspace × warehouse × UTC day, and with them
// valuation_category_days / _months per workspace × category × day / month) for every
// organization outside requests, every 15 minutes: per organization, committed steps of at most STEP_DAYS days per
// workspace (inventory.valuation_days_fill(org, days)) until a step covers nothing new. After an upgrade that empties
// the table, or a day's close, the first totals request then finds the rows ready; a request itself fills at most
// REQUEST_FILL_DAYS. Overlapping runs are safe: the fill takes an advisory lock per organization × workspace and
// continues from the newest row.
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { defineScheduledJob } from "@/server/kernel/jobs/define";

/** Days one step of the job closes per workspace (a quarter: ~600,000 moves at full scale, a few seconds). */
export const STEP_DAYS = 92;

/** Fills the valuation days of every organization (or of `orgIds`) in committed steps; answers how many steps ran. */
export async function fillValuationDays(opts: { stepDays?: number; requestId?: string; orgIds?: string[] } = {}): Promise<number> {
  const orgs = await systemDb().organization.findMany({
    where: opts.orgIds ? { id: { in: opts.orgIds } } : undefined,
    select: { id: true, workspaces: { select: { id: true } } },
    orderBy: { id: "asc" },
  });
  // The fill closes the days up to today − 2 (UTC): a workspace is done there, or when a step covers nothing new.
  const now = new Date();
  const cutoff = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 2 * 86_400_000;
  let steps = 0;
  for (const org of orgs) {
    if (!org.workspaces.length) continue;
    const settings = { orgId: org.id, workspaceIds: org.workspaces.map((w) => w.id), requestId: opts.requestId ?? null };
    let previous: number | null | undefined;
    for (;;) {
      const [row] = await withSettings(settings, (tx) =>
        tx.$queryRaw<{ covered: Date | null }[]>`select inventory.valuation_days_fill(${org.id}::uuid, ${opts.stepDays ?? STEP_DAYS}::int) as covered`,
      );
      steps++;
      const covered = row?.covered ? row.covered.getTime() : null;
      if (covered === null || covered === previous || covered >= cutoff) break;
      previous = covered;
    }
  }
  return steps;
}

export const valuationDaysJob = defineScheduledJob("inventory.valuation-days", "*/15 * * * *", async ({ jobId, log }) => {
  const steps = await fillValuationDays({ requestId: `job:${jobId}` });
  log.info({ steps }, "valuation days filled");
  return { steps };
});
