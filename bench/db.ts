// The bench database: DATABASE_URL's server (with DATABASE_OWNER_URL / DATABASE_SYSTEM_URL, as the app), or a
// persistent embedded PostgreSQL in .bench/pgdata (BENCH_DATA_DIR), database "tessera_bench". Migrated on open.
// Shared by bench/generate.ts and bench/run.ts; never imported by the app or the test suite.
import path from "node:path";
import pg from "pg";
import { prepareDatabase, type PreparedDatabase } from "@/server/db/setup";

export const BENCH_DIR = path.resolve(process.env.BENCH_DIR ?? ".bench");
export const BENCH_PASSWORD = process.env.BENCH_PASSWORD ?? "tessera-bench";
/** The large organization and the member the load runner signs in as (its owner). */
export const BIG_ORG = { slug: "bench-big", owner: "owner@bench-big.test" } as const;

/** bench-big's owner as the scripts act: the organization, the user, its membership and the active workspaces (oldest first). */
export async function bigOrgOwner(c: pg.Client): Promise<{ orgId: string; userId: string; membershipId: string; workspaceIds: string[] }> {
  const o = await c.query<{ org: string; user_id: string; membership: string }>(
    `select o.id as org, u.id as user_id, m.id as membership from platform.organizations o
       join auth.users u on u.email = $2 join auth.memberships m on m.organization_id = o.id and m.user_id = u.id where o.slug = $1`,
    [BIG_ORG.slug, BIG_ORG.owner],
  );
  if (!o.rowCount) throw new Error(`no organization ${BIG_ORG.slug}: run bench/generate.ts first`);
  const { org, user_id, membership } = o.rows[0]!;
  const ws = await c.query<{ id: string }>("select id from platform.workspaces where organization_id = $1 and status = 'active' order by created_at", [org]);
  return { orgId: org, userId: user_id, membershipId: membership, workspaceIds: ws.rows.map((r) => r.id) };
}

/** The posting benchmarks' hot set: the big organization's owner, its first warehouse that forbids negative stock,
 *  that warehouse's first `nBins` bins and `nItems` stocked items without lot or serial control (a fixed order). */
export interface Hot {
  orgId: string;
  userId: string;
  membershipId: string;
  workspaceIds: string[];
  warehouse: string;
  items: { id: string; sku: string }[];
  bins: { id: string; code: string }[];
}

export async function hotSet(c: pg.Client, nItems: number, nBins: number): Promise<Hot> {
  const owner = await bigOrgOwner(c);
  const org = owner.orgId;
  const wh = await c.query<{ id: string; code: string }>(
    "select id, code from inventory.warehouses where organization_id = $1 and workspace_id = $2 and not allow_negative_stock and archived_at is null order by code limit 1",
    [org, owner.workspaceIds[0]!],
  );
  if (!wh.rowCount) throw new Error("no warehouse forbidding negative stock in the first workspace: run bench/generate.ts on a branch with the inventory tables");
  const bins = await c.query<{ id: string; code: string }>(
    "select id, code from inventory.locations where organization_id = $1 and warehouse_id = $2 and kind = 'bin' and archived_at is null order by code limit $3",
    [org, wh.rows[0]!.id, nBins],
  );
  const items = await c.query<{ id: string; sku: string }>(
    `select id, sku from inventory.items where organization_id = $1 and track_inventory and not lot_control and not serial_control and archived_at is null
      order by md5(id::text) limit $2`,
    [org, nItems],
  );
  if (bins.rowCount! < 2 || !items.rowCount) throw new Error("not enough bins or stocked items for the hot set");
  return { ...owner, warehouse: wh.rows[0]!.code, items: items.rows, bins: bins.rows };
}

/**
 * Server settings for a 1M-row organization (the embedded cluster starts with PostgreSQL's defaults: 128 MB shared
 * buffers). ALTER SYSTEM needs a superuser: applied on the embedded cluster only; shared_buffers takes effect at the
 * next start (run.ts restarts the cluster).
 */
const SERVER_SETTINGS: Record<string, string> = {
  shared_buffers: "1GB",
  effective_cache_size: "4GB",
  work_mem: "16MB",
  maintenance_work_mem: "512MB",
  max_wal_size: "8GB",
  checkpoint_timeout: "30min",
  random_page_cost: "1.1",
};

export interface BenchDb extends PreparedDatabase {
  /** Superuser URL (embedded cluster only). */
  adminUrl: string | null;
}

export async function openBenchDb(log: (s: string) => void): Promise<BenchDb> {
  const dataDir = process.env.BENCH_DATA_DIR ?? path.join(BENCH_DIR, "pgdata");
  let prepared = await prepareDatabase({ dataDir, database: "tessera_bench", log });
  let adminUrl = prepared.embedded ? prepared.embedded.adminUrl("tessera_bench") : null;
  if (adminUrl) {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    let restart = false;
    try {
      for (const [k, v] of Object.entries(SERVER_SETTINGS)) {
        const cur = await c.query<{ v: string }>("select current_setting($1) as v", [k]);
        if (cur.rows[0]?.v === v) continue;
        await c.query(`ALTER SYSTEM SET ${k} = '${v}'`);
        if (k === "shared_buffers") restart = true;
      }
      await c.query("select pg_reload_conf()");
    } finally {
      await c.end();
    }
    if (restart) {
      log("restarting the embedded cluster with the bench server settings");
      await prepared.stop();
      prepared = await prepareDatabase({ dataDir, database: "tessera_bench", log });
      adminUrl = prepared.embedded!.adminUrl("tessera_bench");
    }
  }
  Object.assign(process.env, prepared.env);
  return { ...prepared, adminUrl };
}

export function client(url: string): pg.Client {
  return new pg.Client({ connectionString: url });
}

/** `--name value` / `--name=value` or the environment variable, else the default. */
export function arg(name: string, env: string, def: string): string {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1] ?? def;
    if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
  }
  return process.env[env] ?? def;
}

export function flag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

export const fmtMs = (ms: number) => (ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
