// The application's jobs. A module adds its job with one line here; `enqueue` is typed by this list.
// A periodic job is one line too (see src/server/kernel/audit/seal.job.ts).
import { auditSealJob } from "@/server/kernel/audit/seal.job";
import { importCommitJob, importValidateJob } from "@/server/kernel/import/jobs";
import { importRetentionJob } from "@/server/kernel/import/retention";
import { mailSendJob } from "@/server/kernel/mail/job";
import { valuationDaysJob } from "@/server/modules/inventory/valuation-days.job";
import { warehouseStockFoldJob } from "@/server/modules/inventory/warehouse-stock-fold.job";
import { trialsExpireJob } from "@/server/modules/platform/trials.job";
import { filesPurgeJob } from "@/server/modules/settings/attachments.purge";

export const JOB_CATALOG = [mailSendJob, filesPurgeJob, auditSealJob, trialsExpireJob, importValidateJob, importCommitJob, importRetentionJob, valuationDaysJob, warehouseStockFoldJob] as const;
