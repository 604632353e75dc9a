// Raw connections for tests that must prove what the database itself allows, beneath the application.
import { inject } from "vitest";
import { randomBytes } from "node:crypto";
import pg from "pg";

export function urls() {
  const env = inject("databaseEnv");
  return { app: env.DATABASE_URL!, owner: env.DATABASE_OWNER_URL!, system: env.DATABASE_SYSTEM_URL!, admin: inject("adminUrl") };
}

/** Runs fn on one connection of the given role and closes it. */
export async function withConnection<T>(role: "app" | "owner" | "system" | "admin", fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = urls()[role];
  if (!url) throw new Error(`no ${role} connection available`);
  return onDatabase(url, fn);
}

/** Runs fn on one connection to `url` and closes it. */
export async function onDatabase<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A transaction as tessera_app with the given RLS settings, always rolled back. */
export async function asApp<T>(
  settings: { orgId?: string; userId?: string; workspaceIds?: string[] },
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  return withConnection("app", async (c) => {
    await c.query("begin");
    try {
      await c.query(
        "select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.workspace_ids', $3, true)",
        [settings.orgId ?? "", settings.userId ?? "", settings.workspaceIds?.length ? `{${settings.workspaceIds.join(",")}}` : ""],
      );
      return await fn(c);
    } finally {
      await c.query("rollback");
    }
  });
}

/** Every table in the tenant-bearing schemas, with whether it has organization_id. */
export async function listTables(): Promise<{ schema: string; table: string; tenant: boolean }[]> {
  return withConnection("owner", async (c) => {
    const { rows } = await c.query<{ schema: string; table: string; tenant: boolean }>(`
      select n.nspname as schema, c.relname as "table",
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped) as tenant
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any($1)
      order by 1, 2`, [TENANT_SCHEMAS]);
    return rows;
  });
}

/** Schemas whose tables are tenant data or global identity; every module schema joins this list. */
export const TENANT_SCHEMAS = ["platform", "auth", "settings", "audit", "crm", "inventory"];

/** Global tables (no organization_id): each has RLS of its own, asserted by the policy test. */
export const GLOBAL_TABLES = [
  "platform.organizations",
  "auth.users",
  "auth.login_attempts",
  "auth.sessions",
  "auth.user_tokens",
  "auth.account_requests",
  "platform.plans",
  "platform.features",
  "platform.plan_features",
  "audit.platform_events",
  "platform.catalog_state",
];
/** Global tables only the system role may touch (tessera_app has no privilege on them at all). */
export const SYSTEM_ONLY_TABLES = ["auth.login_attempts", "auth.user_tokens", "auth.account_requests", "audit.platform_events", "platform.catalog_state"];

/** A new, empty database owned by tessera_owner (as the bootstrap makes it), with each role's URL to it. */
export async function scratchDatabase(): Promise<{ name: string; owner: string; system: string; app: string }> {
  const name = `scratch_${randomBytes(6).toString("hex")}`;
  await withConnection("admin", (c) => c.query(`CREATE DATABASE ${name} OWNER tessera_owner TEMPLATE template0`));
  const on = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  await onDatabase(on(urls().admin), (c) => c.query("ALTER SCHEMA public OWNER TO tessera_owner"));
  return { name, owner: on(urls().owner), system: on(urls().system), app: on(urls().app) };
}

export async function dropDatabases(names: readonly string[]): Promise<void> {
  await withConnection("admin", async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}
