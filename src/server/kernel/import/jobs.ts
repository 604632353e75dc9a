// The import engine's background jobs: validation (report + dry run) and commit (chunked writes with progress).
// Both are idempotent: a run checks the import's status first, and the commit resumes from its cursor.
import { z } from "zod";
import { defineJob } from "@/server/kernel/jobs/define";

const ZImportJob = z.object({ orgId: z.uuid(), importId: z.uuid() });

export const importValidateJob = defineJob({
  name: "import.validate",
  schema: ZImportJob,
  options: { retryLimit: 2, expireInSeconds: 30 * 60 },
  handler: async ({ orgId, importId }, { log }) => {
    const { runValidation } = await import("./run");
    return runValidation(orgId, importId, log);
  },
});

export const importCommitJob = defineJob({
  name: "import.commit",
  schema: ZImportJob,
  options: { retryLimit: 3, expireInSeconds: 2 * 60 * 60 },
  handler: async ({ orgId, importId }, { log }) => {
    const { runCommit } = await import("./run");
    return runCommit(orgId, importId, log);
  },
});
