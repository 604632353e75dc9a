// The demo inventory seed (prisma/seed/demo-inventory.ts): categories, ten items, warehouse MAIN with in
// the hq workspace, seed 003's four-level hierarchy with the part series 710-{####}, warehouse OVERFLOW (B-01..B-03),
// all through the services; a second run changes nothing.
import { describe, expect, it } from "vitest";
import { seedDemoInventory } from "../../prisma/seed/demo-inventory";
import { systemDb } from "@/server/db/client";
import { makeOrg, makeUser } from "../helpers/factory";

describe("demo inventory seed", () => {
  it("creates the catalog and warehouse MAIN once", async () => {
    const org = await makeOrg({ workspaces: ["hq", "branch"] });
    const user = await makeUser(org);
    await systemDb().unitOfMeasure.create({ data: { organizationId: org.id, code: "pcs", name: "Pieces", category: "count", isBase: true } });
    expect(await systemDb().$transaction((tx) => seedDemoInventory(tx, org.id, user.email))).toBe(true);
    const db = systemDb();
    expect(await db.category.count({ where: { organizationId: org.id } })).toBe(9);
    const items = await db.item.findMany({ where: { organizationId: org.id }, select: { sku: true, categoryId: true, lotControl: true, trackInventory: true } });
    expect(items).toHaveLength(16);
    expect(items.every((i) => i.categoryId !== null)).toBe(true);
    expect(items.find((i) => i.sku === "SRV-INSTALL")?.trackInventory).toBe(false);
    const main = await db.warehouse.findFirstOrThrow({ where: { organizationId: org.id, code: "MAIN" } });
    expect(main.workspaceId).toBe(org.workspaces.hq);
    const locations = await db.location.findMany({ where: { organizationId: org.id, warehouseId: main.id }, orderBy: { code: "asc" } });
    expect(locations.map((l) => l.code)).toEqual(["A-01", "A-02"]);
    // Seed 003's four levels: category → assembly → sub-assembly → part, the parts numbered by the series.
    const cats = await db.category.findMany({ where: { organizationId: org.id, code: { startsWith: "CONV" } }, select: { id: true, code: true, parentId: true } });
    const byCode = new Map(cats.map((c) => [c.code, c]));
    expect(byCode.get("CONV")?.parentId).toBeNull();
    expect(byCode.get("CONV-ASM")?.parentId).toBe(byCode.get("CONV")?.id);
    expect(byCode.get("CONV-SUB")?.parentId).toBe(byCode.get("CONV-ASM")?.id);
    expect(byCode.get("CONV-PRT")?.parentId).toBe(byCode.get("CONV-SUB")?.id);
    const parts = await db.item.findMany({ where: { organizationId: org.id, categoryId: byCode.get("CONV-PRT")!.id }, orderBy: { sku: "asc" }, select: { sku: true } });
    expect(parts.map((p) => p.sku)).toEqual(["710-0001", "710-0002", "710-0003", "710-0004"]);
    const series = await db.numberSequence.findFirstOrThrow({ where: { organizationId: org.id, documentType: "item_part_number", seriesKey: byCode.get("CONV-PRT")!.id } });
    expect(series).toMatchObject({ format: "710-{####}", reset: "never" });
    const overflow = await db.warehouse.findFirstOrThrow({ where: { organizationId: org.id, code: "OVERFLOW" } });
    expect(overflow.workspaceId).toBe(org.workspaces.hq);
    expect((await db.location.findMany({ where: { organizationId: org.id, warehouseId: overflow.id }, orderBy: { code: "asc" } })).map((l) => l.code)).toEqual(["B-01", "B-02", "B-03"]);
    // Idempotent.
    expect(await systemDb().$transaction((tx) => seedDemoInventory(tx, org.id, user.email))).toBe(false);
    expect(await db.item.count({ where: { organizationId: org.id } })).toBe(16);
    expect(await db.category.count({ where: { organizationId: org.id } })).toBe(9);
  });
});
