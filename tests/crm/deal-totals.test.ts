// crm.deal_totals (migration 20261201260000_crm_deal_totals) against a recomputation from crm.deals after every step
// of a random sequence (fixed seed) of creates, stage moves, value, close-date, currency and owner changes, archive,
// restore, workspace moves and deletes — and after a change of the organization's time zone (the won / lost month keys).
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";
import { as, membershipOf, type Caller, type Org } from "./pipeline-helpers";

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

const ROW = `currency, stage_rank::int as rank, to_char(close_month, 'YYYY-MM-DD') as month, workspace_key::text as ws,
  owner_key::text as owner, deal_count::int as n, value::numeric(30,2)::text as value, weighted::numeric(30,4)::text as weighted`;

/** The stored totals and the same figures summed from the deals now, both read bypassing RLS (the system role). */
async function compare(orgId: string) {
  return withConnection("system", async (c) => {
    const stored = await c.query(`select ${ROW} from crm.deal_totals where organization_id = $1 order by 1, 2, 3, 4, 5`, [orgId]);
    const fresh = await c.query(
      `select ${ROW} from (
         select d.currency, d.stage_rank,
                crm.deal_totals_month(d.stage_rank, d.closed_at, d.expected_close_date, o.time_zone) as close_month,
                coalesce(d.workspace_id, '00000000-0000-0000-0000-000000000000') as workspace_key,
                coalesce(d.owner_membership_id, '00000000-0000-0000-0000-000000000000') as owner_key,
                count(*) as deal_count, sum(d.value) as value, sum(d.value * d.probability / 100) as weighted
           from crm.deals d join platform.organizations o on o.id = d.organization_id
          where d.organization_id = $1 and d.archived_at is null
          group by 1, 2, 3, 4, 5) x order by 1, 2, 3, 4, 5`,
      [orgId],
    );
    return { stored: stored.rows, fresh: fresh.rows };
  });
}

describe("crm.deal_totals", () => {
  let org: Org;
  let boss: Caller;
  let members: (string | null)[];
  let customers: string[];

  beforeAll(async () => {
    org = await makeOrg({ workspaces: ["main", "second"] });
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(org, { roles: ["sales"] })]);
    boss = await as(u1, org);
    members = [await membershipOf(org, u1.id), await membershipOf(org, u2.id), null];
    customers = [
      (await boss.crm.customers.create({ name: "Org-wide Co" })).id,
      (await boss.crm.customers.create({ name: "Main Co", workspaceId: org.workspaces.main! })).id,
    ];
  });

  it("equals a recomputation from the deals after every step of a random sequence (seed 20261201)", async () => {
    const r = rng(20261201);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const money = () => `${Math.floor(r() * 100000)}.${String(Math.floor(r() * 100)).padStart(2, "0")}`;
    const day = () => `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
    const deals: { id: string; version: number; archived: boolean }[] = [];
    const ops: string[] = [];
    const refresh = async (d: { id: string }) => {
      const x = await boss.crm.deals.get({ id: d.id });
      return x.version;
    };

    for (let step = 0; step < 70; step++) {
      const live = deals.filter((d) => !d.archived);
      const op = deals.length < 4 ? "create" : pick(["create", "create", "create", "move", "move", "value", "owner", "archive", "restore", "workspace", "date", "delete"] as const);
      ops.push(op);
      if (op === "create" || !live.length) {
        const d = await boss.crm.deals.create({
          name: `Deal ${step}`,
          customerId: pick(customers),
          value: money(),
          currency: pick(["USD", "EUR"]),
          ...(r() < 0.8 ? { expectedCloseDate: day() } : {}),
          ...(r() < 0.7 ? { ownerMembershipId: pick(members.filter((m): m is string => !!m)) } : {}),
          stage: pick(["lead", "qualified", "proposal", "negotiation", "closing"] as const),
        });
        deals.push({ id: d.id, version: d.version, archived: false });
      } else if (op === "move") {
        const d = pick(live);
        const stage = pick(["lead", "qualified", "proposal", "negotiation", "closing", "won", "lost"] as const);
        const x = await boss.crm.deals.moveStage({ id: d.id, version: d.version, stage, ...(stage === "lost" ? { lostReason: "Price" } : {}) });
        d.version = x.version;
      } else if (op === "value" || op === "owner" || op === "date") {
        const d = pick(live);
        const patch =
          op === "value" ? { value: money() } : op === "owner" ? { ownerMembershipId: pick(members) } : { expectedCloseDate: r() < 0.8 ? day() : null };
        const x = await boss.crm.deals.update({ id: d.id, version: d.version, ...patch });
        d.version = x.version;
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
      } else if (op === "workspace") {
        // No procedure moves a deal between workspaces; the database may (a customer's move, an admin fix): the trigger follows.
        const d = pick(deals);
        const ws = pick([null, org.workspaces.main!, org.workspaces.second!]);
        await withConnection("system", (c) => c.query("update crm.deals set workspace_id = $3 where organization_id = $1 and id = $2", [org.id, d.id, ws]));
      } else if (op === "delete") {
        const d = pick(deals);
        await withConnection("system", (c) => c.query("delete from crm.deals where organization_id = $1 and id = $2", [org.id, d.id]));
        deals.splice(deals.indexOf(d), 1);
      }
      const { stored, fresh } = await compare(org.id);
      expect(stored, `after step ${step} (${ops.join(", ")})`).toEqual(fresh);
    }
    // The sequence did exercise every kind of change and left some figures.
    expect(new Set(ops)).toEqual(new Set(["create", "move", "value", "owner", "archive", "restore", "workspace", "date", "delete"]));
    expect((await compare(org.id)).stored.length).toBeGreaterThan(3);
  }, 120_000);

  it("moves the won / lost month keys when the organization's time zone changes", async () => {
    const d = await boss.crm.deals.create({ name: "Midnight", customerId: customers[0]!, value: "10" });
    await boss.crm.deals.moveStage({ id: d.id, version: d.version, stage: "won" });
    // Closed at 23:30 UTC on 31 January: February in Tokyo, January in UTC.
    await withConnection("system", async (c) => {
      await c.query("update crm.deals set closed_at = '2026-01-31T23:30:00Z' where organization_id = $1 and id = $2", [org.id, d.id]);
      await c.query("update platform.organizations set time_zone = 'UTC' where id = $1", [org.id]);
    });
    const month = () =>
      withConnection("system", (c) =>
        c.query<{ m: string }>(
          `select to_char(close_month, 'YYYY-MM') as m from crm.deal_totals where organization_id = $1 and stage_rank = 6 and value = 10`,
          [org.id],
        ),
      ).then((x) => x.rows.map((r) => r.m));
    expect(await month()).toEqual(["2026-01"]);
    await withConnection("system", (c) => c.query("update platform.organizations set time_zone = 'Asia/Tokyo' where id = $1", [org.id]));
    expect(await month()).toEqual(["2026-02"]);
    const { stored, fresh } = await compare(org.id);
    expect(stored).toEqual(fresh);
  });

  it("rebuilds every workspace's totals when a member who sees one workspace changes the time zone", async () => {
    const ws = await boss.crm.deals.create({ name: "Second only", customerId: customers[0]!, value: "7", workspaceId: org.workspaces.second! });
    expect(ws.workspaceId).toBe(org.workspaces.second);
    // The organization's row changes under the member's settings: only "main" in app.workspace_ids.
    await asApp({ orgId: org.id, workspaceIds: [org.workspaces.main!] }, (c) =>
      c.query("update platform.organizations set time_zone = 'America/Chicago' where id = $1", [org.id]),
    );
    const { stored, fresh } = await compare(org.id);
    expect(stored).toEqual(fresh);
    expect(stored.some((r) => (r as { ws: string }).ws === org.workspaces.second)).toBe(true);
    // Another organization's totals cannot be rebuilt from this one's scope.
    const other = await makeOrg();
    await expect(asApp({ orgId: org.id, workspaceIds: [org.workspaces.main!] }, (c) => c.query("select crm.deal_totals_rebuild($1)", [other.id]))).rejects.toThrow(
      /not the current one/,
    );
  });
});
