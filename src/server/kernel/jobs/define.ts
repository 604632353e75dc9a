// A job is a named queue with a zod schema for its payload and one handler. Definitions are plain values: the
// catalog (catalog.ts) lists the application's jobs, and `enqueue` is typed by it.
import type { Logger } from "pino";
import { z } from "zod";

export interface JobContext {
  jobId: string;
  /** The job's logger: carries the job name and id. */
  log: Logger;
}

export interface JobOptions {
  /** Attempts after the first failure (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry (default 5). */
  retryDelay?: number;
  /** Exponential backoff between retries (default true). */
  retryBackoff?: boolean;
  /** A running job that has not finished after this many seconds is failed (and retried). Default 15 minutes. */
  expireInSeconds?: number;
  /** At most one job per singleton key (and per time slot when singletonSeconds is set); duplicates are dropped. */
  singletonSeconds?: number;
  /** Jobs a worker handles at once. Default 1. */
  batchSize?: number;
  /** How often an idle worker polls, in seconds (at least 0.5). Default 2. */
  pollingIntervalSeconds?: number;
}

export interface JobDefinition<Name extends string = string, S extends z.ZodType = z.ZodType> {
  name: Name;
  schema: S;
  handler: (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
  options: JobOptions;
  /** A cron expression (UTC) when the job runs on a schedule. */
  cron?: string;
}

export function defineJob<Name extends string, S extends z.ZodType>(def: {
  name: Name;
  schema: S;
  handler: (data: z.output<S>, ctx: JobContext) => Promise<unknown>;
  options?: JobOptions;
  cron?: string;
}): JobDefinition<Name, S> {
  if (!/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/.test(def.name)) throw new Error(`invalid job name "${def.name}" (module.verb)`);
  return { ...def, options: def.options ?? {} };
}

/**
 * A periodic job without payload, in one line: `defineScheduledJob("audit.seal", "* * * * *", () => sealPending())`.
 * pg-boss queues it once per cron slot however many processes run the scheduler. A run that outlasts the interval can
 * overlap the next one on another worker, so the handler must tolerate that (e.g. take an advisory lock). No retries:
 * the next slot is the retry.
 */
export function defineScheduledJob<Name extends string>(
  name: Name,
  cron: string,
  run: (ctx: JobContext) => Promise<unknown>,
  options: JobOptions = {},
) {
  return defineJob({ name, schema: z.object({}).strict(), cron, handler: (_data, ctx) => run(ctx), options: { retryLimit: 0, ...options } });
}
