// The item page's extras: substitutes (another item standing in, with a kind and a conversion factor), where the item
// is used (bills of materials — none before manufacturing — and the stock documents that reference it), and the
// item's history (audit events of the item and of its variants, barcodes, conversions and substitutes).
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { TAddSubstituteInput, TUpdateSubstituteInput } from "./item-extras.schemas";
import { itemOr404 } from "./items.service";
import { fieldError, qtyText } from "./stock.service";

const archivedItem = () => new AppError("PRECONDITION_FAILED", "This item is archived; restore it to edit it.");
const staleSubstitute = () => new AppError("CONFLICT", "This substitute was changed by someone else. Reload it and try again.");

// ---------------------------------------------------------------------------------------------------------------
// Substitutes

export interface SubstituteRow {
  id: string;
  substituteItemId: string;
  sku: string;
  name: string;
  archived: boolean;
  kind: "preferred" | "acceptable" | "emergency";
  conversionFactor: string;
  notes: string | null;
  version: number;
  /** Σ on hand / available of the substitute over the levels the member sees (every variant, location and lot). */
  onHand: string;
  available: string;
}

/** The item's substitutes, preferred first, with the substitutes' stock. */
export async function listSubstitutes(tx: Tx, scope: OrgScope, input: { itemId: string }): Promise<{ rows: SubstituteRow[] }> {
  const item = await itemOr404(tx, scope, input.itemId);
  const rows = await tx.$queryRaw<(Omit<SubstituteRow, "conversionFactor" | "onHand" | "available"> & { conversionFactor: Prisma.Decimal; onHand: Prisma.Decimal; available: Prisma.Decimal })[]>`
    select s.id::text as id, s.substitute_item_id::text as "substituteItemId", i.sku, i.name, i.archived_at is not null as archived,
           s.kind::text as kind, s.conversion_factor as "conversionFactor", s.notes, s.version,
           coalesce((select sum(l.on_hand_qty) from inventory.stock_levels l where l.organization_id = s.organization_id and l.item_id = s.substitute_item_id), 0) as "onHand",
           coalesce((select sum(l.available_qty) from inventory.stock_levels l where l.organization_id = s.organization_id and l.item_id = s.substitute_item_id), 0) as available
      from inventory.item_substitutes s
      join inventory.items i on i.organization_id = s.organization_id and i.id = s.substitute_item_id
     where s.organization_id = ${scope.orgId}::uuid and s.item_id = ${item.id}::uuid
     order by case s.kind when 'preferred' then 1 when 'acceptable' then 2 else 3 end, i.sku`;
  return {
    rows: rows.map((r) => ({ ...r, conversionFactor: new Prisma.Decimal(r.conversionFactor).toFixed(6), onHand: qtyText(r.onHand), available: qtyText(r.available) })),
  };
}

async function substituteOr404(tx: Tx, scope: OrgScope, id: string) {
  const s = await tx.itemSubstitute.findFirst({ where: { organizationId: scope.orgId, id }, include: { item: { select: { archivedAt: true } } } });
  if (!s) throw notFound("Substitute not found");
  return s;
}

/** Adds a substitute: another item of the organization, never the item itself, once per pair. */
export async function addSubstitute(tx: Tx, scope: OrgScope, input: TAddSubstituteInput) {
  const item = await itemOr404(tx, scope, input.itemId);
  if (item.archivedAt) throw archivedItem();
  if (input.substituteItemId === item.id) throw fieldError("substituteItemId", "An item cannot be its own substitute");
  const sub = await tx.item.findFirst({ where: { organizationId: scope.orgId, id: input.substituteItemId }, select: { id: true, sku: true, archivedAt: true } });
  if (!sub) throw fieldError("substituteItemId", "Choose the substitute item");
  if (sub.archivedAt) throw fieldError("substituteItemId", `${sub.sku} is archived; restore it first`);
  const existing = await tx.itemSubstitute.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, substituteItemId: sub.id }, select: { id: true } });
  if (existing) throw fieldError("substituteItemId", `${sub.sku} is already a substitute of ${item.sku}`, "CONFLICT");
  try {
    const row = await tx.itemSubstitute.create({
      data: {
        organizationId: scope.orgId, itemId: item.id, substituteItemId: sub.id, kind: input.kind, conversionFactor: input.conversionFactor,
        notes: input.notes ?? null, createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
    return (await listSubstitutes(tx, scope, { itemId: item.id })).rows.find((r) => r.id === row.id)!;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw fieldError("substituteItemId", `${sub.sku} is already a substitute of ${item.sku}`, "CONFLICT");
    throw e;
  }
}

/** Changes the kind, conversion factor or notes (`version` the one read). */
export async function updateSubstitute(tx: Tx, scope: OrgScope, input: TUpdateSubstituteInput) {
  const current = await substituteOr404(tx, scope, input.id);
  if (current.item.archivedAt) throw archivedItem();
  if (current.version !== input.version) throw staleSubstitute();
  const data: Prisma.ItemSubstituteUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.kind !== undefined) data.kind = input.kind;
  if (input.conversionFactor !== undefined) data.conversionFactor = input.conversionFactor;
  if (input.notes !== undefined) data.notes = input.notes;
  const { count } = await tx.itemSubstitute.updateMany({ where: { organizationId: scope.orgId, id: current.id, version: input.version }, data });
  if (count !== 1) throw staleSubstitute();
  return (await listSubstitutes(tx, scope, { itemId: current.itemId })).rows.find((r) => r.id === current.id)!;
}

export async function removeSubstitute(tx: Tx, scope: OrgScope, input: { id: string }) {
  const current = await substituteOr404(tx, scope, input.id);
  if (current.item.archivedAt) throw archivedItem();
  await tx.itemSubstitute.delete({ where: { organizationId_id: { organizationId: scope.orgId, id: current.id } } });
  return { id: current.id };
}

// ---------------------------------------------------------------------------------------------------------------
// Where used

export interface UsedInDocument {
  /** `inventory.stock_adjustment`, `inventory.stock_transfer`, or another module's source document type. */
  documentType: string;
  documentId: string;
  /** The document's number when this module knows the type (adjustments, transfers). */
  number: string | null;
  status: string | null;
  /** Lines of the document with the item (adjustments, transfers), or its moves of the item. */
  lines: number;
  moves: number;
  lastAt: Date;
}

/**
 * Where the item is used: bills of materials (none before manufacturing) and the documents that reference it — the
 * stock adjustments and transfers with a line of the item (drafts too), and every other source document of its
 * moves, grouped by document. Documents of workspaces the member cannot see are left out (RLS on the headers and moves).
 */
export async function whereUsed(tx: Tx, scope: OrgScope, input: { itemId: string }) {
  const item = await itemOr404(tx, scope, input.itemId);
  const org = scope.orgId;
  const rows = await tx.$queryRaw<(Omit<UsedInDocument, "lines" | "moves"> & { lines: bigint; moves: bigint })[]>`
    with docs as (
      select 'inventory.stock_adjustment' as "documentType", a.id as "documentId", a.number, a.status::text as status, count(*) as lines, a.updated_at as at
        from inventory.stock_adjustment_lines x
        join inventory.stock_adjustments a on a.organization_id = x.organization_id and a.id = x.adjustment_id
       where x.organization_id = ${org}::uuid and x.item_id = ${item.id}::uuid
       group by a.id, a.number, a.status, a.updated_at
      union all
      select 'inventory.stock_transfer', t.id, t.number, t.status::text, count(*), t.updated_at
        from inventory.stock_transfer_lines x
        join inventory.stock_transfers t on t.organization_id = x.organization_id and t.id = x.transfer_id
       where x.organization_id = ${org}::uuid and x.item_id = ${item.id}::uuid
       group by t.id, t.number, t.status, t.updated_at),
    moves as (
      select m.source_document_type as "documentType", m.source_document_id as "documentId", count(*) as moves, max(m.moved_at) as at
        from inventory.stock_moves m
       where m.organization_id = ${org}::uuid and m.item_id = ${item.id}::uuid and m.source_document_id is not null
       group by m.source_document_type, m.source_document_id)
    select coalesce(d."documentType", m."documentType") as "documentType", coalesce(d."documentId", m."documentId")::text as "documentId",
           d.number, d.status, coalesce(d.lines, 0) as lines, coalesce(m.moves, 0) as moves, greatest(d.at, m.at) as "lastAt"
      from docs d full join moves m on m."documentType" = d."documentType" and m."documentId" = d."documentId"
      -- A moved document of a type this module knows but cannot read (another workspace) stays hidden.
     where d."documentId" is not null or m."documentType" not in ('inventory.stock_adjustment', 'inventory.stock_transfer')
     order by 7 desc, 2 desc
     limit 200`;
  return {
    billsOfMaterials: [] as { id: string; number: string }[],
    documents: rows.map((r) => ({ ...r, lines: Number(r.lines), moves: Number(r.moves) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// History

export interface ItemHistoryEvent {
  id: string;
  createdAt: Date;
  actor: { id: string; name: string | null } | null;
  table: string | null;
  recordId: string | null;
  operation: "INSERT" | "UPDATE" | "DELETE" | null;
  action: string;
  changes: Record<string, { old?: unknown; new?: unknown; redacted?: true }> | null;
  data: Record<string, unknown> | null;
  /** What the event is about, for a child row: the variant's SKU, the barcode, the substitute's SKU (null otherwise). */
  subject: string | null;
}

const CHILD_TABLES = ["inventory.variants", "inventory.item_barcodes", "inventory.item_units", "inventory.item_substitutes"];

/**
 * The audit events of the item row, of its variants, barcodes, conversions and substitutes (the current ones by
 * record id; removed ones by the item id their row image carried), and business events about the item; newest first.
 */
export async function itemHistory(tx: Tx, scope: OrgScope, input: { itemId: string; limit?: number }): Promise<{ events: ItemHistoryEvent[] }> {
  const item = await itemOr404(tx, scope, input.itemId);
  const org = scope.orgId;
  const [variants, barcodes, units, subs] = await Promise.all([
    tx.variant.findMany({ where: { organizationId: org, itemId: item.id }, select: { id: true, sku: true } }),
    tx.itemBarcode.findMany({ where: { organizationId: org, itemId: item.id }, select: { id: true, barcode: true } }),
    tx.itemUnit.findMany({ where: { organizationId: org, itemId: item.id }, select: { id: true } }),
    tx.itemSubstitute.findMany({ where: { organizationId: org, itemId: item.id }, select: { id: true, substitute: { select: { sku: true } } } }),
  ]);
  const childIds = [...variants, ...barcodes, ...units, ...subs].map((r) => r.id);
  const rows = await tx.$queryRaw<(Omit<ItemHistoryEvent, "actor"> & { actorId: string | null; actorName: string | null })[]>`
    select e.id::text as id, e.created_at as "createdAt", e.actor_id::text as "actorId", u.name as "actorName", e.table_name as table, e.record_id as "recordId",
           e.operation, e.action, e.changes, e.data
      from audit.events e left join auth.users u on u.id = e.actor_id
     where e.organization_id = ${org}::uuid
       and ((e.table_name = 'inventory.items' and e.record_id = ${item.id})
         or (e.table_name = any(${CHILD_TABLES}::text[]) and e.record_id = any(${childIds}::text[]))
         or (e.table_name = any(${CHILD_TABLES}::text[]) and e.operation in ('INSERT', 'DELETE')
             and coalesce(e.changes -> 'item_id' ->> 'old', e.changes -> 'item_id' ->> 'new') = ${item.id})
         or (e.table_name is null and e.record_id = ${item.id}))
     order by e.created_at desc, e.id desc
     limit ${input.limit ?? 300}`;
  const subjects = new Map<string, string>([
    ...variants.map((v) => [v.id, v.sku] as const),
    ...barcodes.map((b) => [b.id, b.barcode] as const),
    ...subs.map((x) => [x.id, x.substitute.sku] as const),
  ]);
  const imageText = (changes: ItemHistoryEvent["changes"], key: string) => {
    const v = changes?.[key];
    return typeof v?.new === "string" ? v.new : typeof v?.old === "string" ? v.old : null;
  };
  return {
    events: rows.map(({ actorId, actorName, ...r }) => ({
      ...r,
      actor: actorId ? { id: actorId, name: actorName } : null,
      subject: r.table === "inventory.items" ? null : ((r.recordId && subjects.get(r.recordId)) ?? imageText(r.changes, "sku") ?? imageText(r.changes, "barcode")),
    })),
  };
}
