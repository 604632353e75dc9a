// Seals committed audit events into each organization's hash chain every minute. Overlapping runs (a slow run, two
// workers) are safe: audit.seal takes a per-organization advisory lock and continues from the chain's head.
import { systemDb } from "@/server/db/client";
import { defineScheduledJob } from "@/server/kernel/jobs/define";
import { sealAllPending } from "./chain";

export const auditSealJob = defineScheduledJob("audit.seal", "* * * * *", () => sealAllPending(systemDb()));
