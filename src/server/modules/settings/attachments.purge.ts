// Removes attachments deleted more than ATTACHMENT_RETENTION_DAYS ago (default 30): first the stored object, then the
// row. Until then a removal can be undone from the database. Runs daily as the files.purge job on the system role,
// because it crosses tenants; the audit trail records each removed row.
import type { SystemClient } from "@/server/db/client";
import { storage } from "@/server/kernel/files";
import { defineScheduledJob } from "@/server/kernel/jobs/define";

export function retentionDays(): number {
  const v = Number(process.env.ATTACHMENT_RETENTION_DAYS);
  return Number.isFinite(v) && v >= 0 ? v : 30;
}

export async function purgeDeletedAttachments(sys: SystemClient, opts: { now?: Date; batch?: number } = {}): Promise<number> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - retentionDays() * 86_400_000);
  const rows = await sys.attachment.findMany({
    where: { deletedAt: { lt: cutoff } },
    select: { organizationId: true, id: true, storageKey: true },
    orderBy: { deletedAt: "asc" },
    take: opts.batch ?? 500,
  });
  const st = storage();
  let purged = 0;
  for (const r of rows) {
    // Object first: a crash in between leaves a row whose object is gone (retried next run), never an orphan object.
    await st.delete(r.storageKey);
    await sys.attachment.delete({ where: { organizationId_id: { organizationId: r.organizationId, id: r.id } } });
    purged++;
  }
  return purged;
}

export const filesPurgeJob = defineScheduledJob("files.purge", "17 3 * * *", async ({ log }) => {
  const { systemDb } = await import("@/server/db/client");
  const purged = await purgeDeletedAttachments(systemDb());
  log.info({ purged }, "deleted attachments purged");
  return { purged };
});
