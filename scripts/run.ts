// The launcher behind `npm start`, `npm run dev` and the e2e server:
//   1. database: DATABASE_URL's server, or the embedded PostgreSQL (.data/postgres, persistent);
//   2. roles, database, migrations; the demo company on first run (idempotent);
//   3. Next: `start` builds when the sources changed since the last build, then serves; `dev` runs the dev server.
// Ctrl+C stops Next, then PostgreSQL, cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "@/server/db/setup";

type Mode = "start" | "dev" | "e2e";
const mode = (process.argv[2] ?? "start") as Mode;
if (!["start", "dev", "e2e"].includes(mode)) {
  console.error("usage: tsx scripts/run.ts start|dev|e2e");
  process.exit(2);
}
const log = (s: string) => console.log(`[tessera] ${s}`);
const port = process.env.PORT ?? (mode === "e2e" ? "3100" : "3000");

// e2e: a fresh throw-away cluster per run, so tests never see state from an earlier run.
const e2eDir = mode === "e2e" ? mkdtempSync(path.join(os.tmpdir(), "tessera-e2e-")) : null;
const dataDir = e2eDir ? path.join(e2eDir, "postgres") : (process.env.TESSERA_DATA_DIR ?? ".data/postgres");

function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.resolve(".data/auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) {
    if (e === "node_modules" || e.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

function needsBuild(): boolean {
  const marker = path.resolve(".next/BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const inputs = ["src", "public", "prisma", "package.json", "package-lock.json", "next.config.mjs", "tailwind.config.ts", "postcss.config.mjs"];
  return inputs.some((i) => newestMtime(path.resolve(i)) > built);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(cmd, args, { stdio: "inherit", env });
}

function waitExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const prepared = await prepareDatabase({ dataDir, ephemeral: mode === "e2e", log });
let child: ChildProcess | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await waitExit(child);
    }
    log("stopping PostgreSQL");
    await prepared.stop();
    if (e2eDir) rmSync(e2eDir, { recursive: true, force: true });
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...prepared.env,
    NEXTAUTH_SECRET: authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: port,
    // The demo and e2e run a production build but keep the dev tools (/dev/mailbox, /dev/kit); a real deployment
    // sets TESSERA_DEV_TOOLS=0 (see .env.example).
    ...(mode === "dev" ? {} : { TESSERA_DEV_TOOLS: process.env.TESSERA_DEV_TOOLS ?? "1" }),
    ...(e2eDir ? { MAIL_DIR: path.join(e2eDir, "mail"), STORAGE_DIR: path.join(e2eDir, "files") } : {}),
  };
  Object.assign(process.env, prepared.env);
  if (process.env.TESSERA_SEED_DEMO !== "false") {
    const { systemDb, disconnectAll } = await import("@/server/db/client");
    const { seedDemo } = await import("../prisma/seed/demo");
    const created = await seedDemo(systemDb(), log);
    await disconnectAll();
    if (!created) log("demo data present: owner@acme.test, manager@acme.test, clerk@acme.test, owner@globex.test / tessera-demo");
  }
  const next = path.resolve("node_modules/next/dist/bin/next");
  if (mode === "dev") {
    child = run(process.execPath, [next, "dev", "-p", port], env);
  } else {
    if (needsBuild()) {
      log("building (sources changed since the last build)");
      const code = await waitExit(run(process.execPath, [next, "build"], { ...env, NODE_ENV: "production" }));
      if (code !== 0) await shutdown(code);
    }
    child = run(process.execPath, [next, "start", "-p", port, "-H", mode === "e2e" ? "127.0.0.1" : "0.0.0.0"], { ...env, NODE_ENV: "production" });
  }
  log(`Tessera on http://localhost:${port}`);
  await shutdown(await waitExit(child));
} catch (e) {
  console.error(e);
  await shutdown(1);
}
