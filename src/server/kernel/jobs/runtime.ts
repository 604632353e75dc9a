// The pg-boss instance of this process, on the system role (job dispatch crosses tenants; handlers open their own
// scoped transactions). One instance per process: a producer only (enqueue) until startWorkers() also subscribes
// workers and turns on maintenance and cron scheduling.
import PgBoss from "pg-boss";
import { ZodError } from "zod";
import { databaseUrls } from "@/server/db/env";
import { logger } from "@/server/kernel/logger";
import type { JobDefinition, JobOptions } from "./define";
import { JOBS_SCHEMA } from "./install";

const DEFAULTS = {
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  batchSize: 1,
  pollingIntervalSeconds: 2,
} satisfies JobOptions;

interface State {
  registry: Map<string, JobDefinition>;
  boss?: Promise<PgBoss>;
  workers: boolean;
  queues: Set<string>;
  working: Set<string>;
}
const g = globalThis as unknown as { __tesseraJobs?: State };
const state: State = (g.__tesseraJobs ??= { registry: new Map(), workers: false, queues: new Set(), working: new Set() });

const log = logger.child({ component: "jobs" });

/** Adds job definitions to this process's registry (the catalog does this for the application's jobs). */
export function registerJobs(defs: readonly JobDefinition[]): void {
  const names = defs.map((d) => d.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`job "${twice}" is defined twice`);
  // The registry lives on globalThis: the same catalog evaluated again (another server bundle, a dev reload)
  // replaces its entries rather than clashing with them.
  for (const def of defs) state.registry.set(def.name, def);
}

export function registeredJobs(): JobDefinition[] {
  return [...state.registry.values()];
}

function instance(withWorkers: boolean): Promise<PgBoss> {
  if (state.boss) return state.boss;
  state.workers = withWorkers;
  state.boss = (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrls().system,
      schema: JOBS_SCHEMA,
      application_name: "tessera-jobs",
      max: Number(process.env.JOBS_POOL_SIZE ?? 4),
      // The owner installs and upgrades the schema (installJobsSchema); this role only checks the version.
      migrate: false,
      supervise: withWorkers,
      schedule: withWorkers,
    });
    boss.on("error", (err) => log.error({ err }, "pg-boss error"));
    await boss.start();
    return boss;
  })();
  state.boss.catch(() => (state.boss = undefined));
  return state.boss;
}

async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  if (state.queues.has(name)) return;
  await boss.createQueue(name);
  state.queues.add(name);
}

function definition(name: string): JobDefinition {
  const def = state.registry.get(name);
  if (!def) throw new Error(`unknown job "${name}" (add it to src/server/kernel/jobs/catalog.ts)`);
  return def;
}

/**
 * A transaction a job can join: a Prisma interactive transaction, scoped (tessera_app) or system (tessera_system).
 * Only its raw-query method is used.
 */
export interface JobTx {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * pg-boss's `db` option (an object with `executeSql(text, values)` answering `{ rows }`) over a Prisma transaction,
 * so pg-boss's own INSERT runs on the caller's connection and commits or rolls back with it. Parameters are passed
 * the way node-postgres would (pg-boss writes its SQL for it): objects as JSON text, everything else untouched.
 */
function transactionDb(tx: JobTx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const args = values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...args) };
    },
  };
}

export interface EnqueueOptions {
  /**
   * Queue the job inside this transaction: it exists only if the transaction commits (and a worker sees it only
   * then). Without it the job is queued at once on the jobs pool, whatever happens to the caller's transaction.
   */
  tx?: JobTx;
  /** Run no earlier than this. */
  startAfter?: Date | number;
  /** With the job's singletonSeconds: at most one job per key per slot; without: at most one queued job per key. */
  singletonKey?: string;
  priority?: number;
}

/**
 * Validates `data` with the job's schema (a bad payload throws a ZodError here, never in a worker) and queues it.
 * Returns the job id, or null when a singleton key dropped it as a duplicate. With `tx`, the job is inserted in that
 * transaction (the queue itself is created, once per process, on the jobs pool: a queue is configuration, not data).
 */
export async function enqueueJob<S extends JobDefinition>(def: S, data: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
  const payload = def.schema.parse(data) as object;
  const o = { ...DEFAULTS, ...def.options };
  const boss = await instance(false);
  await ensureQueue(boss, def.name);
  return boss.send(def.name, payload, {
    ...(opts.tx ? { db: transactionDb(opts.tx) } : {}),
    retryLimit: o.retryLimit,
    retryDelay: o.retryDelay,
    retryBackoff: o.retryBackoff,
    expireInSeconds: o.expireInSeconds,
    ...(o.singletonSeconds ? { singletonSeconds: o.singletonSeconds } : {}),
    ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter instanceof Date ? opts.startAfter : new Date(opts.startAfter) } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  });
}

export async function enqueueByName(name: string, data: unknown, opts?: EnqueueOptions): Promise<string | null> {
  return enqueueJob(definition(name), data, opts);
}

async function runOne(def: JobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
  const jlog = log.child({ job: def.name, jobId: job.id, attempt: job.retryCount + 1 });
  const started = performance.now();
  try {
    const data = def.schema.parse(job.data);
    const out = await def.handler(data, { jobId: job.id, log: jlog });
    jlog.info({ ms: Math.round(performance.now() - started) }, "job done");
    return out;
  } catch (err) {
    const final = job.retryCount >= job.retryLimit || err instanceof ZodError;
    jlog[final ? "error" : "warn"]({ err, ms: Math.round(performance.now() - started), final }, "job failed");
    throw err;
  }
}

/**
 * Subscribes workers for the registered jobs (all, or `only` these names), turns on pg-boss maintenance and
 * registers the cron schedules. Idempotent per job name.
 */
export async function startWorkers(opts: { only?: readonly string[] } = {}): Promise<string[]> {
  if (state.boss && !state.workers) {
    // A producer-only instance exists (something was enqueued first): restart it with maintenance and schedules.
    const old = await state.boss;
    state.boss = undefined;
    await old.stop({ graceful: true, wait: true });
  }
  const boss = await instance(true);
  const defs = registeredJobs().filter((d) => !opts.only || opts.only.includes(d.name));
  const started: string[] = [];
  for (const def of defs) {
    if (state.working.has(def.name)) continue;
    await ensureQueue(boss, def.name);
    const o = { ...DEFAULTS, ...def.options };
    await boss.work(
      def.name,
      { batchSize: o.batchSize, pollingIntervalSeconds: o.pollingIntervalSeconds, includeMetadata: true },
      async (jobs) => {
        const out = [];
        for (const job of jobs) out.push(await runOne(def, job));
        return out.length === 1 ? out[0] : out;
      },
    );
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC", retryLimit: o.retryLimit, expireInSeconds: o.expireInSeconds });
    state.working.add(def.name);
    started.push(def.name);
  }
  if (started.length) log.info({ jobs: started }, "workers started");
  return started;
}

/** Stops fetching, waits (up to timeoutMs) for running jobs to finish, closes the pool. */
export async function stopJobs(timeoutMs = 20_000): Promise<void> {
  const pending = state.boss;
  if (!pending) return;
  state.boss = undefined;
  state.workers = false;
  state.queues.clear();
  state.working.clear();
  const boss = await pending.catch(() => null);
  if (!boss) return;
  // Connections closing under a shutting-down process (or database) are expected now, not errors worth a page.
  boss.removeAllListeners("error");
  boss.on("error", (err) => log.debug({ err }, "pg-boss error while stopping"));
  await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

/** The pg-boss instance, for tests and operations scripts (job state, queue sizes). */
export async function jobsBoss(): Promise<PgBoss> {
  return instance(state.workers);
}
