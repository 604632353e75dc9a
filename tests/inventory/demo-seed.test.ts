// The demo inventory seed (prisma/seed/demo-inventory.ts): categories, ten items, warehouse MAIN with in
// the hq workspace, all through the services; a second run changes nothing.
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
    expect(await db.category.count({ where: { organizationId: org.id } })).toBe(5);
    const items = await db.item.findMany({ where: { organizationId: org.id }, select: { sku: true, categoryId: true, lotControl: true, trackInventory: true } });
    expect(items).toHaveLength(10);
    expect(items.every((i) => i.categoryId !== null)).toBe(true);
    expect(items.find((i) => i.sku === "SRV-INSTALL")?.trackInventory).toBe(false);
    const main = await db.warehouse.findFirstOrThrow({ where: { organizationId: org.id, code: "MAIN" } });
    expect(main.workspaceId).toBe(org.workspaces.hq);
    const locations = await db.location.findMany({ where: { organizationId: org.id, warehouseId: main.id }, orderBy: { code: "asc" } });
    expect(locations.map((l) => l.code)).toEqual(["A-01", "A-02"]);
    // Idempotent.
    expect(await systemDb().$transaction((tx) => seedDemoInventory(tx, org.id, user.email))).toBe(false);
    expect(await db.item.count({ where: { organizationId: org.id } })).toBe(10);
  });
});
