// A small closed-loop load generator (autocannon is not a dependency): `connections` workers each send the next
// request as soon as the previous one answered, for `seconds`, after a warm-up. Latencies from process.hrtime.
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface Stats {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Requests (or units of work) per second. */
  rps: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[], errors: number, seconds: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    errors,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean: s.length ? sum / s.length : NaN,
    max: s.at(-1) ?? NaN,
    rps: s.length / seconds,
  };
}

/**
 * Runs `work(i)` (one unit: a request, or a few in parallel for a page) in a closed loop. Throws away the first
 * `warmupSeconds`. A unit that throws counts as an error (its latency is not recorded).
 */
export async function closedLoop(opts: { connections: number; seconds: number; warmupSeconds: number; work: (i: number) => Promise<void> }): Promise<Stats> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: unknown = null;
  const t0 = performance.now();
  const warmEnd = t0 + opts.warmupSeconds * 1000;
  const end = warmEnd + opts.seconds * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      for (;;) {
        const start = performance.now();
        if (start >= end) return;
        try {
          await opts.work(counter++);
          const done = performance.now();
          if (start >= warmEnd) samples.push(done - start);
        } catch (e) {
          if (start >= warmEnd) errors++;
          firstError ??= e;
        }
      }
    }),
  );
  if (errors && firstError) console.error("  first error:", firstError instanceof Error ? firstError.message : firstError);
  return summarize(samples, errors, opts.seconds);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** GET `url` with headers; resolves the body, rejects on a non-2xx status. */
export function get(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${res.statusCode} ${url.slice(0, 120)}: ${body.slice(0, 300)}`));
        else resolve(body);
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}
