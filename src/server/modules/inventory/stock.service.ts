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
import {
  ZAdjustInput,
  ZIssueInput,
  ZReceiveInput,
  ZReserveInput,
  ZReverseInput,
  ZTransferInput,
  type MoveType,
  type TAdjustInput,
  type TIssueInput,
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
 * (received before the variants existed), so that such stock can be emptied.
 */
async function variantFor(
  tx: Tx,
  scope: OrgScope,
  item: ItemRow,
  variantId: string | null | undefined,
  mode: { direction: "in" | "out"; locationId: string },
): Promise<string | null> {
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
    throw fieldError("variantId", `${item.sku} has variants: choose one`);
  }
  const v = await tx.variant.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, id: variantId }, select: { id: true, sku: true, archivedAt: true } });
  if (!v) throw fieldError("variantId", `Choose a variant of ${item.sku}`);
  if (v.archivedAt && mode.direction === "in") throw fieldError("variantId", `${v.sku} is archived: restore it to take stock in`, "PRECONDITION_FAILED");
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

/** The serial of a move: required exactly for serial-controlled items, one serial per move (quantity 1). */
function needSerial(item: ItemRow, serialNumber: string | undefined, quantity: Prisma.Decimal): string | null {
  if (!item.serialControl) {
    if (serialNumber) throw fieldError("serialNumber", `${item.sku} is not serial-controlled: leave the serial number empty`);
    return null;
  }
  if (!serialNumber) throw fieldError("serialNumber", `${item.sku} is serial-controlled: enter a serial number`);
  if (!quantity.equals(1)) throw fieldError("quantity", `${item.sku} is serial-controlled: move one serial at a time (quantity 1)`);
  return serialNumber;
}

async function serialIn(tx: Tx, scope: OrgScope, item: ItemRow, serialNumber: string, lotId: string | null, locationId: string): Promise<string> {
  const s = await tx.serial.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, serialNumber }, select: { id: true, status: true } });
  if (s?.status === "in_stock") throw fieldError("serialNumber", `Serial ${serialNumber} of ${item.sku} is already in stock`, "CONFLICT");
  if (s) {
    await tx.serial.update({ where: { organizationId_id: { organizationId: scope.orgId, id: s.id } }, data: { status: "in_stock", locationId, lotId, updatedBy: scope.userId } });
    return s.id;
  }
  try {
    const created = await tx.serial.create({
      data: { organizationId: scope.orgId, itemId: item.id, serialNumber, lotId, status: "in_stock", locationId, createdBy: scope.userId, updatedBy: scope.userId },
      select: { id: true },
    });
    return created.id;
  } catch (e) {
    // Received at the same moment by someone else.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("serialNumber", `Serial ${serialNumber} of ${item.sku} is already in stock`, "CONFLICT");
    throw e;
  }
}

/** Takes a serial from a location: out of stock (to null) or to another location. */
async function serialOut(tx: Tx, scope: OrgScope, item: ItemRow, serialNumber: string, from: LocationRow, to: string | null, lotId: string | null): Promise<string> {
  const moved = await tx.serial.updateMany({
    // In stock at the source, and in the lot the level is taken from (a lot-controlled serial item).
    where: { organizationId: scope.orgId, itemId: item.id, serialNumber, status: "in_stock", locationId: from.id, ...(item.lotControl ? { lotId } : {}) },
    data: to ? { locationId: to, updatedBy: scope.userId } : { status: "issued", locationId: null, updatedBy: scope.userId },
  });
  if (moved.count !== 1) throw fieldError("serialNumber", `Serial ${serialNumber} of ${item.sku} is not in stock at ${where(from)}${item.lotControl ? " in this lot" : ""}`);
  const s = await tx.serial.findFirstOrThrow({ where: { organizationId: scope.orgId, itemId: item.id, serialNumber }, select: { id: true } });
  return s.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Levels

interface LevelKey {
  itemId: string;
  variantId: string | null;
  locationId: string;
  lotId: string | null;
}

async function addToLevel(tx: Tx, scope: OrgScope, loc: LocationRow, k: LevelKey, q: Prisma.Decimal): Promise<void> {
  await tx.$executeRaw`
    insert into inventory.stock_levels (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
    values (${scope.orgId}::uuid, uuidv7(), ${loc.workspaceId}::uuid, ${k.itemId}::uuid, ${k.variantId}::uuid, ${k.locationId}::uuid, ${k.lotId}::uuid, ${q.toString()}::numeric)
    on conflict (organization_id, item_id, variant_id, location_id, lot_id)
    do update set on_hand_qty = stock_levels.on_hand_qty + excluded.on_hand_qty, updated_at = now()`;
}

/**
 * Takes q off a level in one conditional statement: refused (field error on `quantity`, naming the item, the location
 * and what is available) unless available ≥ q or the warehouse allows negative stock.
 */
async function takeFromLevel(tx: Tx, scope: OrgScope, item: ItemRow, loc: LocationRow, k: LevelKey, q: Prisma.Decimal, lotNumber?: string): Promise<void> {
  if (loc.allowNegative) {
    await addToLevel(tx, scope, loc, k, q.negated());
    return;
  }
  const rows = await tx.$queryRaw<{ on_hand_qty: Prisma.Decimal }[]>`
    update inventory.stock_levels set on_hand_qty = on_hand_qty - ${q.toString()}::numeric, updated_at = now()
     where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
       and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid
       and on_hand_qty - reserved_qty >= ${q.toString()}::numeric
    returning on_hand_qty`;
  if (rows.length === 1) return;
  const available = await availableAt(tx, scope, k);
  const lot = lotNumber ? ` (lot ${lotNumber})` : "";
  throw fieldError("quantity", `Not enough ${item.sku}${lot} at ${where(loc)}: ${qtyText(available)} available, ${qtyText(q)} requested`);
}

async function availableAt(tx: Tx, scope: OrgScope, k: LevelKey): Promise<Prisma.Decimal> {
  const rows = await tx.$queryRaw<{ available: Prisma.Decimal }[]>`
    select available_qty as available from inventory.stock_levels
     where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
       and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid`;
  return rows[0] ? D(rows[0].available) : ZERO;
}

/** Locks the level rows of a transfer (creating the missing ones at 0) in location id order: no deadlock between
 *  transfers in opposite directions. */
async function lockLevels(tx: Tx, scope: OrgScope, keys: { loc: LocationRow; k: LevelKey }[]): Promise<void> {
  const sorted = [...keys].sort((a, b) => (a.k.locationId < b.k.locationId ? -1 : a.k.locationId > b.k.locationId ? 1 : 0));
  for (const { loc, k } of sorted) {
    await tx.$executeRaw`
      insert into inventory.stock_levels (organization_id, id, workspace_id, item_id, variant_id, location_id, lot_id, on_hand_qty)
      values (${scope.orgId}::uuid, uuidv7(), ${loc.workspaceId}::uuid, ${k.itemId}::uuid, ${k.variantId}::uuid, ${k.locationId}::uuid, ${k.lotId}::uuid, 0)
      on conflict (organization_id, item_id, variant_id, location_id, lot_id) do nothing`;
    await tx.$queryRaw`
      select 1 from inventory.stock_levels
       where organization_id = ${scope.orgId}::uuid and item_id = ${k.itemId}::uuid and location_id = ${k.locationId}::uuid
         and variant_id is not distinct from ${k.variantId}::uuid and lot_id is not distinct from ${k.lotId}::uuid
       for update`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Costs (moving average per item per organization)

interface CostRow {
  quantity: Prisma.Decimal;
  value: Prisma.Decimal;
  average: Prisma.Decimal;
}

async function lockCost(tx: Tx, scope: OrgScope, item: ItemRow): Promise<CostRow> {
  await tx.$executeRaw`
    insert into inventory.item_costs (organization_id, item_id, quantity, value, average_unit_cost)
    values (${scope.orgId}::uuid, ${item.id}::uuid, 0, 0, ${(item.standardUnitCost ?? ZERO).toString()}::numeric)
    on conflict (organization_id, item_id) do nothing`;
  const rows = await tx.$queryRaw<{ quantity: Prisma.Decimal; value: Prisma.Decimal; average: Prisma.Decimal }[]>`
    select quantity, value, average_unit_cost as average from inventory.item_costs
     where organization_id = ${scope.orgId}::uuid and item_id = ${item.id}::uuid for update`;
  const r = rows[0]!;
  return { quantity: D(r.quantity), value: D(r.value), average: D(r.average) };
}

/** The current average unit cost without locking (transfers carry it for information; value 0). */
async function currentAverage(tx: Tx, scope: OrgScope, item: ItemRow): Promise<Prisma.Decimal> {
  const c = await tx.itemCost.findUnique({ where: { organizationId_itemId: { organizationId: scope.orgId, itemId: item.id } }, select: { averageUnitCost: true } });
  return c ? D(c.averageUnitCost) : (item.standardUnitCost ?? ZERO);
}

/**
 * Applies a move's quantity and value change to the item's cost row (locked by lockCost). Inbound moves recompute the
 * average: (old value + value in) / (old quantity + quantity in) when the result is positive and the old quantity
 * was not negative; otherwise the inbound unit cost. Outbound moves leave the average as it is, except reversals of
 * inbound moves, which recompute it from what remains (value / quantity).
 */
async function applyCost(tx: Tx, scope: OrgScope, item: ItemRow, c: CostRow, dq: Prisma.Decimal, dv: Prisma.Decimal, inboundUnitCost: Prisma.Decimal | null, recompute: boolean): Promise<void> {
  const quantity = c.quantity.plus(dq);
  const value = c.value.plus(dv);
  let average = c.average;
  if (dq.greaterThan(0) && inboundUnitCost) {
    average = c.quantity.greaterThanOrEqualTo(0) && quantity.greaterThan(0) && value.greaterThanOrEqualTo(0)
      ? value.dividedBy(quantity).toDecimalPlaces(6)
      : inboundUnitCost;
  } else if (recompute && quantity.greaterThan(0) && value.greaterThanOrEqualTo(0)) {
    average = value.dividedBy(quantity).toDecimalPlaces(6);
  }
  await tx.$executeRaw`
    update inventory.item_costs set quantity = ${quantity.toString()}::numeric, value = ${value.toString()}::numeric,
           average_unit_cost = ${average.toString()}::numeric, updated_at = now()
     where organization_id = ${scope.orgId}::uuid and item_id = ${item.id}::uuid`;
}

/** The value an outbound quantity carries at the moment (negative): q × average, or all that is left when q takes
 *  the organization's last units (no rounding residue stays behind). */
function outboundValue(c: CostRow, q: Prisma.Decimal): Prisma.Decimal {
  if (q.equals(c.quantity)) return c.value.negated();
  return q.times(c.average).toDecimalPlaces(2).negated();
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger

type MoveRow = Prisma.StockMoveGetPayload<object>;

export function moveOut(m: MoveRow) {
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

interface NewMove {
  workspaceId: string;
  itemId: string;
  variantId: string | null;
  fromLocationId: string | null;
  toLocationId: string | null;
  quantity: Prisma.Decimal;
  lotId: string | null;
  serialId: string | null;
  unitCost: Prisma.Decimal;
  value: Prisma.Decimal;
  moveType: MoveType;
  reversalOfMoveId?: string | null;
  sourceDocumentType?: string | null;
  sourceDocumentId?: string | null;
  note?: string | null;
  movedAt?: Date;
}

async function writeMove(tx: Tx, scope: OrgScope, m: NewMove): Promise<MoveRow> {
  // Prisma: "-0" is not a value we want in the ledger.
  const value = m.value.isZero() ? ZERO : m.value;
  return tx.stockMove.create({
    data: {
      organizationId: scope.orgId,
      workspaceId: m.workspaceId,
      itemId: m.itemId,
      variantId: m.variantId,
      fromLocationId: m.fromLocationId,
      toLocationId: m.toLocationId,
      quantity: m.quantity,
      lotId: m.lotId,
      serialId: m.serialId,
      unitCost: m.unitCost,
      value,
      moveType: m.moveType,
      reversalOfMoveId: m.reversalOfMoveId ?? null,
      sourceDocumentType: m.sourceDocumentType ?? null,
      sourceDocumentId: m.sourceDocumentId ?? null,
      note: m.note ?? null,
      movedAt: m.movedAt ?? new Date(),
      createdBy: scope.userId,
    },
  });
}

function movableLocation(loc: LocationRow, field: string): void {
  if (loc.archived) throw fieldError(field, `${where(loc)} is archived`, "PRECONDITION_FAILED");
}

// ---------------------------------------------------------------------------------------------------------------
// The services

/** Stock in (receipt, production output, customer return) at unitCost: levels up, average recomputed. */
export async function receive(tx: Tx, scope: OrgScope, raw: TReceiveInput) {
  const input = ZReceiveInput.parse(raw);
  const item = await itemFor(tx, scope, input.itemId, { moving: true });
  const loc = await locationFor(tx, scope, input.locationId);
  movableLocation(loc, "locationId");
  const q = D(input.quantity);
  const unitCost = D(input.unitCost);
  const variantId = await variantFor(tx, scope, item, input.variantId, { direction: "in", locationId: loc.id });
  const serialNumber = needSerial(item, input.serialNumber, q);
  const movedAt = input.movedAt ?? new Date();
  const lot = await lotFor(tx, scope, item, input.lotNumber, { create: { expiresOn: input.expiresOn, movedAt } });
  const serialId = serialNumber ? await serialIn(tx, scope, item, serialNumber, lot?.id ?? null, loc.id) : null;
  await addToLevel(tx, scope, loc, { itemId: item.id, variantId, locationId: loc.id, lotId: lot?.id ?? null }, q);
  const value = q.times(unitCost).toDecimalPlaces(2);
  const cost = await lockCost(tx, scope, item);
  const move = await writeMove(tx, scope, {
    workspaceId: loc.workspaceId, itemId: item.id, variantId, fromLocationId: null, toLocationId: loc.id, quantity: q,
    lotId: lot?.id ?? null, serialId, unitCost, value, moveType: input.moveType ?? "receipt",
    sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt,
  });
  await applyCost(tx, scope, item, cost, q, value, unitCost, false);
  return moveOut(move);
}

/** Stock out (issue, production consumption) at the average cost of the moment. */
export async function issue(tx: Tx, scope: OrgScope, raw: TIssueInput) {
  const input = ZIssueInput.parse(raw);
  const item = await itemFor(tx, scope, input.itemId, { moving: true });
  const loc = await locationFor(tx, scope, input.locationId);
  movableLocation(loc, "locationId");
  const q = D(input.quantity);
  const variantId = await variantFor(tx, scope, item, input.variantId, { direction: "out", locationId: loc.id });
  const serialNumber = needSerial(item, input.serialNumber, q);
  const lot = await lotFor(tx, scope, item, input.lotNumber, { refuseExpired: true });
  await takeFromLevel(tx, scope, item, loc, { itemId: item.id, variantId, locationId: loc.id, lotId: lot?.id ?? null }, q, lot?.number);
  const serialId = serialNumber ? await serialOut(tx, scope, item, serialNumber, loc, null, lot?.id ?? null) : null;
  const cost = await lockCost(tx, scope, item);
  const value = outboundValue(cost, q);
  const move = await writeMove(tx, scope, {
    workspaceId: loc.workspaceId, itemId: item.id, variantId, fromLocationId: loc.id, toLocationId: null, quantity: q,
    lotId: lot?.id ?? null, serialId, unitCost: cost.average, value, moveType: input.moveType ?? "issue",
    sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt: input.movedAt,
  });
  await applyCost(tx, scope, item, cost, q.negated(), value, null, false);
  return moveOut(move);
}

/** Production consumption: an issue of type production_consume (manufacturing calls it per component). */
export async function consume(tx: Tx, scope: OrgScope, raw: Omit<TIssueInput, "moveType">) {
  return issue(tx, scope, { ...raw, moveType: "production_consume" });
}

/** Between two locations of the same workspace (value 0: the organization's stock value does not change). */
export async function transfer(tx: Tx, scope: OrgScope, raw: TTransferInput) {
  const input = ZTransferInput.parse(raw);
  if (input.fromLocationId === input.toLocationId) throw fieldError("toLocationId", "Choose a different destination");
  const item = await itemFor(tx, scope, input.itemId, { moving: true });
  const from = await locationFor(tx, scope, input.fromLocationId);
  const to = await locationFor(tx, scope, input.toLocationId);
  movableLocation(from, "fromLocationId");
  movableLocation(to, "toLocationId");
  if (from.workspaceId !== to.workspaceId)
    throw fieldError("toLocationId", "Stock moves between workspaces go through a transfer document (in transit); choose a location of the same workspace");
  const q = D(input.quantity);
  const variantId = await variantFor(tx, scope, item, input.variantId, { direction: "in", locationId: to.id });
  const serialNumber = needSerial(item, input.serialNumber, q);
  const lot = await lotFor(tx, scope, item, input.lotNumber, {});
  const lotId = lot?.id ?? null;
  const kFrom = { itemId: item.id, variantId, locationId: from.id, lotId };
  const kTo = { itemId: item.id, variantId, locationId: to.id, lotId };
  await lockLevels(tx, scope, [{ loc: from, k: kFrom }, { loc: to, k: kTo }]);
  await takeFromLevel(tx, scope, item, from, kFrom, q, lot?.number);
  await addToLevel(tx, scope, to, kTo, q);
  const serialId = serialNumber ? await serialOut(tx, scope, item, serialNumber, from, to.id, lotId) : null;
  const move = await writeMove(tx, scope, {
    workspaceId: from.workspaceId, itemId: item.id, variantId, fromLocationId: from.id, toLocationId: to.id, quantity: q,
    lotId, serialId, unitCost: await currentAverage(tx, scope, item), value: ZERO, moveType: "transfer",
    sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt: input.movedAt,
  });
  return moveOut(move);
}

/** A signed correction (adjustment or count difference): positive adds stock at unitCost (default: the average),
 *  negative removes it at the average like an issue (expired lots may be written off). */
export async function adjust(tx: Tx, scope: OrgScope, raw: TAdjustInput) {
  const input = ZAdjustInput.parse(raw);
  const item = await itemFor(tx, scope, input.itemId, { moving: true });
  const loc = await locationFor(tx, scope, input.locationId);
  movableLocation(loc, "locationId");
  const delta = D(input.quantity);
  const q = delta.abs();
  const variantId = await variantFor(tx, scope, item, input.variantId, { direction: delta.greaterThan(0) ? "in" : "out", locationId: loc.id });
  const serialNumber = needSerial(item, input.serialNumber, q);
  const movedAt = input.movedAt ?? new Date();
  const moveType = input.moveType ?? "adjustment";
  const common = { sourceDocumentType: input.sourceDocumentType, sourceDocumentId: input.sourceDocumentId, note: input.note, movedAt };
  if (delta.greaterThan(0)) {
    const lot = await lotFor(tx, scope, item, input.lotNumber, { create: { expiresOn: input.expiresOn, movedAt } });
    const serialId = serialNumber ? await serialIn(tx, scope, item, serialNumber, lot?.id ?? null, loc.id) : null;
    await addToLevel(tx, scope, loc, { itemId: item.id, variantId, locationId: loc.id, lotId: lot?.id ?? null }, q);
    const cost = await lockCost(tx, scope, item);
    const unitCost = input.unitCost ? D(input.unitCost) : cost.average;
    const value = q.times(unitCost).toDecimalPlaces(2);
    const move = await writeMove(tx, scope, {
      workspaceId: loc.workspaceId, itemId: item.id, variantId, fromLocationId: null, toLocationId: loc.id, quantity: q,
      lotId: lot?.id ?? null, serialId, unitCost, value, moveType, ...common,
    });
    await applyCost(tx, scope, item, cost, q, value, unitCost, false);
    return moveOut(move);
  }
  if (input.unitCost) throw fieldError("unitCost", "Stock taken out carries the average cost; leave the unit cost empty");
  const lot = await lotFor(tx, scope, item, input.lotNumber, {});
  await takeFromLevel(tx, scope, item, loc, { itemId: item.id, variantId, locationId: loc.id, lotId: lot?.id ?? null }, q, lot?.number);
  const serialId = serialNumber ? await serialOut(tx, scope, item, serialNumber, loc, null, lot?.id ?? null) : null;
  const cost = await lockCost(tx, scope, item);
  const value = outboundValue(cost, q);
  const move = await writeMove(tx, scope, {
    workspaceId: loc.workspaceId, itemId: item.id, variantId, fromLocationId: loc.id, toLocationId: null, quantity: q,
    lotId: lot?.id ?? null, serialId, unitCost: cost.average, value, moveType, ...common,
  });
  await applyCost(tx, scope, item, cost, q.negated(), value, null, false);
  return moveOut(move);
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
 * (record a new move instead). Taking stock back out follows the negative-stock rule like an issue.
 */
export async function reverse(tx: Tx, scope: OrgScope, raw: TReverseInput) {
  const input = ZReverseInput.parse(raw);
  const orig = await tx.stockMove.findFirst({ where: { organizationId: scope.orgId, id: input.moveId } });
  if (!orig) throw notFound("Stock move not found");
  if (orig.reversalOfMoveId) throw fieldError("moveId", "This move is a reversal and cannot be reversed; record a new move instead", "PRECONDITION_FAILED");
  const already = await tx.stockMove.findFirst({ where: { organizationId: scope.orgId, reversalOfMoveId: orig.id }, select: { id: true } });
  if (already) throw fieldError("moveId", "This move has already been reversed", "CONFLICT");
  const item = await itemFor(tx, scope, orig.itemId, { moving: false });
  const q = D(orig.quantity);
  const value = D(orig.value).negated();
  let move: MoveRow;
  try {
    // Written first: a concurrent second reversal fails here on the unique index before touching any level.
    move = await writeMove(tx, scope, {
      workspaceId: orig.workspaceId, itemId: orig.itemId, variantId: orig.variantId, fromLocationId: orig.toLocationId,
      toLocationId: orig.fromLocationId, quantity: q, lotId: orig.lotId, serialId: orig.serialId, unitCost: D(orig.unitCost),
      value, moveType: orig.moveType as MoveType, reversalOfMoveId: orig.id, sourceDocumentType: orig.sourceDocumentType,
      sourceDocumentId: orig.sourceDocumentId, note: input.note ?? null,
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("moveId", "This move has already been reversed", "CONFLICT");
    throw e;
  }
  const key = (locationId: string) => ({ itemId: orig.itemId, variantId: orig.variantId, locationId, lotId: orig.lotId });
  const lotNumber = orig.lotId ? (await tx.lot.findFirst({ where: { organizationId: scope.orgId, id: orig.lotId }, select: { lotNumber: true } }))?.lotNumber : undefined;
  const serialNumber = orig.serialId ? (await tx.serial.findFirstOrThrow({ where: { organizationId: scope.orgId, id: orig.serialId }, select: { serialNumber: true } })).serialNumber : null;
  if (orig.fromLocationId && orig.toLocationId) {
    // A transfer back: the same two rows, locked in the same order as any transfer.
    const back = await locationFor(tx, scope, orig.toLocationId);
    const home = await locationFor(tx, scope, orig.fromLocationId);
    movableLocation(home, "moveId");
    await lockLevels(tx, scope, [{ loc: back, k: key(back.id) }, { loc: home, k: key(home.id) }]);
    await takeFromLevel(tx, scope, item, back, key(back.id), q, lotNumber);
    await addToLevel(tx, scope, home, key(home.id), q);
    if (serialNumber) await serialOut(tx, scope, item, serialNumber, back, home.id, orig.lotId);
  } else if (orig.toLocationId) {
    // Inbound undone: the stock leaves again, the average is recomputed from what remains.
    const loc = await locationFor(tx, scope, orig.toLocationId);
    await takeFromLevel(tx, scope, item, loc, key(loc.id), q, lotNumber);
    if (serialNumber) await serialOut(tx, scope, item, serialNumber, loc, null, orig.lotId);
    const cost = await lockCost(tx, scope, item);
    await applyCost(tx, scope, item, cost, q.negated(), value, null, true);
  } else {
    // Outbound undone: the stock comes back at the cost it left with.
    const loc = await locationFor(tx, scope, orig.fromLocationId!);
    movableLocation(loc, "moveId");
    await addToLevel(tx, scope, loc, key(loc.id), q);
    if (serialNumber) await serialIn(tx, scope, item, serialNumber, orig.lotId, loc.id);
    const cost = await lockCost(tx, scope, item);
    await applyCost(tx, scope, item, cost, q, value, D(orig.unitCost), false);
  }
  return moveOut(move);
}
