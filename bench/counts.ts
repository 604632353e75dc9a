// The counts list with a large open count (issue 6, cycle counts at full scale): opens (once) a count of WH-HQ1's
// locations A-01 … A-02 in bench-big — ~23,000 lines —, marks every line counted (one in ten one more than
// expected), then times inventory.counts.list's first page (the service in a transaction as the owner, as bench/run.ts
// measures its SQL) N times; then the count page's reads of that count: inventory.counts.get (header and totals,
// refetched after every entry) and inventory.counts.lines (the first page, a page deep in the count, a search, the
// uncounted and differences filters).
//
//   npx tsx bench/counts.ts [--runs 25]
//   npx tsx bench/counts.ts --create-range A:A-ZZZZ   # only times creating a count of that location code range of
//                                                      # WH-HQ1 (the service, its own transaction timeout), rolled back
//
// The count is kept (note "bench: large open count") so later runs measure the same data; cancel it in the app to
// start over. Prints the creation time on the first run, then p50 / p95 of the list.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { db as appDb } from "@/server/db/client";
import { applySettings, withSettings } from "@/server/db/scope";
import type { OrgScope } from "@/server/kernel/scope";
import { ZCountLinesInput, ZCreateCountInput, ZListCountsInput } from "@/server/modules/inventory/counts.schemas";
import { countLines, CREATE_COUNT_TIMEOUT_MS, createCount, getCount, listCounts } from "@/server/modules/inventory/counts.service";
import { arg, BIG_ORG, bigOrgOwner, openBenchDb } from "./db";

const NOTE = "bench: large open count";
const log = (s: string) => console.log(`[bench:counts] ${s}`);
const runs = Number(arg("runs", "BENCH_RUNS", "25"));
const createRange = arg("create-range", "BENCH_CREATE_RANGE", "");
const db = await openBenchDb(log);
const c = new pg.Client({ connectionString: process.env.DATABASE_SYSTEM_URL });
await c.connect();
try {
  const me = await bigOrgOwner(c);
  const wh = (await c.query<{ id: string }>("select id from inventory.warehouses where organization_id = $1 and code = 'WH-HQ1'", [me.orgId])).rows[0]!.id;
  const scope: OrgScope = { ...me, orgSlug: BIG_ORG.slug, requestId: "bench", permissions: new Set(["*"]), roles: ["owner"], recordScope: "all" };
  const settings = { orgId: me.orgId, userId: me.userId, workspaceIds: me.workspaceIds };
  if (createRange) {
    // The procedure's transaction (inventory.counts.create: CREATE_COUNT_TIMEOUT_MS), rolled back at the end.
    const [from, to] = createRange.split(":");
    const input = ZCreateCountInput.parse({ warehouseId: wh, locationCodeFrom: from, locationCodeTo: to, note: "bench: creation only" });
    const ROLLBACK = new Error("rollback");
    const t = performance.now();
    let lines = 0;
    let created = 0;
    await appDb()
      .$transaction(async (tx) => {
        await applySettings(tx, settings);
        lines = (await createCount(tx, scope, input)).totals.lines;
        created = performance.now() - t;
        throw ROLLBACK;
      }, { timeout: CREATE_COUNT_TIMEOUT_MS })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
    log(`created a count of ${from} … ${to}: ${lines} lines in ${created.toFixed(0)} ms (rolled back)`);
  } else {
    let id = (await c.query<{ id: string }>("select id from inventory.stock_counts where organization_id = $1 and note = $2 and status = 'counting' limit 1", [me.orgId, NOTE])).rows[0]?.id;
    if (!id) {
      const t = performance.now();
      const input = ZCreateCountInput.parse({ warehouseId: wh, locationCodeFrom: "A-01", locationCodeTo: "A-02-ZZZZ", note: NOTE });
      id = (await withSettings(settings, (tx) => createCount(tx, scope, input))).id;
      log(`created the count in ${(performance.now() - t).toFixed(0)} ms`);
      const t2 = performance.now();
      const u = await c.query(
        `update inventory.stock_count_lines set counted_qty = greatest(expected_qty, 0) + (case when random() < 0.1 then 1 else 0 end),
                counted_at = now() where organization_id = $1 and count_id = $2 and counted_qty is null`,
        [me.orgId, id],
      );
      log(`counted ${u.rowCount} lines in ${(performance.now() - t2).toFixed(0)} ms`);
    }
    /** p50 / p95 of `runs` calls, each in its own transaction as the owner. */
    const time = async <T>(label: string, call: (tx: Parameters<Parameters<typeof withSettings>[1]>[0]) => Promise<T>): Promise<T> => {
      const times: number[] = [];
      let last: T | undefined;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        last = await withSettings(settings, call);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(1);
      log(`${label}, ${runs} runs: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
      return last as T;
    };
    const countId = id;
    const page = await time("counts.list first page", (tx) => listCounts(tx, scope, ZListCountsInput.parse({})));
    const row = page.rows.find((r) => r.id === countId);
    const header = await time("counts.get (header and totals)", (tx) => getCount(tx, scope, { id: countId }));
    log(`the count's totals: ${JSON.stringify(header.totals)}`);
    const lines = (input: Record<string, unknown>) => (tx: Parameters<Parameters<typeof withSettings>[1]>[0]) => countLines(tx, scope, ZCountLinesInput.parse({ id: countId, ...input }));
    await time("counts.lines page 1 of 100", lines({}));
    const deep = Math.max(1, Math.floor(header.totals.lines / 100 / 2));
    await time(`counts.lines page ${deep} of 100`, lines({ page: deep }));
    await time("counts.lines search \"A-02\" (location)", lines({ q: "A-02" }));
    await time("counts.lines only uncounted", lines({ filter: "uncounted" }));
    const diffs = await time("counts.lines only differences", lines({ filter: "differences" }));
    log(`lines with a difference: ${diffs.total}`);
    log(`the large count's row: ${JSON.stringify(row)}`);
  }
} finally {
  await c.end();
  await db.stop();
}
