// The lazy count of the list contract: crm.customers.count and crm.deals.count answer, for the list's own input, the
// same { total, totalCapped } the list answers with its rows — same visibility (workspace, record scope "own"),
// filters, segment and search — and the list leaves the count out when asked with `withTotal: false`.
// (A foreign scope is refused with NOT_FOUND like every procedure: tests/isolation/procedures.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP } from "@/lib/list";
import { systemDb } from "@/server/db/client";
import { codeOf } from "../helpers/trpc";
import { makeOrg, makeUser } from "../helpers/factory";
import { as, membershipOf, ownRole, type Caller, type Org } from "./pipeline-helpers";

describe("list count procedures", () => {
  let org: Org;
  let boss: Caller;
  let mainOnly: Caller;
  let own: Caller;
  let repM: string;
  let ownM: string;
  let segmentId: string;

  beforeAll(async () => {
    org = await makeOrg({ workspaces: ["main", "second"] });
    const u = await makeUser(org);
    boss = await as(u, org);
    const rep = await makeUser(org, { roles: ["sales"] });
    repM = await membershipOf(org, rep.id);
    mainOnly = await as(await makeUser(org, { roles: ["manager"], workspaces: ["main"] }), org);
    const ownUser = await makeUser(org, { roles: [await ownRole(org, ["crm.customer.read", "crm.deal.read"])] });
    ownM = await membershipOf(org, ownUser.id);
    own = await as(ownUser, org);
    // 12 customers: names with "Nordic" or "Baltic", gold or standard, spread over no / main / second workspace and owners.
    const owners = [null, repM, ownM];
    const workspaces = [undefined, org.workspaces.main!, org.workspaces.second!];
    for (let i = 0; i < 12; i++) {
      const c = await boss.crm.customers.create({
        name: `${i % 2 ? "Nordic" : "Baltic"} Trading ${i}`,
        tier: i % 3 ? "standard" : "gold",
        ...(owners[i % 3] ? { ownerMembershipId: owners[i % 3]! } : {}),
        ...(workspaces[Math.floor(i / 4)] ? { workspaceId: workspaces[Math.floor(i / 4)] } : {}),
      });
      await boss.crm.deals.create({
        name: `${i % 2 ? "Nordic" : "Baltic"} deal ${i}`,
        customerId: c.id,
        value: `${100 + i}`,
        ...(owners[(i + 1) % 3] ? { ownerMembershipId: owners[(i + 1) % 3]! } : {}),
        ...(i % 4 === 0 ? { stage: "proposal" as const } : {}),
      });
    }
    segmentId = (await boss.crm.segments.create({ name: "Gold", definition: { filters: { tier: { type: "enum", values: ["gold"] } } } })).id;
  });

  const customerInputs = (): Parameters<Caller["crm"]["customers"]["list"]>[0][] => [
    { perPage: 5 },
    { q: "nordic", perPage: 5 },
    { q: "nordic trad", perPage: 2, sort: { id: "createdAt", desc: true } },
    { filters: { tier: { type: "enum" as const, values: ["gold"] } }, perPage: 5 },
    { filters: { owner: { type: "enum" as const, values: [repM] } }, perPage: 5 },
    { filters: { segment: { type: "enum" as const, values: [segmentId] } }, q: "baltic", perPage: 5 },
    { filters: { archived: { type: "enum" as const, values: ["archived"] } }, perPage: 5 },
  ];

  it("crm.customers.count equals the list's total for the same input, for each member's visibility", async () => {
    const seen: number[] = [];
    for (const [name, caller] of [["owner", boss], ["one workspace", mainOnly], ["record scope own", own]] as const) {
      for (const input of customerInputs()) {
        const list = await caller.crm.customers.list(input);
        const count = await caller.crm.customers.count(input);
        expect(count, `${name}: ${JSON.stringify(input)}`).toEqual({ total: list.total, totalCapped: false });
        // The count ignores cursor, page and perPage: a later page counts the same.
        const later = await caller.crm.customers.count({ ...input, perPage: 1, page: 2, sort: { id: "number", desc: false } });
        expect(later).toEqual(count);
        seen.push(count.total);
      }
    }
    // Not vacuous: the visibility and the filters did change the figures.
    expect(new Set(seen).size).toBeGreaterThan(4);
    expect((await boss.crm.customers.count({ perPage: 50 })).total).toBe(12);
    expect((await boss.crm.customers.count({ q: "nordic", perPage: 50 })).total).toBe(6);
    expect((await mainOnly.crm.customers.count({ perPage: 50 })).total).toBe(8); // organization-wide + main
    expect((await own.crm.customers.count({ perPage: 50 })).total).toBe(4); // its own ones
  });

  it("the list answers rows and nextCursor without a count when asked with withTotal: false", async () => {
    const withTotal = await boss.crm.customers.list({ q: "nordic", perPage: 2 });
    const without = await boss.crm.customers.list({ q: "nordic", perPage: 2, withTotal: false });
    expect(withTotal.total).toBe(6);
    expect(without.total).toBeUndefined();
    expect(without.totalCapped).toBeUndefined();
    expect(without.rows).toEqual(withTotal.rows);
    expect(without.nextCursor).toBe(withTotal.nextCursor);
    // Numbered pages (sort by number) too.
    const paged = await boss.crm.customers.list({ perPage: 5, page: 2, sort: { id: "number", desc: false }, withTotal: false });
    expect(paged.rows).toHaveLength(5);
    expect(paged.total).toBeUndefined();
    const deals = await boss.crm.deals.list({ perPage: 5, withTotal: false });
    expect(deals.rows).toHaveLength(5);
    expect(deals.total).toBeUndefined();
    expect((await boss.crm.deals.list({ perPage: 5 })).total).toBe(12);
  });

  it("crm.deals.count equals the deals list's total for the same input, for each member's visibility", async () => {
    const inputs: Parameters<Caller["crm"]["deals"]["list"]>[0][] = [
      { perPage: 5 },
      { q: "nordic", perPage: 5 },
      { filters: { stage: { type: "enum" as const, values: ["proposal"] } }, perPage: 5 },
      { filters: { owner: { type: "enum" as const, values: [ownM] } }, perPage: 5, sort: { id: "value", desc: true } },
    ];
    const seen: number[] = [];
    for (const [name, caller] of [["owner", boss], ["one workspace", mainOnly], ["record scope own", own]] as const) {
      for (const input of inputs) {
        const list = await caller.crm.deals.list(input);
        const count = await caller.crm.deals.count(input);
        expect(count, `${name}: ${JSON.stringify(input)}`).toEqual({ total: list.total, totalCapped: false });
        seen.push(count.total);
      }
    }
    expect(new Set(seen).size).toBeGreaterThan(3);
    expect((await own.crm.deals.count({ perPage: 50 })).total).toBe(4);
  });

  it("caps at COUNT_CAP, validates its input like the list, and needs the list's permission", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    await systemDb().$executeRaw`insert into crm.customers (organization_id, id, number, name, tags)
      select ${o.id}::uuid, gen_random_uuid(), 'CAP-' || g, 'Capped ' || g, '{}' from generate_series(1, ${COUNT_CAP + 1}) g`;
    expect(await c.crm.customers.count({ perPage: 50 })).toEqual({ total: COUNT_CAP, totalCapped: true });
    expect(await codeOf(c.crm.customers.count({ perPage: 50, sort: { id: "nope", desc: false } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.crm.customers.count({ perPage: 50, filters: { color: { type: "enum", values: ["red"] } } }))).toBe("BAD_REQUEST");
    const noCustomers = await as(await makeUser(org, { roles: [await ownRole(org, ["crm.deal.read"])] }), org);
    expect(await codeOf(noCustomers.crm.customers.count({ perPage: 50 }))).toBe("FORBIDDEN");
    const noDeals = await as(await makeUser(org, { roles: [await ownRole(org, ["crm.customer.read"])] }), org);
    expect(await codeOf(noDeals.crm.deals.count({ perPage: 50 }))).toBe("FORBIDDEN");
  });
});
