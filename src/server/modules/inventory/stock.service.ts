// The stock services every module calls (sales, purchasing, manufacturing, …): receive, issue, consume, transfer,
// adjust, reserve, release, reverse. Each one works inside the CALLER's transaction (tx) — a document posts its lines
// and its stock moves all or nothing — writes the move(s) to the append-only ledger (inventory.stock_moves) and
// updates the stock levels and the item's moving-average cost in that same transaction.
//
// Concurrency (README "Concurrency"): stock leaves a level row through ONE conditional statement
//   UPDATE stock_levels SET on_hand_qty = on_hand_qty - q WHERE … AND on_hand_qty - reserved_qty >= q
// PostgreSQL re-checks the condition on the newest row version after waiting for the row lock, so concurrent issues
// of the last units serialize on the row and exactly as many succeed as there are units (never a lost update).
// Lock order, always: stock level rows (a transfer locks its two rows in location id order) → the item's cost row.
// A caller posting several lines in one transaction should post them in (item, location) order.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { recordEvent } from "@/server/kernel/audit";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { z } from "zod";
import {
  ZAdjustInput,
  ZIssueInput,
  ZPostMoveLine,
  ZReceiveInput,
  ZReserveInput,
  ZReverseInput,
  ZTransferInput,
  type MoveType,
  type TAdjustInput,
  type TIssueInput,
  type TPostMoveLine,
  type TReceiveInput,
  type TReserveInput,
  type TReverseInput,
  type TTransferInput,
} from "./inventory.schemas";

type DecimalValue = Prisma.Decimal | string | number;
const D = (v: DecimalValue) => new Prisma.Decimal(v);
const ZERO = D(0);

export function fieldError(field: string, message: string, code: "BAD_REQUEST" | "CONFLICT" | "PRECONDITION_FAILED" = "BAD_REQUEST"): AppError {
  return new AppError(code, message, { [field]: [message] });
}

/** Quantities as the ledger shows them: 4 decimals, trailing zeros trimmed ("10", "2.5"). */
export function qtyText(v: DecimalValue): string {
  return D(v).toDecimalPlaces(4).toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Look-ups (every id is the caller's organization's and visible to them; anything else is NOT_FOUND)

type ItemRow = { id: string; sku: string; name: string; trackInventory: boolean; lotControl: boolean; serialControl: boolean;
  shelfLifeDays: number | null; standardUnitCost: Prisma.Decimal | null; archivedAt: Date | null };

async function itemFor(tx: Tx, scope: OrgScope, itemId: string, opts: { moving: boolean }): Promise<ItemRow> {
  const item = await tx.item.findFirst({
    where: { organizationId: scope.orgId, id: itemId },
    select: { id: true, sku: true, name: true, trackInventory: true, lotControl: true, serialControl: true, shelfLifeDays: true, standardUnitCost: true, archivedAt: true },
  });
  if (!item) throw notFound("Item not found");
  if (opts.moving && !item.trackInventory) throw fieldError("itemId", `${item.sku} does not track inventory`);
  if (opts.moving && item.archivedAt) throw fieldError("itemId", `${item.sku} is archived: restore it to move its stock`, "PRECONDITION_FAILED");
  return item;
}

type LocationRow = { id: string; code: string; workspaceId: string; warehouseId: string; allowNegative: boolean; warehouseCode: string; archived: boolean };

async function locationFor(tx: Tx, scope: OrgScope, locationId: string): Promise<LocationRow> {
  const l = await tx.location.findFirst({
    where: { organizationId: scope.orgId, id: locationId },
    select: { id: true, code: true, workspaceId: true, warehouseId: true, archivedAt: true, warehouse: { select: { code: true, allowNegativeStock: true, archivedAt: true } } },
  });
  if (!l) throw notFound("Location not found");
  return {
    id: l.id,
    code: l.code,
    workspaceId: l.workspaceId,
    warehouseId: l.warehouseId,
    allowNegative: l.warehouse.allowNegativeStock,
    warehouseCode: l.warehouse.code,
    archived: !!(l.archivedAt || l.warehouse.archivedAt),
  };
}

const where = (l: LocationRow) => `${l.warehouseCode}/${l.code}`;

/**
 * The variant of a move. Stock coming IN (receipt, positive adjustment, transfer, reservation) needs an active
 * variant when the item has active variants, and never goes to an archived one. Stock going OUT (issue, negative
 * adjustment, release) may name an archived variant, or none when the location still holds stock without a variant
 * (received before the variants existed), so that such stock can be emptied. The posting functions apply the same
 * rule (inventory.posting_variant); callers that check a move before posting it (a document's draft, a count's found
 * line) call this one, with the field their refusal belongs on (`variantId` by default).
 */
export async function variantFor(
  tx: Tx,
  scope: OrgScope,
  item: { id: string; sku: string },
  variantId: string | null | undefined,
  mode: { direction: "in" | "out"; locationId: string; field?: string },
): Promise<string | null> {
  const field = mode.field ?? "variantId";
  if (!variantId) {
    const active = await tx.variant.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, archivedAt: null }, select: { id: true } });
    if (!active) return null;
    if (mode.direction === "out") {
      const plain = await tx.stockLevel.findFirst({
        where: { organizationId: scope.orgId, itemId: item.id, locationId: mode.locationId, variantId: null, onHandQty: { gt: 0 } },
        select: { id: true },
      });
      if (plain) return null;
    }
    throw fieldError(field, `${item.sku} has variants: choose one`);
  }
  const v = await tx.variant.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, id: variantId }, select: { id: true, sku: true, archivedAt: true } });
  if (!v) throw fieldError(field, `Choose a variant of ${item.sku}`);
  if (v.archivedAt && mode.direction === "in") throw fieldError(field, `${v.sku} is archived: restore it to take stock in`, "PRECONDITION_FAILED");
  return v.id;
}

/** The lot of a move: required exactly for lot-controlled items; a receipt creates a new lot. */
async function lotFor(
  tx: Tx,
  scope: OrgScope,
  item: ItemRow,
  lotNumber: string | undefined,
  mode: { create?: { expiresOn?: string; movedAt: Date }; refuseExpired?: boolean },
): Promise<{ id: string; number: string } | null> {
  if (!item.lotControl) {
    if (lotNumber) throw fieldError("lotNumber", `${item.sku} is not lot-controlled: leave the lot empty`);
    return null;
  }
  if (!lotNumber) throw fieldError("lotNumber", `${item.sku} is lot-controlled: enter a lot number`);
  let lot = await tx.lot.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, lotNumber }, select: { id: true, lotNumber: true, expiresOn: true } });
  if (!lot) {
    if (!mode.create) throw fieldError("lotNumber", `Lot ${lotNumber} of ${item.sku} not found`);
    let expiresOn: Date | null = mode.create.expiresOn ? new Date(`${mode.create.expiresOn}T00:00:00Z`) : null;
    if (!expiresOn && item.shelfLifeDays) {
      const d = new Date(Date.UTC(mode.create.movedAt.getUTCFullYear(), mode.create.movedAt.getUTCMonth(), mode.create.movedAt.getUTCDate()));
      d.setUTCDate(d.getUTCDate() + item.shelfLifeDays);
      expiresOn = d;
    }
    // Two receipts of the same new lot at once: the second waits for the first's row and then uses it.
    await tx.$executeRaw`
      insert into inventory.lots (organization_id, id, item_id, lot_number, expires_on, created_by, updated_by)
      values (${scope.orgId}::uuid, uuidv7(), ${item.id}::uuid, ${lotNumber}, ${expiresOn}::date, ${scope.userId}::uuid, ${scope.userId}::uuid)
      on conflict (organization_id, item_id, lot_number) do nothing`;
    lot = await tx.lot.findFirstOrThrow({ where: { organizationId: scope.orgId, itemId: item.id, lotNumber }, select: { id: true, lotNumber: true, expiresOn: true } });
  }
  if (mode.refuseExpired && lot.expiresOn) {
    const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    if (lot.expiresOn < today) throw fieldError("lotNumber", `Lot ${lot.lotNumber} of ${item.sku} expired on ${lot.expiresOn.toISOString().slice(0, 10)}`);
  }
  return { id: lot.id, number: lot.lotNumber };
}

// ---------------------------------------------------------------------------------------------------------------
// Levels

interface LevelKey {
  itemId: string;
  variantId: string | null;
  locationId: string;
  lotId: string | null;
}

async function availableAt(tx: Tx, scope: OrgScope, k: LevelKey): Promise<Prisma.Decimal> {
  const rows = await tx.$queryRaw<{ available: Prisma.Decimal }[]>`
    select available_qty as available from inventory.stock_levels
     where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
       and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid`;
  return rows[0] ? D(rows[0].available) : ZERO;
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger

type MoveRow = Prisma.StockMoveGetPayload<object>;
/** The move fields every answer carries (a ledger row, or a posting function's row read through POSTED). */
type MoveFields = Pick<MoveRow, "id" | "moveType" | "itemId" | "variantId" | "fromLocationId" | "toLocationId" | "quantity" | "lotId" | "serialId"
  | "unitCost" | "value" | "sourceDocumentType" | "sourceDocumentId" | "reversalOfMoveId" | "note" | "movedAt">;

export function moveOut(m: MoveFields) {
  return {
    id: m.id,
    moveType: m.moveType as MoveType,
    itemId: m.itemId,
    variantId: m.variantId,
    fromLocationId: m.fromLocationId,
    toLocationId: m.toLocationId,
    quantity: qtyText(m.quantity),
    lotId: m.lotId,
    serialId: m.serialId,
    unitCost: D(m.unitCost).toFixed(6),
    value: D(m.value).toFixed(2),
    sourceDocumentType: m.sourceDocumentType,
    sourceDocumentId: m.sourceDocumentId,
    reversalOfMoveId: m.reversalOfMoveId,
    note: m.note,
    movedAt: m.movedAt,
  };
}
export type StockMoveOut = ReturnType<typeof moveOut>;

function movableLocation(loc: LocationRow, field: string): void {
  if (loc.archived) throw fieldError(field, `${where(loc)} is archived`, "PRECONDITION_FAILED");
}

// ---------------------------------------------------------------------------------------------------------------
// Posting in one statement (migration 20261203000000_inventory_posting_functions): receive, issue, transfer, adjust
// and reverse each call ONE SQL function (inventory.post_in / post_out / post_transfer / post_reversal) that makes the
// same checks in the same order, takes the same locks and writes the level, the lot / serial, the move and the cost —
// a move is BEGIN, the RLS settings, one call, COMMIT instead of eleven to sixteen round trips. The functions answer a
// refusal as a row (error_code, error_field, error_message) instead of raising, so the caller's transaction stays
// usable exactly as when these services threw their AppError; it is thrown here, unchanged.

type PostedRow = MoveFields & {
  errorCode: "BAD_REQUEST" | "CONFLICT" | "PRECONDITION_FAILED" | "NOT_FOUND" | null;
  errorField: string | null;
  errorMessage: string | null;
};

/** A posting function's row (inventory.posted_move) in the ledger's field names, so moveOut maps both. */
const POSTED = Prisma.sql`error_code as "errorCode", error_field as "errorField", error_message as "errorMessage", id,
  move_type as "moveType", item_id as "itemId", variant_id as "variantId", from_location_id as "fromLocationId",
  to_location_id as "toLocationId", quantity, lot_id as "lotId", serial_id as "serialId", unit_cost as "unitCost", value,
  source_document_type as "sourceDocumentType", source_document_id as "sourceDocumentId",
  reversal_of_move_id as "reversalOfMoveId", note, moved_at as "movedAt"`;

function posted(rows: PostedRow[]): StockMoveOut {
  const r = rows[0];
  if (!r) throw new Error("inventory posting function answered no row");
  if (r.errorCode) throw r.errorCode === "NOT_FOUND" ? notFound(r.errorMessage ?? undefined) : fieldError(r.errorField ?? "", r.errorMessage ?? "", r.errorCode);
  if (!r.id) throw new Error("inventory posting function answered neither a move nor a refusal");
  return moveOut(r);
}

type PostInArgs = {
  itemId: string; variantId?: string | null; locationId: string; quantity: string; unitCost: string | null; lotNumber?: string; expiresOn?: string;
  serialNumber?: string; moveType: MoveType; sourceDocumentType?: string; sourceDocumentId?: string; note?: string; movedAt: Date;
};

type PostOutArgs = {
  itemId: string; variantId?: string | null; locationId: string; quantity: string; unitCostGiven: boolean; refuseExpired: boolean; lotNumber?: string;
  serialNumber?: string; moveType: MoveType; sourceDocumentType?: string; sourceDocumentId?: string; note?: string; movedAt: Date;
};

type PostTransferArgs = {
  itemId: string; variantId?: string | null; fromLocationId: string; toLocationId: string; quantity: string; lotNumber?: string; serialNumber?: string;
  sourceDocumentType?: string; sourceDocumentId?: string; note?: string; movedAt: Date;
};

type PostReversalArgs = { moveId: string; note?: string; movedAt: Date };

/** One posting function call: which function, with its arguments (their names are post_moves' JSON keys too). */
type PostCall =
  | { kind: "in"; args: PostInArgs }
  | { kind: "out"; args: PostOutArgs }
  | { kind: "transfer"; args: PostTransferArgs }
  | { kind: "reverse"; args: PostReversalArgs };

/** One call, one statement (the single-line services). */
async function postCall(tx: Tx, scope: OrgScope, c: PostCall): Promise<StockMoveOut> {
  switch (c.kind) {
    case "in": {
      const a = c.args;
      return posted(await tx.$queryRaw<PostedRow[]>`
        select ${POSTED} from inventory.post_in(${scope.orgId}::uuid, ${scope.userId}::uuid, ${a.itemId}::uuid, ${a.variantId ?? null}::uuid, ${a.locationId}::uuid,
          ${a.quantity}::numeric, ${a.unitCost}::numeric, ${a.lotNumber ?? null}::text, ${a.expiresOn ?? null}::date, ${a.serialNumber ?? null}::text,
          ${a.moveType}::text, ${a.sourceDocumentType ?? null}::text, ${a.sourceDocumentId ?? null}::uuid, ${a.note ?? null}::text, ${a.movedAt}::timestamptz)`);
    }
    case "out": {
      const a = c.args;
      return posted(await tx.$queryRaw<PostedRow[]>`
        select ${POSTED} from inventory.post_out(${scope.orgId}::uuid, ${scope.userId}::uuid, ${a.itemId}::uuid, ${a.variantId ?? null}::uuid, ${a.locationId}::uuid,
          ${a.quantity}::numeric, ${a.unitCostGiven}::boolean, ${a.refuseExpired}::boolean, ${a.lotNumber ?? null}::text, ${a.serialNumber ?? null}::text,
          ${a.moveType}::text, ${a.sourceDocumentType ?? null}::text, ${a.sourceDocumentId ?? null}::uuid, ${a.note ?? null}::text, ${a.movedAt}::timestamptz)`);
    }
    case "transfer": {
      const a = c.args;
      return posted(await tx.$queryRaw<PostedRow[]>`
        select ${POSTED} from inventory.post_transfer(${scope.orgId}::uuid, ${scope.userId}::uuid, ${a.itemId}::uuid, ${a.variantId ?? null}::uuid,
          ${a.fromLocationId}::uuid, ${a.toLocationId}::uuid, ${a.quantity}::numeric, ${a.lotNumber ?? null}::text,
          ${a.serialNumber ?? null}::text, ${a.sourceDocumentType ?? null}::text, ${a.sourceDocumentId ?? null}::uuid,
          ${a.note ?? null}::text, ${a.movedAt}::timestamptz)`);
    }
    case "reverse": {
      const a = c.args;
      return posted(await tx.$queryRaw<PostedRow[]>`
        select ${POSTED} from inventory.post_reversal(${scope.orgId}::uuid, ${scope.userId}::uuid, ${a.moveId}::uuid, ${a.note ?? null}::text, ${a.movedAt}::timestamptz)`);
    }
  }
}

// Each service's input → its call: the one place where a service's input becomes a posting function's arguments,
// shared by the single-line services and postMoves.

function receiveCall(input: z.output<typeof ZReceiveInput>): PostCall {
  return { kind: "in", args: {
    itemId: input.itemId, variantId: input.variantId, locationId: input.locationId, quantity: input.quantity, unitCost: input.unitCost,
    lotNumber: input.lotNumber, expiresOn: input.expiresOn, serialNumber: input.serialNumber, moveType: input.moveType ?? "receipt",
    sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt: input.movedAt ?? new Date(),
  } };
}

function issueCall(input: z.output<typeof ZIssueInput>): PostCall {
  return { kind: "out", args: {
    itemId: input.itemId, variantId: input.variantId, locationId: input.locationId, quantity: input.quantity, unitCostGiven: false, refuseExpired: true,
    lotNumber: input.lotNumber, serialNumber: input.serialNumber, moveType: input.moveType ?? "issue",
    sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt: input.movedAt ?? new Date(),
  } };
}

function transferCall(input: z.output<typeof ZTransferInput>): PostCall {
  if (input.fromLocationId === input.toLocationId) throw fieldError("toLocationId", "Choose a different destination");
  return { kind: "transfer", args: {
    itemId: input.itemId, variantId: input.variantId, fromLocationId: input.fromLocationId, toLocationId: input.toLocationId, quantity: input.quantity,
    lotNumber: input.lotNumber, serialNumber: input.serialNumber, sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId,
    note: input.note, movedAt: input.movedAt ?? new Date(),
  } };
}

function adjustCall(input: z.output<typeof ZAdjustInput>): PostCall {
  const delta = D(input.quantity);
  const common = {
    itemId: input.itemId, variantId: input.variantId, locationId: input.locationId, quantity: delta.abs().toString(), lotNumber: input.lotNumber,
    serialNumber: input.serialNumber, moveType: input.moveType ?? "adjustment", sourceDocumentType: input.sourceDocumentType,
    sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt: input.movedAt ?? new Date(),
  };
  if (delta.greaterThan(0)) return { kind: "in", args: { ...common, unitCost: input.unitCost ?? null, expiresOn: input.expiresOn } };
  return { kind: "out", args: { ...common, unitCostGiven: !!input.unitCost, refuseExpired: false } };
}

function reverseCall(input: z.output<typeof ZReverseInput>): PostCall {
  return { kind: "reverse", args: { moveId: input.moveId, note: input.note, movedAt: new Date() } };
}

// ---------------------------------------------------------------------------------------------------------------
// The services
//
// The single-line services keep their own call (post_in / post_out / post_transfer) rather than going through
// postMoves with one line: the same statement count (BEGIN, the scope, one call, COMMIT), without post_moves' JSON
// and loop in front of the one function, and their statements stay what stock-posting.test.ts and bench:moves probe.

/** Stock in (receipt, production output, customer return) at unitCost: levels up, average recomputed. */
export async function receive(tx: Tx, scope: OrgScope, raw: TReceiveInput) {
  return postCall(tx, scope, receiveCall(ZReceiveInput.parse(raw)));
}

/** Stock out (issue, production consumption) at the average cost of the moment. */
export async function issue(tx: Tx, scope: OrgScope, raw: TIssueInput) {
  return postCall(tx, scope, issueCall(ZIssueInput.parse(raw)));
}

/** Production consumption: an issue of type production_consume (manufacturing calls it per component). */
export async function consume(tx: Tx, scope: OrgScope, raw: Omit<TIssueInput, "moveType">) {
  return issue(tx, scope, { ...raw, moveType: "production_consume" });
}

/** Between two locations of the same workspace (value 0: the organization's stock value does not change). */
export async function transfer(tx: Tx, scope: OrgScope, raw: TTransferInput) {
  return postCall(tx, scope, transferCall(ZTransferInput.parse(raw)));
}

/** A signed correction (adjustment or count difference): positive adds stock at unitCost (default: the average),
 *  negative removes it at the average like an issue (expired lots may be written off). */
export async function adjust(tx: Tx, scope: OrgScope, raw: TAdjustInput) {
  return postCall(tx, scope, adjustCall(ZAdjustInput.parse(raw)));
}

// ---------------------------------------------------------------------------------------------------------------
// Many moves in one call (migrations 20261203200000_inventory_post_moves, 20261203210000_inventory_post_moves_reverse)

/** Lines per inventory.post_moves call (one JSON parameter; a document of more lines takes several calls). */
export const POST_MOVES_CHUNK = 1000;

/** The index, in postMoves' input, of the line a postMoves error belongs to (undefined for any other error). */
export function moveLineIndex(e: unknown): number | undefined {
  const i = e instanceof Error ? (e as Error & { moveLine?: unknown }).moveLine : undefined;
  return typeof i === "number" ? i : undefined;
}

const atLine = (e: unknown, index: number): unknown => (e instanceof Error ? Object.assign(e, { moveLine: index }) : e);

function lineCall(line: TPostMoveLine): PostCall {
  const input = ZPostMoveLine.parse(line);
  switch (input.kind) {
    case "receive": return receiveCall(input);
    case "issue": return issueCall(input);
    case "transfer": return transferCall(input);
    case "adjust": return adjustCall(input);
    case "reverse": return reverseCall(input);
  }
}

/**
 * Posts many moves — each line a receive, issue, transfer, adjust or reverse input, validated by that service's schema — in
 * one inventory.post_moves call per POST_MOVES_CHUNK lines, inside the caller's transaction. Lines post in the given
 * order (pass them in (item, location) order: the lock order), through the same posting functions as the services,
 * so the ledger, levels, costs and refusals are the ones the services give line by line. Answers the moves in input
 * order. The first refused line — a validation error or a posting function's refusal — throws exactly the error that
 * line's service would throw, with its index (moveLineIndex); nothing after it is posted, and what was posted before
 * it goes when the caller's transaction (or savepoint) rolls back, as with the services.
 */
export async function postMoves(tx: Tx, scope: OrgScope, lines: readonly TPostMoveLine[]): Promise<StockMoveOut[]> {
  const calls: PostCall[] = [];
  let invalid: { error: unknown } | null = null;
  for (const [i, line] of lines.entries()) {
    try {
      calls.push(lineCall(line));
    } catch (e) {
      // The lines before it still post first: a refusal among them is the error the line-by-line posting would give.
      invalid = { error: atLine(e, i) };
      break;
    }
  }
  const out: StockMoveOut[] = [];
  for (let start = 0; start < calls.length; start += POST_MOVES_CHUNK) {
    const chunk = calls.slice(start, start + POST_MOVES_CHUNK);
    const json = JSON.stringify(chunk.map((c) => ({ kind: c.kind, ...c.args })));
    const rows = await tx.$queryRaw<(PostedRow & { ordinal: number })[]>`
      select ordinal, ${POSTED}
        from (select p.ordinal, (p.move).* from inventory.post_moves(${scope.orgId}::uuid, ${scope.userId}::uuid, ${json}::jsonb) p) m
       order by ordinal`;
    for (const r of rows) {
      try {
        out.push(posted([r]));
      } catch (e) {
        throw atLine(e, start + r.ordinal - 1);
      }
    }
    if (rows.length !== chunk.length) throw new Error(`inventory.post_moves answered ${rows.length} rows for ${chunk.length} lines`);
  }
  if (invalid) throw invalid.error;
  return out;
}

/** Reserves available stock at a location (sales orders, production orders): no move, the level's reserved rises. */
export async function reserve(tx: Tx, scope: OrgScope, raw: TReserveInput) {
  const input = ZReserveInput.parse(raw);
  const { item, loc, k, lot } = await reservationKey(tx, scope, input, true);
  const q = D(input.quantity);
  const rows = await tx.$queryRaw<{ reserved: Prisma.Decimal; available: Prisma.Decimal }[]>`
    update inventory.stock_levels set reserved_qty = reserved_qty + ${q.toString()}::numeric, updated_at = now()
     where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
       and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid
       and on_hand_qty - reserved_qty >= ${q.toString()}::numeric
    returning reserved_qty as reserved, available_qty as available`;
  if (!rows[0]) {
    const available = await availableAt(tx, scope, k);
    const l = lot ? ` (lot ${lot.number})` : "";
    throw fieldError("quantity", `Not enough ${item.sku}${l} at ${where(loc)} to reserve: ${qtyText(available)} available, ${qtyText(q)} requested`);
  }
  // Levels are derived (no audit trigger): a reservation is recorded as a business event of the item.
  await reservationEvent(tx, scope, "inventory.stock_reserved", loc, k, q);
  return { reserved: qtyText(rows[0].reserved), available: qtyText(rows[0].available) };
}

/** Releases a reservation (never below zero); also for an archived item, whose orders are being cancelled. */
export async function release(tx: Tx, scope: OrgScope, raw: TReserveInput) {
  const input = ZReserveInput.parse(raw);
  const { item, loc, k } = await reservationKey(tx, scope, input, false);
  const q = D(input.quantity);
  const rows = await tx.$queryRaw<{ reserved: Prisma.Decimal; available: Prisma.Decimal }[]>`
    update inventory.stock_levels set reserved_qty = reserved_qty - ${q.toString()}::numeric, updated_at = now()
     where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
       and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid
       and reserved_qty >= ${q.toString()}::numeric
    returning reserved_qty as reserved, available_qty as available`;
  if (!rows[0]) {
    const r = await tx.$queryRaw<{ reserved: Prisma.Decimal }[]>`
      select reserved_qty as reserved from inventory.stock_levels
       where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
         and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid`;
    throw fieldError("quantity", `Only ${qtyText(r[0]?.reserved ?? 0)} of ${item.sku} reserved at ${where(loc)}, ${qtyText(q)} to release`);
  }
  await reservationEvent(tx, scope, "inventory.stock_released", loc, k, q);
  return { reserved: qtyText(rows[0].reserved), available: qtyText(rows[0].available) };
}

async function reservationEvent(tx: Tx, scope: OrgScope, action: "inventory.stock_reserved" | "inventory.stock_released", loc: LocationRow, k: LevelKey, q: Prisma.Decimal) {
  await recordEvent(tx, { orgId: scope.orgId, workspaceId: loc.workspaceId }, {
    action,
    entityType: "inventory.items",
    entityId: k.itemId,
    data: { locationId: k.locationId, variantId: k.variantId, lotId: k.lotId, quantity: qtyText(q) },
  });
}

async function reservationKey(tx: Tx, scope: OrgScope, input: ReturnType<typeof ZReserveInput.parse>, reserving: boolean) {
  const item = await itemFor(tx, scope, input.itemId, { moving: reserving });
  const loc = await locationFor(tx, scope, input.locationId);
  if (reserving) movableLocation(loc, "locationId");
  const variantId = await variantFor(tx, scope, item, input.variantId, { direction: reserving ? "in" : "out", locationId: loc.id });
  const lot = await lotFor(tx, scope, item, input.lotNumber, {});
  return { item, loc, lot, k: { itemId: item.id, variantId, locationId: loc.id, lotId: lot?.id ?? null } };
}

/**
 * Corrects a move with its mirror image: locations swapped, same type, quantity, lot, serial and unit cost, value
 * negated, reversal_of_move_id set. A move is reversed at most once (unique index) and a reversal is never reversed
 * (record a new move instead). Taking stock back out follows the negative-stock rule like an issue; stock coming back
 * in (an outbound move or a transfer undone) never goes into an archived location or to an archived variant
 * (PRECONDITION_FAILED on `moveId`).
 */
export async function reverse(tx: Tx, scope: OrgScope, raw: TReverseInput) {
  return postCall(tx, scope, reverseCall(ZReverseInput.parse(raw)));
}
