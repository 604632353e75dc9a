// Cycle counts of serial-controlled items: a serial line's serials (inventory.stock_count_serials) — expected at the
// snapshot (in stock at the line's location, in its lot), found by the counter — and what posting does with them:
// missing serials go out (a `count` move of each, an `adjust` line), extra ones come in: known and in stock at
// another location of the count's warehouse → moved here (a `transfer` line: the record was wrong); unknown → received
// here as a new serial at the line's unit cost (an `adjust` line); known elsewhere (issued, another warehouse) →
// refused on the line until resolved. A line's moves post in one stock.postMoves call. Called by counts.service
// (snapshot, answers, setSerials, post); the stock services are used as they are.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { MAX_SERIAL_LENGTH, SERIAL_REFUSALS } from "./counts.schemas";
import type { TPostMoveLine } from "./inventory.schemas";
import * as stock from "./stock.service";

/** One serial of a count line, with the serial's state NOW (looked up by item and number). */
export interface CountSerialRow {
  id: string;
  lineId: string;
  serialNumber: string;
  expected: boolean;
  found: boolean;
  moveId: string | null;
  /** The organization's serial of that item and number (null: unknown). */
  serialId: string | null;
  status: string | null;
  locationId: string | null;
  warehouseId: string | null;
  /** "WH1/A-01" (null when the serial is not in stock, or in a warehouse the member cannot see). */
  place: string | null;
  serialLotNumber: string | null;
  /** The variant the serial is recorded as (null: none). */
  serialVariantId: string | null;
}

/** Where a found serial that was not expected stands: here already, at another location of the warehouse, unknown, or elsewhere. */
export type ExtraKind = "here" | "transfer" | "new" | "elsewhere";

/** Snapshot: every serial in stock at a serial line's location, as its variant and in its lot, becomes an expected
 *  serial of that line. */
export async function snapshotSerials(tx: Tx, scope: OrgScope, countId: string): Promise<void> {
  const user = scope.userId || null;
  await tx.$executeRaw`
    insert into inventory.stock_count_serials (organization_id, id, line_id, serial_id, serial_number, expected, created_by, updated_by)
    select s.organization_id, uuidv7(), cl.id, s.id, s.serial_number, true, ${user}::uuid, ${user}::uuid
      from inventory.stock_count_lines cl
      join inventory.items i on i.organization_id = cl.organization_id and i.id = cl.item_id
      join inventory.serials s on s.organization_id = cl.organization_id and s.item_id = cl.item_id and s.location_id = cl.location_id
                              and s.status = 'in_stock' and s.variant_id is not distinct from cl.variant_id and s.lot_id is not distinct from cl.lot_id
     where cl.organization_id = ${scope.orgId}::uuid and cl.count_id = ${countId}::uuid and i.serial_control`;
}

/** The serials of the count's lines (of `lineIds` only when given: a page's serial lines), in line and serial number order. */
export async function serialRows(tx: Tx, scope: OrgScope, countId: string, lineIds?: string[]): Promise<CountSerialRow[]> {
  if (lineIds && !lineIds.length) return [];
  return tx.$queryRaw<CountSerialRow[]>`
    select cs.id::text as id, cs.line_id::text as "lineId", cs.serial_number as "serialNumber", cs.expected, cs.found, cs.move_id::text as "moveId",
           s.id::text as "serialId", s.status::text as status, s.location_id::text as "locationId", l.warehouse_id::text as "warehouseId",
           case when s.status = 'in_stock' and w.code is not null
                then w.code || '/' || l.code || case when s.variant_id is distinct from cl.variant_id then ' as ' || coalesce(sv.sku, 'no variant') else '' end
           end as place,
           slo.lot_number as "serialLotNumber", s.variant_id::text as "serialVariantId"
      from inventory.stock_count_serials cs
      join inventory.stock_count_lines cl on cl.organization_id = cs.organization_id and cl.id = cs.line_id
      left join inventory.serials s on s.organization_id = cs.organization_id and s.item_id = cl.item_id and s.serial_number = cs.serial_number
      left join inventory.lots slo on slo.organization_id = s.organization_id and slo.id = s.lot_id
      left join inventory.variants sv on sv.organization_id = s.organization_id and sv.id = s.variant_id
      left join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
      left join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
     where cs.organization_id = ${scope.orgId}::uuid and cl.count_id = ${countId}::uuid
       ${lineIds ? Prisma.sql`and cs.line_id = any(${lineIds}::uuid[])` : Prisma.empty}
     order by cl.line_no, cs.serial_number`;
}

/** A found serial the line did not expect: recorded here as the line's variant, at another location of the warehouse as
 *  that variant (moved here), unknown (received), or anything else — issued, another warehouse, another variant
 *  (refused: a count does not turn one variant's serial into another's). */
function extraKind(r: CountSerialRow, line: { locationId: string; variantId: string | null }, warehouseId: string): ExtraKind {
  if (!r.serialId) return "new";
  const inStockAsLine = r.status === "in_stock" && r.serialVariantId === line.variantId;
  if (inStockAsLine && r.locationId === line.locationId) return "here";
  if (inStockAsLine && r.warehouseId === warehouseId) return "transfer";
  return "elsewhere";
}

/**
 * Serial numbers found on some line of the count, per item ("itemId serialNumber" → the line that found it, the
 * last by line number), of `itemIds` only when given: a page's serial lines need to know a serial found on ANY line
 * of the count (relocated, not missing), not only on the page's lines.
 */
export async function foundKeys(tx: Tx, scope: OrgScope, countId: string, itemIds?: string[]): Promise<Map<string, string>> {
  if (itemIds && !itemIds.length) return new Map();
  const rows = await tx.$queryRaw<{ key: string; lineId: string }[]>`
    select cl.item_id::text || ' ' || cs.serial_number as key, cl.id::text as "lineId"
      from inventory.stock_count_serials cs
      join inventory.stock_count_lines cl on cl.organization_id = cs.organization_id and cl.id = cs.line_id
     where cs.organization_id = ${scope.orgId}::uuid and cl.count_id = ${countId}::uuid and cs.found
       ${itemIds ? Prisma.sql`and cl.item_id = any(${itemIds}::uuid[])` : Prisma.empty}
     order by cl.line_no, cs.serial_number`;
  return new Map(rows.map((r) => [r.key, r.lineId]));
}

export interface SerialLineView {
  /** The serial numbers found (always shown). */
  found: string[];
  /** Hidden (null) while a blind count is counting. */
  expected: string[] | null;
  /** Expected, not found anywhere in this count: posting issues them (when still in stock here). */
  missing: string[] | null;
  /** Expected here but found on another line of this count: that line moves them. */
  relocated: string[] | null;
  /** Found, not expected: here already, at another location of the warehouse (moved here), unknown (received), elsewhere (refused). */
  extra: { serialNumber: string; kind: ExtraKind; place: string | null; moveId: string | null }[] | null;
  /** The moves posting wrote for this line's serials. */
  moves: { serialNumber: string; moveId: string }[];
}

export function serialLineView(
  visible: boolean,
  line: { id: string; itemId: string; variantId: string | null; locationId: string },
  rows: CountSerialRow[],
  found: Map<string, string>,
  warehouseId: string,
): SerialLineView {
  const mine = rows.filter((r) => r.lineId === line.id);
  const elsewhereInCount = (r: CountSerialRow) => {
    const at = found.get(`${line.itemId} ${r.serialNumber}`);
    return !!at && at !== line.id;
  };
  const notFound = mine.filter((r) => r.expected && !r.found);
  return {
    found: mine.filter((r) => r.found).map((r) => r.serialNumber),
    expected: visible ? mine.filter((r) => r.expected).map((r) => r.serialNumber) : null,
    missing: visible ? notFound.filter((r) => !elsewhereInCount(r)).map((r) => r.serialNumber) : null,
    relocated: visible ? notFound.filter(elsewhereInCount).map((r) => r.serialNumber) : null,
    extra: visible
      ? mine.filter((r) => r.found && !r.expected).map((r) => ({ serialNumber: r.serialNumber, kind: extraKind(r, line, warehouseId), place: r.place, moveId: r.moveId }))
      : null,
    moves: mine.filter((r) => r.moveId).map((r) => ({ serialNumber: r.serialNumber, moveId: r.moveId! })),
  };
}

/** The entered list: trimmed, blank entries dropped, repeats once; an entry too long is refused on serials.<i>. */
export function cleanSerials(list: string[]): string[] {
  const errors: Record<string, string[]> = {};
  const out: string[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const v = raw.trim();
    if (!v) return;
    if (v.length > MAX_SERIAL_LENGTH) errors[`serials.${i}`] = [SERIAL_REFUSALS.tooLong];
    else if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  });
  const first = Object.entries(errors)[0];
  if (first) throw new AppError("BAD_REQUEST", `Serial ${Number(first[0].split(".")[1]) + 1}: ${first[1][0]}`, errors);
  return out;
}

/** Replaces a line's found serials with `list` (null: none entered). Answers the number found (null when cleared). */
export async function writeFound(tx: Tx, scope: OrgScope, line: { id: string; itemId: string }, list: string[] | null): Promise<number | null> {
  const user = scope.userId || null;
  const keep = list ?? [];
  await tx.$executeRaw`
    delete from inventory.stock_count_serials
     where organization_id = ${scope.orgId}::uuid and line_id = ${line.id}::uuid and not expected and serial_number <> all(${keep}::text[])`;
  await tx.$executeRaw`
    update inventory.stock_count_serials set found = false, found_at = null, found_by = null, updated_by = ${user}::uuid, updated_at = now()
     where organization_id = ${scope.orgId}::uuid and line_id = ${line.id}::uuid and found and serial_number <> all(${keep}::text[])`;
  if (keep.length)
    await tx.$executeRaw`
      insert into inventory.stock_count_serials as cs (organization_id, id, line_id, serial_id, serial_number, expected, found, found_at, found_by, created_by, updated_by)
      select ${scope.orgId}::uuid, uuidv7(), ${line.id}::uuid,
             (select s.id from inventory.serials s where s.organization_id = ${scope.orgId}::uuid and s.item_id = ${line.itemId}::uuid and s.serial_number = n.v),
             n.v, false, true, now(), ${user}::uuid, ${user}::uuid, ${user}::uuid
        from unnest(${keep}::text[]) as n(v)
      on conflict (organization_id, line_id, serial_number) do update
        set found = true, found_at = coalesce(cs.found_at, now()), found_by = coalesce(cs.found_by, excluded.found_by),
            updated_by = excluded.updated_by, updated_at = now()`;
  return list === null ? null : keep.length;
}

type PostLine = { id: string; lineNo: number; itemId: string; variantId: string | null; locationId: string; lotNumber: string | null; unitCost: Prisma.Decimal };

/** The field error of a serial line (lines.<n-1>.serials), "Line n: …". */
function serialLineError(lineNo: number, message: string, code: AppError["code"] = "BAD_REQUEST"): AppError {
  const text = `Line ${lineNo}: ${message}`;
  return new AppError(code, text, { [`lines.${lineNo - 1}.serials`]: [text] });
}

/** Before any move: extra serials known elsewhere (issued, another warehouse) refuse the post, on every such line. */
export function refusals(lines: (PostLine & { sku: string })[], rows: CountSerialRow[], warehouseId: string): AppError | null {
  const errors: Record<string, string[]> = {};
  let first: string | null = null;
  for (const l of lines) {
    const bad = rows.filter((r) => r.lineId === l.id && r.found && !r.expected && extraKind(r, l, warehouseId) === "elsewhere");
    if (!bad.length) continue;
    const what = bad.map((r) => `${r.serialNumber} (${r.place ? `in stock at ${r.place}` : r.status === "in_stock" ? "in stock in another warehouse" : r.status ?? "unknown"})`).join(", ");
    const text = `Line ${l.lineNo}: serial ${what} of ${l.sku} ${bad.length > 1 ? "are" : "is"} recorded elsewhere: move or return ${bad.length > 1 ? "them" : "it"} first, or remove ${bad.length > 1 ? "them" : "it"} from the count`;
    errors[`lines.${l.lineNo - 1}.serials`] = [text];
    first ??= text;
  }
  return first ? new AppError("BAD_REQUEST", first, errors) : null;
}

/**
 * Posts one counted serial line: each missing serial still in stock here goes out (an `adjust` −1 with the serial,
 * move type `count`), each extra one comes in (a `transfer` from its location in this warehouse, or an `adjust` +1 at
 * the line's unit cost for an unknown number) — all of the line's moves in ONE stock.postMoves call (missing first,
 * then extra, in serial number order), and every serial row linked to its move in ONE update: constant statements
 * per line, whatever its number of serials. Answers the signed quantity it moved at the line's level.
 */
export async function postSerialLine(
  tx: Tx,
  scope: OrgScope,
  c: { id: string; number: string; warehouseId: string },
  l: PostLine,
  rows: CountSerialRow[],
  found: Map<string, string>,
): Promise<number> {
  const source = { sourceDocumentType: "inventory.stock_count", sourceDocumentId: c.id, note: c.number };
  const level = { itemId: l.itemId, variantId: l.variantId, lotNumber: l.lotNumber ?? undefined };
  const view = serialLineView(true, l, rows, found, c.warehouseId);
  const mine = new Map(rows.filter((r) => r.lineId === l.id).map((r) => [r.serialNumber, r]));
  const moves: { row: CountSerialRow; delta: 1 | -1; line: TPostMoveLine }[] = [];
  for (const n of view.missing ?? []) {
    const r = mine.get(n)!;
    if (r.status !== "in_stock" || r.locationId !== l.locationId || r.serialVariantId !== l.variantId) continue; // gone since the snapshot
    moves.push({ row: r, delta: -1, line: { kind: "adjust", ...level, locationId: l.locationId, quantity: "-1", serialNumber: n, moveType: "count", ...source } });
  }
  for (const x of view.extra ?? []) {
    const r = mine.get(x.serialNumber)!;
    if (x.kind === "new")
      moves.push({ row: r, delta: 1, line: { kind: "adjust", ...level, locationId: l.locationId, quantity: "1", unitCost: l.unitCost.toFixed(6),
        serialNumber: x.serialNumber, moveType: "count", ...source } });
    else if (x.kind === "transfer")
      moves.push({ row: r, delta: 1, line: { kind: "transfer", ...level, fromLocationId: r.locationId!, toLocationId: l.locationId, quantity: "1",
        lotNumber: r.serialLotNumber ?? undefined, serialNumber: x.serialNumber, ...source } });
    else if (x.kind === "elsewhere") throw serialLineError(l.lineNo, `Serial ${x.serialNumber} is recorded elsewhere: resolve it first`);
  }
  if (!moves.length) return 0;
  const posted = await stock.postMoves(tx, scope, moves.map((m) => m.line)).catch((e: unknown) => {
    if (!(e instanceof AppError)) throw e;
    throw serialLineError(l.lineNo, Object.values(e.fieldErrors ?? {}).flat()[0] ?? e.message, e.code);
  });
  const marked = await tx.$executeRaw`
    update inventory.stock_count_serials cs
       set move_id = u.move_id, serial_id = coalesce(cs.serial_id, u.serial_id), updated_by = ${scope.userId || null}::uuid, updated_at = now()
      from unnest(${moves.map((m) => m.row.id)}::uuid[], ${posted.map((m) => m.id)}::uuid[], ${posted.map((m) => m.serialId)}::uuid[]) as u(id, move_id, serial_id)
     where cs.organization_id = ${scope.orgId}::uuid and cs.id = u.id`;
  if (marked !== moves.length) throw new Error(`linked ${marked} of ${moves.length} count serials to their moves`);
  return moves.reduce((sum, m) => sum + m.delta, 0);
}
