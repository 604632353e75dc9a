// Row-level security beneath the application: raw SQL as tessera_app, with and without tenant settings.
import { beforeAll, describe, expect, it } from "vitest";
import { asApp, GLOBAL_TABLES, listTables, SYSTEM_ONLY_TABLES, withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";

let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let userA: Awaited<ReturnType<typeof makeUser>>;
let userB: Awaited<ReturnType<typeof makeUser>>;
let tenantTables: string[];

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(), makeOrg()]);
  [userA, userB] = await Promise.all([makeUser(a), makeUser(b)]);
  tenantTables = (await listTables()).filter((t) => t.tenant).map((t) => `${t.schema}.${t.table}`);
  expect(tenantTables.length).toBeGreaterThanOrEqual(6);
});

describe("row-level security as tessera_app", () => {
  it("shows no row of any tenant or global table without settings", async () => {
    // Excluded: tables only the system role may touch (tessera_app has no privilege on them at all), and the plan
    // catalog, public to every signed-in request by design (feature gates and limits read it inside members'
    // transactions; read-only for tessera_app, tests/platform/plans.test.ts).
    const PUBLIC_CATALOG = ["platform.plans", "platform.features", "platform.plan_features"];
    const excluded = new Set([...SYSTEM_ONLY_TABLES, ...PUBLIC_CATALOG]);
    for (const table of [...tenantTables, ...GLOBAL_TABLES.filter((t) => !excluded.has(t))]) {
      const count = await asApp({}, async (c) => (await c.query(`select count(*)::int as n from ${table}`)).rows[0].n);
      expect(count, table).toBe(0);
    }
  });

  it("shows the rows of organization A and none of B with A's settings, in every tenant table", async () => {
    for (const table of tenantTables) {
      const { own, foreign } = await asApp({ orgId: a.id }, async (c) => {
        const r = await c.query(
          `select count(*) filter (where organization_id = $1)::int as own, count(*) filter (where organization_id <> $1)::int as foreign from ${table}`,
          [a.id],
        );
        return r.rows[0] as { own: number; foreign: number };
      });
      expect(foreign, `${table} leaks other organizations' rows`).toBe(0);
      // Every tenant table that the factory fills has rows of A (a sanity check that the query can see anything).
      if (["platform.workspaces", "auth.roles", "auth.memberships"].includes(table)) expect(own, table).toBeGreaterThan(0);
    }
  });

  it("cannot update or delete B's rows with A's settings, even by primary key", async () => {
    await asApp({ orgId: a.id }, async (c) => {
      const upd = await c.query("update platform.workspaces set name = 'hijacked' where organization_id = $1", [b.id]);
      expect(upd.rowCount).toBe(0);
      const del = await c.query("delete from auth.role_permissions where organization_id = $1", [b.id]);
      expect(del.rowCount).toBe(0);
    });
    const names = await withConnection("system", async (c) =>
      (await c.query("select name from platform.workspaces where organization_id = $1", [b.id])).rows.map((r) => r.name),
    );
    expect(names).not.toContain("hijacked");
  });

  it("cannot insert a row for B with A's settings", async () => {
    await expect(
      asApp({ orgId: a.id }, (c) =>
        c.query("insert into platform.workspaces (organization_id, id, name, slug) values ($1, gen_random_uuid(), 'Intruder', 'intruder')", [b.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot move A's row into B", async () => {
    await expect(
      asApp({ orgId: a.id }, (c) =>
        c.query("update auth.roles set organization_id = $2 where organization_id = $1 and key = 'viewer'", [a.id, b.id]),
      ),
    ).rejects.toThrow(/row-level security|violates foreign key/);
  });

  it("cannot reference another organization's row: composite foreign keys", async () => {
    // Even the system role (no RLS) cannot link A's membership to B's workspace.
    await expect(
      withConnection("system", async (c) => {
        const m = await c.query("select id from auth.memberships where organization_id = $1 limit 1", [a.id]);
        await c.query("insert into auth.membership_workspaces (organization_id, membership_id, workspace_id) values ($1, $2, $3)", [
          a.id,
          m.rows[0].id,
          b.workspaces.main,
        ]);
      }),
    ).rejects.toThrow(/foreign key/);
  });
});

describe("global tables as tessera_app", () => {
  it("shows only yourself and members of the current organization in auth.users", async () => {
    const seen = await asApp({ orgId: a.id, userId: userA.id }, async (c) => (await c.query("select id from auth.users")).rows.map((r) => r.id));
    expect(seen).toContain(userA.id);
    expect(seen).not.toContain(userB.id);
    const alone = await asApp({ userId: userB.id }, async (c) => (await c.query("select id from auth.users")).rows.map((r) => r.id));
    expect(alone).toEqual([userB.id]);
  });

  it("never exposes password hashes", async () => {
    await expect(asApp({ userId: userA.id }, (c) => c.query("select password_hash from auth.users"))).rejects.toThrow(/permission denied/);
    await expect(asApp({ userId: userA.id }, (c) => c.query("select * from auth.users"))).rejects.toThrow(/permission denied/);
    await expect(
      asApp({ userId: userA.id }, (c) => c.query("update auth.users set password_hash = 'x' where id = $1", [userA.id])),
    ).rejects.toThrow(/permission denied/);
  });

  it("shows an organization only to its members or in its own scope", async () => {
    const seen = await asApp({ userId: userA.id }, async (c) => (await c.query("select id from platform.organizations")).rows.map((r) => r.id));
    expect(seen).toEqual([a.id]);
    await expect(asApp({ orgId: a.id }, (c) => c.query("insert into platform.organizations (id, name, slug, country, base_currency, time_zone, locale) values (gen_random_uuid(), 'x', 'x-new', 'US', 'USD', 'UTC', 'en')"))).rejects.toThrow(/permission denied/);
  });

  it("keeps login attempts, account tokens and account requests from the runtime role entirely", async () => {
    for (const table of SYSTEM_ONLY_TABLES)
      await expect(asApp({ userId: userA.id }, (c) => c.query(`select count(*) from ${table}`)), table).rejects.toThrow(/permission denied/);
  });
});
