// Brings a database to "ready": with DATABASE_URL (+ the owner and system URLs) it uses that server; without, it
// starts the embedded PostgreSQL in `dataDir`, creates roles and database. Then it migrates and reconciles the
// organizations' catalog data (system roles, sequences) with the code.
// Used by the launcher scripts and the test setup; the running app only ever reads the URLs from the environment.
import path from "node:path";
import type { DatabaseUrls } from "./bootstrap";
import { bootstrapDatabase } from "./bootstrap";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded";
import { migrate } from "./migrate";
import { installJobsSchema } from "@/server/kernel/jobs/install";

export interface PreparedDatabase {
  urls: DatabaseUrls;
  embedded: EmbeddedCluster | null;
  /** Environment for child processes (Next, workers). */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

export async function prepareDatabase(opts: {
  dataDir?: string;
  database?: string;
  ephemeral?: boolean;
  preferredPort?: number;
  log?: (s: string) => void;
}): Promise<PreparedDatabase> {
  const log = opts.log ?? (() => undefined);
  let urls: DatabaseUrls;
  let embedded: EmbeddedCluster | null = null;
  if (process.env.DATABASE_URL) {
    const { databaseUrls } = await import("./env");
    urls = databaseUrls();
    if (process.env.DATABASE_ADMIN_URL) {
      // Optional: let the launcher create roles and database on a server it administers.
      const u = new URL(urls.owner);
      const pw = (url: string) => decodeURIComponent(new URL(url).password);
      await bootstrapDatabase(process.env.DATABASE_ADMIN_URL, u.pathname.slice(1), {
        owner: pw(urls.owner),
        app: pw(urls.app),
        system: pw(urls.system),
      });
    }
    log("using the database server from DATABASE_URL");
  } else {
    const dataDir = path.resolve(opts.dataDir ?? ".data/postgres");
    log(`starting embedded PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, ephemeral: opts.ephemeral, preferredPort: opts.preferredPort });
    urls = await bootstrapDatabase(embedded.adminUrl(), opts.database ?? "tessera", embedded.rolePasswords);
  }
  const applied = await migrate(urls.owner, { log });
  if (applied.length) log(`applied ${applied.length} migration(s)`);
  // pg-boss's schema belongs to the owner like every other schema; the system role runs the queues.
  await installJobsSchema(urls.owner);
  // Existing organizations get what the catalog gained (system-role grants, sequences): migrations cannot backfill
  // tenant rows under FORCE RLS, the system role can.
  const { reconcileCatalog } = await import("@/server/modules/platform/catalog-reconcile");
  await reconcileCatalog(urls.system, log);
  return {
    urls,
    embedded,
    env: { DATABASE_URL: urls.app, DATABASE_OWNER_URL: urls.owner, DATABASE_SYSTEM_URL: urls.system },
    stop: async () => {
      await embedded?.stop();
    },
  };
}
