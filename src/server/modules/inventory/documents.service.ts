// Stock documents: numbered adjustments (kernel document type "stock_adjustment", ADJ-{YYYY}-{#####}) and transfers
// ("stock_transfer", TRF-{YYYY}-{#####}), each through its state machine: draft → posted (post: every line's move
// through the stock services, in (item, location) order — the services' lock order) → cancelled (cancel: a posted
// document's moves reversed, newest first; a draft is simply cancelled). A document belongs to its warehouse's
// workspace (RLS visible_workspace + the service's checks); lines are read through it.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import { afterCursor, and, badRequest, cappedCount, keysetPage, orderBy, readCursor, sql, type Sql } from "@/server/kernel/list-query";
import * as numbering from "@/server/kernel/numbering";
import type { OrgScope } from "@/server/kernel/scope";
import { allowedTransitions, defineMachine } from "@/server/kernel/state-machine";
import { DOCUMENTS_LIST, type TCreateAdjustmentInput, type TCreateTransferInput, type TListDocumentsInput } from "./inventory.schemas";
import * as stock from "./stock.service";
import { fieldError, qtyText } from "./stock.service";
import { warehouseOr404 } from "./warehouses.service";

const STATUSES = ["draft", "posted", "cancelled"] as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Status = (typeof STATUSES)[number];

export const adjustmentMachine = defineMachine<Status, "post" | "cancel", undefined>({
  entityType: "stock_adjustment",
  states: STATUSES,
  transitions: {
    post: { from: ["draft"], to: "posted", label: "Post", permission: "inventory.stock.adjust" },
    cancel: { from: ["draft", "posted"], to: "cancelled", label: "Cancel", permission: "inventory.stock.adjust", requiresReason: true },
  },
});

export const transferMachine = defineMachine<Status, "post" | "cancel", undefined>({
  entityType: "stock_transfer",
  states: STATUSES,
  transitions: {
    post: { from: ["draft"], to: "posted", label: "Post", permission: "inventory.stock.move" },
    cancel: { from: ["draft", "posted"], to: "cancelled", label: "Cancel", permission: "inventory.stock.move", requiresReason: true },
  },
});

const byItemLocation = <L extends { itemId: string; lineNo: number }>(loc: (l: L) => string) => (a: L, b: L) =>
  a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : loc(a) < loc(b) ? -1 : loc(a) > loc(b) ? 1 : a.lineNo - b.lineNo;

async function locationIn(tx: Tx, scope: OrgScope, locationId: string, warehouseId: string, field: string, code: string) {
  const l = await tx.location.findFirst({ where: { organizationId: scope.orgId, id: locationId, warehouseId }, select: { id: true } });
  if (!l) throw fieldError(field, `Choose a location of ${code}`);
}

async function itemExists(tx: Tx, scope: OrgScope, itemId: string, field: string) {
  if (!(await tx.item.findFirst({ where: { organizationId: scope.orgId, id: itemId, archivedAt: null }, select: { id: true } })))
    throw fieldError(field, "Choose an item");
}

// ---------------------------------------------------------------------------------------------------------------
// Adjustments

type AdjustmentRow = Prisma.StockAdjustmentGetPayload<{ include: { lines: true } }>;

function adjustmentOut(scope: OrgScope, a: AdjustmentRow) {
  return {
    id: a.id,
    number: a.number,
    workspaceId: a.workspaceId,
    warehouseId: a.warehouseId,
    status: a.status as Status,
    reason: a.reason,
    note: a.note,
    postedAt: a.postedAt,
    cancelledAt: a.cancelledAt,
    version: a.version,
    createdAt: a.createdAt,
    lines: [...a.lines]
      .sort((x, y) => x.lineNo - y.lineNo)
      .map((l) => ({
        id: l.id, lineNo: l.lineNo, itemId: l.itemId, variantId: l.variantId, locationId: l.locationId, lotNumber: l.lotNumber,
        serialNumber: l.serialNumber, quantity: qtyText(l.quantity), unitCost: l.unitCost === null ? null : l.unitCost.toFixed(6), moveId: l.moveId,
      })),
    transitions: allowedTransitions(adjustmentMachine, a.status as Status, scope).map((t) => ({ name: t.name, label: t.label, requiresReason: t.requiresReason })),
  };
}

async function adjustmentOr404(tx: Tx, scope: OrgScope, id: string) {
  const a = await tx.stockAdjustment.findFirst({ where: { organizationId: scope.orgId, workspaceId: { in: scope.workspaceIds }, id }, include: { lines: true } });
  if (!a) throw notFound("Stock adjustment not found");
  return a;
}

export async function getAdjustment(tx: Tx, scope: OrgScope, input: { id: string }) {
  return adjustmentOut(scope, await adjustmentOr404(tx, scope, input.id));
}

export async function createAdjustment(tx: Tx, scope: OrgScope, input: TCreateAdjustmentInput) {
  const w = await warehouseOr404(tx, scope, input.warehouseId);
  for (const [i, l] of input.lines.entries()) {
    await itemExists(tx, scope, l.itemId, `lines.${i}.itemId`);
    await locationIn(tx, scope, l.locationId, w.id, `lines.${i}.locationId`, w.code);
    if (l.unitCost && l.quantity.startsWith("-")) throw fieldError(`lines.${i}.unitCost`, "Stock taken out carries the average cost; leave the unit cost empty");
  }
  const number = await numbering.next(tx, scope, "stock_adjustment", { workspaceId: w.workspaceId });
  const header = await tx.stockAdjustment.create({
    data: {
      organizationId: scope.orgId, number, workspaceId: w.workspaceId, warehouseId: w.id, reason: input.reason, note: input.note ?? null,
      createdBy: scope.userId, updatedBy: scope.userId,
    },
  });
  await tx.stockAdjustmentLine.createMany({
    data: input.lines.map((l, i) => ({
      organizationId: scope.orgId, adjustmentId: header.id, lineNo: i + 1, itemId: l.itemId, variantId: l.variantId ?? null, locationId: l.locationId,
      lotNumber: l.lotNumber ?? null, serialNumber: l.serialNumber ?? null, quantity: l.quantity, unitCost: l.unitCost ?? null,
      createdBy: scope.userId, updatedBy: scope.userId,
    })),
  });
  const a = await adjustmentOr404(tx, scope, header.id);
  return adjustmentOut(scope, a);
}

const adjustmentUpdate = (scope: OrgScope, id: string, version: number, extra: Prisma.StockAdjustmentUpdateManyMutationInput) =>
  async (tx: Tx, to: Status, from: Status) =>
    (await tx.stockAdjustment.updateMany({
      where: { organizationId: scope.orgId, id, status: from, version },
      data: { ...extra, status: to, version: { increment: 1 }, updatedBy: scope.userId },
    })).count;

/** Posts every line as an adjustment move (source document: this adjustment), all or nothing. */
export async function postAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const a = await adjustmentOr404(tx, scope, input.id);
  await adjustmentMachine.apply(tx, scope, {
    transition: "post",
    entity: { id: a.id, status: a.status as Status, version: input.version, workspaceId: a.workspaceId },
    update: async (t, to, from) => {
      const count = await adjustmentUpdate(scope, a.id, input.version, { postedAt: new Date() })(t, to, from);
      if (count !== 1) return count;
      await postLines(
        [...a.lines].sort(byItemLocation((x) => x.locationId)),
        (l) =>
          stock.adjust(t, scope, {
            itemId: l.itemId, variantId: l.variantId, locationId: l.locationId, quantity: l.quantity.toString(), unitCost: l.unitCost?.toString(),
            lotNumber: l.lotNumber ?? undefined, serialNumber: l.serialNumber ?? undefined, moveType: "adjustment",
            sourceDocumentType: "inventory.stock_adjustment", sourceDocumentId: a.id, note: `${a.number}: ${a.reason}`,
          }),
        (l, moveId) =>
          t.stockAdjustmentLine.update({ where: { organizationId_id: { organizationId: scope.orgId, id: l.id } }, data: { moveId, updatedBy: scope.userId } }),
      );
      return count;
    },
  });
  return getAdjustment(tx, scope, { id: a.id });
}

/** Cancels a draft, or a posted adjustment by reversing its moves (newest first); the reason is required. */
export async function cancelAdjustment(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  const a = await adjustmentOr404(tx, scope, input.id);
  await adjustmentMachine.apply(tx, scope, {
    transition: "cancel",
    reason: input.reason,
    entity: { id: a.id, status: a.status as Status, version: input.version, workspaceId: a.workspaceId },
    update: async (t, to, from) => {
      const count = await adjustmentUpdate(scope, a.id, input.version, { cancelledAt: new Date() })(t, to, from);
      if (count === 1 && from === "posted") await reverseMoves(t, scope, a.lines, a.number, input.reason);
      return count;
    },
  });
  return getAdjustment(tx, scope, { id: a.id });
}

/**
 * A posting document's lines, in the given (lock) order: each line's move, then the move's id on the line. A refused
 * move fails the whole posting with the line's number in the error (lineError).
 */
async function postLines<L extends { lineNo: number }>(lines: L[], move: (l: L) => Promise<{ id: string }>, link: (l: L, moveId: string) => Promise<unknown>) {
  for (const l of lines) {
    const m = await move(l).catch((e: unknown) => {
      throw lineError(e, l.lineNo);
    });
    await link(l, m.id);
  }
}

async function reverseMoves(tx: Tx, scope: OrgScope, lines: { lineNo: number; moveId: string | null }[], number: string, reason: string) {
  for (const l of [...lines].sort((x, y) => y.lineNo - x.lineNo)) {
    if (!l.moveId) continue;
    await stock.reverse(tx, scope, { moveId: l.moveId, note: `${number} cancelled: ${reason}` }).catch((e: unknown) => {
      throw lineError(e, l.lineNo);
    });
  }
}

/** A stock service's field error, moved onto the document line it came from (lines.<n-1>.<field>). */
function lineError(e: unknown, lineNo: number): unknown {
  if (!(e instanceof Error) || !("fieldErrors" in e) || !e.fieldErrors) return e;
  const fields = e.fieldErrors as Record<string, string[]>;
  const moved = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`lines.${lineNo - 1}.${k}`, v.map((m) => `Line ${lineNo}: ${m}`)]));
  return Object.assign(e, { fieldErrors: moved, message: `Line ${lineNo}: ${e.message}` });
}

// ---------------------------------------------------------------------------------------------------------------
// Transfers

type TransferRow = Prisma.StockTransferGetPayload<{ include: { lines: true } }>;

function transferOut(scope: OrgScope, x: TransferRow) {
  return {
    id: x.id,
    number: x.number,
    workspaceId: x.workspaceId,
    fromWarehouseId: x.fromWarehouseId,
    toWarehouseId: x.toWarehouseId,
    status: x.status as Status,
    note: x.note,
    postedAt: x.postedAt,
    cancelledAt: x.cancelledAt,
    version: x.version,
    createdAt: x.createdAt,
    lines: [...x.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({
        id: l.id, lineNo: l.lineNo, itemId: l.itemId, variantId: l.variantId, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId,
        lotNumber: l.lotNumber, serialNumber: l.serialNumber, quantity: qtyText(l.quantity), moveId: l.moveId,
      })),
    transitions: allowedTransitions(transferMachine, x.status as Status, scope).map((t) => ({ name: t.name, label: t.label, requiresReason: t.requiresReason })),
  };
}

async function transferOr404(tx: Tx, scope: OrgScope, id: string) {
  const x = await tx.stockTransfer.findFirst({ where: { organizationId: scope.orgId, workspaceId: { in: scope.workspaceIds }, id }, include: { lines: true } });
  if (!x) throw notFound("Stock transfer not found");
  return x;
}

export async function getTransfer(tx: Tx, scope: OrgScope, input: { id: string }) {
  return transferOut(scope, await transferOr404(tx, scope, input.id));
}

export async function createTransfer(tx: Tx, scope: OrgScope, input: TCreateTransferInput) {
  const from = await warehouseOr404(tx, scope, input.fromWarehouseId);
  const to = await warehouseOr404(tx, scope, input.toWarehouseId);
  if (from.workspaceId !== to.workspaceId)
    throw fieldError("toWarehouseId", "Choose a warehouse of the same workspace (transfers between workspaces go through transit, not built yet)");
  for (const [i, l] of input.lines.entries()) {
    await itemExists(tx, scope, l.itemId, `lines.${i}.itemId`);
    await locationIn(tx, scope, l.fromLocationId, from.id, `lines.${i}.fromLocationId`, from.code);
    await locationIn(tx, scope, l.toLocationId, to.id, `lines.${i}.toLocationId`, to.code);
    if (l.fromLocationId === l.toLocationId) throw fieldError(`lines.${i}.toLocationId`, "Choose a different destination");
  }
  const number = await numbering.next(tx, scope, "stock_transfer", { workspaceId: from.workspaceId });
  const header = await tx.stockTransfer.create({
    data: {
      organizationId: scope.orgId, number, workspaceId: from.workspaceId, fromWarehouseId: from.id, toWarehouseId: to.id, note: input.note ?? null,
      createdBy: scope.userId, updatedBy: scope.userId,
    },
  });
  await tx.stockTransferLine.createMany({
    data: input.lines.map((l, i) => ({
      organizationId: scope.orgId, transferId: header.id, lineNo: i + 1, itemId: l.itemId, variantId: l.variantId ?? null, fromLocationId: l.fromLocationId,
      toLocationId: l.toLocationId, lotNumber: l.lotNumber ?? null, serialNumber: l.serialNumber ?? null, quantity: l.quantity,
      createdBy: scope.userId, updatedBy: scope.userId,
    })),
  });
  const x = await transferOr404(tx, scope, header.id);
  return transferOut(scope, x);
}

const transferUpdate = (scope: OrgScope, id: string, version: number, extra: Prisma.StockTransferUpdateManyMutationInput) =>
  async (tx: Tx, to: Status, from: Status) =>
    (await tx.stockTransfer.updateMany({
      where: { organizationId: scope.orgId, id, status: from, version },
      data: { ...extra, status: to, version: { increment: 1 }, updatedBy: scope.userId },
    })).count;

export async function postTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number }) {
  const x = await transferOr404(tx, scope, input.id);
  await transferMachine.apply(tx, scope, {
    transition: "post",
    entity: { id: x.id, status: x.status as Status, version: input.version, workspaceId: x.workspaceId },
    update: async (t, to, from) => {
      const count = await transferUpdate(scope, x.id, input.version, { postedAt: new Date() })(t, to, from);
      if (count !== 1) return count;
      await postLines(
        [...x.lines].sort(byItemLocation((y) => (y.fromLocationId < y.toLocationId ? y.fromLocationId : y.toLocationId))),
        (l) =>
          stock.transfer(t, scope, {
            itemId: l.itemId, variantId: l.variantId, fromLocationId: l.fromLocationId, toLocationId: l.toLocationId, quantity: l.quantity.toString(),
            lotNumber: l.lotNumber ?? undefined, serialNumber: l.serialNumber ?? undefined,
            sourceDocumentType: "inventory.stock_transfer", sourceDocumentId: x.id, note: x.number,
          }),
        (l, moveId) =>
          t.stockTransferLine.update({ where: { organizationId_id: { organizationId: scope.orgId, id: l.id } }, data: { moveId, updatedBy: scope.userId } }),
      );
      return count;
    },
  });
  return getTransfer(tx, scope, { id: x.id });
}

export async function cancelTransfer(tx: Tx, scope: OrgScope, input: { id: string; version: number; reason: string }) {
  const x = await transferOr404(tx, scope, input.id);
  await transferMachine.apply(tx, scope, {
    transition: "cancel",
    reason: input.reason,
    entity: { id: x.id, status: x.status as Status, version: input.version, workspaceId: x.workspaceId },
    update: async (t, to, from) => {
      const count = await transferUpdate(scope, x.id, input.version, { cancelledAt: new Date() })(t, to, from);
      if (count === 1 && from === "posted") await reverseMoves(t, scope, x.lines, x.number, input.reason);
      return count;
    },
  });
  return getTransfer(tx, scope, { id: x.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Lists (STYLE.md list contract): keyset by number (unique per organization; newest first by default), filters status
// and warehouse (for transfers: either end). `q`: the number from its start.

export interface DocumentListRow {
  id: string;
  number: string;
  status: string;
  workspaceId: string;
  warehouseCodes: string;
  lineCount: number;
  reason: string | null;
  postedAt: Date | null;
  createdAt: Date;
  version: number;
}

export async function listDocuments(tx: Tx, scope: OrgScope, kind: "adjustment" | "transfer", input: TListDocumentsInput): Promise<ListOutput<DocumentListRow>> {
  const f = input.filters ?? {};
  const parts: Sql[] = [sql`d.organization_id = ${scope.orgId}::uuid`, sql`d.workspace_id = any(${scope.workspaceIds}::uuid[])`];
  if (f.status?.type === "enum") {
    const statuses = f.status.values.filter((v) => (STATUSES as readonly string[]).includes(v));
    parts.push(statuses.length ? sql`d.status::text = any(${statuses}::text[])` : sql`false`);
  }
  if (f.warehouse?.type === "enum") {
    const ids = f.warehouse.values.filter((v) => UUID_RE.test(v));
    if (!ids.length) parts.push(sql`false`);
    else if (kind === "adjustment") parts.push(sql`d.warehouse_id = any(${ids}::uuid[])`);
    else parts.push(sql`(d.from_warehouse_id = any(${ids}::uuid[]) or d.to_warehouse_id = any(${ids}::uuid[]))`);
  }
  const q = input.q?.trim();
  if (q) parts.push(sql`d.number >= ${q.toUpperCase()} and d.number < ${q.toUpperCase() + "\uffff"}`);
  const desc = (input.sort ?? DOCUMENTS_LIST.defaultSort).desc;
  if (input.page !== undefined) throw badRequest("page", "Documents page by cursor.");
  let keyset: Sql = sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    keyset = afterCursor(sql`d.number`, sql`d.id`, sql`${c.sortValue}`, c.id, desc);
  }
  const where = and(parts);
  const from =
    kind === "adjustment"
      ? sql`from inventory.stock_adjustments d`
      : sql`from inventory.stock_transfers d`;
  const select =
    kind === "adjustment"
      ? sql`select d.id::text as id, d.number, d.status::text as status, d.workspace_id::text as "workspaceId",
          (select w.code from inventory.warehouses w where w.organization_id = d.organization_id and w.id = d.warehouse_id) as "warehouseCodes",
          (select count(*)::int from inventory.stock_adjustment_lines l where l.organization_id = d.organization_id and l.adjustment_id = d.id) as "lineCount",
          d.reason, d.posted_at as "postedAt", d.created_at as "createdAt", d.version`
      : sql`select d.id::text as id, d.number, d.status::text as status, d.workspace_id::text as "workspaceId",
          (select f.code || ' → ' || t.code from inventory.warehouses f, inventory.warehouses t
            where f.organization_id = d.organization_id and f.id = d.from_warehouse_id and t.organization_id = d.organization_id and t.id = d.to_warehouse_id) as "warehouseCodes",
          (select count(*)::int from inventory.stock_transfer_lines l where l.organization_id = d.organization_id and l.transfer_id = d.id) as "lineCount",
          null::text as reason, d.posted_at as "postedAt", d.created_at as "createdAt", d.version`;
  const rows = await tx.$queryRaw<DocumentListRow[]>`${select} ${from} where ${where} and ${keyset} ${orderBy(sql`d.number`, sql`d.id`, desc)} limit ${input.perPage + 1}`;
  const page = keysetPage(rows, input.perPage, (r) => [r.number, r.id]);
  const out: ListOutput<DocumentListRow> = { rows: page.rows };
  if (page.nextCursor) out.nextCursor = page.nextCursor;
  if (!input.cursor) Object.assign(out, await cappedCount(tx, sql`${from} where ${where}`));
  return out;
}
