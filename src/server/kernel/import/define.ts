// The contract a module implements to import its records (src/server/imports.ts lists them). The engine
// (service.ts, run.ts) owns files, mapping, the error report, counts, progress, chunking and retries; the definition
// owns the meaning of a row: how it validates, what it matches, and how a chunk is written, set-based.
import type { Tx } from "@/server/db/scope";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import type { ImportFieldDef } from "./mapping";

/** One error of the report: the file's row (the header is row 1), the field (column) and the message. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A data row of the file as the definition sees it: trimmed cell text by field id (only mapped, non-blank cells). */
export interface SourceRow {
  row: number;
  values: Readonly<Record<string, string>>;
}

export interface ValidRow<R> {
  row: number;
  record: R;
}

export interface ChunkCounts {
  create: number;
  update: number;
  /** Rows that match a record and would change nothing. */
  skip: number;
  /** Rows refused against the database (e.g. an unknown number): reported like validation errors. */
  errors: RowError[];
  /**
   * Rows matched to existing records, by the key that matched them (e.g. "number", "taxId", "email", "name") and what
   * they do: the dry run shows "update by tax id: 3".
   */
  matchedBy?: Record<string, { update: number; skip: number }>;
}

export interface ImportDefinition<Ctx = unknown, R = unknown> {
  /** `module.records`, e.g. "crm.customers". */
  kind: string;
  /** Needed to start an import and to create records. */
  permission: Permission;
  /** Needed to commit an import that updates existing records. */
  updatePermission?: Permission;
  fields: readonly ImportFieldDef[];
  /** Loads, once per run, what row validation needs (country pack, members by e-mail …). */
  context(tx: Tx, scope: OrgScope): Promise<Ctx>;
  /** Validates one row in memory (no database access): a normalized record, or field errors. */
  validateRow(ctx: Ctx, row: SourceRow): { record: R; errors?: undefined } | { record?: undefined; errors: { field: string; message: string }[] };
  /**
   * Rows per chunk (one transaction each), default CHUNK_ROWS (1,000): a definition whose rows cost several statements
   * each (e.g. items with opening stock through stock.receive) takes smaller chunks to keep each transaction short.
   */
  chunkRows?: number;
  /**
   * A first read of the whole file before the first chunk, for a row whose meaning depends on later rows (an item row
   * whose variant rows come in a later chunk). Runs only when every one of `fields` is mapped; `row` sees those
   * fields' cells of every data row (trimmed, blank cells left out), before any validateRow, and notes what it needs
   * in the context.
   */
  prescan?: { fields: readonly string[]; row(ctx: Ctx, row: SourceRow): void };
  /** Keys unique within the file: a later row with the same key is an error on `field` naming the first row. */
  uniqueKeys?: readonly { field: string; key: (record: R) => string | null | undefined }[];
  /** Dry run of one chunk of valid rows (≤ the chunk size), set-based: what would be created, updated, skipped. */
  plan(tx: Tx, scope: OrgScope, ctx: Ctx, rows: ValidRow<R>[]): Promise<ChunkCounts>;
  /** Writes one chunk in the chunk's transaction, set-based; answers what it did. Rows it refuses are errors. */
  commit(tx: Tx, scope: OrgScope, ctx: Ctx, rows: ValidRow<R>[], meta: { importId: string }): Promise<ChunkCounts>;
}

export function defineImport<Ctx, R>(def: ImportDefinition<Ctx, R>): ImportDefinition<Ctx, R> {
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_-]*$/.test(def.kind)) throw new Error(`invalid import kind "${def.kind}" (module.records)`);
  const ids = new Set<string>();
  for (const f of def.fields) {
    if (ids.has(f.id)) throw new Error(`${def.kind}: field "${f.id}" twice`);
    ids.add(f.id);
  }
  return def;
}
