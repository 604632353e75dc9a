// Demo inventory for Acme: a small category tree, ten items (materials, products, a service) and the warehouse MAIN
// in the hq workspace with locations, made through the inventory services. Idempotent: skipped once the
// organization has a warehouse MAIN or any item.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { createCategory } from "@/server/modules/inventory/categories.service";
import type { z } from "zod";
import { ZCreateItemInput } from "@/server/modules/inventory/inventory.schemas";
import { createItem } from "@/server/modules/inventory/items.service";
import { createLocation, createWarehouse } from "@/server/modules/inventory/warehouses.service";

const CATEGORIES: { code: string; name: string; parent?: string }[] = [
  { code: "RAW", name: "Raw materials" },
  { code: "RAW-MET", name: "Metals", parent: "RAW" },
  { code: "RAW-FAST", name: "Fasteners", parent: "RAW" },
  { code: "FG", name: "Finished goods" },
  { code: "SRV", name: "Services" },
];

const ITEMS: (Omit<z.input<typeof ZCreateItemInput>, "baseUnitId" | "categoryId"> & { category: string; unit?: "pcs" | "kg" | "m" | "h" })[] = [
  { sku: "MAT-STEEL-S235", name: "Steel sheet S235 2 mm", type: "material", category: "RAW-MET", unit: "kg", standardUnitCost: "1.10" },
  { sku: "MAT-ALU-6061", name: "Aluminium bar 6061", type: "material", category: "RAW-MET", unit: "m", standardUnitCost: "8.40" },
  { sku: "MAT-COPPER-W", name: "Copper wire 1.5 mm²", type: "material", category: "RAW-MET", unit: "m", standardUnitCost: "0.65", lotControl: true },
  { sku: "FST-BOLT-M8", name: "Hex bolt M8×30", type: "material", category: "RAW-FAST", standardUnitCost: "0.12", listPrice: "0.25" },
  { sku: "FST-NUT-M8", name: "Hex nut M8", type: "material", category: "RAW-FAST", standardUnitCost: "0.04", listPrice: "0.09" },
  { sku: "FST-WASH-M8", name: "Washer M8", type: "material", category: "RAW-FAST", standardUnitCost: "0.02", listPrice: "0.05" },
  { sku: "FG-CAB-100", name: "Control cabinet CC-100", type: "manufactured", category: "FG", standardUnitCost: "420.00", listPrice: "690.00", serialControl: true },
  { sku: "FG-CONV-2M", name: "Conveyor module 2 m", type: "manufactured", category: "FG", standardUnitCost: "1350.00", listPrice: "2100.00" },
  { sku: "FG-SENSOR-P1", name: "Proximity sensor P1", type: "product", category: "FG", standardUnitCost: "18.00", listPrice: "34.50" },
  { sku: "SRV-INSTALL", name: "Installation, per hour", type: "service", category: "SRV", unit: "h", listPrice: "75.00" },
];

/** `ownerEmail`: the member the rows are created by (the demo's Acme owner). */
export async function seedDemoInventory(sys: SystemTx, orgId: string, ownerEmail = "owner@acme.test"): Promise<boolean> {
  const tx = sys as unknown as Tx;
  if ((await tx.warehouse.count({ where: { organizationId: orgId, code: "MAIN" } })) > 0) return false;
  if ((await tx.item.count({ where: { organizationId: orgId } })) > 0) return false;
  const owner = await tx.membership.findFirst({ where: { organizationId: orgId, user: { email: ownerEmail } }, select: { id: true, userId: true } });
  const hq = await tx.workspace.findFirst({ where: { organizationId: orgId, slug: "hq" }, select: { id: true } });
  if (!owner || !hq) return false;
  const units = await tx.unitOfMeasure.findMany({ where: { organizationId: orgId, code: { in: ["pcs", "kg", "m", "h"] } }, select: { id: true, code: true } });
  const unit = new Map(units.map((u) => [u.code, u.id]));
  if (!unit.get("pcs")) return false;
  const scope: OrgScope = {
    userId: owner.userId,
    requestId: "seed-demo-inventory",
    orgId,
    orgSlug: "acme",
    membershipId: owner.id,
    workspaceIds: [hq.id],
    permissions: new Set(["inventory.item.read", "inventory.item.manage", "inventory.warehouse.manage", "inventory.stock.read"]),
    roles: ["owner"],
    recordScope: "all",
  };

  const categories = new Map<string, string>();
  for (const c of CATEGORIES) {
    const made = await createCategory(tx, scope, { code: c.code, name: c.name, parentId: c.parent ? categories.get(c.parent)! : undefined } as Parameters<typeof createCategory>[2]);
    categories.set(c.code, made.id);
  }
  for (const { category, unit: code, ...fields } of ITEMS) {
    await createItem(tx, scope, ZCreateItemInput.parse({ ...fields, categoryId: categories.get(category)!, baseUnitId: unit.get(code ?? "pcs") ?? unit.get("pcs")! }));
  }
  const main = await createWarehouse(tx, scope, { workspaceId: hq.id, code: "MAIN", name: "Main warehouse" } as Parameters<typeof createWarehouse>[2]);
  for (const code of ["A-01", "A-02"]) await createLocation(tx, scope, { warehouseId: main.id, code, kind: "bin" } as Parameters<typeof createLocation>[2]);
  return true;
}
