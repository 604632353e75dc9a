// Segments (crm.segments.*): a saved customers-list filter validated against the list's own filter schema; members
// computed on read (a customer that changes moves in or out at once); the `segment` and `tags` filters of
// crm.customers.list; names unique per organization; cross-organization ids NOT_FOUND; permissions.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

async function fieldErrorsOf(p: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: (string | number)[]; message: string }[] } | undefined;
    const fields: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
    for (const i of cause?.issues ?? []) (fields[i.path.join(".")] ??= []).push(i.message);
    return fields;
  }
}

describe("crm.segments", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;
  let goldVip: { id: string; version: number };

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
    goldVip = await owner.crm.customers.create({ name: "Gold Vip One", tier: "gold", status: "active", tags: ["vip", "north"] });
    await owner.crm.customers.create({ name: "Gold Plain", tier: "gold", status: "active", tags: ["north"] });
    await owner.crm.customers.create({ name: "Silver Vip", tier: "silver", status: "active", tags: ["vip"] });
    await owner.crm.customers.create({ name: "Gold Lead Vip", tier: "gold", status: "lead", tags: ["vip"] });
    await otherOwner.crm.customers.create({ name: "Gold Vip Elsewhere", tier: "gold", status: "active", tags: ["vip"] });
  });

  const names = (r: { rows: { name: string }[] }) => r.rows.map((x) => x.name);

  it("creates a segment from the list's filters and q; members are the list run with them, counted", async () => {
    const s = await owner.crm.segments.create({
      name: "Gold VIPs",
      description: "Active gold customers tagged vip",
      definition: { filters: { tier: { type: "enum", values: ["gold"] }, status: { type: "enum", values: ["active"] }, tags: { type: "enum", values: ["vip"] } } },
    });
    const members = await owner.crm.segments.members({ id: s.id });
    expect(names(members)).toEqual(["Gold Vip One"]);
    expect(members.total).toBe(1);
    // The same through the customers list's `segment` filter, combined (AND) with the list's own filters.
    expect(names(await owner.crm.customers.list({ filters: { segment: { type: "enum", values: [s.id] } } }))).toEqual(["Gold Vip One"]);
    expect(names(await owner.crm.customers.list({ filters: { segment: { type: "enum", values: [s.id] } }, q: "nothing" }))).toEqual([]);
    // tags filter alone: any of the tags.
    expect(names(await owner.crm.customers.list({ filters: { tags: { type: "enum", values: ["vip"] } } }))).toEqual(["Gold Lead Vip", "Gold Vip One", "Silver Vip"]);

    const q = await owner.crm.segments.create({ name: "Active gold by text", definition: { q: "gold", filters: { status: { type: "enum", values: ["active"] } } } });
    expect(names(await owner.crm.segments.members({ id: q.id }))).toEqual(["Gold Plain", "Gold Vip One"]);

    const list = await owner.crm.segments.list({});
    expect(list.rows.map((r) => [r.name, r.memberCount])).toEqual([
      ["Active gold by text", 2],
      ["Gold VIPs", 1],
    ]);
    expect(list.total).toBe(2);
    const got = await owner.crm.segments.get({ id: s.id });
    expect(got).toMatchObject({ name: "Gold VIPs", memberCount: 1, memberCountCapped: false, description: "Active gold customers tagged vip" });
  });

  it("computes members on read: a customer that changes moves in or out", async () => {
    const s = await owner.crm.segments.create({ name: "Platinum", definition: { filters: { tier: { type: "enum", values: ["platinum"] } } } });
    expect(names(await owner.crm.segments.members({ id: s.id }))).toEqual([]);
    const up = await owner.crm.customers.update({ id: goldVip.id, version: goldVip.version, tier: "platinum" });
    expect(names(await owner.crm.segments.members({ id: s.id }))).toEqual(["Gold Vip One"]);
    await owner.crm.customers.archive({ id: goldVip.id });
    expect(names(await owner.crm.segments.members({ id: s.id }))).toEqual([]);
    const restored = await owner.crm.customers.restore({ id: goldVip.id });
    await owner.crm.customers.update({ id: goldVip.id, version: restored.version, tier: "gold" });
    expect(up.tier).toBe("platinum");
    expect(names(await owner.crm.segments.members({ id: s.id }))).toEqual([]);
  });

  it("validates the definition against the list's filter schema; names unique per organization (any case)", async () => {
    expect(await fieldErrorsOf(owner.crm.segments.create({ name: "Bad", definition: { filters: { color: { type: "enum", values: ["red"] } } } }))).toHaveProperty(
      "definition.filters.color",
    );
    expect(await fieldErrorsOf(owner.crm.segments.create({ name: "Bad", definition: { filters: { tier: { type: "text", value: "gold" } } } }))).toHaveProperty(
      "definition.filters.tier",
    );
    expect(await fieldErrorsOf(owner.crm.segments.create({ name: "", definition: {} }))).toHaveProperty("name");
    expect(await fieldErrorsOf(owner.crm.segments.create({ name: "gold vips", definition: {} }))).toEqual({ name: ["A segment with this name exists"] });
    // Same name in another organization is fine.
    await otherOwner.crm.segments.create({ name: "Gold VIPs", definition: {} });
  });

  it("updates with the version read and deletes", async () => {
    const s = await owner.crm.segments.create({ name: "Temp", definition: { q: "silver" } });
    const u = await owner.crm.segments.update({ id: s.id, version: s.version, name: "Silver ones", definition: { filters: { tier: { type: "enum", values: ["silver"] } } } });
    expect(u).toMatchObject({ name: "Silver ones", version: 2, definition: { filters: { tier: { type: "enum", values: ["silver"] } } } });
    expect(names(await owner.crm.segments.members({ id: s.id }))).toEqual(["Silver Vip"]);
    expect(await codeOf(owner.crm.segments.update({ id: s.id, version: 1, name: "Stale" }))).toBe("CONFLICT");
    expect(await fieldErrorsOf(owner.crm.segments.update({ id: s.id, version: 2, name: "Gold VIPs" }))).toHaveProperty("name");
    await owner.crm.segments.delete({ id: s.id });
    expect(await codeOf(owner.crm.segments.get({ id: s.id }))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for another organization's segment on every procedure and in the list filter", async () => {
    const s = await owner.crm.segments.create({ name: "Private", definition: { q: "gold" } });
    expect(await codeOf(otherOwner.crm.segments.get({ id: s.id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.segments.members({ id: s.id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.segments.update({ id: s.id, version: 1, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.segments.delete({ id: s.id }))).toBe("NOT_FOUND");
    expect(await codeOf(otherOwner.crm.customers.list({ filters: { segment: { type: "enum", values: [s.id] } } }))).toBe("NOT_FOUND");
    expect(await codeOf(owner.crm.customers.list({ filters: { segment: { type: "enum", values: ["not-a-uuid"] } } }))).toBe("BAD_REQUEST");
  });

  it("members follow the member's own visibility; managing needs crm.settings.manage", async () => {
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    await boss.crm.customers.create({ name: "Everyone Gold", tier: "gold" });
    await boss.crm.customers.create({ name: "Second Gold", tier: "gold", workspaceId: o.workspaces.second! });
    const s = await boss.crm.segments.create({ name: "Gold", definition: { filters: { tier: { type: "enum", values: ["gold"] } } } });
    const mainOnly = await as(await makeUser(o, { roles: ["viewer"], workspaces: ["main"] }), o);
    expect(names(await boss.crm.segments.members({ id: s.id }))).toEqual(["Everyone Gold", "Second Gold"]);
    expect(names(await mainOnly.crm.segments.members({ id: s.id }))).toEqual(["Everyone Gold"]);
    expect((await mainOnly.crm.segments.list({})).rows[0]).toMatchObject({ name: "Gold", memberCount: 1 });
    expect(await codeOf(mainOnly.crm.segments.create({ name: "Nope", definition: {} }))).toBe("FORBIDDEN");
    expect(await codeOf(mainOnly.crm.segments.delete({ id: s.id }))).toBe("FORBIDDEN");
  });
});
