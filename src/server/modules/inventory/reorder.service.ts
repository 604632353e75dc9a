// Reorder rules (min / max / reorder point / reorder quantity per item × warehouse, optionally per variant) and the
// reorder suggestions computed from them. A rule belongs to its warehouse's workspace (restrictive RLS policy
// visible_workspace + the member's workspaces here): a member sees and edits the rules of the warehouses they see;
// anything else is NOT_FOUND, like another organization's id.
//
// Per rule, over the warehouse's locations:
//   available = Σ (on hand − reserved) of the stock levels (every variant when the rule has none);
//   incoming  = Σ quantity of the lines of DRAFT transfers into the warehouse from another warehouse (purchase
//               orders add to it once purchasing exists);
//   status    = out_of_stock (available ≤ 0) | low (available < min) | reorder (available ≤ reorder point) | in_stock —
//               from AVAILABLE stock, never on hand (a reservation can flip it);
//   suggested = when available + incoming ≤ reorder point: max(reorder qty, max − (available + incoming)) (max unset:
//               the reorder quantity), else 0.
import { Prisma } from "@/generated/prisma/client";
import type { ListOutput } from "@/lib/list";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { and, badRequest, cappedCount, readCursor, sql, wantsTotal, type Sql, enumIds } from "@/server/kernel/list-query";
import { encodeCursor } from "@/lib/list";
import type { OrgScope } from "@/server/kernel/scope";
import {
  REORDER_STATUSES,
  ZDeleteReorderRuleInput,
  ZUpsertReorderRuleInput,
  type ReorderStatus,
  type TListReorderRulesInput,
  type TReorderSuggestionsInput,
} from "./reorder.schemas";
import { fieldError, qtyText } from "./stock.service";
import { subtreeIds } from "./subtree.sql";
import { visible } from "./visibility";
import { warehouseOr404 } from "./warehouses.service";
import type { z } from "zod";


export interface ReorderRow {
  /** The rule's id. */
  id: string;
  version: number;
  itemId: string;
  sku: string;
  itemName: string;
  variantId: string | null;
  variantSku: string | null;
  categoryId: string | null;
  categoryName: string | null;
  warehouseId: string;
  warehouseCode: string;
  minQty: string | null;
  maxQty: string | null;
  reorderPoint: string;
  reorderQty: string;
  onHand: string;
  reserved: string;
  available: string;
  incoming: string;
  /** available + incoming. */
  position: string;
  status: ReorderStatus;
  suggestedQty: string;
}

type Raw = Omit<ReorderRow, "minQty" | "maxQty" | "reorderPoint" | "reorderQty" | "onHand" | "reserved" | "available" | "incoming" | "position" | "suggestedQty" | "status"> & {
  minQty: Prisma.Decimal | null;
  maxQty: Prisma.Decimal | null;
  reorderPoint: Prisma.Decimal;
  reorderQty: Prisma.Decimal;
  onHand: Prisma.Decimal;
  reserved: Prisma.Decimal;
  available: Prisma.Decimal;
  incoming: Prisma.Decimal;
  position: Prisma.Decimal;
  suggestedQty: Prisma.Decimal;
  statusKey: number;
};

/** The categories chosen and every category beneath them (the tree is small: one recursive scan of it). */
function categorySql(orgId: string, chosen: string[]): Sql {
  if (!chosen.length) return sql`false`;
  return sql`i.category_id in ${subtreeIds("categories", orgId, chosen)}`;
}

/**
 * Every visible rule with its computed figures, as a subquery `x` (columns as in ReorderRow, plus "statusKey" and
 * the keyset columns sku / id). Per rule: one index range of the item's levels (joined to the warehouse's
 * locations) and one of its transfer lines — never the ledger.
 */
function computed(scope: OrgScope, where: Sql): Sql {
  return sql`(
    select y.*,
           case when y.available <= 0 then 1
                when y."minQty" is not null and y.available < y."minQty" then 2
                when y.available <= y."reorderPoint" then 3 else 4 end as "statusKey",
           case when y.position <= y."reorderPoint"
                then greatest(y."reorderQty", coalesce(y."maxQty" - y.position, 0)) else 0 end as "suggestedQty"
      from (
        select r.id::text as id, r.version, i.id::text as "itemId", i.sku, i.name as "itemName",
               r.variant_id::text as "variantId", v.sku as "variantSku", i.category_id::text as "categoryId", cat.name as "categoryName",
               w.id::text as "warehouseId", w.code as "warehouseCode",
               r.min_qty as "minQty", r.max_qty as "maxQty", r.reorder_point_qty as "reorderPoint", r.reorder_qty as "reorderQty",
               lv.on_hand as "onHand", lv.reserved, lv.on_hand - lv.reserved as available, inc.qty as incoming,
               lv.on_hand - lv.reserved + inc.qty as position
          from inventory.reorder_rules r
          join inventory.items i on i.organization_id = r.organization_id and i.id = r.item_id
          join inventory.warehouses w on w.organization_id = r.organization_id and w.id = r.warehouse_id
          left join inventory.variants v on v.organization_id = r.organization_id and v.item_id = r.item_id and v.id = r.variant_id
          left join inventory.categories cat on cat.organization_id = i.organization_id and cat.id = i.category_id
          cross join lateral (
            select coalesce(sum(s.on_hand_qty), 0) as on_hand, coalesce(sum(s.reserved_qty), 0) as reserved
              from inventory.stock_levels s
              join inventory.locations l on l.organization_id = s.organization_id and l.id = s.location_id
             where s.organization_id = r.organization_id and s.item_id = r.item_id and l.warehouse_id = r.warehouse_id
               and (r.variant_id is null or s.variant_id = r.variant_id)) lv
          cross join lateral (
            select coalesce(sum(tl.quantity), 0) as qty
              from inventory.stock_transfer_lines tl
              join inventory.stock_transfers t on t.organization_id = tl.organization_id and t.id = tl.transfer_id
             where tl.organization_id = r.organization_id and tl.item_id = r.item_id
               and (r.variant_id is null or tl.variant_id = r.variant_id)
               and t.to_warehouse_id = r.warehouse_id and t.from_warehouse_id <> r.warehouse_id and t.status = 'draft') inc
         where r.organization_id = ${scope.orgId}::uuid and r.workspace_id = any(${scope.workspaceIds}::uuid[]) and ${where}) y
  ) x`;
}

function rowOut(r: Raw): ReorderRow {
  const { statusKey, ...rest } = r;
  const opt = (v: Prisma.Decimal | null) => (v === null ? null : qtyText(v));
  return {
    ...rest,
    minQty: opt(r.minQty),
    maxQty: opt(r.maxQty),
    reorderPoint: qtyText(r.reorderPoint),
    reorderQty: qtyText(r.reorderQty),
    onHand: qtyText(r.onHand),
    reserved: qtyText(r.reserved),
    available: qtyText(r.available),
    incoming: qtyText(r.incoming),
    position: qtyText(r.position),
    suggestedQty: qtyText(r.suggestedQty),
    status: REORDER_STATUSES[statusKey - 1] ?? "in_stock",
  };
}

async function page(
  tx: Tx,
  scope: OrgScope,
  input: TListReorderRulesInput | TReorderSuggestionsInput,
  filters: Record<string, { type: string; values?: string[] } | undefined>,
  opts: { count?: boolean } = {},
): Promise<ListOutput<ReorderRow>> {
  if (input.page !== undefined) throw badRequest("page", "This list pages by cursor.");
  const inner: Sql[] = [sql`true`];
  const item = enumIds(filters.item);
  const warehouse = enumIds(filters.warehouse);
  const category = enumIds(filters.category);
  if (item) inner.push(item.length ? sql`r.item_id = any(${item}::uuid[])` : sql`false`);
  if (warehouse) inner.push(warehouse.length ? sql`r.warehouse_id = any(${warehouse}::uuid[])` : sql`false`);
  if (category) inner.push(categorySql(scope.orgId, category));
  const q = input.q?.trim();
  if (q) inner.push(sql`i.sku >= ${q} and i.sku < ${q + "\uffff"}`);
  const outer: Sql[] = [sql`true`];
  const status = filters.status && filters.status.type === "enum" ? (filters.status.values ?? []) : null;
  if (status) {
    const keys = status.map((s) => REORDER_STATUSES.indexOf(s as ReorderStatus) + 1).filter((k) => k > 0);
    outer.push(keys.length ? sql`x."statusKey" = any(${keys}::int[])` : sql`false`);
  }
  const desc = input.sort?.desc ?? false;
  let keyset: Sql = sql`true`;
  if (input.cursor) {
    const c = readCursor(input.cursor);
    if (typeof c.sortValue !== "string") throw badRequest("cursor", "This cursor is not valid; start from the first page.");
    keyset = desc ? sql`(x.sku, x.id::uuid) < (${c.sortValue}, ${c.id}::uuid)` : sql`(x.sku, x.id::uuid) > (${c.sortValue}, ${c.id}::uuid)`;
  }
  const dir = desc ? sql`desc` : sql`asc`;
  const from = sql`from ${computed(scope, and(inner))} where ${and(outer)}`;
  const rows = await tx.$queryRaw<Raw[]>`select x.* ${from} and ${keyset} order by x.sku ${dir}, x.id::uuid ${dir} limit ${input.perPage + 1}`;
  const more = rows.length > input.perPage;
  const out: ListOutput<ReorderRow> = { rows: rows.slice(0, input.perPage).map(rowOut) };
  const last = out.rows.at(-1);
  if (more && last) out.nextCursor = encodeCursor(last.sku, last.id);
  if (!input.cursor && opts.count !== false && wantsTotal(input)) Object.assign(out, await cappedCount(tx, from));
  return out;
}

/** The rules the member sees, by item SKU (keyset); filters item, warehouse, category (with its subcategories); q = SKU prefix. */
export function listRules(tx: Tx, scope: OrgScope, input: TListReorderRulesInput, opts: { count?: boolean } = {}) {
  return page(tx, scope, input, input.filters ?? {}, opts);
}

/** Every rule with available, incoming, status and suggested quantity; filters status, warehouse, category, item. */
export function suggestions(tx: Tx, scope: OrgScope, input: TReorderSuggestionsInput, opts: { count?: boolean } = {}) {
  return page(tx, scope, input, input.filters ?? {}, opts);
}

/** Rules per status (the dashboard's stock alerts), over the rules the member sees. */
export async function statusCounts(tx: Tx, scope: OrgScope): Promise<Record<ReorderStatus, number>> {
  const rows = await tx.$queryRaw<{ statusKey: number; n: bigint }[]>`
    select x."statusKey", count(*) as n from ${computed(scope, sql`true`)} group by x."statusKey"`;
  const out = Object.fromEntries(REORDER_STATUSES.map((s) => [s, 0])) as Record<ReorderStatus, number>;
  for (const r of rows) {
    const s = REORDER_STATUSES[r.statusKey - 1];
    if (s) out[s] = Number(r.n);
  }
  return out;
}

async function ruleOr404(tx: Tx, scope: OrgScope, id: string) {
  const r = await tx.reorderRule.findFirst({ where: { ...visible(scope), id } });
  if (!r) throw notFound("Reorder rule not found");
  return r;
}

async function oneRow(tx: Tx, scope: OrgScope, id: string): Promise<ReorderRow> {
  const rows = await tx.$queryRaw<Raw[]>`select x.* from ${computed(scope, sql`r.id = ${id}::uuid`)}`;
  if (!rows[0]) throw notFound("Reorder rule not found");
  return rowOut(rows[0]);
}

/** Creates a rule (no id) or updates one (id + version). One rule per item × warehouse × variant (CONFLICT on itemId). */
export async function upsertRule(tx: Tx, scope: OrgScope, raw: z.input<typeof ZUpsertReorderRuleInput>): Promise<ReorderRow> {
  const input = ZUpsertReorderRuleInput.parse(raw);
  const existing = input.id ? await ruleOr404(tx, scope, input.id) : null;
  if (existing && input.version !== undefined && existing.version !== input.version)
    throw new AppError("CONFLICT", "This reorder rule was changed by someone else; reload it and try again.");
  const warehouse = await warehouseOr404(tx, scope, input.warehouseId);
  const item = await tx.item.findFirst({ where: { organizationId: scope.orgId, id: input.itemId }, select: { id: true, sku: true, trackInventory: true, archivedAt: true } });
  if (!item) throw notFound("Item not found");
  if (!item.trackInventory) throw fieldError("itemId", `${item.sku} does not track inventory`);
  if (input.variantId && !(await tx.variant.findFirst({ where: { organizationId: scope.orgId, itemId: item.id, id: input.variantId }, select: { id: true } })))
    throw notFound("Variant not found");
  const clash = await tx.reorderRule.findFirst({
    where: { organizationId: scope.orgId, itemId: item.id, warehouseId: warehouse.id, variantId: input.variantId, ...(existing ? { id: { not: existing.id } } : {}) },
    select: { id: true },
  });
  const conflict = () => fieldError("itemId", `${item.sku} already has a reorder rule in ${warehouse.code}`, "CONFLICT");
  if (clash) throw conflict();
  const data = {
    workspaceId: warehouse.workspaceId,
    warehouseId: warehouse.id,
    itemId: item.id,
    variantId: input.variantId,
    minQty: input.minQty,
    maxQty: input.maxQty,
    reorderPointQty: input.reorderPoint,
    reorderQty: input.reorderQty,
    updatedBy: scope.userId,
  };
  try {
    if (existing) {
      const n = await tx.reorderRule.updateMany({ where: { organizationId: scope.orgId, id: existing.id, version: existing.version }, data: { ...data, version: { increment: 1 } } });
      if (n.count !== 1) throw new AppError("CONFLICT", "This reorder rule was changed by someone else; reload it and try again.");
      return await oneRow(tx, scope, existing.id);
    }
    const created = await tx.reorderRule.create({ data: { organizationId: scope.orgId, ...data, createdBy: scope.userId }, select: { id: true } });
    return await oneRow(tx, scope, created.id);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw conflict();
    throw e;
  }
}

export async function deleteRule(tx: Tx, scope: OrgScope, raw: z.input<typeof ZDeleteReorderRuleInput>) {
  const input = ZDeleteReorderRuleInput.parse(raw);
  const rule = await ruleOr404(tx, scope, input.id);
  if (input.version !== undefined && rule.version !== input.version)
    throw new AppError("CONFLICT", "This reorder rule was changed by someone else; reload it and try again.");
  await tx.reorderRule.deleteMany({ where: { organizationId: scope.orgId, id: rule.id } });
  return { id: rule.id };
}
