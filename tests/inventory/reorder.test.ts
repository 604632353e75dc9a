// Reorder rules (validation, uniqueness, permission, visibility) and suggestions: status from AVAILABLE stock (a
// reservation flips it), incoming from draft transfers into the warehouse, suggested quantity
// max(reorder qty, max − (available + incoming)), filters, cross-organization ids NOT_FOUND.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { compareQty } from "@/server/modules/inventory/reorder.schemas";
import { callerFor, makeUser } from "../helpers/factory";
import { failure as appFailure, makeItem, stockroom, type Stockroom } from "./helpers";

/** The error code and field errors of a call, from a domain error or the input's zod errors (as the client gets them). */
async function failure(p: Promise<unknown>): Promise<{ code: string; message?: string; fields?: Record<string, string[]> }> {
  try {
    await p;
    return { code: "OK" };
  } catch (e) {
    if (e instanceof TRPCError && e.cause instanceof ZodError) return { code: e.code, fields: z.flattenError(e.cause).fieldErrors as Record<string, string[]> };
    return appFailure(Promise.reject(e));
  }
}

const statusFilter = (...values: string[]) => ({ status: { type: "enum" as const, values } });

describe("reorder rules", () => {
  let room: Stockroom;
  beforeAll(async () => {
    room = await stockroom();
  });

  it("compares decimal strings exactly", () => {
    expect(compareQty("10", "9.9999")).toBe(1);
    expect(compareQty("0010.5", "10.50")).toBe(0);
    expect(compareQty("99999999999999.9999", "100000000000000")).toBe(-1);
  });

  it("validates min ≤ reorder point ≤ max, quantities ≥ 0, and a quantity to order", async () => {
    const item = await makeItem(room);
    const rules = room.owner.inventory.reorder.rules;
    const base = { itemId: item.id, warehouseId: room.main.id };
    expect(await failure(rules.upsert({ ...base, minQty: "6", reorderPoint: "5", maxQty: "10", reorderQty: "1" }))).toMatchObject({ code: "BAD_REQUEST", fields: { minQty: ["The minimum cannot be above the reorder point"] } });
    expect(await failure(rules.upsert({ ...base, reorderPoint: "11", maxQty: "10", reorderQty: "1" }))).toMatchObject({ code: "BAD_REQUEST", fields: { maxQty: ["The maximum cannot be below the reorder point"] } });
    expect((await failure(rules.upsert({ ...base, reorderPoint: "-1", reorderQty: "1" }))).fields?.reorderPoint).toBeDefined();
    expect(await failure(rules.upsert({ ...base, reorderPoint: "2", reorderQty: "0" }))).toMatchObject({ fields: { reorderQty: ["Enter a reorder quantity above zero, or a maximum"] } });
    const ok = await rules.upsert({ ...base, minQty: "2", reorderPoint: "5", maxQty: "20", reorderQty: "10" });
    expect(ok).toMatchObject({ minQty: "2", reorderPoint: "5", maxQty: "20", reorderQty: "10", version: 1, warehouseCode: "WH1" });
    // One rule per item × warehouse (× variant).
    expect(await failure(rules.upsert({ ...base, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "CONFLICT", fields: { itemId: [`${item.sku} already has a reorder rule in WH1`] } });
    // Another warehouse is another rule.
    await rules.upsert({ itemId: item.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" });
    // Update with the version read; stale → CONFLICT.
    const updated = await rules.upsert({ ...base, id: ok.id, version: 1, reorderPoint: "4", reorderQty: "8" });
    expect(updated).toMatchObject({ id: ok.id, version: 2, reorderPoint: "4", minQty: null, maxQty: null });
    expect(await failure(rules.upsert({ ...base, id: ok.id, version: 1, reorderPoint: "4", reorderQty: "8" }))).toMatchObject({ code: "CONFLICT" });
    // A service item holds no stock: no rule.
    const service = await makeItem(room, { type: "service", trackInventory: false });
    expect(await failure(rules.upsert({ itemId: service.id, warehouseId: room.main.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "BAD_REQUEST", fields: { itemId: [`${service.sku} does not track inventory`] } });
    const listed = await rules.list({ filters: { item: { type: "enum", values: [item.id] } } });
    expect(listed.rows.map((r) => r.warehouseCode).sort()).toEqual(["WH1", "WH2"]);
    expect(listed.total).toBe(2);
    expect(await rules.delete({ id: ok.id, version: 2 })).toEqual({ id: ok.id });
    expect(await failure(rules.delete({ id: ok.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("needs inventory.reorder.manage to change rules; inventory.stock.read to read them", async () => {
    const item = await makeItem(room);
    const viewer = await callerFor((await makeUser(room.org, { roles: ["viewer"] })).id, { org: room.org.slug });
    expect(await failure(viewer.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.main.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "FORBIDDEN" });
    const warehouse = await callerFor((await makeUser(room.org, { roles: ["warehouse"] })).id, { org: room.org.slug });
    const r = await warehouse.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.main.id, reorderPoint: "1", reorderQty: "1" });
    expect((await viewer.inventory.reorder.rules.list({ filters: { item: { type: "enum", values: [item.id] } } })).rows.map((x) => x.id)).toEqual([r.id]);
    expect(await failure(viewer.inventory.reorder.rules.delete({ id: r.id }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("status comes from available stock: a reservation flips it; incoming counts toward the suggestion", async () => {
    const item = await makeItem(room);
    const stock = room.owner.inventory.stock;
    const rule = await room.owner.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.main.id, minQty: "3", reorderPoint: "5", maxQty: "20", reorderQty: "4" });
    const row = async () => {
      const r = await room.owner.inventory.reorder.suggestions({ filters: { item: { type: "enum", values: [item.id] } } });
      expect(r.rows).toHaveLength(1);
      return r.rows[0]!;
    };
    expect(await row()).toMatchObject({ id: rule.id, onHand: "0", available: "0", incoming: "0", status: "out_of_stock", suggestedQty: "20" });
    // 8 on hand over two bins of the warehouse (+ 5 in another warehouse, not counted).
    await stock.receive({ itemId: item.id, locationId: room.main.a, quantity: "5", unitCost: "2" });
    await stock.receive({ itemId: item.id, locationId: room.main.b, quantity: "3", unitCost: "2" });
    await stock.receive({ itemId: item.id, locationId: room.second.c, quantity: "5", unitCost: "2" });
    expect(await row()).toMatchObject({ onHand: "8", available: "8", status: "in_stock", suggestedQty: "0" });
    // Reserve 4: on hand still 8 (seed 001 would say in stock), available 4 ≤ reorder point 5 → reorder.
    await stock.reserve({ itemId: item.id, locationId: room.main.a, quantity: "4" });
    expect(await row()).toMatchObject({ onHand: "8", reserved: "4", available: "4", status: "reorder", position: "4", suggestedQty: "16" });
    // Reserve 2 more: available 2 < min 3 → low.
    await stock.reserve({ itemId: item.id, locationId: room.main.b, quantity: "2" });
    expect(await row()).toMatchObject({ available: "2", status: "low", suggestedQty: "18" });
    // Reserve the rest: available 0 → out of stock although 8 are on hand.
    await stock.reserve({ itemId: item.id, locationId: room.main.a, quantity: "1" });
    await stock.reserve({ itemId: item.id, locationId: room.main.b, quantity: "1" });
    expect(await row()).toMatchObject({ onHand: "8", available: "0", status: "out_of_stock", suggestedQty: "20" });
    await stock.release({ itemId: item.id, locationId: room.main.a, quantity: "5" });
    await stock.release({ itemId: item.id, locationId: room.main.b, quantity: "1" });
    expect(await row()).toMatchObject({ available: "6", status: "in_stock" });

    // Incoming: a draft transfer into the warehouse from another one. The demo workspaces differ, so use a second
    // warehouse of the same workspace.
    const w3 = await room.owner.inventory.warehouses.create({ workspaceId: room.org.workspaces.main!, code: "WH3", name: "Overflow" });
    const d = await room.owner.inventory.locations.create({ warehouseId: w3.id, code: "D", kind: "bin" });
    await stock.receive({ itemId: item.id, locationId: d.id, quantity: "30", unitCost: "2" });
    await stock.issue({ itemId: item.id, locationId: room.main.a, quantity: "2" }); // available 4: reorder
    expect(await row()).toMatchObject({ available: "4", incoming: "0", status: "reorder", suggestedQty: "16" });
    const t = await room.owner.inventory.transfers.create({ fromWarehouseId: w3.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: d.id, toLocationId: room.main.a, quantity: "3" }] });
    // available 4 + incoming 3 = 7 > reorder point 5: status still "reorder" (available), nothing to suggest.
    expect(await row()).toMatchObject({ available: "4", incoming: "3", position: "7", status: "reorder", suggestedQty: "0" });
    // A transfer between bins of the same warehouse is not incoming.
    await room.owner.inventory.transfers.create({ fromWarehouseId: room.main.id, toWarehouseId: room.main.id, lines: [{ itemId: item.id, fromLocationId: room.main.b, toLocationId: room.main.a, quantity: "1" }] }).catch(() => null);
    expect((await row()).incoming).toBe("3");
    // Posted: no longer incoming, now available.
    await room.owner.inventory.transfers.post({ id: t.id, version: t.version });
    expect(await row()).toMatchObject({ available: "7", incoming: "0", status: "in_stock", suggestedQty: "0" });
  });

  it("suggests max(reorder qty, max − (available + incoming)); without a maximum the reorder quantity", async () => {
    const stock = room.owner.inventory.stock;
    const rules = room.owner.inventory.reorder.rules;
    const a = await makeItem(room);
    const b = await makeItem(room);
    await stock.receive({ itemId: a.id, locationId: room.main.a, quantity: "9", unitCost: "1" });
    await stock.receive({ itemId: b.id, locationId: room.main.a, quantity: "2", unitCost: "1" });
    // a: max 12 − 9 = 3 < reorder qty 5 → 5.
    await rules.upsert({ itemId: a.id, warehouseId: room.main.id, reorderPoint: "10", maxQty: "12", reorderQty: "5" });
    // b: no maximum → the reorder quantity.
    await rules.upsert({ itemId: b.id, warehouseId: room.main.id, reorderPoint: "2", reorderQty: "7.5" });
    const r = await room.owner.inventory.reorder.suggestions({ filters: { item: { type: "enum", values: [a.id, b.id] } } });
    const by = Object.fromEntries(r.rows.map((x) => [x.itemId, x]));
    expect(by[a.id]).toMatchObject({ status: "reorder", suggestedQty: "5" });
    expect(by[b.id]).toMatchObject({ status: "reorder", suggestedQty: "7.5" });
    // Status filter and the keyset paging.
    const only = await room.owner.inventory.reorder.suggestions({ filters: { ...statusFilter("reorder"), item: { type: "enum", values: [a.id, b.id] } }, perPage: 1 });
    expect(only.rows).toHaveLength(1);
    expect(only.total).toBe(2);
    const next = await room.owner.inventory.reorder.suggestions({ filters: { ...statusFilter("reorder"), item: { type: "enum", values: [a.id, b.id] } }, perPage: 1, cursor: only.nextCursor });
    expect(next.rows).toHaveLength(1);
    expect(next.rows[0]!.id).not.toBe(only.rows[0]!.id);
    expect((await room.owner.inventory.reorder.suggestions({ filters: { ...statusFilter("in_stock"), item: { type: "enum", values: [a.id, b.id] } } })).rows).toEqual([]);
  });

  it("filters by category (with subcategories) and warehouse", async () => {
    const parent = await room.owner.inventory.categories.create({ code: `P-${Date.now()}`, name: "Parent" });
    const child = await room.owner.inventory.categories.create({ code: `C-${Date.now()}`, name: "Child", parentId: parent.id });
    const item = await makeItem(room, { categoryId: child.id });
    const rule = await room.owner.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" });
    const byCat = await room.owner.inventory.reorder.suggestions({ filters: { category: { type: "enum", values: [parent.id] } } });
    expect(byCat.rows.map((r) => r.id)).toEqual([rule.id]);
    expect(byCat.rows[0]).toMatchObject({ categoryName: "Child", warehouseCode: "WH2" });
    const byWh = await room.owner.inventory.reorder.suggestions({ filters: { warehouse: { type: "enum", values: [room.main.id] }, category: { type: "enum", values: [parent.id] } } });
    expect(byWh.rows).toEqual([]);
  });

  it("keeps rules to the member's workspaces and answers NOT_FOUND for another organization's ids", async () => {
    const item = await makeItem(room);
    const inSecond = await room.owner.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" });
    const mainOnly = await callerFor((await makeUser(room.org, { roles: ["warehouse"], workspaces: ["main"] })).id, { org: room.org.slug });
    expect((await mainOnly.inventory.reorder.suggestions({ filters: { item: { type: "enum", values: [item.id] } } })).rows).toEqual([]);
    expect(await failure(mainOnly.inventory.reorder.rules.delete({ id: inSecond.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(mainOnly.inventory.reorder.rules.upsert({ id: inSecond.id, itemId: item.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(mainOnly.inventory.reorder.rules.upsert({ itemId: item.id, warehouseId: room.second.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "NOT_FOUND" });

    const other = await stockroom();
    const foreignItem = await makeItem(other);
    const foreignRule = await other.owner.inventory.reorder.rules.upsert({ itemId: foreignItem.id, warehouseId: other.main.id, reorderPoint: "1", reorderQty: "1" });
    const o = room.owner.inventory.reorder.rules;
    expect(await failure(o.delete({ id: foreignRule.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(o.upsert({ id: foreignRule.id, itemId: item.id, warehouseId: room.main.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(o.upsert({ itemId: foreignItem.id, warehouseId: room.main.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(o.upsert({ itemId: item.id, warehouseId: other.main.id, reorderPoint: "1", reorderQty: "1" }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await room.owner.inventory.reorder.suggestions({ filters: { item: { type: "enum", values: [foreignItem.id] } } })).rows).toEqual([]);
  });
});
