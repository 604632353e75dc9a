// The import engine's request-side operations: store the uploaded file and read its header, set the column mapping
// (saved per organization), queue validation and commit, and answer status. Nothing here reads the whole file: the
// work runs in the import.validate / import.commit jobs (run.ts).
import { Readable } from "node:stream";
import { v7 as uuidv7 } from "uuid";
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { storage } from "@/server/kernel/files";
import { enqueueJob } from "@/server/kernel/jobs/runtime";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { defineMachine } from "@/server/kernel/state-machine";
import { IMPORTS } from "@/server/imports";
import type { ImportDefinition, RowError } from "./define";
import { importCommitJob, importValidateJob } from "./jobs";
import { headerSignature, mappingErrors, suggestMapping, type ColumnMapping } from "./mapping";
import { detectFormat, readRecords, type ImportFormat } from "./parse";

/** Largest file accepted (IMPORT_MAX_BYTES, default 50 MB: about 300,000 customer rows of CSV). */
export function importMaxBytes(): number {
  const v = Number(process.env.IMPORT_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : 50 * 1024 * 1024;
}

/** Rows per commit transaction (and per dry-run lookup). */
export const CHUNK_ROWS = 1000;
/** Errors kept on the import for the UI; the downloadable report has all of them. */
export const FIRST_ERRORS = 100;
const SAMPLE_ROWS = 5;

export const IMPORT_STATUSES = ["uploaded", "validating", "validated", "committing", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * uploaded → validating → validated → committing → done; a failed run can be validated again or, once validated,
 * committed again (the commit resumes from its cursor). Changing the mapping goes back to uploaded.
 */
export const importMachine = defineMachine({
  entityType: "settings.imports",
  states: IMPORT_STATUSES,
  transitions: {
    remap: { from: ["validated", "failed"], to: "uploaded", label: "Change the mapping" },
    validate: { from: ["uploaded", "validated", "failed"], to: "validating", label: "Validate" },
    validated: { from: ["validating"], to: "validated", label: "Validated" },
    commit: { from: ["validated", "failed"], to: "committing", label: "Import" },
    finish: { from: ["committing"], to: "done", label: "Finish" },
    fail: { from: ["validating", "committing"], to: "failed", label: "Fail" },
  },
});

export function importDefinition(kind: string): ImportDefinition {
  const def = IMPORTS.get(kind);
  if (!def) throw notFound(`Unknown import "${kind}"`);
  return def;
}

function need(scope: OrgScope, permission: Permission) {
  if (!scope.permissions.has(permission)) throw new AppError("FORBIDDEN", `You do not have permission for this (${permission}).`);
}

export type DataImportRow = Prisma.DataImportGetPayload<object>;

/** The import if it is of this organization and kind; NOT_FOUND otherwise (another organization's id included). */
export async function importOr404(tx: Tx, scope: OrgScope, kind: string, id: string): Promise<DataImportRow> {
  const row = await tx.dataImport.findFirst({ where: { organizationId: scope.orgId, id, kind } });
  if (!row) throw notFound("Import not found");
  return row;
}

export function tooLargeImport(max = importMaxBytes()) {
  const mb = `${Math.round(max / 1024 / 1024)} MB`;
  return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${mb}.`, { file: [`At most ${mb}.`] });
}

/** Header cells trimmed; a blank one becomes "Column N". */
function cleanHeaders(cells: string[]): string[] {
  let last = cells.length;
  while (last > 0 && cells[last - 1]!.trim() === "") last--;
  return cells.slice(0, last).map((c, i) => c.trim() || `Column ${i + 1}`);
}

/** The header row and the first data rows of a stored file (reads only that much). */
export async function readHead(key: string, format: ImportFormat, sampleRows = SAMPLE_ROWS): Promise<{ headers: string[]; sample: string[][] }> {
  const body = await storage().get(key);
  const out: string[][] = [];
  try {
    for await (const rec of readRecords(body, format)) {
      if (out.length === 0 && rec.every((c) => c.trim() === "")) continue; // blank lines before the header
      out.push(rec);
      if (out.length > sampleRows) break;
    }
  } finally {
    body.destroy();
  }
  const [header = [], ...sample] = out;
  return { headers: cleanHeaders(header), sample };
}

export interface CreateImportInput {
  kind: string;
  fileName: string;
  contentType?: string | null;
  size?: number;
  body: Readable;
}

/** Stores the file (kernel files storage, under `<orgId>/imports/<id>/`), reads its header and suggests a mapping. */
export async function createImport(tx: Tx, scope: OrgScope, input: CreateImportInput) {
  const def = importDefinition(input.kind);
  need(scope, def.permission);
  const format = detectFormat(input.fileName, input.contentType);
  if (!format) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Upload a CSV or XLSX file.", { file: ["Upload a CSV or XLSX file."] });
  const max = importMaxBytes();
  if (input.size !== undefined && input.size > max) throw tooLargeImport(max);

  const id = uuidv7();
  const storageKey = `${scope.orgId}/imports/${id}/source.${format}`;
  let size = 0;
  async function* metered(src: Readable) {
    for await (const chunk of src) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > max) throw tooLargeImport(max);
      yield buf;
    }
  }
  const st = storage();
  const contentType = format === "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  try {
    await st.put(storageKey, Readable.from(metered(input.body)), { contentType, contentLength: input.size });
    let head: { headers: string[]; sample: string[][] };
    try {
      head = await readHead(storageKey, format);
    } catch {
      throw new AppError("BAD_REQUEST", `This file cannot be read as ${format.toUpperCase()}.`, { file: [`Not a readable ${format.toUpperCase()} file.`] });
    }
    if (head.headers.length === 0) throw new AppError("BAD_REQUEST", "The file has no header row.", { file: ["The first row must name the columns."] });
    const signature = headerSignature(head.headers);
    const saved = await tx.importMapping.findFirst({ where: { organizationId: scope.orgId, kind: def.kind, headerSignature: signature }, select: { mapping: true } });
    const savedMapping = saved && Object.keys(mappingErrors(saved.mapping as ColumnMapping, head.headers.length, def.fields)).length === 0 ? (saved.mapping as ColumnMapping) : null;
    const row = await tx.dataImport.create({
      data: {
        organizationId: scope.orgId,
        id,
        kind: def.kind,
        fileName: input.fileName.slice(0, 255),
        format,
        sizeBytes: BigInt(size),
        storageKey,
        headers: head.headers,
        sample: head.sample.map((r) => r.slice(0, head.headers.length)),
        headerSignature: signature,
        mapping: savedMapping ?? suggestMapping(head.headers, def.fields),
        createdBy: scope.userId,
      },
    });
    return importOut(def, row, savedMapping !== null);
  } catch (e) {
    await st.delete(storageKey).catch(() => undefined);
    throw e;
  }
}

export function importOut(def: ImportDefinition, r: DataImportRow, mappingSaved?: boolean) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as ImportStatus,
    fileName: r.fileName,
    format: r.format as ImportFormat,
    sizeBytes: Number(r.sizeBytes),
    headers: r.headers,
    sample: r.sample as string[][],
    mapping: (r.mapping ?? {}) as ColumnMapping,
    ...(mappingSaved !== undefined ? { mappingSaved } : {}),
    fields: def.fields.map((f) => ({ id: f.id, label: f.label, required: f.required ?? false })),
    totalRows: r.totalRows,
    errorRows: r.errorRows,
    errorCount: r.errorCount,
    toCreate: r.toCreate,
    toUpdate: r.toUpdate,
    toSkip: r.toSkip,
    firstErrors: r.firstErrors as unknown as RowError[],
    hasReport: r.reportKey !== null,
    processedRows: r.processedRows,
    createdRows: r.createdRows,
    updatedRows: r.updatedRows,
    skippedRows: r.skippedRows,
    failedRows: r.failedRows,
    matchCounts: (r.matchCounts ?? {}) as MatchCounts,
    filesRemovedAt: r.filesRemovedAt,
    failure: r.failure,
    version: r.version,
    createdAt: r.createdAt,
    validatedAt: r.validatedAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}
export type ImportOut = ReturnType<typeof importOut>;

/** Matched rows of the dry run by the key that matched them ("number", "taxId", "email", "name" for customers). */
export type MatchCounts = Record<string, { update: number; skip: number }>;

/** After the retention period the file is gone: nothing can be validated or imported from it any more. */
function assertFilesKept(row: DataImportRow) {
  if (row.filesRemovedAt)
    throw new AppError("PRECONDITION_FAILED", "The file of this import was deleted after the retention period. Upload it again to import it.");
}

export async function getImport(tx: Tx, scope: OrgScope, kind: string, id: string) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  return importOut(def, await importOr404(tx, scope, kind, id));
}

/** Headers, sample rows and the mapping to offer: the import's own, which starts as the saved or suggested one. */
export async function previewImport(tx: Tx, scope: OrgScope, kind: string, id: string) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, id);
  const saved = await tx.importMapping.findFirst({ where: { organizationId: scope.orgId, kind, headerSignature: row.headerSignature }, select: { id: true } });
  return {
    id: row.id,
    status: row.status as ImportStatus,
    fileName: row.fileName,
    headers: row.headers,
    sample: row.sample as string[][],
    mapping: (row.mapping ?? {}) as ColumnMapping,
    suggested: suggestMapping(row.headers, def.fields),
    mappingSaved: saved !== null,
    fields: def.fields.map((f) => ({ id: f.id, label: f.label, required: f.required ?? false })),
  };
}

function assertNotRunning(row: DataImportRow) {
  assertFilesKept(row);
  if (row.status === "validating" || row.status === "committing")
    throw new AppError("PRECONDITION_FAILED", "This import is running; wait until it has finished.");
  if (row.status === "done") throw new AppError("PRECONDITION_FAILED", "This import is done. Upload the file again to import it once more.");
}

async function setStatus(tx: Tx, scope: OrgScope, row: DataImportRow, transition: Parameters<typeof importMachine.apply>[2]["transition"], data: Prisma.DataImportUpdateManyMutationInput = {}) {
  await importMachine.apply(tx, scope, {
    transition,
    entity: { id: row.id, status: row.status as ImportStatus, version: row.version, workspaceId: null },
    update: async (t, to, from) => {
      const { count } = await t.dataImport.updateMany({
        where: { organizationId: scope.orgId, id: row.id, status: from, version: row.version },
        data: { ...data, status: to, version: { increment: 1 } },
      });
      return count;
    },
  });
}

const RESET_RESULTS: Prisma.DataImportUpdateManyMutationInput = {
  totalRows: null,
  errorRows: null,
  errorCount: null,
  toCreate: null,
  toUpdate: null,
  toSkip: null,
  firstErrors: [],
  reportKey: null,
  validatedAt: null,
  processedRows: 0,
  createdRows: 0,
  updatedRows: 0,
  skippedRows: 0,
  failedRows: 0,
  matchCounts: {},
  failure: null,
};

/** Sets the column mapping of the import and saves it for the organization's next file with the same headers. */
export async function setMapping(tx: Tx, scope: OrgScope, kind: string, input: { id: string; mapping: ColumnMapping }) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, input.id);
  assertNotRunning(row);
  const errors = mappingErrors(input.mapping, row.headers.length, def.fields);
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`mapping.${k}`, v]));
  if (Object.keys(errors).length) throw new AppError("BAD_REQUEST", Object.values(errors)[0]![0]!, fieldErrors);
  const mapping = Object.fromEntries(Object.entries(input.mapping).sort(([a], [b]) => a.localeCompare(b)));
  if (row.status === "uploaded") {
    await tx.dataImport.updateMany({ where: { organizationId: scope.orgId, id: row.id, version: row.version }, data: { mapping, version: { increment: 1 } } });
  } else {
    await setStatus(tx, scope, row, "remap", { ...RESET_RESULTS, mapping });
  }
  await tx.importMapping.upsert({
    where: { organizationId_kind_headerSignature: { organizationId: scope.orgId, kind, headerSignature: row.headerSignature } },
    create: { organizationId: scope.orgId, kind, headerSignature: row.headerSignature, mapping, updatedBy: scope.userId },
    update: { mapping, updatedBy: scope.userId },
  });
  return importOut(def, await importOr404(tx, scope, kind, input.id), true);
}

/** Queues the validation of every row (report + dry run) in the import.validate job. */
export async function startValidation(tx: Tx, scope: OrgScope, kind: string, input: { id: string }) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, input.id);
  if (row.status === "validating") return importOut(def, row); // already queued: idempotent
  assertNotRunning(row);
  const errors = mappingErrors((row.mapping ?? {}) as ColumnMapping, row.headers.length, def.fields);
  if (Object.keys(errors).length) throw new AppError("PRECONDITION_FAILED", "Set the column mapping first.");
  await setStatus(tx, scope, row, "validate", RESET_RESULTS);
  await enqueueJob(importValidateJob, { orgId: scope.orgId, importId: row.id }, { tx });
  return importOut(def, await importOr404(tx, scope, kind, input.id));
}

/** The dry run of a validated import: what the commit would create, update and skip. */
export async function dryRun(tx: Tx, scope: OrgScope, kind: string, input: { id: string }) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, input.id);
  if (row.validatedAt === null) throw new AppError("PRECONDITION_FAILED", "Validate the file first.");
  return {
    id: row.id,
    totalRows: row.totalRows ?? 0,
    create: row.toCreate ?? 0,
    update: row.toUpdate ?? 0,
    skip: row.toSkip ?? 0,
    invalid: row.errorRows ?? 0,
    matchedBy: (row.matchCounts ?? {}) as MatchCounts,
    needsUpdatePermission: (row.toUpdate ?? 0) > 0 && def.updatePermission !== undefined,
    canCommit: (row.status === "validated" || row.status === "failed") && ((row.toUpdate ?? 0) === 0 || !def.updatePermission || scope.permissions.has(def.updatePermission)),
  };
}

/** Queues the commit (import.commit job). Updates need the definition's update permission as well. */
export async function startCommit(tx: Tx, scope: OrgScope, kind: string, input: { id: string }) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, input.id);
  if (row.status === "committing") return importOut(def, row);
  assertFilesKept(row);
  if (row.validatedAt === null || (row.status !== "validated" && row.status !== "failed"))
    throw new AppError("PRECONDITION_FAILED", row.status === "done" ? "This import is done." : "Validate the file first.");
  if ((row.toUpdate ?? 0) > 0 && def.updatePermission) need(scope, def.updatePermission);
  // From "validated" the commit starts at the first row; after a failure it resumes from its cursor.
  await setStatus(tx, scope, row, "commit", {
    startedAt: new Date(),
    failure: null,
    ...(row.status === "validated" ? { processedRows: 0, createdRows: 0, updatedRows: 0, skippedRows: 0, failedRows: 0 } : {}),
  });
  await enqueueJob(importCommitJob, { orgId: scope.orgId, importId: row.id }, { tx });
  return importOut(def, await importOr404(tx, scope, kind, input.id));
}

/** What the error report download needs: the stored report's key, for a member allowed to see the import. */
export async function reportOf(tx: Tx, scope: OrgScope, id: string): Promise<{ key: string; fileName: string }> {
  const row = await tx.dataImport.findFirst({ where: { organizationId: scope.orgId, id } });
  if (!row) throw notFound("Import not found");
  need(scope, importDefinition(row.kind).permission);
  if (row.filesRemovedAt)
    throw new AppError("PRECONDITION_FAILED", "This error report has expired: an import's files are deleted after the retention period.");
  if (!row.reportKey) throw new AppError("PRECONDITION_FAILED", "Validate the file first: the report is written by the validation.");
  const base = row.fileName.replace(/\.[^.]*$/, "").replace(/[^\p{L}\p{N}._-]+/gu, "-").slice(0, 80) || "import";
  return { key: row.reportKey, fileName: `${base}-errors.csv` };
}

/** Errors of the report, for the UI: the first ones and the counts. */
export async function errorsReport(tx: Tx, scope: OrgScope, kind: string, input: { id: string }) {
  const def = importDefinition(kind);
  need(scope, def.permission);
  const row = await importOr404(tx, scope, kind, input.id);
  if (row.validatedAt === null) throw new AppError("PRECONDITION_FAILED", "Validate the file first.");
  return {
    id: row.id,
    errorCount: row.errorCount ?? 0,
    errorRows: row.errorRows ?? 0,
    firstErrors: row.firstErrors as unknown as RowError[],
    /** GET it with the session cookie: the whole report as CSV (row, column, message). */
    url: `/api/imports/${row.id}/report?org=${encodeURIComponent(scope.orgSlug)}`,
  };
}
