// The import history: an organization's imports of the kinds the member may start (each kind's permission), newest
// first, keyset-paged; what each did (rows created, updated, skipped, failed), its progress while it runs, and whether
// its files are still kept (import.retention deletes them; the record stays).
import type { Tx } from "@/server/db/scope";
import { and, badRequest, keysetPage, likePattern, rawSql, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import type { ListOutput } from "@/lib/list";
import { IMPORTS } from "@/server/imports";
import { IMPORT_HISTORY_STATUSES, type TImportHistoryInput } from "./history-list";
import type { ImportStatus } from "./service";

export interface ImportHistoryRow {
  id: string;
  kind: string;
  status: ImportStatus;
  fileName: string;
  sizeBytes: number;
  createdAt: Date;
  finishedAt: Date | null;
  /** Name of the member who uploaded the file (null when they are no longer a member). */
  createdByName: string | null;
  totalRows: number | null;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  /** Rows that matched and changed nothing. */
  skippedRows: number;
  /** Rows with errors: refused by the commit, or (not imported yet) found by the validation. */
  failedRows: number;
  /** The validation's error report exists (and has errors); `filesRemoved` says whether it can still be downloaded. */
  hasReport: boolean;
  errorCount: number;
  filesRemoved: boolean;
  filesRemovedAt: Date | null;
}

type Raw = Omit<ImportHistoryRow, "sizeBytes" | "skippedRows" | "failedRows" | "filesRemoved" | "status"> & {
  status: string;
  sizeBytes: bigint;
  skipped: number;
  failed: number;
  errorRows: number | null;
  committed: boolean;
  cursorAt: string;
};

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

/** Kinds whose imports this member may see: those they may start. */
export function visibleKinds(scope: OrgScope): string[] {
  return [...IMPORTS.values()].filter((d) => scope.permissions.has(d.permission)).map((d) => d.kind);
}

/** `opts.kinds` narrows the history to those kinds (a module's own import page), still only among the visible ones. */
export async function listImports(tx: Tx, scope: OrgScope, input: TImportHistoryInput, opts: { kinds?: readonly string[] } = {}): Promise<ListOutput<ImportHistoryRow>> {
  const kinds = visibleKinds(scope).filter((k) => !opts.kinds || opts.kinds.includes(k));
  if (!kinds.length) return { rows: [] };
  const sort = input.sort ?? { id: "createdAt", desc: true };
  const where: Sql[] = [sql`i.organization_id = ${scope.orgId}::uuid`, sql`i.kind = any(${kinds}::text[])`];
  const statuses = input.filters?.status?.type === "enum" ? input.filters.status.values.filter((v) => (IMPORT_HISTORY_STATUSES as readonly string[]).includes(v)) : [];
  if (statuses.length) where.push(sql`i.status = any(${statuses}::text[])`);
  // By file name: a filter over the organization's imports (a human-sized list; ILIKE is no index condition under RLS).
  if (input.q) where.push(sql`i.file_name ilike ${likePattern(input.q)}`);
  if (input.page !== undefined) throw badRequest("page", "The import history pages by cursor.");
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string" || !TS.test(c.sortValue)) throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    where.push(
      sort.desc
        ? sql`(i.created_at, i.id) < (${c.sortValue}::timestamp at time zone 'UTC', ${c.id}::uuid)`
        : sql`(i.created_at, i.id) > (${c.sortValue}::timestamp at time zone 'UTC', ${c.id}::uuid)`,
    );
  }
  const dir = rawSql(sort.desc ? "desc" : "asc");
  const raw = await tx.$queryRaw<Raw[]>`
    select i.id::text as id, i.kind, i.status, i.file_name as "fileName", i.size_bytes as "sizeBytes",
           i.created_at as "createdAt", i.finished_at as "finishedAt",
           (select u.name from auth.memberships m join auth.users u on u.id = m.user_id
             where m.organization_id = i.organization_id and m.user_id = i.created_by) as "createdByName",
           i.total_rows as "totalRows", i.processed_rows as "processedRows", i.created_rows as "createdRows",
           i.updated_rows as "updatedRows", i.skipped_rows - i.failed_rows as skipped, i.failed_rows as failed,
           i.error_rows as "errorRows", i.started_at is not null as committed,
           i.report_key is not null and coalesce(i.error_count, 0) > 0 as "hasReport", coalesce(i.error_count, 0) as "errorCount",
           i.files_removed_at as "filesRemovedAt",
           to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as "cursorAt"
      from settings.imports i
     where ${and(where)}
     order by i.created_at ${dir}, i.id ${dir}
     limit ${input.perPage + 1}`;
  const page = keysetPage(raw, input.perPage, (r) => [r.cursorAt, r.id]);
  const out: ListOutput<ImportHistoryRow> = {
    rows: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status as ImportStatus,
      fileName: r.fileName,
      sizeBytes: Number(r.sizeBytes),
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      createdByName: r.createdByName,
      totalRows: r.totalRows,
      processedRows: r.processedRows,
      createdRows: r.createdRows,
      updatedRows: r.updatedRows,
      skippedRows: r.committed ? r.skipped : 0,
      failedRows: r.committed ? r.failed : (r.errorRows ?? 0),
      hasReport: r.hasReport,
      errorCount: r.errorCount,
      filesRemoved: r.filesRemovedAt !== null,
      filesRemovedAt: r.filesRemovedAt,
    })),
  };
  if (page.nextCursor) out.nextCursor = page.nextCursor;
  return out;
}
