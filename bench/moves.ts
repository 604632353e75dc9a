// Stock posting throughput (issue 6: "posting 1,000 moves/s sustained from concurrent clients without lost updates").
//
//   npx tsx bench/moves.ts [--clients 20] [--seconds 15] [--items 50] [--bins 10] [--prime 20] [--seed 1] [--processes 1] [--pool N] [--profile]
//                          [--lines L] [--batch]
//
// N concurrent clients post receipts (40 %), issues (40 %) and transfers (20 %) through the real stock services
// (stock.service.ts receive / issue / transfer), each move in its own transaction as tessera_app with the RLS settings
// (withSettings: the transaction of a procedure, without its one scope-resolution statement and without HTTP), for S
// seconds (with --batch: each transaction's L lines in ONE stock.postMoves call, as a document posts them), over a
// HOT set: `items` items × `bins` bins of the busiest warehouse (WH-HQ1; MAIN in a small one), which forbids negative
// stock. Every move of a hot item serializes on its level row and its item_costs row: contention on
// purpose. Before the run every item × bin gets a receipt of `prime` units (not measured); the levels are read after.
//
// In-process rather than through tRPC: the target is the posting engine's (the ledger, the level and cost rows and
// their locks); the HTTP path adds the per-request scope resolution and the JSON round trip (~4 ms p50 on the
// baseline scenario of bench/run.ts), which is per request and parallel, not per row lock, and would make the load
// generator (one Node process on the same 2 cores) the bottleneck long before PostgreSQL. The services and their
// Prisma client run in JavaScript on one thread: with --processes P the clients are split over P worker processes
// (each with its own connection pool), for a machine with more cores than the 2 of docs/BENCHMARKS.md.
//
// Verification after the run (all clients done):
//   1. no lost update: for every hot item × bin, level after − level before = Σ of the moves the clients saw commit;
//   2. the ledger holds exactly the moves the clients saw commit (count and Σ quantity per level, by the run's note);
//   3. levels = Σ ledger for every level of the hot items (all locations, all time), item_costs quantity and value =
//      Σ ledger (inventory.check_levels' comparison, for the hot items);
//   4. nothing oversold: no level of the hot items below zero or below its reservations (the warehouse forbids it).
// Refused issues / transfers (not enough stock: the services' field error on quantity) are correct answers, counted
// apart. Prints moves/s and p50 / p95 / p99 latency; writes bench/.out/moves-<time>.{json,md}. Exit code 1 when a
// verification fails or a move failed with anything but a refusal.
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { arg, BIG_ORG, client, flag, fmtMs, hotSet, openBenchDb, type Hot } from "./db";
import pg from "pg";
import { summarize, type Stats } from "./load";

// Statements sent on every pg connection of this process (BEGIN and COMMIT included), as bench/scope-overhead.ts
// counts them: the probe below reads the statements of one move of each kind.
// With --profile the probe also prints each statement of the three moves with its round-trip time.
let statements = 0;
let profiling: { sql: string; ms: number }[] | null = null;
const pgQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  const out = (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (profiling && out instanceof Promise) {
    const q = args[0];
    const entry = { sql: (typeof q === "string" ? q : ((q as { text?: string })?.text ?? String(q))).replace(/\s+/g, " ").slice(0, 110), ms: 0 };
    const t = performance.now();
    profiling.push(entry);
    void out.then(() => (entry.ms = performance.now() - t), () => (entry.ms = performance.now() - t));
  }
  return out;
} as typeof pg.Client.prototype.query;

const log = (s: string) => console.log(`[bench:moves] ${s}`);
const clients = Number(arg("clients", "BENCH_CLIENTS", "20"));
const seconds = Number(arg("seconds", "BENCH_SECONDS", "15"));
const nItems = Number(arg("items", "BENCH_HOT_ITEMS", "50"));
const nBins = Number(arg("bins", "BENCH_HOT_BINS", "10"));
const prime = Number(arg("prime", "BENCH_PRIME", "20"));
const seed = Number(arg("seed", "BENCH_SEED", "1"));
const processes = Math.max(1, Math.min(Number(arg("processes", "BENCH_PROCESSES", "1")), clients));
/** Moves per transaction: 1, or a document's lines (one kind, distinct items in id order, all or nothing). */
const lines = Number(arg("lines", "BENCH_LINES", "1"));
/** A transaction's lines through ONE stock.postMoves call (inventory.post_moves) instead of one service call each. */
const batch = flag("batch");
/** Connections per process (the app's DATABASE_POOL_SIZE): by default one per client (+2); fewer makes clients queue for one. */
const poolArg = arg("pool", "BENCH_POOL", "");
if (!(clients >= 1 && seconds > 0 && nItems >= 1 && nBins >= 2 && lines >= 1 && lines <= nItems))
  throw new Error("--clients >= 1, --seconds > 0, --items >= 1, --bins >= 2, 1 <= --lines <= --items");

type Kind = "receipt" | "issue" | "transfer";

/** mulberry32: a small deterministic PRNG per client. */
function prng(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loadHot(systemUrl: string): Promise<Hot> {
  const c = client(systemUrl);
  await c.connect();
  try {
    return await hotSet(c, nItems, nBins);
  } finally {
    await c.end();
  }
}

const KINDS: Kind[] = ["receipt", "issue", "transfer"];

type Scope = { orgId: string; orgSlug: string; userId: string; requestId: string; membershipId: string; workspaceIds: string[]; roles: string[]; recordScope: "all" };
interface Job {
  clients: number;
  /** Index of the first client (its PRNG seed), so a split run posts the same sequence as one process. */
  firstClient: number;
  /** Epoch ms. */
  endAt: number;
  tag: string;
  hot: Hot;
  scope: Scope & { permissions: string[] };
  settings: { orgId: string; workspaceIds: string[]; userId: string; requestId: string };
}
interface Part {
  lat: Record<Kind, number[]>;
  refused: Record<Kind, number>;
  failed: Record<Kind, number>;
  failures: [string, number][];
  /** "item|location" → Σ committed quantity change. */
  deltas: [string, number][];
}

/** `job.clients` closed loops posting moves until job.endAt; what each saw commit, refused or fail. */
async function runClients(job: Job): Promise<Part> {
  const { withSettings } = await import("@/server/db/scope");
  const stock = await import("@/server/modules/inventory/stock.service");
  const { AppError } = await import("@/server/kernel/errors");
  const { hot, settings, tag } = job;
  const scope = { ...job.scope, permissions: new Set(job.scope.permissions) };
  const deltas = new Map<string, number>();
  const add = (k: string, q: number) => deltas.set(k, (deltas.get(k) ?? 0) + q);
  const lat: Record<Kind, number[]> = { receipt: [], issue: [], transfer: [] };
  const refused: Record<Kind, number> = { receipt: 0, issue: 0, transfer: 0 };
  const failed: Record<Kind, number> = { receipt: 0, issue: 0, transfer: 0 };
  const failures = new Map<string, number>();
  await Promise.all(
    Array.from({ length: job.clients }, async (_, ci) => {
      const rnd = prng(seed * 1000 + job.firstClient + ci);
      const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
      while (Date.now() < job.endAt) {
        const r = rnd();
        const kind: Kind = r < 0.4 ? "receipt" : r < 0.8 ? "issue" : "transfer";
        // The transaction's lines: distinct items in id order (as a document posts its lines), so that two
        // transactions take their level and cost locks in the same order and never deadlock.
        const picked = new Set<number>();
        while (picked.size < lines) picked.add(int(0, hot.items.length - 1));
        const moves = [...picked].map((i) => hot.items[i]!.id).sort().map((item) => {
          const a = hot.bins[int(0, hot.bins.length - 1)]!.id;
          let b = hot.bins[int(0, hot.bins.length - 2)]!.id;
          if (b === a) b = hot.bins[hot.bins.length - 1]!.id;
          return { item, a, b, q: kind === "receipt" ? int(1, 10) : int(1, 5), cost: (int(100, 9999) / 100).toFixed(2) };
        });
        const t = performance.now();
        try {
          await withSettings(settings, async (tx) => {
            if (batch) {
              await stock.postMoves(tx, scope, moves.map(({ item, a, b, q, cost }) =>
                kind === "receipt" ? { kind: "receive" as const, itemId: item, locationId: a, quantity: String(q), unitCost: cost, note: tag }
                : kind === "issue" ? { kind: "issue" as const, itemId: item, locationId: a, quantity: String(q), note: tag }
                : { kind: "transfer" as const, itemId: item, fromLocationId: a, toLocationId: b, quantity: String(q), note: tag }));
              return;
            }
            for (const { item, a, b, q, cost } of moves) {
              if (kind === "receipt") await stock.receive(tx, scope, { itemId: item, locationId: a, quantity: String(q), unitCost: cost, note: tag });
              else if (kind === "issue") await stock.issue(tx, scope, { itemId: item, locationId: a, quantity: String(q), note: tag });
              else await stock.transfer(tx, scope, { itemId: item, fromLocationId: a, toLocationId: b, quantity: String(q), note: tag });
            }
          });
          lat[kind].push(performance.now() - t);
          for (const { item, a, b, q } of moves) {
            if (kind === "receipt") add(`${item}|${a}`, q);
            else if (kind === "issue") add(`${item}|${a}`, -q);
            else {
              add(`${item}|${a}`, -q);
              add(`${item}|${b}`, q);
            }
          }
        } catch (e) {
          if (e instanceof AppError && e.fieldErrors?.quantity) refused[kind]++;
          else {
            failed[kind]++;
            const msg = (e instanceof Error ? e.message : String(e)).split("\n").slice(-1)[0]!.slice(0, 200);
            failures.set(msg, (failures.get(msg) ?? 0) + 1);
          }
        }
      }
    }),
  );
  return { lat, refused, failed, failures: [...failures], deltas: [...deltas] };
}

/**
 * Starts a share of the clients in a child process (this script with BENCH_MOVES_JOB set; same database env). Resolves
 * once the worker has loaded the services (`start(endAt)` then starts its clients; `done` is their result), so the
 * workers' start-up does not eat into the measured seconds.
 */
function startWorker(job: Job): Promise<{ start: (endAt: number) => void; done: Promise<Part> }> {
  return new Promise((ready, reject) => {
    const child = fork(process.argv[1]!, process.argv.slice(2), {
      env: { ...process.env, BENCH_MOVES_JOB: JSON.stringify(job), DATABASE_POOL_SIZE: String(poolArg ? Number(poolArg) : job.clients + 2) },
      execArgv: process.execArgv,
    });
    let part: Part | null = null;
    const done = new Promise<Part>((resolve, fail) => {
      child.once("exit", (code) => (part ? resolve(part) : fail(new Error(`moves worker exited with ${code} and no result`))));
    });
    child.on("message", (m: { ready: true } | Part) => {
      if ("lat" in m) part = m;
      else ready({ start: (endAt) => child.send({ endAt }), done });
    });
    child.once("error", reject);
  });
}

async function main() {
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const tag = `bench-moves ${stamp}`;
  const load0 = os.loadavg();
  const bench = await openBenchDb(log);
  // The app client's pool (created on first use): one connection per client.
  process.env.DATABASE_POOL_SIZE = String(poolArg ? Number(poolArg) : clients + 2);
  const { withSettings } = await import("@/server/db/scope");
  const { disconnectAll } = await import("@/server/db/client");
  const stock = await import("@/server/modules/inventory/stock.service");
  try {
    const hot = await loadHot(bench.urls.system);
    const scope = {
      orgId: hot.orgId,
      orgSlug: BIG_ORG.slug,
      userId: hot.userId,
      requestId: "bench-moves",
      membershipId: hot.membershipId,
      workspaceIds: hot.workspaceIds,
      permissions: new Set(["inventory.item.read", "inventory.stock.read", "inventory.stock.move"]),
      roles: ["owner"],
      recordScope: "all" as const,
    };
    const settings = { orgId: hot.orgId, workspaceIds: hot.workspaceIds, userId: hot.userId, requestId: "bench-moves" };
    log(`hot set: ${hot.items.length} items × ${hot.bins.length} bins of ${hot.warehouse}; ${clients} clients for ${seconds} s`);

    // Prime: a receipt per item × bin, concurrently (not measured).
    const t0 = performance.now();
    const pairs = hot.items.flatMap((it) => hot.bins.map((b) => ({ itemId: it.id, locationId: b.id })));
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let p = pairs[next++]; p; p = pairs[next++]) {
          const pair = p;
          await withSettings(settings, (tx) => stock.receive(tx, scope, { ...pair, quantity: String(prime), unitCost: "10.00", note: `${tag} prime` }));
        }
      }),
    );
    log(`primed ${pairs.length} levels with ${prime} units each in ${fmtMs(performance.now() - t0)}`);

    // Probe: the statements of one move of each kind, alone (the pool is warm; levels are read after this).
    const probe = { itemId: hot.items[0]!.id, a: hot.bins[0]!.id, b: hot.bins[1]!.id };
    const perMove: Record<Kind, number> = { receipt: 0, issue: 0, transfer: 0 };
    const probeMoves: Record<Kind, () => Promise<unknown>> = {
      receipt: () => withSettings(settings, (tx) => stock.receive(tx, scope, { itemId: probe.itemId, locationId: probe.a, quantity: "2", unitCost: "10.00", note: `${tag} prime` })),
      issue: () => withSettings(settings, (tx) => stock.issue(tx, scope, { itemId: probe.itemId, locationId: probe.a, quantity: "1", note: `${tag} prime` })),
      transfer: () =>
        withSettings(settings, (tx) => stock.transfer(tx, scope, { itemId: probe.itemId, fromLocationId: probe.a, toLocationId: probe.b, quantity: "1", note: `${tag} prime` })),
    };
    for (const k of ["receipt", "issue", "transfer"] as const) {
      const s0 = statements;
      await probeMoves[k]();
      perMove[k] = statements - s0;
    }
    if (flag("profile"))
      for (const k of ["receipt", "issue", "transfer"] as const) {
        await probeMoves[k](); // warm
        profiling = [];
        const t = performance.now();
        await probeMoves[k]();
        const total = performance.now() - t;
        const rows = profiling;
        profiling = null;
        log(`profile of one ${k} (${total.toFixed(2)} ms in all, ${rows.reduce((a, r) => a + r.ms, 0).toFixed(2)} ms in round trips):`);
        for (const [i, r] of rows.entries()) log(`  ${String(i + 1).padStart(2)}. ${r.ms.toFixed(2).padStart(6)} ms  ${r.sql}`);
      }
    log(`statements per move (BEGIN … COMMIT): receipt ${perMove.receipt}, issue ${perMove.issue}, transfer ${perMove.transfer}`);
    // --batch: the statements of one transaction of L receipts through postMoves (constant in L).
    let perBatch: number | null = null;
    if (batch) {
      const s0 = statements;
      await withSettings(settings, (tx) =>
        stock.postMoves(tx, scope, hot.items.slice(0, lines).map((i) => i.id).sort().map((itemId) => ({ kind: "receive" as const, itemId, locationId: probe.a, quantity: "1", unitCost: "10.00", note: `${tag} prime` }))));
      perBatch = statements - s0;
      log(`statements per transaction of ${lines} moves through postMoves (BEGIN … COMMIT): ${perBatch}`);
    }

    const sys = client(bench.urls.system);
    await sys.connect();
    const hotItems = hot.items.map((i) => i.id);
    const hotBins = hot.bins.map((b) => b.id);
    const levelsNow = async () => {
      const r = await sys.query<{ item_id: string; location_id: string; q: string }>(
        `select item_id::text, location_id::text, on_hand_qty::text as q from inventory.stock_levels
          where organization_id = $1 and item_id = any($2::uuid[]) and location_id = any($3::uuid[]) and variant_id is null and lot_id is null`,
        [hot.orgId, hotItems, hotBins],
      );
      return new Map(r.rows.map((x) => [`${x.item_id}|${x.location_id}`, Number(x.q)]));
    };
    const before = await levelsNow();

    // The run: in this process, or split over worker processes (--processes).
    const job: Job = { clients, firstClient: 0, endAt: 0, tag, hot, scope: { ...scope, permissions: [...scope.permissions] }, settings };
    let parts: Part[];
    let tStart: number;
    if (processes === 1) {
      tStart = performance.now();
      parts = [await runClients({ ...job, endAt: Date.now() + seconds * 1000 })];
    } else {
      const share = (w: number) => Math.floor(clients / processes) + (w < clients % processes ? 1 : 0);
      let first = 0;
      const workers = await Promise.all(
        Array.from({ length: processes }, (_, w) => {
          const firstClient = first;
          first += share(w);
          return startWorker({ ...job, clients: share(w), firstClient });
        }),
      );
      log(`${processes} worker processes ready`);
      tStart = performance.now();
      const endAt = Date.now() + seconds * 1000;
      for (const w of workers) w.start(endAt);
      parts = await Promise.all(workers.map((w) => w.done));
    }
    const lat: Record<Kind, number[]> = { receipt: [], issue: [], transfer: [] };
    const refused: Record<Kind, number> = { receipt: 0, issue: 0, transfer: 0 };
    const failed: Record<Kind, number> = { receipt: 0, issue: 0, transfer: 0 };
    const failures = new Map<string, number>();
    const deltas = new Map<string, number>();
    for (const p of parts) {
      for (const k of KINDS) {
        lat[k].push(...p.lat[k]);
        refused[k] += p.refused[k];
        failed[k] += p.failed[k];
      }
      for (const [m, n] of p.failures) failures.set(m, (failures.get(m) ?? 0) + n);
      for (const [k, q] of p.deltas) deltas.set(k, (deltas.get(k) ?? 0) + q);
    }
    const elapsed = (performance.now() - tStart) / 1000;
    const all = [...lat.receipt, ...lat.issue, ...lat.transfer];
    const stats: Record<string, Stats> = { all: summarize(all, 0, elapsed) };
    for (const k of KINDS) stats[k] = summarize(lat[k], failed[k], elapsed);
    // Latencies are per transaction (of `lines` moves); throughput counts moves.
    const ok = all.length * lines;
    log(
      `${ok} moves committed in ${elapsed.toFixed(1)} s${lines > 1 ? ` (${all.length} transactions of ${lines})` : ""}: ${(ok / elapsed).toFixed(0)} moves/s, ` +
        `p50 ${stats.all!.p50.toFixed(1)} p95 ${stats.all!.p95.toFixed(1)} p99 ${stats.all!.p99.toFixed(1)} ms${lines > 1 ? " per transaction" : ""}`,
    );

    // Verification.
    const checks: { name: string; ok: boolean; detail: string }[] = [];
    const after = await levelsNow();
    const lost: string[] = [];
    for (const k of new Set([...before.keys(), ...after.keys(), ...deltas.keys()])) {
      const expected = (before.get(k) ?? 0) + (deltas.get(k) ?? 0);
      if (Math.abs((after.get(k) ?? 0) - expected) > 1e-9) lost.push(`${k}: before ${before.get(k) ?? 0} + committed ${deltas.get(k) ?? 0} ≠ after ${after.get(k) ?? 0}`);
    }
    checks.push({ name: "no lost update: level after − before = Σ committed moves (every hot item × bin)", ok: !lost.length, detail: lost.length ? lost.slice(0, 5).join("; ") : `${after.size} levels` });

    const ledger = await sys.query<{ item_id: string; location_id: string; q: string; n: string }>(
      `select m.item_id::text, f.location_id::text, sum(f.q)::text as q, count(*)::text as n
         from inventory.stock_moves m
         cross join lateral (values (m.to_location_id, m.quantity), (m.from_location_id, -m.quantity)) f(location_id, q)
        where m.organization_id = $1 and m.item_id = any($2::uuid[]) and m.moved_at >= $3 and m.note = $4 and f.location_id is not null
        group by 1, 2`,
      [hot.orgId, hotItems, new Date(started.getTime() - 60_000), tag],
    );
    const moveCount = await sys.query<{ n: string }>(
      "select count(*)::text as n from inventory.stock_moves where organization_id = $1 and item_id = any($2::uuid[]) and moved_at >= $3 and note = $4",
      [hot.orgId, hotItems, new Date(started.getTime() - 60_000), tag],
    );
    const ledgerMismatch = ledger.rows.filter((r) => Math.abs(Number(r.q) - (deltas.get(`${r.item_id}|${r.location_id}`) ?? 0)) > 1e-9);
    const ledgerKeys = new Set(ledger.rows.map((r) => `${r.item_id}|${r.location_id}`));
    const missing = [...deltas.entries()].filter(([k, v]) => v !== 0 && !ledgerKeys.has(k));
    const written = Number(moveCount.rows[0]!.n);
    checks.push({
      name: "the ledger holds exactly the committed moves (count; Σ quantity per level)",
      ok: written === ok && !ledgerMismatch.length && !missing.length,
      detail: `${written} moves written, ${ok} committed by the clients${ledgerMismatch.length + missing.length ? `, ${ledgerMismatch.length + missing.length} level(s) differ` : ""}`,
    });

    // inventory.check_levels' comparison for the hot items (every level of theirs, the whole ledger) and their costs.
    const diff = await sys.query<{ kind: string; item_id: string; recorded: string; ledger: string }>(
      `with flows as (
         select m.item_id, m.variant_id, m.to_location_id as location_id, m.lot_id, m.quantity as q from inventory.stock_moves m
          where m.organization_id = $1 and m.item_id = any($2::uuid[]) and m.to_location_id is not null
         union all
         select m.item_id, m.variant_id, m.from_location_id, m.lot_id, -m.quantity from inventory.stock_moves m
          where m.organization_id = $1 and m.item_id = any($2::uuid[]) and m.from_location_id is not null),
       sums as (select item_id, variant_id, location_id, lot_id, sum(q) as q from flows group by 1, 2, 3, 4),
       levels as (select item_id, variant_id, location_id, lot_id, on_hand_qty as q from inventory.stock_levels where organization_id = $1 and item_id = any($2::uuid[])),
       lc as (select item_id, sum(case when from_location_id is null then quantity when to_location_id is null then -quantity else 0 end) as q, sum(value) as v
                from inventory.stock_moves where organization_id = $1 and item_id = any($2::uuid[]) group by 1),
       costs as (select item_id, quantity as q, value as v from inventory.item_costs where organization_id = $1 and item_id = any($2::uuid[]))
       select 'level' as kind, coalesce(l.item_id, s.item_id)::text as item_id, coalesce(l.q, 0)::text as recorded, coalesce(s.q, 0)::text as ledger
         from levels l full join sums s on l.item_id = s.item_id and l.location_id = s.location_id
          and l.variant_id is not distinct from s.variant_id and l.lot_id is not distinct from s.lot_id
        where coalesce(l.q, 0) <> coalesce(s.q, 0)
       union all
       select 'cost', coalesce(c.item_id, g.item_id)::text, coalesce(c.q, 0) || ' / ' || coalesce(c.v, 0), coalesce(g.q, 0) || ' / ' || coalesce(g.v, 0)
         from costs c full join lc g on c.item_id = g.item_id where coalesce(c.q, 0) <> coalesce(g.q, 0) or coalesce(c.v, 0) <> coalesce(g.v, 0)`,
      [hot.orgId, hotItems],
    );
    checks.push({
      name: "levels = Σ ledger and item_costs = Σ ledger (quantity, value) for the hot items",
      ok: !diff.rowCount,
      detail: diff.rowCount ? diff.rows.slice(0, 5).map((d) => `${d.kind} ${d.item_id}: ${d.recorded} vs ledger ${d.ledger}`).join("; ") : "consistent",
    });
    const neg = await sys.query<{ n: string }>(
      "select count(*)::text as n from inventory.stock_levels where organization_id = $1 and item_id = any($2::uuid[]) and (on_hand_qty < 0 or reserved_qty > on_hand_qty)",
      [hot.orgId, hotItems],
    );
    checks.push({ name: "nothing oversold: no level of the hot items below zero or below its reservations", ok: neg.rows[0]!.n === "0", detail: `${neg.rows[0]!.n} level(s)` });
    await sys.end();

    const failedTotal = failed.receipt + failed.issue + failed.transfer;
    const refusedTotal = refused.receipt + refused.issue + refused.transfer;
    for (const c of checks) log(`${c.ok ? "OK  " : "FAIL"} ${c.name}: ${c.detail}`);
    if (failedTotal) log(`FAIL ${failedTotal} move(s) failed: ${[...failures].map(([m, n]) => `${n}× ${m}`).join("; ")}`);

    const out = {
      started: started.toISOString(),
      finished: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), loadBefore: load0, loadAfter: os.loadavg() },
      options: { clients, processes, pool: poolArg ? Number(poolArg) : clients + 2, seconds, items: hot.items.length, bins: hot.bins.length, warehouse: hot.warehouse, prime, seed, lines, batch },
      committed: ok,
      movesPerSecond: ok / elapsed,
      refused,
      failed,
      statementsPerMove: perMove,
      statementsPerBatch: perBatch,
      failures: Object.fromEntries(failures),
      stats,
      checks,
    };
    const r1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
    const md = [
      `Posting throughput: ${clients} clients${processes > 1 ? ` in ${processes} processes` : ""}, ${seconds} s, hot set ${hot.items.length} items × ${hot.bins.length} bins of ${hot.warehouse}` +
        `${lines > 1 ? `, ${lines} moves per transaction (latencies, refusals and failures per transaction)` : ""}${batch ? ", each transaction's moves in one postMoves call" : ""} (started ${out.started})`,
      "",
      "| Moves | committed | moves/s | p50 ms | p95 ms | p99 ms | refused (no stock) | failed |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...(["all", "receipt", "issue", "transfer"] as const).map((k) => {
        const s = stats[k]!;
        const rf = k === "all" ? refusedTotal : refused[k];
        const fl = k === "all" ? failedTotal : failed[k];
        return `| ${k} | ${s.n * lines} | ${r1(s.rps * lines)} | ${r1(s.p50)} | ${r1(s.p95)} | ${r1(s.p99)} | ${rf} | ${fl} |`;
      }),
      "",
      `Statements per move (BEGIN … COMMIT, one move alone): receipt ${perMove.receipt}, issue ${perMove.issue}, transfer ${perMove.transfer}.` +
        (perBatch === null ? "" : ` Per transaction of ${lines} moves through postMoves: ${perBatch}.`),
      "",
      ...checks.map((c) => `- ${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`),
      "",
      `load average before ${load0.map((x) => x.toFixed(2)).join(" ")}, after ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
    ].join("\n");
    mkdirSync("bench/.out", { recursive: true });
    writeFileSync(`bench/.out/moves-${stamp}.json`, JSON.stringify(out, null, 2));
    writeFileSync(`bench/.out/moves-${stamp}.md`, md);
    console.log(`\n${md}\n`);
    log(`written bench/.out/moves-${stamp}.{json,md}`);
    if (failedTotal || checks.some((c) => !c.ok)) process.exitCode = 1;
  } finally {
    await disconnectAll();
    await bench.stop();
  }
}

if (process.env.BENCH_MOVES_JOB) {
  // A worker of --processes: load the services, say ready, run the share of clients from the parent's start signal
  // until endAt, hand the result to the parent.
  const job = JSON.parse(process.env.BENCH_MOVES_JOB) as Job;
  await import("@/server/modules/inventory/stock.service");
  const { withSettings } = await import("@/server/db/scope");
  await withSettings(job.settings, async () => undefined); // the pool's first connection before the clock starts
  const endAt = await new Promise<number>((resolve) => {
    process.once("message", (m: { endAt: number }) => resolve(m.endAt));
    process.send!({ ready: true });
  });
  const part = await runClients({ ...job, endAt });
  const { disconnectAll } = await import("@/server/db/client");
  await disconnectAll();
  process.send!(part, () => process.exit(0));
} else await main();
