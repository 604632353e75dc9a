// The inventory dashboard: value by category and by warehouse, stock alerts (reorder statuses), slow movers and the
// latest moves — over what the member sees (their workspaces' warehouses; RLS visible_workspace + the filters here).
//
// Values come from inventory.location_values (Σ ledger quantity and value per item × location, maintained by a
// trigger in every move's transaction), never from the ledger itself: issues carry their cost, so a location's
// value is value in − value out (a transfer moves quantity × its unit cost out of one location into the other), and
// Σ of every location = Σ ledger value. Recent moves read the newest moves through (organization_id, moved_at, id).
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { statusCounts } from "./reorder.service";
import { ZInventoryDashboardInput } from "./reorder.schemas";
import { qtyText } from "./stock.service";
import type { z } from "zod";

const money = (v: Prisma.Decimal | string | number | null) => new Prisma.Decimal(v ?? 0).toFixed(2);

export async function dashboard(tx: Tx, scope: OrgScope, raw: z.input<typeof ZInventoryDashboardInput>) {
  const input = ZInventoryDashboardInput.parse(raw);
  const org = scope.orgId;
  const ws = scope.workspaceIds;

  const byCategory = await tx.$queryRaw<{ categoryId: string | null; code: string | null; name: string | null; items: bigint; value: Prisma.Decimal }[]>`
    select i.category_id::text as "categoryId", c.code, c.name, count(distinct i.id) as items, sum(v.value) as value
      from inventory.location_values v
      join inventory.items i on i.organization_id = v.organization_id and i.id = v.item_id
      left join inventory.categories c on c.organization_id = i.organization_id and c.id = i.category_id
     where v.organization_id = ${org}::uuid and v.workspace_id = any(${ws}::uuid[]) and (v.quantity <> 0 or v.value <> 0)
     group by i.category_id, c.code, c.name
     order by sum(v.value) desc, c.name nulls last`;

  const byWarehouse = await tx.$queryRaw<{ warehouseId: string; code: string; name: string; items: bigint; value: Prisma.Decimal }[]>`
    select w.id::text as "warehouseId", w.code, w.name, count(distinct v.item_id) as items, sum(v.value) as value
      from inventory.location_values v
      join inventory.locations l on l.organization_id = v.organization_id and l.id = v.location_id
      join inventory.warehouses w on w.organization_id = l.organization_id and w.id = l.warehouse_id
     where v.organization_id = ${org}::uuid and v.workspace_id = any(${ws}::uuid[]) and (v.quantity <> 0 or v.value <> 0)
     group by w.id, w.code, w.name
     order by sum(v.value) desc, w.code`;

  const since = new Date(Date.now() - input.slowDays * 86_400_000);
  const slow = await tx.$queryRaw<{ itemId: string; sku: string; name: string; quantity: Prisma.Decimal; value: Prisma.Decimal; lastIssueAt: Date | null; total: bigint }[]>`
    select i.id::text as "itemId", i.sku, i.name, sum(v.quantity) as quantity, sum(v.value) as value, max(v.last_issue_at) as "lastIssueAt",
           count(*) over () as total
      from inventory.location_values v
      join inventory.items i on i.organization_id = v.organization_id and i.id = v.item_id
     where v.organization_id = ${org}::uuid and v.workspace_id = any(${ws}::uuid[])
     group by i.id, i.sku, i.name
    having sum(v.quantity) > 0 and min(v.first_in_at) < ${since} and (max(v.last_issue_at) is null or max(v.last_issue_at) < ${since})
     order by sum(v.value) desc, i.sku
     limit 10`;

  const recent = await tx.$queryRaw<{
    id: string; movedAt: Date; moveType: string; itemId: string; sku: string; itemName: string; quantity: Prisma.Decimal; value: Prisma.Decimal;
    fromLocationCode: string | null; toLocationCode: string | null; warehouseCode: string | null; reversal: boolean;
  }[]>`
    select m.id::text as id, m.moved_at as "movedAt", m.move_type::text as "moveType", m.item_id::text as "itemId", i.sku, i.name as "itemName",
           m.quantity, m.value, fl.code as "fromLocationCode", tl.code as "toLocationCode",
           (select w.code from inventory.warehouses w where w.organization_id = m.organization_id and w.id = coalesce(tl.warehouse_id, fl.warehouse_id)) as "warehouseCode",
           m.reversal_of_move_id is not null as reversal
      from inventory.stock_moves m
      join inventory.items i on i.organization_id = m.organization_id and i.id = m.item_id
      left join inventory.locations fl on fl.organization_id = m.organization_id and fl.id = m.from_location_id
      left join inventory.locations tl on tl.organization_id = m.organization_id and tl.id = m.to_location_id
     where m.organization_id = ${org}::uuid and m.workspace_id = any(${ws}::uuid[])
     order by m.moved_at desc, m.id desc
     limit 10`;

  const alerts = await statusCounts(tx, scope);
  const totalValue = byWarehouse.reduce((s, w) => s.plus(w.value), new Prisma.Decimal(0));

  return {
    totalValue: money(totalValue),
    byCategory: byCategory.map((c) => ({ categoryId: c.categoryId, code: c.code, name: c.name, items: Number(c.items), value: money(c.value) })),
    byWarehouse: byWarehouse.map((w) => ({ warehouseId: w.warehouseId, code: w.code, name: w.name, items: Number(w.items), value: money(w.value) })),
    alerts: { ...alerts, belowReorderPoint: alerts.out_of_stock + alerts.low + alerts.reorder },
    slowMovers: {
      days: input.slowDays,
      total: Number(slow[0]?.total ?? 0),
      rows: slow.map((s) => ({ itemId: s.itemId, sku: s.sku, name: s.name, quantity: qtyText(s.quantity), value: money(s.value), lastIssueAt: s.lastIssueAt })),
    },
    recentMoves: recent.map((m) => ({ ...m, quantity: qtyText(m.quantity), value: money(m.value) })),
  };
}
