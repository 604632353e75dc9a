// Warehouses belong to one workspace (restrictive RLS policy visible_workspace + the member's workspaces here): a
// member sees the warehouses, locations and stock of the workspaces they may see, and nothing else (NOT_FOUND, the
// same answer as another organization's id). Locations form a tree inside one warehouse; code unique per warehouse.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { z } from "zod";
import type { ZCreateLocationInput, ZCreateWarehouseInput, ZUpdateWarehouseInput } from "./inventory.schemas";
import { fieldError } from "./stock.service";

type WarehouseRow = Prisma.WarehouseGetPayload<object>;
const warehouseOut = (w: WarehouseRow) => ({
  id: w.id, workspaceId: w.workspaceId, code: w.code, name: w.name, address: w.address, allowNegativeStock: w.allowNegativeStock,
  archivedAt: w.archivedAt, version: w.version,
});

/** Visible to this member: the organization's and one of the member's workspaces (RLS holds the same rule). */
const visible = (scope: OrgScope) => ({ organizationId: scope.orgId, workspaceId: { in: scope.workspaceIds } });

export async function warehouseOr404(tx: Tx, scope: OrgScope, id: string) {
  const w = await tx.warehouse.findFirst({ where: { ...visible(scope), id } });
  if (!w) throw notFound("Warehouse not found");
  return w;
}

export async function listWarehouses(tx: Tx, scope: OrgScope, input: { workspaceId?: string; includeArchived?: boolean } = {}) {
  const rows = await tx.warehouse.findMany({
    where: { ...visible(scope), ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}), ...(input.includeArchived ? {} : { archivedAt: null }) },
    orderBy: [{ code: "asc" }, { id: "asc" }],
  });
  return { rows: rows.map(warehouseOut) };
}

export async function createWarehouse(tx: Tx, scope: OrgScope, input: z.output<typeof ZCreateWarehouseInput>) {
  if (!scope.workspaceIds.includes(input.workspaceId)) throw fieldError("workspaceId", "Choose one of your workspaces");
  if (await tx.warehouse.findFirst({ where: { organizationId: scope.orgId, code: input.code }, select: { id: true } }))
    throw fieldError("code", `Code ${input.code} is already used by another warehouse`, "CONFLICT");
  try {
    const w = await tx.warehouse.create({
      data: {
        organizationId: scope.orgId, workspaceId: input.workspaceId, code: input.code, name: input.name, address: input.address ?? null,
        allowNegativeStock: input.allowNegativeStock ?? false, createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
    return warehouseOut(w);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("code", `Code ${input.code} is already used by another warehouse`, "CONFLICT");
    throw e;
  }
}

export async function updateWarehouse(tx: Tx, scope: OrgScope, input: z.output<typeof ZUpdateWarehouseInput>) {
  const w = await warehouseOr404(tx, scope, input.id);
  if (w.version !== input.version) throw new AppError("CONFLICT", "This warehouse was changed by someone else. Reload it and try again.");
  // Forbidding negative stock again needs every level of the warehouse at zero or above.
  if (input.allowNegativeStock === false && w.allowNegativeStock) {
    const negative = await tx.$queryRaw<{ x: number }[]>`
      select 1 as x from inventory.stock_levels l join inventory.locations c on c.organization_id = l.organization_id and c.id = l.location_id
       where l.organization_id = ${scope.orgId}::uuid and c.warehouse_id = ${w.id}::uuid and l.on_hand_qty < 0 limit 1`;
    if (negative.length) throw fieldError("allowNegativeStock", "Some stock in this warehouse is below zero: bring it to zero or above first");
  }
  const data: Prisma.WarehouseUpdateManyMutationInput = { version: { increment: 1 }, updatedBy: scope.userId };
  if (input.name !== undefined) data.name = input.name;
  if (input.address !== undefined) data.address = input.address;
  if (input.allowNegativeStock !== undefined) data.allowNegativeStock = input.allowNegativeStock;
  const { count } = await tx.warehouse.updateMany({ where: { ...visible(scope), id: w.id, version: input.version }, data });
  if (count !== 1) throw new AppError("CONFLICT", "This warehouse was changed by someone else. Reload it and try again.");
  return warehouseOut(await warehouseOr404(tx, scope, w.id));
}

export async function createLocation(tx: Tx, scope: OrgScope, input: z.output<typeof ZCreateLocationInput>) {
  const w = await warehouseOr404(tx, scope, input.warehouseId);
  if (input.parentId && !(await tx.location.findFirst({ where: { organizationId: scope.orgId, warehouseId: w.id, id: input.parentId }, select: { id: true } })))
    throw fieldError("parentId", "Choose a location of the same warehouse");
  if (await tx.location.findFirst({ where: { organizationId: scope.orgId, warehouseId: w.id, code: input.code }, select: { id: true } }))
    throw fieldError("code", `Code ${input.code} is already used in ${w.code}`, "CONFLICT");
  try {
    const l = await tx.location.create({
      data: {
        organizationId: scope.orgId, warehouseId: w.id, workspaceId: w.workspaceId, parentId: input.parentId ?? null, kind: input.kind ?? "bin",
        code: input.code, name: input.name ?? null, createdBy: scope.userId, updatedBy: scope.userId,
      },
    });
    return { id: l.id, warehouseId: l.warehouseId, parentId: l.parentId, kind: l.kind, code: l.code, name: l.name };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw fieldError("code", `Code ${input.code} is already used in ${w.code}`, "CONFLICT");
    throw e;
  }
}

export interface LocationNode {
  id: string;
  parentId: string | null;
  kind: string;
  code: string;
  name: string | null;
  archivedAt: Date | null;
  children: LocationNode[];
}

/** A warehouse's locations as a tree (by code). */
export async function locationTree(tx: Tx, scope: OrgScope, input: { warehouseId: string }) {
  const w = await warehouseOr404(tx, scope, input.warehouseId);
  const rows = await tx.location.findMany({ where: { organizationId: scope.orgId, warehouseId: w.id }, orderBy: [{ code: "asc" }, { id: "asc" }] });
  const byId = new Map<string, LocationNode>(rows.map((l) => [l.id, { id: l.id, parentId: l.parentId, kind: l.kind, code: l.code, name: l.name, archivedAt: l.archivedAt, children: [] }]));
  const roots: LocationNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return { warehouse: warehouseOut(w), roots };
}
