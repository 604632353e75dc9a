// platform.workspace_table (migration 20261203010000): the restrictive visible_workspace policy a workspace-owned
// tenant table gets in one line. Checked on scratch tables in a transaction that is rolled back: the policy it creates
// is the one the existing tables wrote out by hand (same USING / WITH CHECK text as inventory.warehouses and
// crm.customers), and as tessera_app it shows and accepts only the rows of the member's workspaces (plus, with
// p_org_wide, the organization-wide rows).
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { withConnection } from "../helpers/db";

type Policy = { table: string; permissive: string; qual: string; with_check: string };

describe("platform.workspace_table", () => {
  it("creates the restrictive visible_workspace policy and lets through only the member's workspaces", async () => {
    const S = `workspace_table_${randomBytes(4).toString("hex")}`;
    const org = randomUUID();
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const result = await withConnection("admin", async (c) => {
      await c.query("begin");
      try {
        await c.query(`
          CREATE SCHEMA ${S};
          CREATE TABLE ${S}.owned (organization_id uuid NOT NULL, id uuid NOT NULL, workspace_id uuid NOT NULL, PRIMARY KEY (organization_id, id));
          CREATE TABLE ${S}.shared (organization_id uuid NOT NULL, id uuid NOT NULL, workspace_id uuid, PRIMARY KEY (organization_id, id));
          ALTER TABLE ${S}.owned OWNER TO tessera_owner;
          ALTER TABLE ${S}.shared OWNER TO tessera_owner;
          SELECT platform.tenant_table('${S}.owned');
          SELECT platform.workspace_table('${S}.owned');
          SELECT platform.tenant_table('${S}.shared');
          SELECT platform.workspace_table('${S}.shared', true);
          INSERT INTO ${S}.owned VALUES ('${org}', gen_random_uuid(), '${mine}'), ('${org}', gen_random_uuid(), '${theirs}');
          INSERT INTO ${S}.shared VALUES ('${org}', gen_random_uuid(), '${mine}'), ('${org}', gen_random_uuid(), '${theirs}'), ('${org}', gen_random_uuid(), NULL);
          GRANT USAGE ON SCHEMA ${S} TO tessera_app;
          GRANT SELECT, INSERT ON ${S}.owned, ${S}.shared TO tessera_app;
        `);
        const policies = (
          await c.query<Policy>(
            `select schemaname || '.' || tablename as table, permissive, qual, with_check from pg_policies
              where policyname = 'visible_workspace' and (schemaname = $1 or (schemaname, tablename) in (('inventory', 'warehouses'), ('crm', 'customers')))
              order by 1`,
            [S],
          )
        ).rows;
        // As the runtime role, a member of `mine` only.
        await c.query(`SET LOCAL ROLE tessera_app`);
        await c.query(`select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true)`, [org, `{${mine}}`]);
        const owned = (await c.query<{ w: string }>(`select workspace_id::text as w from ${S}.owned`)).rows.map((r) => r.w);
        const shared = (await c.query<{ w: string | null }>(`select workspace_id::text as w from ${S}.shared order by w nulls last`)).rows.map((r) => r.w);
        const write = async (table: string, workspace: string | null) => {
          await c.query("savepoint w");
          try {
            await c.query(`insert into ${S}.${table} values ($1, gen_random_uuid(), $2)`, [org, workspace]);
            return "ok";
          } catch (e) {
            return (e as Error).message.includes("row-level security") ? "refused" : (e as Error).message;
          } finally {
            await c.query("rollback to savepoint w");
          }
        };
        const writes = {
          ownedMine: await write("owned", mine),
          ownedTheirs: await write("owned", theirs),
          sharedOrgWide: await write("shared", null),
          sharedTheirs: await write("shared", theirs),
        };
        // No workspace claim at all: nothing of a workspace.
        await c.query(`select set_config('app.workspace_ids', '', true)`);
        const none = (await c.query(`select 1 from ${S}.owned`)).rowCount;
        return { policies, owned, shared, writes, none };
      } finally {
        await c.query("rollback");
      }
    });

    const byTable = Object.fromEntries(result.policies.map((p) => [p.table, p]));
    // The same policy the hand-written migrations created, restrictive.
    expect(byTable[`${S}.owned`]).toMatchObject({ permissive: "RESTRICTIVE", qual: byTable["inventory.warehouses"]!.qual, with_check: byTable["inventory.warehouses"]!.with_check });
    expect(byTable[`${S}.shared`]).toMatchObject({ permissive: "RESTRICTIVE", qual: byTable["crm.customers"]!.qual, with_check: byTable["crm.customers"]!.with_check });
    expect(result.owned).toEqual([mine]);
    expect(result.shared).toEqual([mine, null]);
    expect(result.writes).toEqual({ ownedMine: "ok", ownedTheirs: "refused", sharedOrgWide: "ok", sharedTheirs: "refused" });
    expect(result.none).toBe(0);
    // Nothing was left behind.
    expect(await withConnection("admin", async (c) => (await c.query("select 1 from pg_namespace where nspname = $1", [S])).rowCount)).toBe(0);
  });
});
