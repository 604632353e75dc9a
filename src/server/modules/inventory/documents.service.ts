// Stock documents: numbered adjustments (kernel document type "stock_adjustment", ADJ-{YYYY}-{#####}) and transfers
// ("stock_transfer", TRF-{YYYY}-{#####}), each through its state machine (documentMachine):
//   draft ──post──▶ posted                (every line's move through the stock services, in (item, location) order —
//                                           the services' lock order — when the document is within the thresholds)
//   draft ──submit──▶ pending_approval ──approve──▶ posted   (above a threshold; approved by someone else: four eyes)
//                     pending_approval ──reject (reason)──▶ draft
//   draft | pending_approval | posted ──cancel (reason)──▶ cancelled   (a posted document's moves reversed, newest first)
// `postAdjustment` / `postTransfer` ("Post") choose post or submit from the organization's approval thresholds
// (settings inventory.approval.quantityThreshold / valueThreshold, empty = none). Drafts are edited (header and lines
// replaced, optimistic on version) and deleted; any other status is immutable. A document belongs to its warehouse's
// workspace (RLS visible_workspace + the service's checks); lines are read through it.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, enumIds, filterSql, sql, type Sql } from "@/server/kernel/list-query";
import { numberedListPage, numberedListQuery } from "./numbered-list";
import * as reasons from "./adjustment-reasons.service";
import * as numbering from "@/server/kernel/numbering";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { getSettings, setSetting } from "@/server/kernel/settings";
import { allowedTransitions, defineMachine, historyFor } from "@/server/kernel/state-machine";
import { DOCUMENT_STATUSES, type DocumentStatus, type TDocumentSettingsInput, type TUpdateAdjustmentInput, type TUpdateTransferInput } from "./documents.schemas";
import { type TCreateAdjustmentInput, type TCreateTransferInput, type TListDocumentsInput, type TPostMoveLine } from "./inventory.schemas";
import * as stock from "./stock.service";
import { fieldError, qtyText } from "./stock.service";
import { orgTimeZone } from "./reports.service";
import { visible } from "./visibility";
import { warehouseOr404 } from "./warehouses.service";

type Status = DocumentStatus;
type TransitionName = "post" | "submit" | "approve" | "reject" | "cancel";

/** What the guards look at: whether the document is above a threshold, and who wrote and submitted it. */
export interface DocumentContext {
  needsApproval: boolean;
  authorIds: readonly (string | null)[];
}

/**
 * One machine shape for both documents. Four eyes: `approve` is refused to the document's author and to whoever
 * submitted it — the owner included (the owner holds every permission, but not a second pair of eyes). `reject` is
 * open to any approver (for the author it is a withdrawal back to draft).
 */
function documentMachine(entityType: string, permission: Permission) {
  return defineMachine<Status, TransitionName, DocumentContext | undefined>({
    entityType,
    states: DOCUMENT_STATUSES,
    transitions: {
      post: {
        from: ["draft"], to: "posted", label: "Post", permission,
        guard: ({ context }) => (context?.needsApproval ? "This document is above the approval threshold: submit it for approval." : undefined),
      },
      submit: {
        from: ["draft"], to: "pending_approval", label: "Submit for approval", permission,
        guard: ({ context }) => (context && !context.needsApproval ? "This document is within the approval thresholds: post it." : undefined),
      },
      approve: {
        from: ["pending_approval"], to: "posted", label: "Approve", permission: "inventory.stock.approve", approval: true,
        guard: ({ context, scope }) =>
          context?.authorIds.includes(scope.userId) ? "You created or submitted this document: another approver must approve it." : undefined,
      },
      reject: { from: ["pending_approval"], to: "draft", label: "Reject", permission: "inventory.stock.approve", approval: true, requiresReason: true },
      cancel: { from: ["draft", "pending_approval", "posted"], to: "cancelled", label: "Cancel", permission, requiresReason: true },
    },
  });
}

export const adjustmentMachine = documentMachine("stock_adjustment", "inventory.stock.adjust");
export const transferMachine = documentMachine("stock_transfer", "inventory.stock.move");

// ---------------------------------------------------------------------------------------------------------------
// Approval thresholds (kernel settings, organization level)

const ZERO = new Prisma.Decimal(0);

export async function documentSettings(tx: Tx, scope: OrgScope) {
  const s = await getSettings(tx, { orgId: scope.orgId }, ["inventory.approval.quantityThreshold", "inventory.approval.valueThreshold"]);
  return { quantityThreshold: s["inventory.approval.quantityThreshold"], valueThreshold: s["inventory.approval.valueThreshold"] };
}

export async function updateDocumentSettings(tx: Tx, scope: OrgScope, input: TDocumentSettingsInput) {
  const out: Record<string, string> = {};
  for (const [field, key] of [["quantityThreshold", "inventory.approval.quantityThreshold"], ["valueThreshold", "inventory.approval.valueThreshold"]] as const) {
    try {
      out[field] = (await setSetting(tx, scope, { key, level: "organization", value: input[field] })).value as string;
    } catch (e) {
      if (e instanceof AppError && e.fieldErrors?.value) throw new AppError("BAD_REQUEST", e.message, { [field]: e.fieldErrors.value });
      throw e;
    }
  }
  return documentSettings(tx, scope);
}

interface TotalLine {
  itemId: string;
  quantity: Prisma.Decimal;
  unitCost?: Prisma.Decimal | null;
}

/**
 * A document's totals: Σ |quantity| (base units) and Σ |quantity| × unit cost (the line's unit cost for stock added,
 * else the item's moving average, else its standard cost, else 0), rounded to cents.
 */
async function documentTotals(tx: Tx, scope: OrgScope, lines: readonly TotalLine[]) {
  const ids = [...new Set(lines.map((l) => l.itemId))];
  const items = ids.length
    ? await tx.item.findMany({ where: { organizationId: scope.orgId, id: { in: ids } }, select: { id: true, standardUnitCost: true } })
    : [];
  const costs = ids.length
    ? await tx.itemCost.findMany({ where: { organizationId: scope.orgId, itemId: { in: ids } }, select: { itemId: true, quantity: true, averageUnitCost: true } })
    : [];
  const avg = new Map(costs.filter((c) => c.quantity.gt(0)).map((c) => [c.itemId, c.averageUnitCost]));
  const std = new Map(items.map((i) => [i.id, i.standardUnitCost]));
  let quantity = ZERO;
  let value = ZERO;
  for (const l of lines) {
    const q = l.quantity.abs();
    quantity = quantity.add(q);
    value = value.add(q.mul(l.unitCost ?? avg.get(l.itemId) ?? std.get(l.itemId) ?? ZERO));
  }
  return { quantity, value: value.toDecimalPlaces(2) };
}

async function approvalFor(tx: Tx, scope: OrgScope, lines: readonly TotalLine[]) {
  const [totals, t] = await Promise.all([documentTotals(tx, scope, lines), documentSettings(tx, scope)]);
  const reasons: ("quantity" | "value")[] = [];
  if (t.quantityThreshold !== "" && totals.quantity.gt(t.quantityThreshold)) reasons.push("quantity");
  if (t.valueThreshold !== "" && totals.value.gt(t.valueThreshold)) reasons.push("value");
  return {
    totalQuantity: qtyText(totals.quantity),
    totalValue: totals.value.toFixed(2),
    approval: { required: reasons.length > 0, exceeded: reasons, quantityThreshold: t.quantityThreshold, valueThreshold: t.valueThreshold },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The shared document helper: one header shape (number, status, version, authors), its lines, its machine.

type AdjustmentRow = Prisma.StockAdjustmentGetPayload<{ include: { lines: true } }>;
type TransferRow = Prisma.StockTransferGetPayload<{ include: { lines: true } }>;
type DocRow = AdjustmentRow | TransferRow;
type HeaderWhere = { organizationId: string; id: string; status: Status; version: number };
type HeaderChange = {
  status?: Status;
  postedAt?: Date;
  cancelledAt?: Date;
  submittedAt?: Date | null;
  submittedBy?: string | null;
  approvedAt?: Date;
  approvedBy?: string;
  rejectionReason?: string | null;
};

type LineLocation = { lineNo: number; field: string; locationId: string };

interface DocKind<R extends DocRow> {
  entityType: string;
  /** "Stock adjustment" — in messages. */
  label: string;
  machine: ReturnType<typeof documentMachine>;
  find(tx: Tx, scope: OrgScope, id: string): Promise<R | null>;
  update(tx: Tx, where: HeaderWhere, data: Prisma.StockAdjustmentUpdateManyMutationInput & Prisma.StockTransferUpdateManyMutationInput): Promise<number>;
  remove(tx: Tx, where: HeaderWhere): Promise<number>;
  totalLines(doc: R): TotalLine[];
  /** Every location a line names, with the line's field (`locationId`, `fromLocationId`, `toLocationId`). */
  lineLocations(doc: R): LineLocation[];
  /** Posts the document's lines (in the services' lock order), linking each line to its move. */
  postLines(tx: Tx, scope: OrgScope, doc: R): Promise<void>;
}

const visibleDoc = (scope: OrgScope, id: string) => ({ ...visible(scope), id });

const byItemLocation = <L extends { itemId: string; lineNo: number }>(loc: (l: L) => string) => (a: L, b: L) =>
  a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : loc(a) < loc(b) ? -1 : loc(a) > loc(b) ? 1 : a.lineNo - b.lineNo;

const ADJUSTMENT: DocKind<AdjustmentRow> = {
  entityType: "stock_adjustment",
  label: "Stock adjustment",
  machine: adjustmentMachine,
  find: (tx, scope, id) => tx.stockAdjustment.findFirst({ where: visibleDoc(scope, id), include: { lines: true } }),
  update: async (tx, where, data) => (await tx.stockAdjustment.updateMany({ where, data })).count,
  remove: async (tx, where) => (await tx.stockAdjustment.deleteMany({ where })).count,
  totalLines: (a) => a.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, unitCost: l.unitCost })),
  lineLocations: (a) => a.lines.map((l) => ({ lineNo: l.lineNo, field: "locationId", locationId: l.locationId })),
  postLines: (t, scope, a) =>
    postLines(t, scope, "stock_adjustment_lines", [...a.lines].sort(byItemLocation((x) => x.locationId)), (l) => ({
      kind: "adjust", itemId: l.itemId, variantId: l.variantId, locationId: l.locationId, quantity: l.quantity.toString(), unitCost: l.unitCost?.toString(),
      lotNumber: l.lotNumber ?? undefined, serialNumber: l.serialNumber ?? undefined, moveType: "adjustment",
      sourceDocumentType: "inventory.stock_adjustment", sourceDocumentId: a.id, note: `${a.number}: ${a.reason}`,
    })),
};

const TRANSFER: DocKind<TransferRow> = {
  entityType: "stock_transfer",
  label: "Stock transfer",
  machine: transferMachine,
  find: (tx, scope, id) => tx.stockTransfer.findFirst({ where: visibleDoc(scope, id), include: { lines: true } }),
  update: async (tx, where, data) => (await tx.stockTransfer.updateMany({ where, data })).count,
  remove: async (tx, where) => (await tx.stockTransfer.deleteMany({ where })).count,
  totalLines: (x) => x.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity })),
  lineLocations: (x) =>
    x.lines.flatMap((l) => [
      { lineNo: l.lineNo, field: "fromLocationId", locationId: l.fromLocationId },
      { lineNo: l.lineNo, field: "toLocationId", locationId: l.toLocationId },
    ]),
  postLines: (t, scope, x) =>
    postLines(t, scope, "stock_transfer_lines", [...x.lines].sort(byItemLocation((y) => (y.fromLocationId < y.toLocationId ? y.fromLocationId : y.toLocationId))), (l) => ({
      kind: "transfer", itemId: l.itemId, variantId: l.variantId, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId, quantity: l.quantity.toString(),
      lotNumber: l.lotNumber ?? undefined, serialNumber: l.serialNumber ?? undefined,
      sourceDocumentType: "inventory.stock_transfer", sourceDocumentId: x.id, note: x.number,
    })),
};

async function docOr404<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, id: string): Promise<R> {
  const d = await kind.find(tx, scope, id);
  if (!d) throw notFound(`${kind.label} not found`);
  return d;
}

const contextOf = (d: DocRow, needsApproval: boolean): DocumentContext => ({ needsApproval, authorIds: [d.createdBy, d.submittedBy] });

/**
 * Runs one transition of a document: the header update (matching the status and the version read; CONFLICT when
 * someone else changed it first), then `after` (the lines' moves), under the machine's savepoint — all or nothing.
 */
async function transition<R extends DocRow>(
  kind: DocKind<R>,
  tx: Tx,
  scope: OrgScope,
  d: R,
  input: { name: TransitionName; version: number; reason?: string; needsApproval?: boolean },
  change: (from: Status) => HeaderChange,
  after?: (t: Tx, from: Status) => Promise<void>,
) {
  await kind.machine.apply(tx, scope, {
    transition: input.name,
    reason: input.reason,
    context: contextOf(d, input.needsApproval ?? false),
    entity: { id: d.id, status: d.status as Status, version: input.version, workspaceId: d.workspaceId },
    update: async (t, to, from) => {
      const count = await kind.update(
        t,
        { organizationId: scope.orgId, id: d.id, status: from, version: input.version },
        { ...change(from), status: to, version: { increment: 1 }, updatedBy: scope.userId },
      );
      if (count === 1) await after?.(t, from);
      return count;
    },
  });
}

/**
 * A draft keeps a location archived after it was written (the editor still shows it), but nothing is posted or
 * submitted into or out of one: PRECONDITION_FAILED with a field error on each such line (`lines.<n-1>.<field>`).
 */
async function refuseArchivedLocations<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, d: R) {
  const refs = kind.lineLocations(d);
  if (!refs.length) return;
  const archived = await tx.location.findMany({
    where: { organizationId: scope.orgId, id: { in: [...new Set(refs.map((r) => r.locationId))] }, archivedAt: { not: null } },
    select: { id: true, code: true, warehouse: { select: { code: true } } },
  });
  if (!archived.length) return;
  const name = new Map(archived.map((l) => [l.id, `${l.warehouse.code}/${l.code}`]));
  const fieldErrors: Record<string, string[]> = {};
  const messages: string[] = [];
  for (const r of [...refs].sort((a, b) => a.lineNo - b.lineNo)) {
    const n = name.get(r.locationId);
    if (!n) continue;
    const message = `Line ${r.lineNo}: location ${n} is archived; choose another location`;
    fieldErrors[`lines.${r.lineNo - 1}.${r.field}`] = [message];
    messages.push(message);
  }
  throw new AppError("PRECONDITION_FAILED", messages.join(". "), fieldErrors);
}

/** "Post": posts a document within the thresholds, submits one above them for approval. */
async function postOrSubmit<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const d = await docOr404(kind, tx, scope, input.id);
  if (d.status === "draft") await refuseArchivedLocations(kind, tx, scope, d);
  const { approval } = await approvalFor(tx, scope, kind.totalLines(d));
  if (approval.required)
    await transition(kind, tx, scope, d, { name: "submit", version: input.version, needsApproval: true }, () => ({
      submittedAt: new Date(), submittedBy: scope.userId, rejectionReason: null,
    }));
  else
    await transition(kind, tx, scope, d, { name: "post", version: input.version }, () => ({ postedAt: new Date() }), (t) => kind.postLines(t, scope, d));
}

async function approve<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const d = await docOr404(kind, tx, scope, input.id);
  if (d.status === "pending_approval") await refuseArchivedLocations(kind, tx, scope, d);
  const now = new Date();
  await transition(kind, tx, scope, d, { name: "approve", version: input.version, needsApproval: true },
    () => ({ postedAt: now, approvedAt: now, approvedBy: scope.userId }),
    (t) => kind.postLines(t, scope, d));
}

async function reject<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  const d = await docOr404(kind, tx, scope, input.id);
  await transition(kind, tx, scope, d, { name: "reject", version: input.version, reason: input.reason, needsApproval: true }, () => ({
    submittedAt: null, submittedBy: null, rejectionReason: input.reason.trim(),
  }));
}

/** Cancels a draft or a pending document, or a posted one by reversing its moves (newest first); reason required. */
async function cancel<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  const d = await docOr404(kind, tx, scope, input.id);
  await transition(kind, tx, scope, d, { name: "cancel", version: input.version, reason: input.reason }, () => ({ cancelledAt: new Date() }),
    async (t, from) => {
      if (from === "posted") await reverseMoves(t, scope, d.lines, d.number, input.reason);
    });
}

/** Only drafts change; a document that moved on is immutable (PRECONDITION_FAILED), a stale version is a CONFLICT. */
function assertDraft(kind: DocKind<DocRow>, d: DocRow, version: number) {
  if (d.status !== "draft")
    throw new AppError("PRECONDITION_FAILED", `Only a draft can be changed; this ${kind.label.toLowerCase()} is ${(d.status as string).replace(/_/g, " ")}.`);
  if (d.version !== version) throw staleConflict(kind);
}

const staleConflict = (kind: DocKind<DocRow>) =>
  new AppError("CONFLICT", `This ${kind.label.toLowerCase()} was changed by someone else. Reload it and try again.`);

async function removeDraft<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const d = await docOr404(kind, tx, scope, input.id);
  assertDraft(kind as DocKind<DocRow>, d, input.version);
  const count = await kind.remove(tx, { organizationId: scope.orgId, id: d.id, status: "draft", version: input.version });
  if (count !== 1) throw staleConflict(kind as DocKind<DocRow>);
  return { id: d.id, number: d.number };
}

/**
 * A posting document's lines, in the given (lock) order: every line's move in one stock.postMoves call (per 1,000
 * lines), then every line linked to its move in ONE update — constant statements in the number of lines. A refused
 * move fails the whole posting with the line's number in the error (lineError). The link writes what the per-line
 * Prisma update wrote (move_id, updated_by, updated_at: the client's clock, as @updatedAt) and, as any update of the
 * lines, is recorded row by row by their audit trigger.
 */
async function postLines<L extends { id: string; lineNo: number }>(
  tx: Tx,
  scope: OrgScope,
  table: "stock_adjustment_lines" | "stock_transfer_lines",
  lines: L[],
  move: (l: L) => TPostMoveLine,
) {
  if (!lines.length) return;
  const moves = await stock.postMoves(tx, scope, lines.map(move)).catch((e: unknown) => {
    const i = stock.moveLineIndex(e);
    throw i === undefined ? e : lineError(e, lines[i]!.lineNo);
  });
  const linked = await tx.$executeRaw`
    update inventory.${Prisma.raw(table)} l
       set move_id = u.move_id, updated_by = ${scope.userId}::uuid, updated_at = ${new Date()}::timestamptz
      from unnest(${lines.map((l) => l.id)}::uuid[], ${moves.map((m) => m.id)}::uuid[]) as u(id, move_id)
     where l.organization_id = ${scope.orgId}::uuid and l.id = u.id`;
  if (linked !== lines.length) throw new Error(`linked ${linked} of ${lines.length} ${table} to their moves`);
}

/** A posted document's moves reversed newest (highest line) first, in one stock.postMoves call per 1,000 lines; a
 *  refused reversal fails the cancel with the line's number (lineError), nothing of it kept. */
async function reverseMoves(tx: Tx, scope: OrgScope, lines: { lineNo: number; moveId: string | null }[], number: string, reason: string) {
  const moved = lines.filter((l): l is { lineNo: number; moveId: string } => !!l.moveId).sort((x, y) => y.lineNo - x.lineNo);
  if (!moved.length) return;
  const note = `${number} cancelled: ${reason}`;
  await stock.postMoves(tx, scope, moved.map((l) => ({ kind: "reverse", moveId: l.moveId, note }))).catch((e: unknown) => {
    const i = stock.moveLineIndex(e);
    throw i === undefined ? e : lineError(e, moved[i]!.lineNo);
  });
}

/** A stock service's field error, moved onto the document line it came from (lines.<n-1>.<field>). */
function lineError(e: unknown, lineNo: number): unknown {
  if (!(e instanceof Error) || !("fieldErrors" in e) || !e.fieldErrors) return e;
  const fields = e.fieldErrors as Record<string, string[]>;
  const moved = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`lines.${lineNo - 1}.${k}`, v.map((m) => `Line ${lineNo}: ${m}`)]));
  return Object.assign(e, { fieldErrors: moved, message: `Line ${lineNo}: ${e.message}` });
}

async function locationIn(tx: Tx, scope: OrgScope, locationId: string, warehouseId: string, field: string, code: string) {
  const l = await tx.location.findFirst({ where: { organizationId: scope.orgId, id: locationId, warehouseId }, select: { id: true } });
  if (!l) throw fieldError(field, `Choose a location of ${code}`);
}

async function itemExists(tx: Tx, scope: OrgScope, itemId: string, field: string) {
  const item = await tx.item.findFirst({ where: { organizationId: scope.orgId, id: itemId, archivedAt: null }, select: { id: true, sku: true } });
  if (!item) throw fieldError(field, "Choose an item");
  return item;
}

/** The header fields every document answers, with its totals, approval state, allowed transitions and history. */
async function headerOut<R extends DocRow>(kind: DocKind<R>, tx: Tx, scope: OrgScope, d: R) {
  const { totalQuantity, totalValue, approval } = await approvalFor(tx, scope, kind.totalLines(d));
  const ctx = contextOf(d, approval.required);
  const transitions = allowedTransitions(kind.machine, d.status as Status, scope, { entity: { id: d.id, status: d.status as Status }, context: ctx })
    // "Post" is one button: post within the thresholds, submit above them.
    .filter((t) => !(t.name === "post" && approval.required) && !(t.name === "submit" && !approval.required))
    .map((t) => ({ name: t.name, label: t.label, requiresReason: t.requiresReason, blockedReason: t.blockedReason ?? null }));
  const history = await historyFor(tx, scope, kind.entityType, d.id);
  // Who posted it: the actor of the latest transition into `posted` (`post`, or `approve`, which posts) in the
  // machine's log — written in the same savepoint as the status change, so a posted document always has one.
  const posting = d.status === "draft" || d.status === "pending_approval" ? undefined : history.findLast((h) => h.toStatus === "posted");
  const userIds = [...new Set([d.createdBy, d.submittedBy, d.approvedBy].filter((x): x is string => !!x))];
  const users = userIds.length ? await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const who = (id: string | null) => {
    const u = id ? users.find((x) => x.id === id) : undefined;
    return id ? { id, name: u?.name ?? u?.email ?? null } : null;
  };
  return {
    id: d.id,
    number: d.number,
    workspaceId: d.workspaceId,
    status: d.status as Status,
    note: d.note,
    postedAt: d.postedAt,
    /** Who posted it (null until posted, or for a posting without a user); the approver for an approved document. */
    postedBy: posting?.actor ?? null,
    cancelledAt: d.cancelledAt,
    submittedAt: d.submittedAt,
    approvedAt: d.approvedAt,
    rejectionReason: d.rejectionReason,
    createdBy: who(d.createdBy),
    submittedBy: who(d.submittedBy),
    approvedBy: who(d.approvedBy),
    version: d.version,
    createdAt: d.createdAt,
    totalQuantity,
    totalValue,
    approval,
    transitions,
    editable: d.status === "draft" && scope.permissions.has(kind.machine.transitions.post.permission!),
    history: history.map((h) => ({
      id: h.id, fromStatus: h.fromStatus, toStatus: h.toStatus, transition: h.transition, reason: h.reason, createdAt: h.createdAt, actor: h.actor,
    })),
  };
}

/** Names of the lines' items, variants and locations (for the document page). */
async function lineRefs(tx: Tx, scope: OrgScope, itemIds: string[], locationIds: string[], variantIds: (string | null)[]) {
  const wanted = [...new Set(variantIds.filter((v): v is string => !!v))];
  const [items, locations, variants] = await Promise.all([
    tx.item.findMany({
      where: { organizationId: scope.orgId, id: { in: [...new Set(itemIds)] } },
      select: { id: true, sku: true, name: true, lotControl: true, serialControl: true },
    }),
    tx.location.findMany({
      where: { organizationId: scope.orgId, id: { in: [...new Set(locationIds)] } },
      select: { id: true, code: true, archivedAt: true, warehouse: { select: { code: true } } },
    }),
    wanted.length
      ? tx.variant.findMany({ where: { organizationId: scope.orgId, id: { in: wanted } }, select: { id: true, sku: true, name: true, archivedAt: true } })
      : Promise.resolve([]),
  ]);
  const item = new Map(items.map((i) => [i.id, { sku: i.sku, name: i.name, lotControl: i.lotControl, serialControl: i.serialControl }]));
  const location = new Map(locations.map((l) => [l.id, `${l.warehouse.code}/${l.code}`]));
  const archived = new Set(locations.filter((l) => l.archivedAt).map((l) => l.id));
  const variant = new Map(variants.map((v) => [v.id, { sku: v.sku, name: v.name, archived: !!v.archivedAt }]));
  return {
    item: (id: string) => item.get(id) ?? null,
    variant: (id: string | null) => (id ? variant.get(id) ?? null : null),
    location: (id: string) => location.get(id) ?? null,
    archived: (id: string) => archived.has(id),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Adjustments

/** The warehouse and the reason (active, or the draft's own archived one: `keepReasonId`), then the lines. */
async function checkAdjustment(tx: Tx, scope: OrgScope, input: TCreateAdjustmentInput, keepReasonId?: string) {
  const w = await warehouseOr404(tx, scope, input.warehouseId);
  const reason = await reasons.reasonForAdjustment(tx, scope, input.reasonId, keepReasonId);
  for (const [i, l] of input.lines.entries()) {
    const item = await itemExists(tx, scope, l.itemId, `lines.${i}.itemId`);
    await locationIn(tx, scope, l.locationId, w.id, `lines.${i}.locationId`, w.code);
    // The variant as posting will check it (stock.variantFor): in for stock added, out for stock taken.
    const direction = l.quantity.startsWith("-") ? "out" : "in";
    await stock.variantFor(tx, scope, item, l.variantId, { direction, locationId: l.locationId, field: `lines.${i}.variantId` });
    if (l.unitCost && l.quantity.startsWith("-")) throw fieldError(`lines.${i}.unitCost`, "Stock taken out carries the average cost; leave the unit cost empty");
  }
  return { w, reason };
}

const adjustmentLines = (scope: OrgScope, adjustmentId: string, lines: TCreateAdjustmentInput["lines"]) =>
  lines.map((l, i) => ({
    organizationId: scope.orgId, adjustmentId, lineNo: i + 1, itemId: l.itemId, variantId: l.variantId ?? null, locationId: l.locationId,
    lotNumber: l.lotNumber ?? null, serialNumber: l.serialNumber ?? null, quantity: l.quantity, unitCost: l.unitCost ?? null,
    createdBy: scope.userId, updatedBy: scope.userId,
  }));

export async function getAdjustment(tx: Tx, scope: OrgScope, input: { id: string }) {
  const a = await docOr404(ADJUSTMENT, tx, scope, input.id);
  const w = await tx.warehouse.findFirst({ where: { organizationId: scope.orgId, id: a.warehouseId }, select: { code: true, name: true } });
  const refs = await lineRefs(tx, scope, a.lines.map((l) => l.itemId), a.lines.map((l) => l.locationId), a.lines.map((l) => l.variantId));
  return {
    ...(await headerOut(ADJUSTMENT, tx, scope, a)),
    warehouseId: a.warehouseId,
    warehouse: w,
    // The name as saved (a snapshot), the reason's id (its current code and name: adjustmentReasons.list).
    reason: a.reason,
    reasonId: a.reasonId,
    lines: [...a.lines]
      .sort((x, y) => x.lineNo - y.lineNo)
      .map((l) => ({
        id: l.id, lineNo: l.lineNo, itemId: l.itemId, item: refs.item(l.itemId), variantId: l.variantId, variant: refs.variant(l.variantId), locationId: l.locationId,
        location: refs.location(l.locationId), locationArchived: refs.archived(l.locationId), lotNumber: l.lotNumber, serialNumber: l.serialNumber, quantity: qtyText(l.quantity),
        unitCost: l.unitCost === null ? null : l.unitCost.toFixed(6), moveId: l.moveId,
      })),
  };
}

export async function createAdjustment(tx: Tx, scope: OrgScope, input: TCreateAdjustmentInput) {
  const { w, reason } = await checkAdjustment(tx, scope, input);
  const number = await numbering.next(tx, scope, "stock_adjustment", { workspaceId: w.workspaceId });
  const header = await tx.stockAdjustment.create({
    data: {
      organizationId: scope.orgId, number, workspaceId: w.workspaceId, warehouseId: w.id, reasonId: reason.id, reason: reason.name, note: input.note ?? null,
      createdBy: scope.userId, updatedBy: scope.userId,
    },
  });
  await tx.stockAdjustmentLine.createMany({ data: adjustmentLines(scope, header.id, input.lines) });
  return getAdjustment(tx, scope, { id: header.id });
}

/** Replaces a draft's header and lines (the version read; CONFLICT when stale, PRECONDITION_FAILED unless a draft). */
export async function updateAdjustment(tx: Tx, scope: OrgScope, input: TUpdateAdjustmentInput) {
  const a = await docOr404(ADJUSTMENT, tx, scope, input.id);
  assertDraft(ADJUSTMENT as DocKind<DocRow>, a, input.version);
  const { w, reason } = await checkAdjustment(tx, scope, input, a.reasonId);
  const count = (
    await tx.stockAdjustment.updateMany({
      where: { organizationId: scope.orgId, id: a.id, status: "draft", version: input.version },
      data: { warehouseId: w.id, workspaceId: w.workspaceId, reasonId: reason.id, reason: reason.name, note: input.note ?? null, version: { increment: 1 }, updatedBy: scope.userId },
    })
  ).count;
  if (count !== 1) throw staleConflict(ADJUSTMENT as DocKind<DocRow>);
  await tx.stockAdjustmentLine.deleteMany({ where: { organizationId: scope.orgId, adjustmentId: a.id } });
  await tx.stockAdjustmentLine.createMany({ data: adjustmentLines(scope, a.id, input.lines) });
  return getAdjustment(tx, scope, { id: a.id });
}

export async function deleteAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  return removeDraft(ADJUSTMENT, tx, scope, input);
}

/**
 * "Post": within the approval thresholds every line is posted as an adjustment move (source document: this
 * adjustment), all or nothing; above one the draft goes to pending_approval (answer `status`). Cycle counts call it.
 */
export async function postAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  await postOrSubmit(ADJUSTMENT, tx, scope, input);
  return getAdjustment(tx, scope, { id: input.id });
}

/** Posts a pending adjustment (inventory.stock.approve; never its author or submitter). */
export async function approveAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  await approve(ADJUSTMENT, tx, scope, input);
  return getAdjustment(tx, scope, { id: input.id });
}

/** Sends a pending adjustment back to draft with the reason. */
export async function rejectAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  await reject(ADJUSTMENT, tx, scope, input);
  return getAdjustment(tx, scope, { id: input.id });
}

/** Cancels a draft or a pending adjustment, or a posted one by reversing its moves (newest first); the reason is required. */
export async function cancelAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  await cancel(ADJUSTMENT, tx, scope, input);
  return getAdjustment(tx, scope, { id: input.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Transfers

async function checkTransfer(tx: Tx, scope: OrgScope, input: TCreateTransferInput) {
  const from = await warehouseOr404(tx, scope, input.fromWarehouseId);
  const to = await warehouseOr404(tx, scope, input.toWarehouseId);
  if (from.workspaceId !== to.workspaceId)
    throw fieldError("toWarehouseId", "Choose a warehouse of the same workspace (transfers between workspaces go through transit, not built yet)");
  for (const [i, l] of input.lines.entries()) {
    const item = await itemExists(tx, scope, l.itemId, `lines.${i}.itemId`);
    await locationIn(tx, scope, l.fromLocationId, from.id, `lines.${i}.fromLocationId`, from.code);
    await locationIn(tx, scope, l.toLocationId, to.id, `lines.${i}.toLocationId`, to.code);
    // A transfer's line is stock coming in at its destination (as post_transfer checks it).
    await stock.variantFor(tx, scope, item, l.variantId, { direction: "in", locationId: l.toLocationId, field: `lines.${i}.variantId` });
    if (l.fromLocationId === l.toLocationId) throw fieldError(`lines.${i}.toLocationId`, "Choose a different destination");
  }
  return { from, to };
}

const transferLines = (scope: OrgScope, transferId: string, lines: TCreateTransferInput["lines"]) =>
  lines.map((l, i) => ({
    organizationId: scope.orgId, transferId, lineNo: i + 1, itemId: l.itemId, variantId: l.variantId ?? null, fromLocationId: l.fromLocationId,
    toLocationId: l.toLocationId, lotNumber: l.lotNumber ?? null, serialNumber: l.serialNumber ?? null, quantity: l.quantity,
    createdBy: scope.userId, updatedBy: scope.userId,
  }));

export async function getTransfer(tx: Tx, scope: OrgScope, input: { id: string }) {
  const x = await docOr404(TRANSFER, tx, scope, input.id);
  const ws = await tx.warehouse.findMany({ where: { organizationId: scope.orgId, id: { in: [x.fromWarehouseId, x.toWarehouseId] } }, select: { id: true, code: true, name: true } });
  const wh = (id: string) => ws.find((w) => w.id === id) ?? null;
  const refs = await lineRefs(tx, scope, x.lines.map((l) => l.itemId), x.lines.flatMap((l) => [l.fromLocationId, l.toLocationId]), x.lines.map((l) => l.variantId));
  return {
    ...(await headerOut(TRANSFER, tx, scope, x)),
    fromWarehouseId: x.fromWarehouseId,
    toWarehouseId: x.toWarehouseId,
    fromWarehouse: wh(x.fromWarehouseId),
    toWarehouse: wh(x.toWarehouseId),
    lines: [...x.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        id: l.id, lineNo: l.lineNo, itemId: l.itemId, item: refs.item(l.itemId), variantId: l.variantId, variant: refs.variant(l.variantId), fromLocationId: l.fromLocationId,
        fromLocation: refs.location(l.fromLocationId), fromLocationArchived: refs.archived(l.fromLocationId), toLocationId: l.toLocationId,
        toLocation: refs.location(l.toLocationId), toLocationArchived: refs.archived(l.toLocationId),
        lotNumber: l.lotNumber, serialNumber: l.serialNumber, quantity: qtyText(l.quantity), moveId: l.moveId,
      })),
  };
}

export async function createTransfer(tx: Tx, scope: OrgScope, input: TCreateTransferInput) {
  const { from, to } = await checkTransfer(tx, scope, input);
  const number = await numbering.next(tx, scope, "stock_transfer", { workspaceId: from.workspaceId });
  const header = await tx.stockTransfer.create({
    data: {
      organizationId: scope.orgId, number, workspaceId: from.workspaceId, fromWarehouseId: from.id, toWarehouseId: to.id, note: input.note ?? null,
      createdBy: scope.userId, updatedBy: scope.userId,
    },
  });
  await tx.stockTransferLine.createMany({ data: transferLines(scope, header.id, input.lines) });
  return getTransfer(tx, scope, { id: header.id });
}

export async function updateTransfer(tx: Tx, scope: OrgScope, input: TUpdateTransferInput) {
  const x = await docOr404(TRANSFER, tx, scope, input.id);
  assertDraft(TRANSFER as DocKind<DocRow>, x, input.version);
  const { from, to } = await checkTransfer(tx, scope, input);
  const count = (
    await tx.stockTransfer.updateMany({
      where: { organizationId: scope.orgId, id: x.id, status: "draft", version: input.version },
      data: { fromWarehouseId: from.id, toWarehouseId: to.id, workspaceId: from.workspaceId, note: input.note ?? null, version: { increment: 1 }, updatedBy: scope.userId },
    })
  ).count;
  if (count !== 1) throw staleConflict(TRANSFER as DocKind<DocRow>);
  await tx.stockTransferLine.deleteMany({ where: { organizationId: scope.orgId, transferId: x.id } });
  await tx.stockTransferLine.createMany({ data: transferLines(scope, x.id, input.lines) });
  return getTransfer(tx, scope, { id: x.id });
}

export async function deleteTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  return removeDraft(TRANSFER, tx, scope, input);
}

export async function postTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  await postOrSubmit(TRANSFER, tx, scope, input);
  return getTransfer(tx, scope, { id: input.id });
}

export async function approveTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  await approve(TRANSFER, tx, scope, input);
  return getTransfer(tx, scope, { id: input.id });
}

export async function rejectTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  await reject(TRANSFER, tx, scope, input);
  return getTransfer(tx, scope, { id: input.id });
}

export async function cancelTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  await cancel(TRANSFER, tx, scope, input);
  return getTransfer(tx, scope, { id: input.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Lists (STYLE.md list contract): keyset by number (unique per organization; newest first by default), filters status
// and warehouse (for transfers: either end). `q`: the number from its start. Totals as on the document (Σ |quantity|,
// value at the line's unit cost, else the item's average, else its standard cost).

export interface DocumentListRow {
  id: string;
  number: string;
  status: string;
  workspaceId: string;
  warehouseCodes: string;
  lineCount: number;
  totalQuantity: string;
  totalValue: string;
  reason: string | null;
  note: string | null;
  postedAt: Date | null;
  createdAt: Date;
  version: number;
}

export async function listDocuments(tx: Tx, scope: OrgScope, kind: "adjustment" | "transfer", input: TListDocumentsInput): Promise<ListOutput<DocumentListRow>> {
  const { parts, warehouseIds: ids, keyset, order } = numberedListQuery(scope, input, DOCUMENT_STATUSES, "Documents");
  if (ids && !ids.length) parts.push(sql`false`);
  else if (ids && kind === "adjustment") parts.push(sql`d.warehouse_id = any(${ids}::uuid[])`);
  else if (ids) parts.push(sql`(d.from_warehouse_id = any(${ids}::uuid[]) or d.to_warehouse_id = any(${ids}::uuid[]))`);
  const f = input.filters ?? {};
  // Posted on these days of the organization's calendar (index (organization_id, posted_at)).
  if (f.posted?.type === "dateRange") parts.push(filterSql(sql`d.posted_at`, f.posted, { timeZone: await orgTimeZone(tx, scope) }));
  const reasonIds = kind === "adjustment" ? enumIds(f.reason) : null;
  if (reasonIds) parts.push(reasonIds.length ? sql`d.reason_id = any(${reasonIds}::uuid[])` : sql`false`);
  const where = and(parts);
  const from = kind === "adjustment" ? sql`from inventory.stock_adjustments d` : sql`from inventory.stock_transfers d`;
  // The line's unit cost (adjustments' increases), else the item's average while it has stock, else its standard cost.
  const totals = (lines: Sql, fk: Sql, unitCost: Sql) => sql`
    (select coalesce(sum(abs(l.quantity)), 0)::text || '|' || coalesce(round(sum(abs(l.quantity) * coalesce(${unitCost},
        case when c.quantity > 0 then c.average_unit_cost end, i.standard_unit_cost, 0)), 2), 0)::text
       from ${lines} l
       join inventory.items i on i.organization_id = l.organization_id and i.id = l.item_id
       left join inventory.item_costs c on c.organization_id = l.organization_id and c.item_id = l.item_id
      where l.organization_id = d.organization_id and ${fk} = d.id) as totals`;
  const select =
    kind === "adjustment"
      ? sql`select d.id::text as id, d.number, d.status::text as status, d.workspace_id::text as "workspaceId",
          (select w.code from inventory.warehouses w where w.organization_id = d.organization_id and w.id = d.warehouse_id) as "warehouseCodes",
          (select count(*)::int from inventory.stock_adjustment_lines l where l.organization_id = d.organization_id and l.adjustment_id = d.id) as "lineCount",
          ${totals(sql`inventory.stock_adjustment_lines`, sql`l.adjustment_id`, sql`l.unit_cost`)},
          d.reason, d.note, d.posted_at as "postedAt", d.created_at as "createdAt", d.version`
      : sql`select d.id::text as id, d.number, d.status::text as status, d.workspace_id::text as "workspaceId",
          (select f.code || ' → ' || t.code from inventory.warehouses f, inventory.warehouses t
            where f.organization_id = d.organization_id and f.id = d.from_warehouse_id and t.organization_id = d.organization_id and t.id = d.to_warehouse_id) as "warehouseCodes",
          (select count(*)::int from inventory.stock_transfer_lines l where l.organization_id = d.organization_id and l.transfer_id = d.id) as "lineCount",
          ${totals(sql`inventory.stock_transfer_lines`, sql`l.transfer_id`, sql`null::numeric`)},
          null::text as reason, d.note, d.posted_at as "postedAt", d.created_at as "createdAt", d.version`;
  const raw = await tx.$queryRaw<(Omit<DocumentListRow, "totalQuantity" | "totalValue"> & { totals: string })[]>`${select} ${from} where ${where} and ${keyset} ${order} limit ${input.perPage + 1}`;
  const rows: DocumentListRow[] = raw.map(({ totals: t, ...r }) => {
    const [qty = "0", value = "0"] = t.split("|");
    return { ...r, totalQuantity: qtyText(qty), totalValue: new Prisma.Decimal(value).toFixed(2) };
  });
  return numberedListPage(tx, input, rows, { from, where });
}
