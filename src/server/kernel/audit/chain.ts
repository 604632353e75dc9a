// The per-organization hash chain over audit.events (ARCHITECTURE §8). audit.seal (SQL) appends committed events
// in (transaction id, event id) order under an advisory lock per organization; verify recomputes every link.
import type { SystemClient } from "@/server/db/client";
import type { AnyTx } from "./record";
import type { Tx } from "@/server/db/scope";

export const SEAL_BATCH = 1000;
const GENESIS = "0".repeat(64);

/** Batches one transaction seals at most: ~10,000 events, about a second of work, far below the transaction timeout. */
export const SEAL_BATCHES_PER_TRANSACTION = 10;

/**
 * Seals the organization's committed, unsealed events in the caller's transaction, in batches until none are left
 * or `maxBatches` (SEAL_BATCHES_PER_TRANSACTION) ran: a backlog (a bulk import, a posting burst: 200,000 events took
 * ~20 s) never holds one transaction past its timeout — sealed whole, it rolled back and never progressed. Events of
 * transactions still in flight, and those beyond the bound, stay for a later run. Returns how many it sealed.
 * Safe to run concurrently: sealers of one organization queue on its advisory lock until the transaction ends.
 */
export async function sealPending(tx: AnyTx, orgId: string, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = opts.batchSize ?? SEAL_BATCH;
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? SEAL_BATCHES_PER_TRANSACTION); i++) {
    const [row] = await (tx as Tx).$queryRaw<{ n: number }[]>`select audit.seal(${orgId}::uuid, ${batch}::int) as n`;
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < batch) break;
  }
  return total;
}

/**
 * The periodic job: seals every organization in short transactions on the system client — at most
 * `batchesPerTransaction` batches each, committed, then the next until a transaction seals less —, so one
 * organization's lock is never held while another is sealed, and a backlog is worked off chunk by chunk. Returns the
 * number of events sealed.
 */
export async function sealAllPending(
  sys: SystemClient,
  opts: { batchSize?: number; batchesPerTransaction?: number } = {},
): Promise<number> {
  const batch = opts.batchSize ?? SEAL_BATCH;
  const batches = opts.batchesPerTransaction ?? SEAL_BATCHES_PER_TRANSACTION;
  const orgs = await sys.organization.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  let total = 0;
  for (const org of orgs) {
    for (;;) {
      const n = await sys.$transaction((tx) => sealPending(tx, org.id, { batchSize: batch, maxBatches: batches }));
      total += n;
      if (n < batch * batches) break;
    }
  }
  return total;
}

export type BrokenReason =
  /** The sealed event's content no longer hashes to its seal. */
  | "altered"
  /** A sealed event is gone. */
  | "missing"
  /** The seal does not follow the previous one (a seal removed, re-ordered or rewritten). */
  | "link"
  /** An event behind the chain's head that was never sealed: written outside the trigger and functions. */
  | "unsealed";

export interface VerifyResult {
  intact: boolean;
  /** Seals checked. */
  checked: number;
  /** Committed events not sealed yet (written after the horizon of the last seal run). */
  unsealed: number;
  firstBroken?: { eventId: string; position: number | null; createdAt: Date | null; reason: BrokenReason };
}

/**
 * Seals what is committed (up to SEAL_BATCHES_PER_TRANSACTION batches; more backlog stays counted as `unsealed` for
 * the job), then recomputes the whole chain of the organization in the database (one pass, no rows
 * shipped) and names the first broken link.
 */
export async function verify(tx: AnyTx, scope: { orgId: string }, opts: { seal?: boolean } = {}): Promise<VerifyResult> {
  const t = tx as Tx;
  if (opts.seal !== false) await sealPending(tx, scope.orgId);
  const org = scope.orgId;
  const [summary] = await t.$queryRaw<{ checked: bigint; head_xact: bigint | null; head_event: string | null }[]>`
    select count(*) as checked,
           (select s.xact_id from audit.seals s where s.organization_id = ${org}::uuid order by s.position desc limit 1) as head_xact,
           (select s.event_id::text from audit.seals s where s.organization_id = ${org}::uuid order by s.position desc limit 1) as head_event
    from audit.seals where organization_id = ${org}::uuid`;
  const checked = Number(summary?.checked ?? 0);

  const broken = await t.$queryRaw<{ position: bigint; event_id: string; created_at: Date | null; reason: BrokenReason }[]>`
    with chain as (
      select s.position, s.event_id, s.prev_hash, s.hash,
             lag(s.hash) over w as prev_seal_hash, lag(s.position) over w as prev_position,
             e.id as found, e.created_at,
             case when e.id is not null then audit.link_hash(s.prev_hash, e) end as recomputed
      from audit.seals s
      left join audit.events e on e.organization_id = s.organization_id and e.id = s.event_id
      where s.organization_id = ${org}::uuid
      window w as (order by s.position)
    ), judged as (
      select position, event_id::text, created_at,
             case when found is null then 'missing'
                  when position <> coalesce(prev_position, 0) + 1 or prev_hash <> coalesce(prev_seal_hash, ${GENESIS}) then 'link'
                  when recomputed <> hash then 'altered' end as reason
      from chain
    )
    select position, event_id, created_at, reason from judged where reason is not null order by position limit 1`;

  // Unsealed events: legitimately only those after the head (committed since the last run). One that sorts before
  // the head was never seen by the sealer — it did not come through the trigger or audit.record_event.
  const [unsealed] = await t.$queryRaw<{ total: bigint; behind_id: string | null; behind_at: Date | null }[]>`
    with u as (
      select e.id, e.created_at, e.xact_id
      from audit.events e
      where e.organization_id = ${org}::uuid
        and not exists (select 1 from audit.seals s where s.organization_id = e.organization_id and s.event_id = e.id)
    )
    select count(*) as total,
           (select u.id::text from u where ${summary?.head_xact ?? null}::bigint is not null
              and (u.xact_id, u.id) < (${summary?.head_xact ?? null}::bigint, ${summary?.head_event ?? null}::uuid)
              order by u.xact_id, u.id limit 1) as behind_id,
           (select u.created_at from u where ${summary?.head_xact ?? null}::bigint is not null
              and (u.xact_id, u.id) < (${summary?.head_xact ?? null}::bigint, ${summary?.head_event ?? null}::uuid)
              order by u.xact_id, u.id limit 1) as behind_at
    from u`;

  const result: VerifyResult = { intact: true, checked, unsealed: Number(unsealed?.total ?? 0) };
  const first = broken[0];
  if (first) {
    result.intact = false;
    result.firstBroken = { eventId: first.event_id, position: Number(first.position), createdAt: first.created_at, reason: first.reason };
  } else if (unsealed?.behind_id) {
    result.intact = false;
    result.firstBroken = { eventId: unsealed.behind_id, position: null, createdAt: unsealed.behind_at, reason: "unsealed" };
  }
  return result;
}
