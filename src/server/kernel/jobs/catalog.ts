// The application's jobs. A module adds its job with one line here; `enqueue` is typed by this list.
// A periodic job is one line too: defineScheduledJob("audit.seal", "* * * * *", () => sealPending()).
import { mailSendJob } from "@/server/kernel/mail/job";
import { filesPurgeJob } from "@/server/modules/settings/attachments.purge";

export const JOB_CATALOG = [mailSendJob, filesPurgeJob] as const;
