// Warehouses belong to one workspace (restrictive RLS policy visible_workspace + the member's workspaces here): a
// member sees the warehouses, locations and stock of the workspaces they may see, and nothing else (NOT_FOUND, the
// same answer as another organization's id). Locations form a tree inside one warehouse; code unique per warehouse.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import type { z } from "zod";
import type { ZCreateLocationInput, ZCreateWarehouseInput, ZUpdateWarehouseInput } from "./inventory.schemas";
import type { ZArchiveInput, ZArchiveVersionedInput, ZListWarehousesInput, ZMoveLocationInput, ZUpdateLocationInput } from "./master.schemas";
import { fieldError } from "./stock.service";
import { subtreeIds } from "./subtree.sql";
import { setArchived } from "@/server/kernel/archive";
import { visible } from "./visibility";

type WarehouseRow = Prisma.WarehouseGetPayload<object>;
const warehouseOut = (w: WarehouseRow) => ({
  id: w.id, workspaceId: w.workspaceId, code: w.code, name: w.name, address: w.address, allowNegativeStock: w.allowNegativeStock,
  archivedAt: w.archivedAt, version: w.version,
});

/** Visible to this member: the organization's and one of the member's workspaces (RLS holds the same rule). */

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

// ---------------------------------------------------------------------------------------------------------------
// Archive / restore, location edits and moves (the warehouses and locations screens)

/** Quantity on hand or reserved at any of these locations (levels of every lot and variant), with one example. */
async function stockAt(tx: Tx, scope: OrgScope, locationIds: string[]) {
  if (!locationIds.length) return null;
  const [row] = await tx.$queryRaw<{ code: string; sku: string; on_hand: string }[]>`
    select c.code, i.sku, l.on_hand_qty::text as on_hand from inventory.stock_levels l
      join inventory.locations c on c.organization_id = l.organization_id and c.id = l.location_id
      join inventory.items i on i.organization_id = l.organization_id and i.id = l.item_id
     where l.organization_id = ${scope.orgId}::uuid and l.location_id = any(${locationIds}::uuid[])
       and (l.on_hand_qty <> 0 or l.reserved_qty <> 0)
     order by c.code, i.sku limit 1`;
  return row ?? null;
}

const qty = (v: string) => v.replace(/\.?0+$/, "");

/** Archives a warehouse (refused while any of its locations holds stock) or restores it. Idempotent. */
export async function archiveWarehouse(tx: Tx, scope: OrgScope, input: z.output<typeof ZArchiveVersionedInput>) {
  const w = await warehouseOr404(tx, scope, input.id);
  if ((w.archivedAt !== null) === input.archived) return warehouseOut(w);
  if (input.archived) {
    const locations = await tx.location.findMany({ where: { organizationId: scope.orgId, warehouseId: w.id }, select: { id: true } });
    const held = await stockAt(tx, scope, locations.map((l) => l.id));
    if (held) throw new AppError("PRECONDITION_FAILED", `${w.code} still holds stock (${held.sku} at ${held.code}: ${qty(held.on_hand)}): move or adjust it out first.`);
  }
  return setArchived(scope, {
    delegate: tx.warehouse,
    where: visible(scope),
    load: (id) => warehouseOr404(tx, scope, id),
    out: warehouseOut,
    stale: () => new AppError("CONFLICT", "This warehouse was changed by someone else. Reload it and try again."),
  }, w.id, input.archived, input.version);
}

async function locationOr404(tx: Tx, scope: OrgScope, id: string) {
  const l = await tx.location.findFirst({ where: { ...visible(scope), id } });
  if (!l) throw notFound("Location not found");
  return l;
}
const locationOut = (l: Prisma.LocationGetPayload<object>) => ({
  id: l.id, warehouseId: l.warehouseId, parentId: l.parentId, kind: l.kind, code: l.code, name: l.name, archivedAt: l.archivedAt,
});

/** Renames a location (code unique per warehouse, name, kind). */
export async function updateLocation(tx: Tx, scope: OrgScope, input: z.output<typeof ZUpdateLocationInput>) {
  const l = await locationOr404(tx, scope, input.id);
  const w = await warehouseOr404(tx, scope, l.warehouseId);
  const taken = () => fieldError("code", `Code ${input.code} is already used in ${w.code}`, "CONFLICT");
  if (input.code !== undefined && input.code !== l.code && (await tx.location.findFirst({ where: { organizationId: scope.orgId, warehouseId: w.id, code: input.code }, select: { id: true } })))
    throw taken();
  const data: Prisma.LocationUpdateManyMutationInput = { updatedBy: scope.userId };
  if (input.code !== undefined) data.code = input.code;
  if (input.name !== undefined) data.name = input.name;
  if (input.kind !== undefined) data.kind = input.kind;
  try {
    await tx.location.updateMany({ where: { organizationId: scope.orgId, id: l.id }, data });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw taken();
    throw e;
  }
  return locationOut(await locationOr404(tx, scope, l.id));
}

/** The location and every location beneath it. */
async function subtree(tx: Tx, scope: OrgScope, id: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`select s.id::text as id from ${subtreeIds("locations", scope.orgId, [id])} s`;
  return rows.map((r) => r.id);
}

/** Moves a location under another of the same warehouse (or to its top level); never under itself or beneath it. */
export async function moveLocation(tx: Tx, scope: OrgScope, input: z.output<typeof ZMoveLocationInput>) {
  const l = await locationOr404(tx, scope, input.id);
  if (input.parentId) {
    if (input.parentId === l.id) throw fieldError("parentId", "A location cannot be its own parent");
    const parent = await tx.location.findFirst({ where: { organizationId: scope.orgId, warehouseId: l.warehouseId, id: input.parentId }, select: { id: true, code: true, archivedAt: true } });
    if (!parent) throw fieldError("parentId", "Choose a location of the same warehouse");
    if (parent.archivedAt) throw fieldError("parentId", `${parent.code} is archived`);
    if ((await subtree(tx, scope, l.id)).includes(parent.id)) throw fieldError("parentId", `${l.code} cannot move under one of its own locations (${parent.code})`);
  }
  await tx.location.updateMany({ where: { organizationId: scope.orgId, id: l.id }, data: { parentId: input.parentId, updatedBy: scope.userId } });
  return locationOut(await locationOr404(tx, scope, l.id));
}

/**
 * Archives a location with everything beneath it — refused while any of them holds stock (on hand or reserved) — or
 * restores it (refused while its parent is archived). Idempotent.
 */
export async function archiveLocation(tx: Tx, scope: OrgScope, input: z.output<typeof ZArchiveInput>) {
  const l = await locationOr404(tx, scope, input.id);
  if ((l.archivedAt !== null) === input.archived) return locationOut(l);
  if (input.archived) {
    const ids = await subtree(tx, scope, l.id);
    const held = await stockAt(tx, scope, ids);
    if (held)
      throw new AppError("PRECONDITION_FAILED", `${held.code} still holds stock (${held.sku}: ${qty(held.on_hand)}): move it to another location before archiving ${l.code}.`);
    await tx.location.updateMany({ where: { organizationId: scope.orgId, id: { in: ids }, archivedAt: null }, data: { archivedAt: new Date(), updatedBy: scope.userId } });
  } else {
    if (l.parentId) {
      const parent = await locationOr404(tx, scope, l.parentId);
      if (parent.archivedAt) throw new AppError("PRECONDITION_FAILED", `Restore ${parent.code} first: ${l.code} is inside it.`);
    }
    await tx.location.updateMany({ where: { organizationId: scope.orgId, id: l.id }, data: { archivedAt: null, updatedBy: scope.userId } });
  }
  return locationOut(await locationOr404(tx, scope, l.id));
}

/** The warehouses screen: a page of the member's warehouses with their workspace, location count, archived filter. */
export async function tableWarehouses(tx: Tx, scope: OrgScope, input: z.output<typeof ZListWarehousesInput>) {
  const enumValues = (id: "archived" | "workspace"): string[] | undefined => {
    const f = input.filters?.[id];
    return f && f.type === "enum" ? f.values : undefined;
  };
  const archived = enumValues("archived");
  const workspaces = enumValues("workspace");
  const where: Prisma.WarehouseWhereInput = {
    ...visible(scope),
    ...(workspaces?.length ? { workspaceId: { in: workspaces.filter((w) => scope.workspaceIds.includes(w)) } } : {}),
    ...(archived?.length === 1 ? { archivedAt: archived[0] === "archived" ? { not: null } : null } : !archived?.length ? { archivedAt: null } : {}),
    ...(input.q ? { OR: [{ code: { startsWith: input.q, mode: "insensitive" as const } }, { name: { contains: input.q, mode: "insensitive" as const } }] } : {}),
  };
  const sort = input.sort ?? { id: "code", desc: false };
  const dir = sort.desc ? "desc" : "asc";
  const page = input.page ?? 1;
  const [rows, total] = await Promise.all([
    tx.warehouse.findMany({
      where, orderBy: [{ [sort.id]: dir }, { id: "asc" }], skip: (page - 1) * input.perPage, take: input.perPage,
      include: { workspace: { select: { id: true, name: true } }, _count: { select: { locations: true } } },
    }),
    tx.warehouse.count({ where }),
  ]);
  return {
    rows: rows.map((w) => ({ ...warehouseOut(w), workspaceName: w.workspace.name, locationCount: w._count.locations })),
    total,
  };
}
