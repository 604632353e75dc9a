// Ends the trials whose trial_ends_at has passed, daily (00:05 UTC), on the system role: it crosses organizations.
// Overlapping runs are safe (each batch locks its rows with skip locked; only subscriptions still in trial move).
import { systemDb } from "@/server/db/client";
import { defineScheduledJob } from "@/server/kernel/jobs/define";
import { expireTrials } from "./subscriptions.service";

export const trialsExpireJob = defineScheduledJob("platform.trials-expire", "5 0 * * *", async ({ jobId, log }) => {
  const ended = await expireTrials(systemDb(), { requestId: `job:${jobId}` });
  log.info({ ended }, "expired trials ended");
  return { ended };
});
