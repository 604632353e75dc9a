// The fixed cost of a scoped tRPC call (docs/BENCHMARKS.md, "Per-call scope cost"): a throw-away embedded
// PostgreSQL, one organization with a few hundred customers, then N sequential calls of platform.organizations.get
// (a primary-key read) and crm.customers.list (the first page) through createCaller — the same procedure chain the
// HTTP route runs, without HTTP and superjson. Prints p50 / p95 per call, the statements each call sends (every
// query on the pg connections, BEGIN and COMMIT included) and, as the floor, the same primary-key read sent directly
// as tessera_app in its own transaction (BEGIN, set_config, select, COMMIT).
//
//   npx tsx bench/scope-overhead.ts [--calls 500] [--customers 300]
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { prepareDatabase } from "@/server/db/setup";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const CALLS = arg("calls", 500);
const CUSTOMERS = arg("customers", 300);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (ms: number) => ms.toFixed(2);

let statements = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function measure(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, CALLS); i++) await run(); // warm-up
  const times: number[] = [];
  const before = statements;
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const perCall = (statements - before) / CALLS;
  console.log(`| ${label} | ${CALLS} | ${fmt(pct(times, 50))} | ${fmt(pct(times, 95))} | ${perCall.toFixed(1)} |`);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tessera-scope-bench-"));
  delete process.env.DATABASE_URL;
  const db = await prepareDatabase({ dataDir: dir, database: "tessera_scope_bench", ephemeral: true });
  Object.assign(process.env, db.env, { NEXTAUTH_SECRET: "bench" });
  try {
    const { systemDb, disconnectAll } = await import("@/server/db/client");
    const { createOrganization } = await import("@/server/modules/platform/organizations.service");
    const { addMember, createUser } = await import("@/server/modules/auth/users.service");
    const { startSession } = await import("@/server/modules/auth/sessions.service");
    const { createCaller } = await import("@/server/trpc/root");

    const created = await createOrganization(systemDb(), {
      name: "Scope Bench",
      slug: "scope-bench",
      country: "US",
      baseCurrency: "USD",
      timeZone: "UTC",
      locale: "en-US",
      workspaces: [{ name: "Main", slug: "main", type: "main" }, { name: "East", slug: "east", type: "branch" }],
    });
    const user = await systemDb().$transaction(async (tx) => {
      const u = await createUser(tx, { email: "owner@scope-bench.test", name: "Owner", password: "correct horse battery" });
      await addMember(tx, { organizationId: created.organization.id, userId: u.id, roleKeys: ["owner"], allWorkspaces: true, workspaceIds: [] });
      return u;
    });
    await systemDb().user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    const sessionId = await startSession(systemDb(), { userId: user.id, userAgent: "bench", ip: "127.0.0.1" });
    const caller = createCaller({
      requestId: randomUUID(),
      apiKeyClaim: null,
      session: { userId: user.id, sessionVersion: 1, sessionId, signedInAt: Math.floor(Date.now() / 1000) },
      claim: { orgSlug: "scope-bench", workspaceSlug: null },
      headers: new Headers(),
    });
    for (let i = 0; i < CUSTOMERS; i++) await caller.crm.customers.create({ name: `Customer ${String(i).padStart(5, "0")} Ltd` });

    console.log(`\n${CALLS} sequential calls each, ${CUSTOMERS} customers, one connection at a time\n`);
    console.log("| call | n | p50 ms | p95 ms | statements per call |");
    console.log("|---|---:|---:|---:|---:|");
    await measure("platform.organizations.get", () => caller.platform.organizations.get());
    await measure("crm.customers.list (first page)", () => caller.crm.customers.list({}));

    // The floor: the same primary-key read, sent directly as tessera_app with its RLS settings.
    const c = new pg.Client({ connectionString: db.urls.app });
    await c.connect();
    await measure("SQL direct: BEGIN, set_config, organizations by id, COMMIT", async () => {
      await c.query("begin");
      await c.query("select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)", [created.organization.id, user.id]);
      await c.query("select * from platform.organizations where id = $1", [created.organization.id]);
      await c.query("commit");
    });
    await c.end();
    await disconnectAll();
  } finally {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
