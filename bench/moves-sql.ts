// The posting functions without the application (issue 6: "posting 1,000 moves/s sustained from concurrent clients"):
// what the database alone sustains on this machine, as a ceiling for bench/moves.ts (which posts through the stock
// services, Prisma and Node).
//
//   npx tsx bench/moves-sql.ts [--clients 20] [--seconds 15] [--items 50] [--bins 10] [--lines 5] [--prime 20]
//
// pgbench (Debian: postgresql-client) runs, per transaction and as tessera_app with row-level security, what a stock
// service's transaction sends: BEGIN, the RLS settings, `lines` calls of inventory.post_in / post_out / post_transfer
// (40 / 40 / 20 %, quantities 2 / 1 / 1), COMMIT; as prepared statements. The hot set is bench/moves.ts's (hotSet in
// bench/db.ts), primed the same way. Differences: the kind is drawn per line with fixed quantities (bench/moves.ts:
// one kind per transaction, 1–10 units), and a transaction's items are `lines` neighbours in id order of the hot set
// (bench/moves.ts draws them at random, then sorts them): both lock items in id order and cannot deadlock.
// A refused issue (not enough stock) is a function answer, not an error: the moves committed are counted from the
// ledger afterwards (the run's note), so moves/s counts only moves written. The levels and costs are not verified
// here: bench/moves.ts does that for the same functions.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { arg, client, hotSet, openBenchDb } from "./db";

const log = (s: string) => console.log(`[bench:moves-sql] ${s}`);
const clients = Number(arg("clients", "BENCH_CLIENTS", "20"));
const seconds = Number(arg("seconds", "BENCH_SECONDS", "15"));
const nItems = Number(arg("items", "BENCH_HOT_ITEMS", "50"));
const nBins = Number(arg("bins", "BENCH_HOT_BINS", "10"));
const lines = Number(arg("lines", "BENCH_LINES", "5"));
const prime = Number(arg("prime", "BENCH_PRIME", "20"));
if (!(clients >= 1 && seconds > 0 && nItems >= 1 && nBins >= 2 && lines >= 1 && lines <= nItems))
  throw new Error("--clients >= 1, --seconds > 0, --items >= 1, --bins >= 2, 1 <= --lines <= --items");

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const uuids = (ids: string[]) => `ARRAY[${ids.map(lit).join(",")}]::uuid[]`;

/** The pgbench script: one transaction of `lines` moves on the hot items :n+1 … :n+lines (1-based, id order). */
function script(h: { orgId: string; userId: string; workspaceIds: string[] }, items: string[], bins: string[], note: string): string {
  const org = `${lit(h.orgId)}::uuid`;
  const user = `${lit(h.userId)}::uuid`;
  const out = [
    `\\set n random(0, ${items.length - lines})`,
    "BEGIN;",
    `select set_config('app.org_id', ${lit(h.orgId)}, true), set_config('app.workspace_ids', ${lit(`{${h.workspaceIds.join(",")}}`)}, true), ` +
      `set_config('app.user_id', ${lit(h.userId)}, true), set_config('app.request_id', '', true);`,
  ];
  for (let j = 1; j <= lines; j++) {
    const item = `(${uuids(items)})[:n + ${j}]`;
    const bin = (v: string) => `(${uuids(bins)})[:${v}]`;
    out.push(
      "\\set k random(1, 10)",
      `\\set b random(1, ${bins.length})`,
      `\\set c (:b % ${bins.length}) + 1`,
      "\\if :k <= 4",
      `select error_code from inventory.post_in(${org}, ${user}, ${item}, NULL, ${bin("b")}, 2, 10, NULL, NULL, NULL, 'receipt', NULL, NULL, ${lit(note)}, now());`,
      "\\elif :k <= 8",
      `select error_code from inventory.post_out(${org}, ${user}, ${item}, NULL, ${bin("b")}, 1, false, true, NULL, NULL, 'issue', NULL, NULL, ${lit(note)}, now());`,
      "\\else",
      `select error_code from inventory.post_transfer(${org}, ${user}, ${item}, NULL, ${bin("b")}, ${bin("c")}, 1, NULL, NULL, NULL, NULL, ${lit(note)}, now());`,
      "\\endif",
    );
  }
  out.push("COMMIT;");
  return out.join("\n") + "\n";
}

async function main() {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const note = `bench-moves-sql ${stamp}`;
  const bench = await openBenchDb(log);
  try {
    const c = client(bench.urls.app);
    await c.connect();
    let hot;
    try {
      const sys = client(bench.urls.system);
      await sys.connect();
      hot = await hotSet(sys, nItems, nBins).finally(() => sys.end());
      const items = hot.items.map((i) => i.id).sort();
      const bins = hot.bins.map((b) => b.id);
      // Prime every item × bin (not measured), in one transaction as the app.
      await c.query("begin");
      await c.query("select set_config('app.org_id', $1, true), set_config('app.workspace_ids', $2, true), set_config('app.user_id', $3, true)", [
        hot.orgId, `{${hot.workspaceIds.join(",")}}`, hot.userId,
      ]);
      await c.query(
        `select count(inventory.post_in($1, $2, i, NULL, b, $3, 10, NULL, NULL, NULL, 'receipt', NULL, NULL, $4, now()))
           from unnest($5::uuid[]) i, unnest($6::uuid[]) b`,
        [hot.orgId, hot.userId, prime, `${note} prime`, items, bins],
      );
      await c.query("commit");
      log(`hot set: ${items.length} items × ${bins.length} bins of ${hot.warehouse}, primed with ${prime} units each; ${clients} clients, ${lines} moves per transaction, ${seconds} s`);

      const dir = mkdtempSync(path.join(os.tmpdir(), "moves-sql-"));
      const file = path.join(dir, "moves.sql");
      writeFileSync(file, script(hot, items, bins, note));
      const load0 = os.loadavg();
      const { stdout } = await promisify(execFile)(
        "pgbench",
        ["-n", "-M", "prepared", "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds), "-f", file, bench.urls.app],
        { maxBuffer: 1 << 24 },
      );
      const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
      const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
      const failed = /number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? "?";
      const moved = await movesOfRun(bench.urls.system, hot.orgId, note, started);
      const result = {
        started: started.toISOString(), clients, seconds, lines, items: items.length, bins: bins.length, warehouse: hot.warehouse, prime,
        transactionsPerSecond: tps, latencyAverageMs: latency, failedTransactions: Number(failed), movesCommitted: moved,
        movesPerSecond: Math.round((moved / seconds) * 10) / 10, loadBefore: load0, loadAfter: os.loadavg(),
      };
      log(`${moved} moves committed in ${seconds} s: ${result.movesPerSecond} moves/s (${tps.toFixed(1)} transactions/s of ${lines}, latency average ${latency} ms, ${failed} failed)`);
      const out = path.join(import.meta.dirname, ".out");
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, `moves-sql-${stamp}.json`), JSON.stringify(result, null, 2));
      log(`written bench/.out/moves-sql-${stamp}.json`);
    } finally {
      await c.end();
    }
  } finally {
    await bench.stop();
  }
}

/** Moves of the run in the ledger (the prime excepted), read by the system role (no RLS); moved_at bounds the scan. */
async function movesOfRun(systemUrl: string, orgId: string, note: string, since: Date): Promise<number> {
  const c = client(systemUrl);
  await c.connect();
  try {
    const r = await c.query<{ n: string }>("select count(*) as n from inventory.stock_moves where organization_id = $1 and moved_at >= $3 and note = $2",
      [orgId, note, since],);
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
