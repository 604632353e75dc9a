// The customer list's enum and owner filters compare the columns in their own types (so the owner index and the
// count's covering index apply under RLS, docs/BENCHMARKS.md): one value or several, and values that cannot match
// (unknown labels, non-UUID owners) select nothing instead of failing.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";

describe("crm.customers.list filters", () => {
  let owner: Awaited<ReturnType<typeof callerFor>>;
  let memberId: string;

  beforeAll(async () => {
    const org = await makeOrg();
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
});
