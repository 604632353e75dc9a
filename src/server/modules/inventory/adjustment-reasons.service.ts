// Stock adjustment reasons: a closed list per organization (code unique, stored upper-case; name; sort order),
// archived and restored, never deleted (adjustments reference them). Every change bumps `version`; update, move,
// archive and restore take the version the caller read (CONFLICT when stale). New organizations get DEFAULT_REASONS
// (seedDefaultReasons, called by createOrganization; migration 20261203140000 gave them to existing ones).
import { Prisma } from "@/generated/prisma/client";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type {
  TAdjustmentReasonRef, TCreateAdjustmentReasonInput, TListAdjustmentReasonsInput, TMoveAdjustmentReasonInput, TUpdateAdjustmentReasonInput,
} from "./adjustment-reasons.schemas";
import { fieldError } from "./stock.service";

/** Every organization's reasons at creation (the migration's backfill uses the same list). */
export const DEFAULT_REASONS = [
  { code: "DAMAGED", name: "Damaged", sortOrder: 10 },
  { code: "EXPIRED", name: "Expired", sortOrder: 20 },
  { code: "LOST", name: "Lost or stolen", sortOrder: 30 },
  { code: "FOUND", name: "Found", sortOrder: 40 },
  { code: "CORRECTION", name: "Data correction", sortOrder: 50 },
  { code: "OPENING", name: "Opening balance", sortOrder: 60 },
] as const;

const FIELDS = { id: true, code: true, name: true, sortOrder: true, archivedAt: true, version: true } as const;
export type AdjustmentReasonRow = Prisma.AdjustmentReasonGetPayload<{ select: typeof FIELDS }>;

/** Creates the default reasons an organization lacks (idempotent: a code it has is left as it is). */
export async function seedDefaultReasons(tx: Tx | SystemTx, organizationId: string, userId: string | null = null): Promise<void> {
  await tx.adjustmentReason.createMany({
    data: DEFAULT_REASONS.map((r) => ({ organizationId, ...r, createdBy: userId, updatedBy: userId })),
    skipDuplicates: true,
  });
}

/** The organization's reasons in sort order (then code); active ones unless `includeArchived`. */
export async function listReasons(tx: Tx, scope: OrgScope, input: TListAdjustmentReasonsInput = {}): Promise<AdjustmentReasonRow[]> {
  return tx.adjustmentReason.findMany({
    where: { organizationId: scope.orgId, ...(input?.includeArchived ? {} : { archivedAt: null }) },
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    select: FIELDS,
  });
}

async function reasonOr404(tx: Tx, scope: OrgScope, id: string) {
  const r = await tx.adjustmentReason.findFirst({ where: { organizationId: scope.orgId, id }, select: FIELDS });
  if (!r) throw notFound("Adjustment reason not found");
  return r;
}

const stale = () => new AppError("CONFLICT", "This reason was changed by someone else. Reload it and try again.");
const duplicate = (code: string) => fieldError("code", `Code ${code} is already used by another reason`, "CONFLICT");

async function codeTaken(tx: Tx, scope: OrgScope, code: string, exceptId?: string) {
  return !!(await tx.adjustmentReason.findFirst({ where: { organizationId: scope.orgId, code, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } }));
}

async function nextSortOrder(tx: Tx, scope: OrgScope) {
  const last = await tx.adjustmentReason.aggregate({ where: { organizationId: scope.orgId }, _max: { sortOrder: true } });
  return (last._max.sortOrder ?? 0) + 10;
}

export async function createReason(tx: Tx, scope: OrgScope, input: TCreateAdjustmentReasonInput): Promise<AdjustmentReasonRow> {
  if (await codeTaken(tx, scope, input.code)) throw duplicate(input.code);
  try {
    return await tx.adjustmentReason.create({
      data: {
        organizationId: scope.orgId, code: input.code, name: input.name, sortOrder: input.sortOrder ?? (await nextSortOrder(tx, scope)),
        createdBy: scope.userId, updatedBy: scope.userId,
      },
      select: FIELDS,
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw duplicate(input.code);
    throw e;
  }
}

/**
 * Code and name, with the `version` the caller read (CONFLICT when stale: someone else changed the reason since). The
 * sort order changes only by `moveReason`. An adjustment already saved keeps the name it was saved with (its `reason`).
 */
export async function updateReason(tx: Tx, scope: OrgScope, input: TUpdateAdjustmentReasonInput): Promise<AdjustmentReasonRow> {
  const r = await reasonOr404(tx, scope, input.id);
  if (r.version !== input.version) throw stale();
  if (await codeTaken(tx, scope, input.code, r.id)) throw duplicate(input.code);
  try {
    // The version in the condition too: a concurrent change committed after the read above leaves no row to update.
    const { count } = await tx.adjustmentReason.updateMany({
      where: { organizationId: scope.orgId, id: r.id, version: input.version },
      data: { code: input.code, name: input.name, version: { increment: 1 }, updatedBy: scope.userId },
    });
    if (count !== 1) throw stale();
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw duplicate(input.code);
    throw e;
  }
  return reasonOr404(tx, scope, r.id);
}

/**
 * One place up or down in the list's order (sort order, then code; archived reasons included, as the settings card
 * lists them), with the `version` the caller read (CONFLICT when stale). The list is renumbered 10, 20, … — a swap of
 * two sort orders would leave ties (broken by code) as they were — and every row whose sort order changes gets a new
 * version, so an edit read before the move cannot put the old order back. Already first (up) or last (down): nothing
 * changes.
 */
export async function moveReason(tx: Tx, scope: OrgScope, input: TMoveAdjustmentReasonInput): Promise<AdjustmentReasonRow> {
  // Concurrent moves in one organization renumber one after the other, each from the order the previous one left.
  await tx.$queryRaw`select 1 from inventory.adjustment_reasons where organization_id = ${scope.orgId}::uuid for update`;
  const order = await listReasons(tx, scope, { includeArchived: true });
  const at = order.findIndex((r) => r.id === input.id);
  const r = order[at];
  if (!r) throw notFound("Adjustment reason not found");
  if (r.version !== input.version) throw stale();
  const to = input.direction === "up" ? at - 1 : at + 1;
  const other = order[to];
  if (!other) return r;
  order[to] = r;
  order[at] = other;
  for (const [i, x] of order.entries()) {
    const sortOrder = (i + 1) * 10;
    if (x.sortOrder !== sortOrder)
      await tx.adjustmentReason.updateMany({
        where: { organizationId: scope.orgId, id: x.id },
        data: { sortOrder, version: { increment: 1 }, updatedBy: scope.userId },
      });
  }
  return reasonOr404(tx, scope, r.id);
}

/**
 * Archive (no new adjustment can choose it) or restore, with the `version` the caller read: a stale one answers
 * CONFLICT, as an edit does — the caller decided on a reason someone else has changed since (archived, restored,
 * renamed or moved). With the current version, asking for the state it already has changes nothing.
 */
async function setArchived(tx: Tx, scope: OrgScope, input: TAdjustmentReasonRef, archived: boolean): Promise<AdjustmentReasonRow> {
  const r = await reasonOr404(tx, scope, input.id);
  if (r.version !== input.version) throw stale();
  if (!!r.archivedAt === archived) return r;
  // The version in the condition too: a concurrent change committed after the read above leaves no row to update.
  const { count } = await tx.adjustmentReason.updateMany({
    where: { organizationId: scope.orgId, id: r.id, version: input.version },
    data: { archivedAt: archived ? new Date() : null, version: { increment: 1 }, updatedBy: scope.userId },
  });
  if (count !== 1) throw stale();
  return reasonOr404(tx, scope, r.id);
}

export const archiveReason = (tx: Tx, scope: OrgScope, input: TAdjustmentReasonRef) => setArchived(tx, scope, input, true);
export const restoreReason = (tx: Tx, scope: OrgScope, input: TAdjustmentReasonRef) => setArchived(tx, scope, input, false);

/**
 * The reason an adjustment may be saved with: the organization's and active — or archived but already the draft's
 * own (`keepId`), so editing an old draft does not force a new choice. Anything else (unknown, another
 * organization's, archived) is a field error on `reasonId`, the same for all three: nothing leaks.
 */
export async function reasonForAdjustment(tx: Tx, scope: OrgScope, reasonId: string, keepId?: string): Promise<AdjustmentReasonRow> {
  const r = await tx.adjustmentReason.findFirst({ where: { organizationId: scope.orgId, id: reasonId }, select: FIELDS });
  if (!r) throw fieldError("reasonId", "Choose a reason");
  if (r.archivedAt && r.id !== keepId) throw fieldError("reasonId", `Reason ${r.code} is archived: choose another`);
  return r;
}
