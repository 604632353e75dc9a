// Archive / restore of a versioned record (CRM customers, leads, deals, field definitions; inventory items, variants,
// categories, warehouses): the one implementation of "archived_at set or cleared, version bumped, updated_by the
// caller", optimistic on the version the caller's screen showed.
//   - idempotent: a record already in the wanted state is answered as it is (no write, no audit row) — a repeated
//     click, or two people archiving the same record, is not an error;
//   - `version` (optional, `ZExpectedVersion`): the version the caller's screen showed. When the record has changed
//     since (another version) and is not yet in the wanted state, the answer is the caller's CONFLICT (`stale`): a
//     stale screen does not archive or restore what it no longer shows. Without it, the version just read;
//   - the write is `updateMany` over `where` (the caller's visibility rule) + id + that version, so a concurrent
//     change (or a record that stopped being visible) in between is the caller's CONFLICT too, never a lost update;
//   - the row change is audited by the tables' audit trigger, like every other update.
import { z } from "zod";
import type { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";

/** The optional `version` of archive / restore inputs: the record's version as the caller's screen showed it. */
export const ZExpectedVersion = z.number().int().positive().optional();

/** The part of a Prisma model delegate the helper needs (`tx.customer`, `tx.deal`, …). */
export interface ArchivableDelegate {
  updateMany(args: {
    where: Record<string, unknown> & { id: string; version: number };
    data: { archivedAt: Date | null; version: { increment: number }; updatedBy: string };
  }): PromiseLike<{ count: number }>;
}

export interface ArchiveTarget<Row extends { archivedAt: Date | null; version: number }, Out> {
  delegate: ArchivableDelegate;
  /** Prisma `where` that limits the write to what the caller may change (its module's visibility rule). */
  where: Record<string, unknown>;
  /** Reads the record or throws NOT_FOUND (e.g. `dealOr404`). */
  load: (id: string) => Promise<Row>;
  /** The procedure's output for a row. */
  out: (row: Row) => Out | Promise<Out>;
  /** The CONFLICT error for a stale version. */
  stale: () => AppError;
}

/**
 * Archives (`archived: true`) or restores a record; answers `out` of the record as it is afterwards. `version`: the
 * version the caller's screen showed (CONFLICT when the record changed since), or none (the version just read).
 */
export async function setArchived<Row extends { archivedAt: Date | null; version: number }, Out>(
  scope: OrgScope,
  target: ArchiveTarget<Row, Out>,
  id: string,
  archived: boolean,
  version?: number,
): Promise<Out> {
  const current = await target.load(id);
  if (archived === (current.archivedAt !== null)) return target.out(current); // already there: idempotent
  if (version !== undefined && version !== current.version) throw target.stale();
  const { count } = await target.delegate.updateMany({
    where: { ...target.where, id, version: current.version },
    data: { archivedAt: archived ? new Date() : null, version: { increment: 1 }, updatedBy: scope.userId },
  });
  if (count !== 1) throw target.stale();
  return target.out(await target.load(id));
}
