// A customer's timeline (activities + status history + audit events merged and keyset-paged in SQL), its summary
// (no fan-out between deals and activities), and the CRM dashboard's figures against hand-computed sums;
// cross-organization and cross-workspace NOT_FOUND, record scope "own", permissions.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";
import { makeDeal, makeOwnScopeRole, membershipOf } from "./fixtures";

type Org = Awaited<ReturnType<typeof makeOrg>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });
const DAY = 24 * 3600_000;

async function statusRow(orgId: string, entityType: "customer" | "deal", entityId: string, from: string, to: string, at: Date, actorId: string | null = null) {
  await systemDb().statusHistory.create({
    data: { organizationId: orgId, id: randomUUID(), entityType, entityId, fromStatus: from, toStatus: to, transition: `${from}_to_${to}`, createdAt: at, actorId },
  });
}

describe("crm.customers.timeline", () => {
  let org: Org;
  let other: Org;
  let owner: Caller;
  let otherOwner: Caller;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(other)]);
    [owner, otherOwner] = await Promise.all([as(u1, org), as(u2, other)]);
  });

  it("merges activities (also on contacts and deals), status changes and audit events, newest first, paged across sources", async () => {
    const cust = await owner.crm.customers.create({ name: "Timeline Co" });
    const noise = await owner.crm.customers.create({ name: "Someone Else" });
    const contact = await owner.crm.contacts.create({ customerId: cust.id, firstName: "Tia" });
    const deal = await makeDeal(org.id, cust.id, { stage: "proposal", value: "500" });
    await owner.crm.customers.transition({ id: cust.id, version: 1, transition: "qualify" });
    const a1 = await owner.crm.activities.create({ customerId: cust.id, type: "call", subject: "On the customer" });
    const a2 = await owner.crm.activities.create({ contactId: contact.id, type: "email", subject: "On the contact" });
    const a3 = await owner.crm.activities.create({ dealId: deal.id, type: "demo", subject: "On the deal" });
    await owner.crm.activities.create({ customerId: noise.id, type: "call", subject: "Not this customer" });
    // Status history rows interleaved in time with the rest (one far in the past, one in the future).
    await statusRow(org.id, "deal", deal.id, "qualified", "proposal", new Date(Date.now() - 10 * DAY));
    await statusRow(org.id, "customer", cust.id, "lead", "prospect", new Date(Date.now() + DAY));
    await statusRow(org.id, "customer", noise.id, "lead", "active", new Date());

    const full = await owner.crm.customers.timeline({ customerId: cust.id, perPage: 100 });
    expect(full.nextCursor).toBeUndefined();
    const kinds = full.rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === "activity")).toHaveLength(3);
    // The two written above and the customer's own lead → prospect transition.
    expect(kinds.filter((k) => k === "status")).toHaveLength(3);
    // Audit: customer insert + update, contact insert, deal insert (activities' own row events are not repeated).
    const audit = full.rows.filter((r) => r.kind === "audit").map((r) => (r.kind === "audit" ? `${r.data.table} ${r.data.action}` : ""));
    expect(audit.sort()).toEqual(["crm.contacts insert", "crm.customers insert", "crm.customers update", "crm.deals insert"]);
    const upd = full.rows.find((r) => r.kind === "audit" && r.data.action === "update");
    expect(upd?.kind === "audit" && upd.data).toMatchObject({ fields: ["status"], status: { old: "lead", new: "prospect" } });
    expect(full.rows.filter((r) => r.kind === "activity").map((r) => r.id).sort()).toEqual([a1.id, a2.id, a3.id].sort());
    expect(full.rows[0]!.kind).toBe("status"); // the future one
    expect(full.rows.at(-1)!.kind).toBe("status"); // ten days ago
    // Ordered by (time, id) descending.
    for (let i = 1; i < full.rows.length; i++) {
      const [p, c] = [full.rows[i - 1]!, full.rows[i]!];
      expect(p.at.getTime() > c.at.getTime() || (p.at.getTime() === c.at.getTime() && p.id > c.id)).toBe(true);
    }
    // Paging by 2 and by 3 gives exactly the same stream.
    for (const perPage of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await owner.crm.customers.timeline({ customerId: cust.id, perPage, cursor });
        expect(page.rows.length).toBeLessThanOrEqual(perPage);
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(full.rows.map((r) => r.id));
    }
    expect(await codeOf(owner.crm.customers.timeline({ customerId: cust.id, cursor: "garbage" }))).toBe("BAD_REQUEST");
  });

  it("pages correctly when many rows share one instant across sources", async () => {
    const cust = await owner.crm.customers.create({ name: "Same Instant" });
    const at = new Date(Date.now() - DAY);
    for (let i = 0; i < 4; i++) await statusRow(org.id, "customer", cust.id, "lead", "prospect", at);
    const acts = [];
    for (let i = 0; i < 4; i++) acts.push(await owner.crm.activities.create({ customerId: cust.id, type: "note", subject: `N${i}` }));
    await systemDb().activity.updateMany({ where: { organizationId: org.id, id: { in: acts.map((a) => a.id) } }, data: { createdAt: at } });
    const full = await owner.crm.customers.timeline({ customerId: cust.id, perPage: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.crm.customers.timeline({ customerId: cust.id, perPage: 3, cursor });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(full.rows.map((r) => r.id));
    expect(new Set(seen).size).toBe(full.rows.length);
    expect(full.rows.filter((r) => r.at.getTime() === at.getTime())).toHaveLength(8);
  });

  it("answers NOT_FOUND for another organization's or an unseen workspace's customer", async () => {
    const foreign = await otherOwner.crm.customers.create({ name: "Foreign" });
    expect(await codeOf(owner.crm.customers.timeline({ customerId: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(owner.crm.customers.summary({ id: foreign.id }))).toBe("NOT_FOUND");
    const o = await makeOrg({ workspaces: ["main", "second"] });
    const boss = await as(await makeUser(o), o);
    const mainOnly = await as(await makeUser(o, { roles: ["viewer"], workspaces: ["main"] }), o);
    const local = await boss.crm.customers.create({ name: "Second", workspaceId: o.workspaces.second! });
    expect(await codeOf(mainOnly.crm.customers.timeline({ customerId: local.id }))).toBe("NOT_FOUND");
    expect(await codeOf(mainOnly.crm.customers.summary({ id: local.id }))).toBe("NOT_FOUND");
  });
});

describe("crm.customers.summary", () => {
  it("counts 3 deals and 4 activities without fan-out; sums per currency equal the hand sums", async () => {
    const org = await makeOrg();
    const c = await as(await makeUser(org), org);
    const cust = await c.crm.customers.create({ name: "Fan-out Check" });
    const other = await c.crm.customers.create({ name: "Other" });
    const closed = new Date(Date.now() - 2 * DAY);
    await makeDeal(org.id, cust.id, { stage: "proposal", value: "1000.00", probability: 50 });
    await makeDeal(org.id, cust.id, { stage: "negotiation", value: "250.50", probability: 80 });
    await makeDeal(org.id, cust.id, { stage: "won", value: "4000.00", closedAt: closed });
    await makeDeal(org.id, cust.id, { stage: "qualified", value: "999", currency: "EUR", archived: true }); // archived: not counted
    await makeDeal(org.id, other.id, { stage: "won", value: "7777" }); // another customer
    const acts = [];
    for (let i = 0; i < 4; i++) acts.push(await c.crm.activities.create({ customerId: cust.id, type: "task", subject: `A${i}`, dueAt: new Date(Date.now() + (i - 1) * DAY + 3600_000) }));
    await c.crm.activities.complete({ id: acts[3]!.id, version: 1, outcome: "done" });
    await c.crm.activities.create({ customerId: other.id, type: "call", subject: "elsewhere" });

    const s = await c.crm.customers.summary({ id: cust.id });
    expect(s).toMatchObject({
      customerId: cust.id,
      dealCount: 3,
      openDealCount: 2,
      // open 1000 + 250.50; weighted 1000×50% + 250.50×80% = 500 + 200.40; won 4000.
      money: [{ currency: "USD", openValue: "1250.50", weightedValue: "700.40", wonValue: "4000.00" }],
      openActivities: 3,
      overdueActivities: 1,
    });
    const done = await c.crm.activities.get({ id: acts[3]!.id });
    expect(s.lastActivityAt!.getTime()).toBe(done.doneAt!.getTime());
    // The buggy form (deals joined with activities in one GROUP BY) would have said 12 deals and 4 × the value.
    const [buggy] = await systemDb().$queryRaw<{ deals: bigint; open: string }[]>`
      select count(d.id) as deals, sum(d.value) filter (where d.closed_at is null)::text as open
        from crm.customers cu join crm.deals d on d.organization_id = cu.organization_id and d.customer_id = cu.id and d.archived_at is null
        join crm.activities a on a.organization_id = cu.organization_id and a.customer_id = cu.id
       where cu.organization_id = ${org.id}::uuid and cu.id = ${cust.id}::uuid group by cu.id`;
    expect(Number(buggy!.deals)).toBe(12);
    expect(buggy!.open).toBe("5002.00");

    const empty = await c.crm.customers.summary({ id: (await c.crm.customers.create({ name: "Nothing yet" })).id });
    expect(empty).toMatchObject({ dealCount: 0, openDealCount: 0, money: [], lastActivityAt: null, openActivities: 0, overdueActivities: 0 });
  });

  it("keeps currencies apart and shows an own-scope member only their own deals and activities", async () => {
    const org = await makeOrg();
    const boss = await as(await makeUser(org), org);
    const key = await makeOwnScopeRole(org.id, ["crm.customer.read", "crm.deal.read", "crm.activity.read", "crm.activity.manage"]);
    const rep = await makeUser(org, { roles: [key] });
    const repC = await as(rep, org);
    const repM = await membershipOf(org.id, rep.id);
    const cust = await boss.crm.customers.create({ name: "Split", ownerMembershipId: repM }); // own scope sees only its own customers
    await makeDeal(org.id, cust.id, { stage: "lead", value: "100", currency: "EUR", ownerMembershipId: repM });
    await makeDeal(org.id, cust.id, { stage: "lead", value: "300", currency: "USD" });
    await boss.crm.activities.create({ customerId: cust.id, type: "call", subject: "boss" });
    await repC.crm.activities.create({ customerId: cust.id, type: "call", subject: "rep" });
    const all = await boss.crm.customers.summary({ id: cust.id });
    expect(all.money.map((m) => [m.currency, m.openValue])).toEqual([["EUR", "100.00"], ["USD", "300.00"]]);
    expect(all.openActivities).toBe(2);
    const own = await repC.crm.customers.summary({ id: cust.id });
    expect(own).toMatchObject({ dealCount: 1, money: [{ currency: "EUR", openValue: "100.00" }], openActivities: 1 });
  });
});

describe("crm.dashboard", () => {
  let org: Org;
  let boss: Caller;
  let bossM: string;
  let repM: string;
  let bigId: string;

  beforeAll(async () => {
    org = await makeOrg();
    const u = await makeUser(org);
    boss = await as(u, org);
    bossM = await membershipOf(org.id, u.id);
    const rep = await makeUser(org, { roles: ["sales"] });
    repM = await membershipOf(org.id, rep.id);
    const big = await boss.crm.customers.create({ name: "Big Buyer" });
    const small = await boss.crm.customers.create({ name: "Small Buyer" });
    bigId = big.id;
    const today = new Date();
    const inDays = (n: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + n));
    const monthsAgo = (n: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - n, 15, 12));
    // Open pipeline (USD): lead 2 × (100 @10 %, 200 @20 %), proposal 1000 @60 %, closing 50 @100 % (rep's).
    await makeDeal(org.id, big.id, { stage: "lead", value: "100", probability: 10, expectedCloseDate: inDays(5) });
    await makeDeal(org.id, small.id, { stage: "lead", value: "200", probability: 20, expectedCloseDate: inDays(45) });
    await makeDeal(org.id, big.id, { stage: "proposal", value: "1000", probability: 60, expectedCloseDate: inDays(30) });
    await makeDeal(org.id, small.id, { stage: "closing", value: "50", probability: 100, expectedCloseDate: inDays(-1), ownerMembershipId: repM });
    // Not counted: EUR, archived.
    await makeDeal(org.id, big.id, { stage: "lead", value: "9999", currency: "EUR", expectedCloseDate: inDays(1) });
    await makeDeal(org.id, big.id, { stage: "proposal", value: "8888", archived: true });
    // Closed: won this month 3000 (big) + 500 (small, rep), won 2 months ago 700 (small), lost last month 400,
    // won 13 months ago (outside the 12 months) 10000 (big: counts for top customers, all time).
    await makeDeal(org.id, big.id, { stage: "won", value: "3000", closedAt: new Date() });
    await makeDeal(org.id, small.id, { stage: "won", value: "500", closedAt: new Date(), ownerMembershipId: repM });
    await makeDeal(org.id, small.id, { stage: "won", value: "700", closedAt: monthsAgo(2) });
    await makeDeal(org.id, small.id, { stage: "lost", value: "400", closedAt: monthsAgo(1) });
    await makeDeal(org.id, big.id, { stage: "won", value: "10000", closedAt: monthsAgo(13) });
    // Activities: 2 overdue (one yesterday), 1 due later today, 1 tomorrow, 1 done overdue (not counted).
    const mk = (subject: string, dueAt: Date, extra: object = {}) => boss.crm.activities.create({ customerId: big.id, type: "task", subject, dueAt, ...extra });
    await mk("overdue 1", new Date(Date.now() - DAY));
    await mk("overdue 2", new Date(Date.now() - 2 * DAY), { ownerMembershipId: repM });
    const endOfToday = inDays(1).getTime();
    await mk("today", new Date(Math.min(Date.now() + 60_000, endOfToday - 1000)));
    await mk("tomorrow", new Date(endOfToday + 3600_000));
    await mk("done", new Date(Date.now() - DAY), { done: true });
  });

  it("pipeline by stage, closing in 30 days, won vs lost by month, activities due, top customers: equal to the hand sums", async () => {
    const d = await boss.crm.dashboard({});
    expect(d.currency).toBe("USD");
    expect(d.pipeline).toEqual([
      { stage: "lead", count: 2, value: "300.00", weightedValue: "50.00" },
      { stage: "qualified", count: 0, value: "0.00", weightedValue: "0.00" },
      { stage: "proposal", count: 1, value: "1000.00", weightedValue: "600.00" },
      { stage: "negotiation", count: 0, value: "0.00", weightedValue: "0.00" },
      { stage: "closing", count: 1, value: "50.00", weightedValue: "50.00" },
    ]);
    // Closing in [today, today + 30]: 100 (in 5 days) and 1000 (in 30 days); not the overdue one nor the one in 45.
    expect(d.closingSoon).toMatchObject({ count: 2, value: "1100.00", weightedValue: "610.00", from: d.today });
    expect(d.wonLost).toHaveLength(12);
    const last = d.wonLost.at(-1)!;
    expect(last).toMatchObject({ wonCount: 2, wonValue: "3500.00", lostCount: 0 });
    expect(last.month).toBe(d.today.slice(0, 7));
    expect(d.wonLost.at(-2)).toMatchObject({ wonCount: 0, lostCount: 1, lostValue: "400.00" });
    expect(d.wonLost.at(-3)).toMatchObject({ wonCount: 1, wonValue: "700.00" });
    expect(d.wonLost.reduce((s, m) => s + m.wonCount, 0)).toBe(3); // the 13-month-old one is outside
    expect(d.wonLost[0]!.from.endsWith("-01")).toBe(true);
    expect(d.activitiesDue).toMatchObject({ today: 1, overdue: 2 });
    // Top customers by won value, all time: big 3000 + 10000, small 500 + 700.
    expect(d.topCustomers).toEqual([
      { customerId: bigId, number: expect.any(String), name: "Big Buyer", wonValue: "13000.00", wonCount: 2 },
      { customerId: expect.any(String), number: expect.any(String), name: "Small Buyer", wonValue: "1200.00", wonCount: 2 },
    ]);
  });

  it("filters by owner (me or a member) and by currency", async () => {
    const rep = await boss.crm.dashboard({ owner: repM });
    expect(rep.pipeline.find((p) => p.stage === "closing")).toMatchObject({ count: 1, value: "50.00" });
    expect(rep.pipeline.reduce((s, p) => s + p.count, 0)).toBe(1);
    expect(rep.activitiesDue).toMatchObject({ today: 0, overdue: 1 });
    expect(rep.topCustomers.map((t) => t.wonValue)).toEqual(["500.00"]);
    const me = await boss.crm.dashboard({ owner: "me" });
    expect(me.owner).toBe(bossM);
    expect(me.pipeline.reduce((s, p) => s + p.count, 0)).toBe(0); // the boss owns no deals
    expect(me.activitiesDue).toMatchObject({ today: 1, overdue: 1 });
    const eur = await boss.crm.dashboard({ currency: "eur" });
    expect(eur.currency).toBe("EUR");
    expect(eur.pipeline[0]).toMatchObject({ count: 1, value: "9999.00" });
    expect(eur.currencies).toContain("EUR");
    expect(await codeOf(boss.crm.dashboard({ currency: "XYZ" }))).toBe("BAD_REQUEST");
  });

  it("counts activities due up to 10,000 and says when there are more", async () => {
    const o = await makeOrg();
    const c = await as(await makeUser(o), o);
    const cust = await c.crm.customers.create({ name: "Backlog" });
    await systemDb().$executeRaw`insert into crm.activities (organization_id, id, type, subject, customer_id, due_at)
      select ${o.id}::uuid, gen_random_uuid(), 'task', 'Old task ' || g, ${cust.id}::uuid, now() - interval '3 days'
        from generate_series(1, 10001) g`;
    const d = await c.crm.dashboard({});
    expect(d.activitiesDue).toEqual({ today: 0, todayCapped: false, overdue: 10_000, overdueCapped: true });
  });

  it("months follow the organization's time zone", async () => {
    const o = await makeOrg();
    await systemDb().organization.update({ where: { id: o.id }, data: { timeZone: "Pacific/Kiritimati" } });
    const c = await as(await makeUser(o), o);
    const cust = await c.crm.customers.create({ name: "TZ" });
    // The last instant of the previous local month: still last month in Kiritimati, already... whatever UTC says.
    const [edgeRow] = await systemDb().$queryRaw<{ edge: Date }[]>`
      select (date_trunc('month', now() at time zone 'Pacific/Kiritimati') at time zone 'Pacific/Kiritimati') - interval '1 second' as edge`;
    await makeDeal(o.id, cust.id, { stage: "won", value: "10", closedAt: edgeRow!.edge });
    const d = await c.crm.dashboard({});
    expect(d.timeZone).toBe("Pacific/Kiritimati");
    expect(d.wonLost.at(-1)!.wonCount).toBe(0);
    expect(d.wonLost.at(-2)!.wonCount).toBe(1);
  });

  it("lets the viewer and manager read it; an own-scope member sees only their own; no activity figures without crm.activity.read", async () => {
    const viewer = await as(await makeUser(org, { roles: ["viewer"] }), org);
    const manager = await as(await makeUser(org, { roles: ["manager"] }), org);
    expect((await viewer.crm.dashboard({})).pipeline[0]!.count).toBe(2);
    expect((await manager.crm.dashboard({})).activitiesDue).toMatchObject({ today: 1, overdue: 2 });
    const key = await makeOwnScopeRole(org.id, ["crm.deal.read"]);
    const own = await as(await makeUser(org, { roles: [key] }), org);
    const d = await own.crm.dashboard({});
    expect(d.pipeline.reduce((s, p) => s + p.count, 0)).toBe(0);
    expect(d.activitiesDue).toBeNull();
    const noDeals = await as(await makeUser(org, { roles: [await makeOwnScopeRole(org.id, ["crm.activity.read"])] }), org);
    expect(await codeOf(noDeals.crm.dashboard({}))).toBe("FORBIDDEN");
    // Another organization's claim is refused by the chain before the service.
    const foreign = await makeOrg();
    const stranger = await callerFor((await makeUser(foreign)).id, { org: org.slug });
    expect(await codeOf(stranger.crm.dashboard({}))).toBe("NOT_FOUND");
  });
});
