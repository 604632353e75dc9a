// crm.customer_won_totals and crm.deal_close_day_totals (migration 20261202110000_crm_dashboard_perf) against a
// recomputation from crm.deals after every step of a random sequence (fixed seed) of creates, stage moves, value,
// probability, close-date, currency, owner and customer changes, archive, restore, workspace moves and deletes; then the
// dashboard's "top customers" and "closing in 30 days" — read from those tables — against the same figures summed from
// the deals with each member's visibility (every workspace; one workspace; record scope "own"; an owner filter).
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";
import { as, membershipOf, ownRole, type Caller, type Org } from "./pipeline-helpers";

/** mulberry32: a small deterministic generator, so a failure replays exactly. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZERO = "00000000-0000-0000-0000-000000000000";
const ALL = "ffffffff-ffff-ffff-ffff-ffffffffffff";

const WON = `currency, workspace_key::text as ws, owner_key::text as owner, customer_id::text as customer, won_count::int as n, won_value::numeric(30,2)::text as value`;
const DAYS = `currency, to_char(close_date, 'YYYY-MM-DD') as day, workspace_key::text as ws, owner_key::text as owner, deal_count::int as n,
  value::numeric(30,2)::text as value, weighted::numeric(30,4)::text as weighted`;

/** The stored rows of both tables and the same rows summed from the deals now, read bypassing RLS (the system role). */
async function compare(orgId: string) {
  return withConnection("system", async (c) => {
    const won = await c.query(`select ${WON} from crm.customer_won_totals where organization_id = $1 order by 1, 2, 3, 4`, [orgId]);
    const wonFresh = await c.query(
      `select ${WON} from (
         select d.currency, g.ws as workspace_key, g.owner as owner_key, d.customer_id, count(*) as won_count, sum(d.value) as won_value
           from crm.deals d
          cross join lateral (values ('${ALL}'::uuid, '${ALL}'::uuid),
                                     ('${ALL}'::uuid, coalesce(d.owner_membership_id, '${ZERO}')),
                                     (coalesce(d.workspace_id, '${ZERO}'), coalesce(d.owner_membership_id, '${ZERO}'))) g(ws, owner)
          where d.organization_id = $1 and d.archived_at is null and d.stage = 'won'
          group by 1, 2, 3, 4) x order by 1, 2, 3, 4`,
      [orgId],
    );
    const days = await c.query(`select ${DAYS} from crm.deal_close_day_totals where organization_id = $1 order by 1, 2, 3, 4`, [orgId]);
    const daysFresh = await c.query(
      `select ${DAYS} from (
         select d.currency, d.expected_close_date as close_date, coalesce(d.workspace_id, '${ZERO}') as workspace_key,
                coalesce(d.owner_membership_id, '${ZERO}') as owner_key, count(*) as deal_count, sum(d.value) as value,
                sum(d.value * d.probability / 100) as weighted
           from crm.deals d
          where d.organization_id = $1 and d.archived_at is null and d.closed_at is null and d.expected_close_date is not null
          group by 1, 2, 3, 4) x order by 1, 2, 3, 4`,
      [orgId],
    );
    return { won: won.rows, wonFresh: wonFresh.rows, days: days.rows, daysFresh: daysFresh.rows };
  });
}

/** What a member with these workspaces (null: all) and owner restriction must see, summed from the deals directly. */
async function expected(orgId: string, currency: string, workspaceIds: string[], owner: string | null) {
  return withConnection("system", async (c) => {
    const vis = `d.organization_id = $1 and d.archived_at is null and d.currency = $2
      and (d.workspace_id is null or d.workspace_id = any($3::uuid[])) and ($4::uuid is null or d.owner_membership_id = $4::uuid)`;
    const top = await c.query<{ customerId: string; wonValue: string; wonCount: number }>(
      `select d.customer_id::text as "customerId", sum(d.value)::numeric(18,2)::text as "wonValue", count(*)::int as "wonCount"
         from crm.deals d join crm.customers c on c.organization_id = d.organization_id and c.id = d.customer_id
        where ${vis} and d.stage = 'won' and (c.workspace_id is null or c.workspace_id = any($3::uuid[]))
        group by d.customer_id order by sum(d.value) desc, d.customer_id limit 10`,
      [orgId, currency, workspaceIds, owner],
    );
    const [soon] = (
      await c.query<{ count: number; value: string; weighted: string }>(
        `select count(*)::int as count, coalesce(sum(d.value), 0)::numeric(18,2)::text as value,
                round(coalesce(sum(d.value * d.probability / 100), 0), 2)::numeric(18,2)::text as weighted
           from crm.deals d
          where ${vis} and d.closed_at is null
            and d.expected_close_date >= (now() at time zone 'UTC')::date and d.expected_close_date <= (now() at time zone 'UTC')::date + 30`,
        [orgId, currency, workspaceIds, owner],
      )
    ).rows;
    return { top: top.rows, soon: soon! };
  });
}

describe("crm.customer_won_totals and crm.deal_close_day_totals", () => {
  let org: Org;
  let boss: Caller;
  let members: (string | null)[];
  let customers: string[];

  beforeAll(async () => {
    org = await makeOrg({ workspaces: ["main", "second"] });
    await withConnection("system", (c) => c.query("update platform.organizations set time_zone = 'UTC' where id = $1", [org.id]));
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(org, { roles: ["sales"] })]);
    boss = await as(u1, org);
    members = [await membershipOf(org, u1.id), await membershipOf(org, u2.id), null];
    customers = [
      (await boss.crm.customers.create({ name: "Org-wide Co" })).id,
      (await boss.crm.customers.create({ name: "Main Co", workspaceId: org.workspaces.main! })).id,
      (await boss.crm.customers.create({ name: "Second Co", workspaceId: org.workspaces.second! })).id,
    ];
  });

  it("equal a recomputation from the deals after every step of a random sequence (seed 20261202)", async () => {
    const r = rng(20261202);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const money = () => `${Math.floor(r() * 100000)}.${String(Math.floor(r() * 100)).padStart(2, "0")}`;
    const today = new Date();
    // Close dates around today (so that some fall in the dashboard's 30-day window), a few reused to share a day's row.
    const day = () => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + Math.floor(r() * 60) - 15)).toISOString().slice(0, 10);
    const deals: { id: string; version: number; archived: boolean }[] = [];
    const ops: string[] = [];
    const refresh = async (d: { id: string }) => (await boss.crm.deals.get({ id: d.id })).version;

    for (let step = 0; step < 80; step++) {
      const live = deals.filter((d) => !d.archived);
      const op =
        deals.length < 4
          ? "create"
          : pick(["create", "create", "move", "move", "won", "value", "owner", "archive", "restore", "workspace", "date", "currency", "customer", "delete"] as const);
      ops.push(op);
      if (op === "create" || !live.length) {
        const customerId = pick(customers);
        const d = await boss.crm.deals.create({
          name: `Deal ${step}`,
          customerId,
          value: money(),
          currency: pick(["USD", "USD", "EUR"]),
          ...(r() < 0.85 ? { expectedCloseDate: day() } : {}),
          ...(r() < 0.7 ? { ownerMembershipId: pick(members.filter((m): m is string => !!m)) } : {}),
          stage: pick(["lead", "qualified", "proposal", "negotiation", "closing"] as const),
        });
        deals.push({ id: d.id, version: d.version, archived: false });
      } else if (op === "move" || op === "won") {
        const d = pick(live);
        const stage = op === "won" ? "won" : pick(["lead", "qualified", "proposal", "negotiation", "closing", "won", "lost"] as const);
        try {
          const x = await boss.crm.deals.moveStage({ id: d.id, version: d.version, stage, ...(stage === "lost" ? { lostReason: "Price" } : {}) });
          d.version = x.version;
        } catch {
          d.version = await refresh(d); // already in that stage
        }
      } else if (op === "value" || op === "owner" || op === "date") {
        const d = pick(live);
        const patch =
          op === "value"
            ? { value: money(), ...(r() < 0.5 ? { probability: Math.floor(r() * 90) } : {}) }
            : op === "owner"
              ? { ownerMembershipId: pick(members) }
              : { expectedCloseDate: r() < 0.85 ? day() : null };
        try {
          const x = await boss.crm.deals.update({ id: d.id, version: d.version, ...patch });
          d.version = x.version;
        } catch {
          d.version = await refresh(d); // e.g. a probability above the stage's cap
        }
      } else if (op === "archive") {
        const d = pick(live);
        await boss.crm.deals.archive({ id: d.id });
        d.archived = true;
        d.version = await refresh(d);
      } else if (op === "restore") {
        const d = deals.find((x) => x.archived);
        if (d) {
          await boss.crm.deals.restore({ id: d.id });
          d.archived = false;
          d.version = await refresh(d);
        }
      } else if (op === "workspace" || op === "currency" || op === "customer") {
        // No procedure changes these on an existing deal; the database may (a customer's move, an admin fix): the trigger follows.
        const d = pick(deals);
        const [col, value] =
          op === "workspace"
            ? ["workspace_id", pick([null, org.workspaces.main!, org.workspaces.second!])]
            : op === "currency"
              ? ["currency", pick(["USD", "EUR"])]
              : ["customer_id", pick(customers)];
        await withConnection("system", (c) => c.query(`update crm.deals set ${col} = $3 where organization_id = $1 and id = $2`, [org.id, d.id, value]));
      } else if (op === "delete") {
        const d = pick(deals);
        await withConnection("system", (c) => c.query("delete from crm.deals where organization_id = $1 and id = $2", [org.id, d.id]));
        deals.splice(deals.indexOf(d), 1);
      }
      const { won, wonFresh, days, daysFresh } = await compare(org.id);
      expect(won, `won totals after step ${step} (${ops.join(", ")})`).toEqual(wonFresh);
      expect(days, `close-day totals after step ${step} (${ops.join(", ")})`).toEqual(daysFresh);
    }
    expect(new Set(ops)).toEqual(
      new Set(["create", "move", "won", "value", "owner", "archive", "restore", "workspace", "date", "currency", "customer", "delete"]),
    );
    const { won, days } = await compare(org.id);
    expect(won.length).toBeGreaterThan(3);
    expect(days.length).toBeGreaterThan(3);

    // A rebuild from scratch gives the same rows (the bulk loaders' path), also from a member who sees one workspace.
    const before = await compare(org.id);
    await asApp({ orgId: org.id, workspaceIds: [org.workspaces.main!] }, (c) => c.query("select crm.deal_dashboard_rebuild($1)", [org.id]));
    const after = await compare(org.id);
    expect(after.won).toEqual(before.won);
    expect(after.days).toEqual(before.days);
    const other = await makeOrg();
    await expect(asApp({ orgId: org.id, workspaceIds: [org.workspaces.main!] }, (c) => c.query("select crm.deal_dashboard_rebuild($1)", [other.id]))).rejects.toThrow(
      /not the current one/,
    );
  }, 180_000);

  it("the dashboard's top customers and closing in 30 days equal the deals' sums for each member's visibility", async () => {
    const [bossM, repM] = members as [string, string, null];
    // Make sure every customer has won deals in USD, with two owners and in both workspaces.
    for (const [i, customerId] of customers.entries())
      for (const owner of [bossM, repM]) {
        const d = await boss.crm.deals.create({ name: `Won ${i}`, customerId, value: `${100 * (i + 1)}.50`, currency: "USD", ownerMembershipId: owner });
        await boss.crm.deals.moveStage({ id: d.id, version: d.version, stage: "won" });
      }
    const all = Object.values(org.workspaces);
    const mainOnlyUser = await makeUser(org, { roles: ["manager"], workspaces: ["main"] });
    const ownUser = await makeUser(org, { roles: [await ownRole(org, ["crm.deal.read"])] });
    const ownM = await membershipOf(org, ownUser.id);
    // The own-scope member owns a won deal of a second-workspace customer and an open deal closing soon.
    const mine = await boss.crm.deals.create({ name: "Own won", customerId: customers[2]!, value: "77.70", currency: "USD", ownerMembershipId: ownM });
    await boss.crm.deals.moveStage({ id: mine.id, version: mine.version, stage: "won" });
    await boss.crm.deals.create({
      name: "Own soon",
      customerId: customers[0]!,
      value: "12.34",
      currency: "USD",
      ownerMembershipId: ownM,
      expectedCloseDate: new Date().toISOString().slice(0, 10),
    });

    const cases: { name: string; caller: Caller; workspaces: string[]; owner: string | null; input: { owner?: string; currency?: string } }[] = [
      { name: "owner, every workspace", caller: boss, workspaces: all, owner: null, input: {} },
      { name: "owner, filter by a member", caller: boss, workspaces: all, owner: repM, input: { owner: repM } },
      { name: "owner, EUR", caller: boss, workspaces: all, owner: null, input: { currency: "EUR" } },
      { name: "manager of one workspace", caller: await as(mainOnlyUser, org), workspaces: [org.workspaces.main!], owner: null, input: {} },
      { name: "manager of one workspace, filter by a member", caller: await as(mainOnlyUser, org), workspaces: [org.workspaces.main!], owner: bossM, input: { owner: bossM } },
      { name: "record scope own", caller: await as(ownUser, org), workspaces: all, owner: ownM, input: {} },
    ];
    for (const k of cases) {
      const d = await k.caller.crm.dashboard(k.input);
      const want = await expected(org.id, d.currency, k.workspaces, k.owner);
      expect(
        d.topCustomers.map(({ customerId, wonValue, wonCount }) => ({ customerId, wonValue, wonCount })),
        k.name,
      ).toEqual(want.top);
      expect(d.closingSoon, k.name).toMatchObject({ count: want.soon.count, value: want.soon.value, weightedValue: want.soon.weighted });
    }
    // A member who sees one workspace, filtering by an owner whose won deals all lie within reach: the top is read from
    // the (ALL, owner) rows directly — and falls back to summing when one of those customers is out of sight (a won
    // organization-wide deal of a second-workspace customer: data no procedure writes, but the database allows).
    const lone = await makeUser(org, { roles: ["sales"] });
    const loneM = await membershipOf(org, lone.id);
    const a = await boss.crm.deals.create({ name: "Lone A", customerId: customers[0]!, value: "5000", currency: "USD", ownerMembershipId: loneM });
    await boss.crm.deals.moveStage({ id: a.id, version: a.version, stage: "won" });
    const mainManager = await as(mainOnlyUser, org);
    const loneTop = async () => (await mainManager.crm.dashboard({ owner: loneM })).topCustomers.map(({ customerId, wonValue, wonCount }) => ({ customerId, wonValue, wonCount }));
    expect(await loneTop()).toEqual([{ customerId: customers[0], wonValue: "5000.00", wonCount: 1 }]);
    const lb = await boss.crm.deals.create({ name: "Lone B", customerId: customers[2]!, value: "9000", currency: "USD", ownerMembershipId: loneM });
    await boss.crm.deals.moveStage({ id: lb.id, version: lb.version, stage: "won" });
    await withConnection("system", (c) => c.query("update crm.deals set workspace_id = null where organization_id = $1 and id = $2", [org.id, lb.id]));
    expect(await loneTop()).toEqual((await expected(org.id, "USD", [org.workspaces.main!], loneM)).top);
    expect(await loneTop()).toEqual([{ customerId: customers[0], wonValue: "5000.00", wonCount: 1 }]);
    // The owner sees both.
    expect((await boss.crm.dashboard({ owner: loneM })).topCustomers.map((t) => t.wonValue)).toEqual(["9000.00", "5000.00"]);

    // The cases were not vacuous.
    const b = await boss.crm.dashboard({});
    expect(b.topCustomers.length).toBe(3);
    expect(b.closingSoon.count).toBeGreaterThan(0);
    const o = await (await as(ownUser, org)).crm.dashboard({});
    expect(o.topCustomers).toEqual([expect.objectContaining({ customerId: customers[2], wonValue: "77.70", wonCount: 1 })]);
    // An own-scope member filtering by someone else sees nothing.
    expect((await (await as(ownUser, org)).crm.dashboard({ owner: bossM })).topCustomers).toEqual([]);
  }, 120_000);
});
