// Demo inventory for Acme: a small category tree, ten items (materials, products, a service) and the warehouse MAIN
// in the hq workspace with locations, made through the inventory services. Idempotent: skipped once the
// organization has a warehouse MAIN or any item.
// Then, each part on its own guard (so an already seeded database gets them too): seed 003's four-level part
// hierarchy (category → assembly → sub-assembly → part), the part level numbering its items from the series
// 710-{####} (710-0001, …), and a second warehouse OVERFLOW (bins B-01..B-03) in hq, so transfers have somewhere to go.
import { seedDefaultReasons } from "@/server/modules/inventory/adjustment-reasons.service";
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { createCategory } from "@/server/modules/inventory/categories.service";
import type { z } from "zod";
import { ZCreateItemInput } from "@/server/modules/inventory/inventory.schemas";
import { createItem } from "@/server/modules/inventory/items.service";
import { createLocation, createWarehouse } from "@/server/modules/inventory/warehouses.service";

/** Seed 003's four levels; the part level carries the part-number series. */
const HIERARCHY: { code: string; name: string; parent?: string; numberFormat?: string }[] = [
  { code: "CONV", name: "Conveyor systems" },
  { code: "CONV-ASM", name: "Conveyor assemblies", parent: "CONV" },
  { code: "CONV-SUB", name: "Drive sub-assemblies", parent: "CONV-ASM" },
  { code: "CONV-PRT", name: "Conveyor parts", parent: "CONV-SUB", numberFormat: "710-{####}" },
];
/** Items of the four levels; the parts have no SKU: the series numbers them 710-0001 … 710-0004. */
const HIERARCHY_ITEMS: (Omit<z.input<typeof ZCreateItemInput>, "baseUnitId" | "categoryId"> & { category: string })[] = [
  { sku: "ASM-CL-10", name: "Conveyor line CL-10", type: "manufactured", category: "CONV-ASM", standardUnitCost: "5200.00", listPrice: "8400.00" },
  { sku: "SUB-DU-1", name: "Drive unit DU-1", type: "manufactured", category: "CONV-SUB", standardUnitCost: "640.00" },
  { name: "Drive roller Ø60", type: "material", category: "CONV-PRT", standardUnitCost: "38.00" },
  { name: "Gear motor 0.37 kW", type: "material", category: "CONV-PRT", standardUnitCost: "310.00" },
  { name: "Belt tensioner", type: "material", category: "CONV-PRT", standardUnitCost: "24.50" },
  { name: "Idler roller Ø50", type: "material", category: "CONV-PRT", standardUnitCost: "19.00" },
];

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
  // createOrganization made them for a new Acme; an Acme from before the reasons existed got them from the migration.
  await seedDefaultReasons(sys, orgId);
  const core = await seedCore(tx, orgId, ownerEmail);
  const master = await seedMasterData(tx, orgId, ownerEmail);
  return core || master;
}

async function demoScope(tx: Tx, orgId: string, ownerEmail: string) {
  const owner = await tx.membership.findFirst({ where: { organizationId: orgId, user: { email: ownerEmail } }, select: { id: true, userId: true } });
  const hq = await tx.workspace.findFirst({ where: { organizationId: orgId, slug: "hq" }, select: { id: true } });
  const pcs = await tx.unitOfMeasure.findFirst({ where: { organizationId: orgId, code: "pcs" }, select: { id: true } });
  if (!owner || !hq || !pcs) return null;
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
  return { scope, hq: hq.id, pcs: pcs.id };
}

/** The four-level hierarchy with its part-number series, and warehouse OVERFLOW — each once. */
async function seedMasterData(tx: Tx, orgId: string, ownerEmail: string): Promise<boolean> {
  const ctx = await demoScope(tx, orgId, ownerEmail);
  if (!ctx) return false;
  const { scope } = ctx;
  let created = false;
  if (!(await tx.category.count({ where: { organizationId: orgId, code: HIERARCHY[0]!.code } }))) {
    const ids = new Map<string, string>();
    for (const c of HIERARCHY) {
      const made = await createCategory(tx, scope, { code: c.code, name: c.name, parentId: c.parent ? ids.get(c.parent)! : undefined, numberFormat: c.numberFormat } as Parameters<typeof createCategory>[2]);
      ids.set(c.code, made.id);
    }
    for (const { category, ...fields } of HIERARCHY_ITEMS)
      await createItem(tx, scope, ZCreateItemInput.parse({ ...fields, categoryId: ids.get(category)!, baseUnitId: ctx.pcs }));
    created = true;
  }
  if (!(await tx.warehouse.count({ where: { organizationId: orgId, code: "OVERFLOW" } }))) {
    const overflow = await createWarehouse(tx, scope, { workspaceId: ctx.hq, code: "OVERFLOW", name: "Overflow warehouse" } as Parameters<typeof createWarehouse>[2]);
    for (const code of ["B-01", "B-02", "B-03"]) await createLocation(tx, scope, { warehouseId: overflow.id, code, kind: "bin" } as Parameters<typeof createLocation>[2]);
    created = true;
  }
  return created;
}

async function seedCore(tx: Tx, orgId: string, ownerEmail: string): Promise<boolean> {
  if ((await tx.warehouse.count({ where: { organizationId: orgId, code: "MAIN" } })) > 0) return false;
  if ((await tx.item.count({ where: { organizationId: orgId } })) > 0) return false;
  const ctx = await demoScope(tx, orgId, ownerEmail);
  if (!ctx) return false;
  const { scope, hq } = ctx;
  const units = await tx.unitOfMeasure.findMany({ where: { organizationId: orgId, code: { in: ["pcs", "kg", "m", "h"] } }, select: { id: true, code: true } });
  const unit = new Map(units.map((u) => [u.code, u.id]));

  const categories = new Map<string, string>();
  for (const c of CATEGORIES) {
    const made = await createCategory(tx, scope, { code: c.code, name: c.name, parentId: c.parent ? categories.get(c.parent)! : undefined } as Parameters<typeof createCategory>[2]);
    categories.set(c.code, made.id);
  }
  for (const { category, unit: code, ...fields } of ITEMS) {
    await createItem(tx, scope, ZCreateItemInput.parse({ ...fields, categoryId: categories.get(category)!, baseUnitId: unit.get(code ?? "pcs") ?? unit.get("pcs")! }));
  }
  const main = await createWarehouse(tx, scope, { workspaceId: hq, code: "MAIN", name: "Main warehouse" } as Parameters<typeof createWarehouse>[2]);
  for (const code of ["A-01", "A-02"]) await createLocation(tx, scope, { warehouseId: main.id, code, kind: "bin" } as Parameters<typeof createLocation>[2]);
  return true;
}
