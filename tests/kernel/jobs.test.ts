// Jobs against the test PostgreSQL: a real pg-boss worker on the system role processes what a test enqueues.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { defineJob, defineScheduledJob, enqueue, enqueueJob, jobsBoss, registerJobs, startWorkers, stopJobs } from "@/server/kernel/jobs";
import { withConnection } from "../helpers/db";
import { uniq } from "../helpers/factory";

const seen: { n: number; attempt: number }[] = [];
const attempts = new Map<number, number>();

const echo = defineJob({
  name: `test.echo-${uniq()}`,
  schema: z.object({ n: z.number().int() }),
  options: { pollingIntervalSeconds: 0.5, retryLimit: 2, retryDelay: 0, retryBackoff: false },
  handler: async ({ n }) => {
    const attempt = (attempts.get(n) ?? 0) + 1;
    attempts.set(n, attempt);
    // Negative numbers fail on their first attempt only: the retry must pick them up.
    if (n < 0 && attempt === 1) throw new Error(`first attempt of ${n} fails`);
    seen.push({ n, attempt });
    return { doubled: n * 2 };
  },
});

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tick = defineScheduledJob(`test.tick-${uniq()}`, "*/5 * * * *", async () => undefined);

beforeAll(async () => {
  registerJobs([echo, tick]);
  await startWorkers({ only: [echo.name, tick.name] });
});
afterAll(() => stopJobs());

describe("jobs", () => {
  it("a job enqueued here is processed by a worker, and completes with the handler's output", async () => {
    const id = await enqueueJob(echo, { n: 21 });
    expect(id).toBeTruthy();
    await until(() => seen.find((s) => s.n === 21));
    const boss = await jobsBoss();
    const job = await until(async () => {
      const j = await boss.getJobById<{ n: number }>(echo.name, id!);
      return j?.state === "completed" ? j : undefined;
    });
    expect(job.output).toEqual({ doubled: 42 });
  });

  it("a failing job is retried and then succeeds", async () => {
    const id = await enqueueJob(echo, { n: -7 });
    const done = await until(() => seen.find((s) => s.n === -7));
    expect(done.attempt).toBe(2);
    const boss = await jobsBoss();
    const job = await until(async () => {
      const j = await boss.getJobById(echo.name, id!);
      return j?.state === "completed" ? j : undefined;
    });
    expect(job.retryCount).toBe(1);
  });

  it("refuses a bad payload at enqueue, before anything is queued", async () => {
    await expect(enqueueJob(echo, { n: "seven" })).rejects.toBeInstanceOf(ZodError);
    await expect(enqueue("mail.send", { to: "not an address", subject: "x", html: "", text: "" })).rejects.toBeInstanceOf(ZodError);
    // @ts-expect-error the catalog types the payload of mail.send: a subject is a string
    await expect(enqueue("mail.send", { to: "a@b.test", subject: 42, html: "", text: "" })).rejects.toBeInstanceOf(ZodError);
    const boss = await jobsBoss();
    expect(await boss.getQueueSize(echo.name)).toBe(0);
  });

  it("a scheduled job is one definition: starting the workers registers its cron schedule", async () => {
    const boss = await jobsBoss();
    const schedules = await boss.getSchedules();
    expect(schedules.find((s) => s.name === tick.name)).toMatchObject({ cron: "*/5 * * * *" });
    await expect(enqueueJob(tick, { unexpected: 1 })).rejects.toBeInstanceOf(ZodError);
  });

  it("the runtime roles cannot create anything: queues are created through the owner's definer function", async () => {
    const privs = await withConnection("owner", async (c) => {
      const { rows } = await c.query(`select
        has_database_privilege('tessera_system', current_database(), 'CREATE') as sys_db,
        has_database_privilege('tessera_app', current_database(), 'CREATE') as app_db,
        has_schema_privilege('tessera_system', 'pgboss', 'CREATE') as sys_schema,
        has_schema_privilege('tessera_app', 'pgboss', 'CREATE') as app_schema,
        (select relowner::regrole::text from pg_class where oid = 'pgboss.job'::regclass) as job_owner`);
      return rows[0];
    });
    expect(privs).toEqual({ sys_db: false, app_db: false, sys_schema: false, app_schema: false, job_owner: "tessera_owner" });
  });
});
