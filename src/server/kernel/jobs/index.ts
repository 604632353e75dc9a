import type { z } from "zod";
import { JOB_CATALOG } from "./catalog";
import type { JobDefinition } from "./define";
import { enqueueByName, registerJobs, type EnqueueOptions } from "./runtime";

export { defineJob, defineScheduledJob, type JobContext, type JobDefinition, type JobOptions } from "./define";
export { enqueueJob, registerJobs, registeredJobs, startWorkers, stopJobs, jobsBoss, type EnqueueOptions, type JobTx } from "./runtime";
export { installJobsSchema, JOBS_SCHEMA } from "./install";

registerJobs(JOB_CATALOG);

type Catalog = (typeof JOB_CATALOG)[number];
export type JobName = Catalog["name"];
export type JobPayload<N extends JobName> = Extract<Catalog, { name: N }> extends JobDefinition<N, infer S> ? z.input<S> : never;

/** Queues job `name` with `data` (validated by its schema here; a bad payload throws). */
export function enqueue<N extends JobName>(name: N, data: JobPayload<N>, opts?: EnqueueOptions): Promise<string | null> {
  return enqueueByName(name, data, opts);
}
