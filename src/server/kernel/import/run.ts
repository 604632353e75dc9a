// The import jobs' work: stream the stored file, validate every row (definition.validateRow + keys unique in the
// file), then either write the report and the dry-run counts (validation) or write chunk after chunk (commit).
// Each chunk is one transaction that also advances the import's cursor (processed_rows), so a job retried after a
// crash resumes where the last committed chunk ended and never writes a row twice.
import type { Logger } from "pino";
import { Readable } from "node:stream";
import { Prisma } from "@/generated/prisma/client";
import { systemDb } from "@/server/db/client";
import { withSettings, type Tx } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { recordEvent } from "@/server/kernel/audit";
import { storage } from "@/server/kernel/files";
import { logger } from "@/server/kernel/logger";
import type { OrgScope } from "@/server/kernel/scope";
import type { ImportDefinition, RowError, SourceRow, ValidRow } from "./define";
import type { ColumnMapping } from "./mapping";
import { readRecords, type ImportFormat } from "./parse";
import { CHUNK_ROWS, FIRST_ERRORS, importDefinition, importMachine, type DataImportRow, type ImportStatus } from "./service";

/** The RLS settings of a verified scope, for each short transaction of a run. */
export function inScope<T>(scope: OrgScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withSettings({ userId: scope.userId, orgId: scope.orgId, workspaceIds: scope.workspaceIds, requestId: scope.requestId }, fn);
}

/**
 * The scope of the member who started the import, verified again now (still an active member of an active
 * organization, with the roles they have now).
 */
export async function importScope(orgId: string, importId: string, requestId: string): Promise<{ scope: OrgScope; row: DataImportRow }> {
  const sys = systemDb();
  const [row, org] = await Promise.all([
    sys.dataImport.findUnique({ where: { organizationId_id: { organizationId: orgId, id: importId } } }),
    sys.organization.findUnique({ where: { id: orgId }, select: { slug: true } }),
  ]);
  if (!row || !org) throw new Error(`import ${importId} of organization ${orgId} not found`);
  try {
    const scope = await withSettings({ userId: row.createdBy, requestId }, (tx) => resolveOrgScope(tx, { userId: row.createdBy, requestId }, org.slug));
    return { scope, row };
  } catch (e) {
    // The member who started it left (or the organization was suspended): nobody may run it any more. Without a
    // scope the state machine cannot record it, so the job path (system role) marks it failed directly.
    if (row.status === "validating" || row.status === "committing")
      await sys.dataImport.updateMany({
        where: { organizationId: orgId, id: importId, status: row.status },
        data: { status: "failed", failure: `The import cannot run for its author any more: ${e instanceof Error ? e.message : String(e)}`, version: { increment: 1 } },
      });
    throw e;
  }
}

export interface ScannedChunk<R> {
  /** Data records [from, to) of the file (0-based, after the header). */
  from: number;
  to: number;
  valid: ValidRow<R>[];
  errors: RowError[];
}

/**
 * The file's data rows (the header and blank lines before it skipped): each row's trimmed, non-blank cells of the
 * mapping's fields, its row number in the file (the header is row 1), and whether it has any such cell (a blank data
 * row still takes its number).
 */
async function* dataRows(row: DataImportRow, mapping: [string, number][]): AsyncGenerator<SourceRow & { any: boolean }> {
  const body = await storage().get(row.storageKey);
  let index = -1; // -1: the header
  let headerSeen = false;
  try {
    for await (const rec of readRecords(body, row.format as ImportFormat)) {
      if (!headerSeen) {
        if (rec.every((c) => c.trim() === "")) continue;
        headerSeen = true;
        continue;
      }
      index++;
      const values: Record<string, string> = {};
      let any = false;
      for (const [field, col] of mapping) {
        const v = rec[col]?.trim();
        if (v) {
          values[field] = v;
          any = true;
        }
      }
      yield { row: index + 2, values, any };
    }
  } finally {
    body.destroy();
  }
}

/**
 * Streams the file's data records in chunks of CHUNK_ROWS (or the definition's `chunkRows`), validated; keys unique
 * within the file are checked across chunks. A definition's prescan reads the whole file first.
 */
export async function* scan<R>(def: ImportDefinition<unknown, R>, ctx: unknown, row: DataImportRow): AsyncGenerator<ScannedChunk<R>> {
  const mapping = Object.entries((row.mapping ?? {}) as ColumnMapping);
  const pre = def.prescan;
  if (pre && pre.fields.every((f) => mapping.some(([field]) => field === f))) {
    for await (const src of dataRows(row, mapping.filter(([field]) => pre.fields.includes(field)))) if (src.any) pre.row(ctx, src);
  }
  const seen = (def.uniqueKeys ?? []).map(() => new Map<string, number>());
  let chunk: ScannedChunk<R> = { from: 0, to: 0, valid: [], errors: [] };
  for await (const { any, ...src } of dataRows(row, mapping)) {
    chunk.to = src.row - 1;
    if (any) {
      const res = def.validateRow(ctx, src);
      if (res.errors) {
        for (const e of res.errors) chunk.errors.push({ row: src.row, field: e.field, message: e.message });
      } else {
        let dup: RowError | null = null;
        (def.uniqueKeys ?? []).forEach((k, i) => {
          const key = k.key(res.record);
          if (!key) return;
          const first = seen[i]!.get(key);
          if (first !== undefined) dup ??= { row: src.row, field: k.field, message: `Same value as row ${first}` };
          else seen[i]!.set(key, src.row);
        });
        if (dup) chunk.errors.push(dup);
        else chunk.valid.push({ row: src.row, record: res.record });
      }
    }
    if (chunk.to - chunk.from >= (def.chunkRows ?? CHUNK_ROWS)) {
      yield chunk;
      chunk = { from: chunk.to, to: chunk.to, valid: [], errors: [] };
    }
  }
  if (chunk.to > chunk.from) yield chunk;
}

/** RFC 4180 CSV cell; a text starting with = + - @ gets a leading ' (formula injection). */
function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function fieldLabel(def: ImportDefinition, field: string): string {
  return def.fields.find((f) => f.id === field)?.label ?? field;
}

async function markFailed(scope: OrgScope, importId: string, message: string) {
  await inScope(scope, async (tx) => {
    const row = await tx.dataImport.findFirst({ where: { organizationId: scope.orgId, id: importId } });
    if (!row || (row.status !== "validating" && row.status !== "committing")) return;
    await importMachine.apply(tx, scope, {
      transition: "fail",
      entity: { id: row.id, status: row.status as ImportStatus, workspaceId: null },
      reason: message.slice(0, 500),
      update: async (t, to, from) =>
        (await t.dataImport.updateMany({ where: { organizationId: scope.orgId, id: row.id, status: from }, data: { status: to, failure: message.slice(0, 1000), version: { increment: 1 } } })).count,
    });
  });
}

/** The validation run: every row checked, the error report stored, the dry-run counts saved. Idempotent. */
export async function runValidation(orgId: string, importId: string, log: Logger = logger) {
  const started = performance.now();
  const resolved = await importScope(orgId, importId, `import-${importId}`).catch((e: unknown) => {
    log.warn({ err: e, importId }, "import validation cannot run");
    return null;
  });
  if (!resolved) return { failed: true };
  const { scope, row } = resolved;
  if (row.status !== "validating") return { skipped: row.status };
  const def = importDefinition(row.kind) as ImportDefinition<unknown, unknown>;
  try {
    const ctx = await inScope(scope, (tx) => def.context(tx, scope));
    const lines: string[] = ["row,column,message"];
    const firstErrors: RowError[] = [];
    const errorRows = new Set<number>();
    let total = 0;
    let create = 0;
    let update = 0;
    let skip = 0;
    const matchCounts: Record<string, { update: number; skip: number }> = {};
    const addErrors = (errors: RowError[]) => {
      for (const e of errors) {
        errorRows.add(e.row);
        if (firstErrors.length < FIRST_ERRORS) firstErrors.push(e);
        lines.push(`${e.row},${csvCell(fieldLabel(def, e.field))},${csvCell(e.message)}`);
      }
    };
    for await (const chunk of scan(def, ctx, row)) {
      total = chunk.to;
      addErrors(chunk.errors);
      if (chunk.valid.length) {
        const counts = await inScope(scope, async (tx) => {
          const c = await def.plan(tx, scope, ctx, chunk.valid);
          await tx.dataImport.updateMany({ where: { organizationId: orgId, id: importId, status: "validating" }, data: { processedRows: chunk.to } });
          return c;
        });
        create += counts.create;
        update += counts.update;
        skip += counts.skip;
        for (const [key, m] of Object.entries(counts.matchedBy ?? {})) {
          const acc = (matchCounts[key] ??= { update: 0, skip: 0 });
          acc.update += m.update;
          acc.skip += m.skip;
        }
        addErrors(counts.errors);
      }
    }
    // Errors in file order (a chunk's database errors come after its row errors).
    firstErrors.sort((a, b) => a.row - b.row);
    const reportKey = `${orgId}/imports/${importId}/errors.csv`;
    const header = lines.shift()!;
    const body = [header, ...sortReport(lines)].join("\r\n") + "\r\n";
    await storage().put(reportKey, Readable.from([Buffer.from("\uFEFF" + body, "utf8")]), { contentType: "text/csv", contentLength: Buffer.byteLength("\uFEFF" + body) });
    await inScope(scope, async (tx) => {
      const current = await tx.dataImport.findFirst({ where: { organizationId: orgId, id: importId } });
      if (!current || current.status !== "validating") return;
      await importMachine.apply(tx, scope, {
        transition: "validated",
        entity: { id: importId, status: "validating", workspaceId: null },
        update: async (t, to, from) =>
          (
            await t.dataImport.updateMany({
              where: { organizationId: orgId, id: importId, status: from },
              data: {
                status: to,
                totalRows: total,
                errorRows: errorRows.size,
                errorCount: lines.length,
                toCreate: create,
                toUpdate: update,
                toSkip: skip,
                matchCounts,
                firstErrors: firstErrors as unknown as Prisma.InputJsonArray,
                reportKey,
                processedRows: total,
                validatedAt: new Date(),
                version: { increment: 1 },
              },
            })
          ).count,
      });
    });
    const ms = Math.round(performance.now() - started);
    log.info({ importId, total, errors: lines.length, create, update, skip, ms }, "import validated");
    return { total, errors: lines.length, errorRows: errorRows.size, create, update, skip, ms };
  } catch (e) {
    log.error({ err: e, importId }, "import validation failed");
    await markFailed(scope, importId, e instanceof Error ? e.message : String(e));
    return { failed: true };
  }
}

/** Report lines sorted by row (stable within a row): database errors of a chunk join their rows. */
function sortReport(lines: string[]): string[] {
  return lines
    .map((l, i) => ({ l, i, row: Number(l.slice(0, l.indexOf(","))) }))
    .sort((a, b) => a.row - b.row || a.i - b.i)
    .map((x) => x.l);
}

/**
 * The commit run: chunk by chunk, each in one transaction with the import's cursor. A chunk whose start is not the
 * committed cursor was written by an earlier attempt and is passed over. Idempotent.
 */
export async function runCommit(orgId: string, importId: string, log: Logger = logger) {
  const started = performance.now();
  const resolved = await importScope(orgId, importId, `import-${importId}`).catch((e: unknown) => {
    log.warn({ err: e, importId }, "import commit cannot run");
    return null;
  });
  if (!resolved) return { failed: true };
  const { scope, row } = resolved;
  if (row.status !== "committing") return { skipped: row.status };
  const def = importDefinition(row.kind) as ImportDefinition<unknown, unknown>;
  try {
    const ctx = await inScope(scope, (tx) => def.context(tx, scope));
    for await (const chunk of scan(def, ctx, row)) {
      if (chunk.to <= row.processedRows) continue; // committed by an earlier attempt
      const went = await inScope(scope, async (tx) => {
        // The row lock serializes two runs of the same import; the cursor tells whether this chunk is still to do.
        const [cur] = await tx.$queryRaw<{ status: string; processed_rows: number }[]>`
          select status, processed_rows from settings.imports where organization_id = ${orgId}::uuid and id = ${importId}::uuid for update`;
        if (!cur || cur.status !== "committing") return "stopped" as const;
        if (cur.processed_rows !== chunk.from) return cur.processed_rows > chunk.from ? ("done-before" as const) : ("gap" as const);
        const counts = chunk.valid.length ? await def.commit(tx, scope, ctx, chunk.valid, { importId }) : { create: 0, update: 0, skip: 0, errors: [] };
        const invalidRows = new Set([...chunk.errors, ...counts.errors].map((e) => e.row)).size;
        await tx.dataImport.updateMany({
          where: { organizationId: orgId, id: importId },
          data: {
            processedRows: chunk.to,
            createdRows: { increment: counts.create },
            updatedRows: { increment: counts.update },
            skippedRows: { increment: counts.skip + invalidRows },
            failedRows: { increment: invalidRows },
          },
        });
        return "written" as const;
      });
      if (went === "stopped") return { stopped: true };
      if (went === "gap") throw new Error(`import ${importId}: cursor behind chunk ${chunk.from}`);
    }
    const result = await inScope(scope, async (tx) => {
      const cur = await tx.dataImport.findFirst({ where: { organizationId: orgId, id: importId } });
      if (!cur || cur.status !== "committing") return null;
      await importMachine.apply(tx, scope, {
        transition: "finish",
        entity: { id: importId, status: "committing", workspaceId: null },
        update: async (t, to, from) =>
          (await t.dataImport.updateMany({ where: { organizationId: orgId, id: importId, status: from }, data: { status: to, finishedAt: new Date(), version: { increment: 1 } } })).count,
      });
      const out = { created: cur.createdRows, updated: cur.updatedRows, skipped: cur.skippedRows, failed: cur.failedRows, total: cur.totalRows ?? cur.processedRows };
      // One business event per import (the row changes themselves are in the stream through the triggers).
      await recordEvent(tx, scope, { action: "import", entityType: "settings.imports", entityId: importId, data: { kind: cur.kind, fileName: cur.fileName, ...out } });
      return out;
    });
    const ms = Math.round(performance.now() - started);
    log.info({ importId, ...result, ms }, "import committed");
    return { ...result, ms };
  } catch (e) {
    log.error({ err: e, importId }, "import commit failed");
    await markFailed(scope, importId, e instanceof Error ? e.message : String(e));
    return { failed: true };
  }
}
