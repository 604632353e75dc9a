// Retention of uploaded import files: an import's stored file, its error report and its sample rows (row data of the
// customer's file; the first errors kept for the UI quote it too) are deleted once the organization's retention period (setting imports.retentionDays, default 30)
// has passed since the upload. The import record stays, as history, marked files_removed_at. Runs daily as the
// import.retention job on the system role, because it crosses organizations; each removal leaves the business event
// "import.files_removed" (the row change itself is captured by the audit trigger, without the sample rows).
import type { SystemClient } from "@/server/db/client";
import { recordEvent } from "@/server/kernel/audit";
import { storage } from "@/server/kernel/files";
import { defineScheduledJob } from "@/server/kernel/jobs/define";
import { parseStored, SETTINGS } from "@/server/kernel/settings/registry";

const KEY = "imports.retentionDays" as const;

/** Days an organization keeps its import files: its own setting, else the registry default. */
export async function retentionByOrganization(sys: SystemClient): Promise<{ overrides: Record<string, number>; fallback: number }> {
  const rows = await sys.appSetting.findMany({ where: { key: KEY, workspaceId: null }, select: { organizationId: true, value: true } });
  const overrides: Record<string, number> = {};
  for (const r of rows) {
    const days = parseStored(KEY, r.value);
    if (days !== undefined) overrides[r.organizationId] = days;
  }
  return { overrides, fallback: SETTINGS[KEY].default };
}

export interface PurgedImport {
  organizationId: string;
  id: string;
}

/**
 * Removes the files of imports older than their organization's retention period, oldest first, `batch` at most per
 * call. A running import (validating, committing) is left alone until it has stopped. Per import, one system
 * transaction marks the record (which locks it: a concurrent "validate" or "import" then fails on its version) and
 * deletes the objects before committing, so a crash in between leaves the record unmarked and the next run deletes
 * again (deleting a missing object is not an error) — never a marked record whose file is still stored.
 */
export async function purgeExpiredImports(sys: SystemClient, opts: { now?: Date; batch?: number } = {}): Promise<PurgedImport[]> {
  const now = opts.now ?? new Date();
  const { overrides, fallback } = await retentionByOrganization(sys);
  const due = await sys.$queryRaw<{ organizationId: string; id: string }[]>`
    select i.organization_id::text as "organizationId", i.id::text as id
      from settings.imports i
     where i.files_removed_at is null
       and i.status not in ('validating', 'committing')
       and i.created_at < ${now}::timestamptz - make_interval(days => coalesce((${JSON.stringify(overrides)}::jsonb ->> i.organization_id::text)::int, ${fallback}::int))
     order by i.created_at
     limit ${opts.batch ?? 200}`;
  const st = storage();
  const purged: PurgedImport[] = [];
  for (const d of due) {
    const done = await sys.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ storage_key: string; report_key: string | null; file_name: string; kind: string; created_at: Date }[]>`
        select storage_key, report_key, file_name, kind, created_at from settings.imports
         where organization_id = ${d.organizationId}::uuid and id = ${d.id}::uuid
           and files_removed_at is null and status not in ('validating', 'committing')
           for update`;
      if (!row) return false; // started meanwhile, or removed by an overlapping run
      await tx.$executeRaw`
        update settings.imports
           set files_removed_at = ${now}::timestamptz, sample = '[]', first_errors = '[]',
               version = version + 1, updated_at = current_timestamp
         where organization_id = ${d.organizationId}::uuid and id = ${d.id}::uuid`;
      await st.delete(row.storage_key);
      // The report where the validation writes it, also when an interrupted validation never recorded its key.
      await st.delete(row.report_key ?? row.storage_key.replace(/\/source\.[a-z]+$/, "/errors.csv"));
      await recordEvent(tx, d.organizationId, {
        action: "import.files_removed",
        entityType: "settings.imports",
        entityId: d.id,
        data: { kind: row.kind, fileName: row.file_name, uploadedAt: row.created_at.toISOString() },
      });
      return true;
    });
    if (done) purged.push(d);
  }
  return purged;
}

export const importRetentionJob = defineScheduledJob("import.retention", "41 3 * * *", async ({ log }) => {
  const { systemDb } = await import("@/server/db/client");
  let total = 0;
  // Batches until nothing is due (a backlog after downtime clears in one run).
  for (;;) {
    const purged = await purgeExpiredImports(systemDb());
    total += purged.length;
    if (purged.length < 200) break;
  }
  log.info({ purged: total }, "expired import files removed");
  return { purged: total };
});
