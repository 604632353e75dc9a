// The customer list's enum and owner filters compare the columns in their own types (so the owner index and the
// count's covering index apply under RLS, docs/BENCHMARKS.md): one value or several, and values that cannot match
// (unknown labels, non-UUID owners) select nothing instead of failing. Tier, status and type filter on the generated
// smallint keys (tier_key, status_key, type_key; leakproof, so index conditions under RLS): the keys must follow the
// enums exactly as the service numbers them, on insert and on update.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { CUSTOMER_STATUSES, CUSTOMER_TIERS, CUSTOMER_TYPES } from "@/server/modules/crm/crm.schemas";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";

describe("crm.customers.list filters", () => {
  let owner: Awaited<ReturnType<typeof callerFor>>;
  let memberId: string;
  let orgId: string;

  beforeAll(async () => {
    const org = await makeOrg();
    orgId = org.id;
    const user = await makeUser(org);
    owner = await callerFor(user.id, { org: org.slug });
    memberId = (await systemDb().membership.findFirstOrThrow({ where: { organizationId: org.id, userId: user.id }, select: { id: true } })).id;
    await owner.crm.customers.create({ name: "Gold Mine", tier: "gold", status: "active", ownerMembershipId: memberId });
    await owner.crm.customers.create({ name: "Gold Rush", tier: "gold", type: "individual" });
    await owner.crm.customers.create({ name: "Silver Lining", tier: "silver", status: "active", ownerMembershipId: memberId });
    await owner.crm.customers.create({ name: "Plain", tier: "standard" });
  });

  const names = async (filters: Record<string, { type: "enum"; values: string[] }>) => {
    const r = await owner.crm.customers.list({ filters });
    return { names: r.rows.map((x) => x.name), total: r.total };
  };

  it("filters by one or several values, combined, with the count", async () => {
    expect(await names({ tier: { type: "enum", values: ["gold"] } })).toEqual({ names: ["Gold Mine", "Gold Rush"], total: 2 });
    expect(await names({ tier: { type: "enum", values: ["gold", "silver"] } })).toEqual({ names: ["Gold Mine", "Gold Rush", "Silver Lining"], total: 3 });
    expect(await names({ tier: { type: "enum", values: ["gold"] }, owner: { type: "enum", values: [memberId] } })).toEqual({ names: ["Gold Mine"], total: 1 });
    expect(await names({ owner: { type: "enum", values: [memberId.toUpperCase(), memberId] } })).toEqual({ names: ["Gold Mine", "Silver Lining"], total: 2 });
    expect(await names({ status: { type: "enum", values: ["active"] }, type: { type: "enum", values: ["company"] } })).toEqual({
      names: ["Gold Mine", "Silver Lining"],
      total: 2,
    });
  });

  it("selects nothing for values that cannot match, without an error", async () => {
    expect(await names({ tier: { type: "enum", values: ["diamond"] } })).toEqual({ names: [], total: 0 });
    expect(await names({ tier: { type: "enum", values: ["diamond", "silver"] } })).toEqual({ names: ["Silver Lining"], total: 1 });
    expect(await names({ owner: { type: "enum", values: ["not-a-uuid"] } })).toEqual({ names: [], total: 0 });
    expect(await names({ status: { type: "enum", values: ["x'; drop table crm.customers; --"] } })).toEqual({ names: [], total: 0 });
  });

  it("keeps the generated keys equal to each label's position, on insert and update; the keys cannot be written", async () => {
    for (const tier of CUSTOMER_TIERS) await owner.crm.customers.create({ name: `Key ${tier}`, tier });
    const db = systemDb();
    for (const status of CUSTOMER_STATUSES) {
      const c = await owner.crm.customers.create({ name: `Key ${status}` });
      // Straight in the table (the status machine would need a chain of transitions): the key is the database's.
      await db.$executeRaw`update crm.customers set status = ${status}::crm.customer_status where organization_id = ${orgId}::uuid and id = ${c.id}::uuid`;
    }
    const rows = await db.$queryRaw<{ tier: string; status: string; type: string; tk: number; sk: number; yk: number }[]>`
      select tier::text as tier, status::text as status, type::text as type, tier_key as tk, status_key as sk, type_key as yk
        from crm.customers where organization_id = ${orgId}::uuid`;
    for (const r of rows) {
      expect(r.tk).toBe(CUSTOMER_TIERS.indexOf(r.tier as never) + 1);
      expect(r.sk).toBe(CUSTOMER_STATUSES.indexOf(r.status as never) + 1);
      expect(r.yk).toBe(CUSTOMER_TYPES.indexOf(r.type as never) + 1);
    }
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(CUSTOMER_TIERS));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(CUSTOMER_STATUSES));

    // An update moves the row to the new key: the filter follows it.
    const plat = (await owner.crm.customers.list({ q: "Key platinum" })).rows[0]!;
    const got = await owner.crm.customers.get({ id: plat.id });
    await owner.crm.customers.update({ id: plat.id, version: got.version, tier: "silver" });
    expect((await names({ tier: { type: "enum", values: ["platinum"] } })).names).toEqual([]);
    expect((await names({ tier: { type: "enum", values: ["silver"] } })).names).toContain("Key platinum");

    await expect(db.$executeRaw`update crm.customers set tier_key = 1 where organization_id = ${orgId}::uuid`).rejects.toThrow(/can only be updated to DEFAULT/);
  });
});
