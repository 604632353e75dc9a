// The per-organization hash chain: sealing after commit, tamper and deletion found by verify, no serialization of
// an organization's writers, concurrent sealers.
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { sealAllPending, sealPending, verify } from "@/server/kernel/audit";
import { SEAL_BATCHES_PER_TRANSACTION } from "@/server/kernel/audit/chain";
import { JOB_CATALOG } from "@/server/kernel/jobs/catalog";
import { logger } from "@/server/kernel/logger";
import { onDatabase, urls, withConnection } from "../helpers/db";
import { makeOrg } from "../helpers/factory";

const verifyAs = (orgId: string) => withSettings({ orgId }, (tx) => verify(tx, { orgId }));

/** Seals until nothing of the organization is left unsealed (other test files' transactions may hold the horizon). */
async function sealUntilDone(orgId: string) {
  for (let i = 0; i < 50; i++) {
    const r = await verifyAs(orgId);
    if (r.unsealed === 0) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("events stayed unsealed");
}

async function asOwner<T>(orgId: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withConnection("owner", async (c) => {
    await c.query("begin");
    await c.query("select set_config('app.org_id', $1, true)", [orgId]);
    const out = await fn(c);
    await c.query("commit");
    return out;
  });
}

async function sealedEvents(orgId: string) {
  return withConnection("system", async (c) =>
    (await c.query<{ position: string; event_id: string }>("select position, event_id from audit.seals where organization_id = $1 order by position", [orgId])).rows,
  );
}

describe("hash chain", () => {
  it("seals every committed event and verifies intact; an event altered by the owner is named exactly", async () => {
    const org = await makeOrg();
    const first = await sealUntilDone(org.id);
    expect(first).toEqual({ intact: true, checked: expect.any(Number), unsealed: 0 });
    expect(first.checked).toBeGreaterThan(5);
    const seals = await sealedEvents(org.id);
    expect(seals.map((s) => Number(s.position))).toEqual(seals.map((_, i) => i + 1));

    const victim = seals[3]!.event_id;
    await asOwner(org.id, (c) => c.query(`update audit.events set changes = '{"name": {"old": null, "new": "forged"}}' where organization_id = $1 and id = $2`, [org.id, victim]));
    const result = await verifyAs(org.id);
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toMatchObject({ eventId: victim, position: 4, reason: "altered" });
    expect(result.firstBroken?.createdAt).toBeInstanceOf(Date);
    // Another organization's chain is untouched.
    const other = await makeOrg();
    expect((await sealUntilDone(other.id)).intact).toBe(true);
  });

  it("finds a deleted event, and an event slipped in behind the chain's head", async () => {
    const org = await makeOrg();
    await sealUntilDone(org.id);
    const seals = await sealedEvents(org.id);
    const victim = seals[2]!.event_id;
    await asOwner(org.id, (c) => c.query("delete from audit.events where organization_id = $1 and id = $2", [org.id, victim]));
    expect((await verifyAs(org.id)).firstBroken).toMatchObject({ eventId: victim, position: 3, reason: "missing" });

    const org2 = await makeOrg();
    await sealUntilDone(org2.id);
    const forged = await asOwner(org2.id, async (c) =>
      (await c.query<{ id: string }>(
        "insert into audit.events (organization_id, kind, action, xact_id) values ($1, 'business', 'approval', 1) returning id::text",
        [org2.id],
      )).rows[0]!.id,
    );
    const r = await verifyAs(org2.id);
    expect(r.intact).toBe(false);
    expect(r.firstBroken).toMatchObject({ eventId: forged, position: null, reason: "unsealed" });
  });

  it("a long transaction does not block the organization's other writers, and its events are sealed after it commits", async () => {
    const org = await makeOrg();
    await sealUntilDone(org.id);
    const long = new (await import("pg")).default.Client({ connectionString: urls().app });
    await long.connect();
    try {
      await long.query("begin");
      await long.query("select set_config('app.org_id', $1, true)", [org.id]);
      await long.query("update platform.workspaces set name = 'Long running' where organization_id = $1 and id = $2", [org.id, org.workspaces.main]);

      // Another writer of the same organization commits at once (a lock wait would hit the statement timeout).
      await onDatabase(urls().app, async (c) => {
        await c.query("begin");
        await c.query("set local statement_timeout = '3s'");
        await c.query("select set_config('app.org_id', $1, true)", [org.id]);
        await c.query("update platform.workspaces set name = 'Quick' where organization_id = $1 and id = $2", [org.id, org.workspaces.second]);
        await c.query("commit");
      });
      // Sealing also does not wait for the long transaction; the quick event waits behind it.
      const during = await verifyAs(org.id);
      expect(during.intact).toBe(true);
      expect(during.unsealed).toBe(1);
      await long.query("commit");
    } finally {
      await long.end();
    }
    const after = await sealUntilDone(org.id);
    expect(after).toMatchObject({ intact: true, unsealed: 0 });
    const order = await withConnection("system", async (c) =>
      (await c.query<{ name: string }>(
        `select e.changes -> 'name' ->> 'new' as name from audit.seals s
           join audit.events e on e.organization_id = s.organization_id and e.id = s.event_id
          where s.organization_id = $1 and e.table_name = 'platform.workspaces' and e.operation = 'UPDATE' order by s.position`,
        [org.id],
      )).rows.map((r) => r.name),
    );
    // The long transaction started writing first, so its event precedes the quick one in the chain.
    expect(order).toEqual(["Long running", "Quick"]);
  });

  it("concurrent sealers of one organization never duplicate or skip a position", async () => {
    const org = await makeOrg();
    // Many committed events: a few hundred role permissions.
    await asOwner(org.id, (c) =>
      c.query(
        `insert into auth.roles (organization_id, id, key, name) select $1, uuidv7(), 'r' || g, 'Role ' || g from generate_series(1, 300) g`,
        [org.id],
      ),
    );
    await new Promise((res) => setTimeout(res, 50));
    const sealers = Array.from({ length: 4 }, () =>
      systemDb().$transaction((tx) => sealPending(tx, org.id, { batchSize: 40 })),
    );
    const counts = await Promise.all(sealers);
    const r = await sealUntilDone(org.id);
    const seals = await sealedEvents(org.id);
    expect(seals.map((s) => Number(s.position))).toEqual(seals.map((_, i) => i + 1));
    expect(new Set(seals.map((s) => s.event_id)).size).toBe(seals.length);
    expect(r.checked).toBe(seals.length);
    expect(counts.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(seals.length);
    expect(r.intact).toBe(true);
  });

  it("sealAllPending (the periodic job) seals every organization on the system client", async () => {
    const org = await makeOrg();
    await new Promise((res) => setTimeout(res, 50));
    await sealAllPending(systemDb());
    const seals = await sealedEvents(org.id);
    expect(seals.length).toBeGreaterThan(0);
  });

  it("sealAllPending works a backlog off in committed chunks of batchesPerTransaction batches, not one transaction", async () => {
    const org = await makeOrg();
    await asOwner(org.id, (c) =>
      c.query(`insert into auth.roles (organization_id, id, key, name) select $1, uuidv7(), 'b' || g, 'Backlog ' || g from generate_series(1, 250) g`, [org.id]),
    );
    await new Promise((res) => setTimeout(res, 50));
    // One transaction seals at most SEAL_BATCHES_PER_TRANSACTION batches, whoever calls it (verify too).
    expect(await systemDb().$transaction((tx) => sealPending(tx, org.id, { batchSize: 5 }))).toBe(5 * SEAL_BATCHES_PER_TRANSACTION);
    await sealAllPending(systemDb(), { batchSize: 20, batchesPerTransaction: 2 });
    const r = await sealUntilDone(org.id);
    expect(r).toMatchObject({ intact: true, unsealed: 0 });
    // sealed_at is the sealing transaction's start (now()): one value per committed chunk.
    const chunks = await withConnection("system", async (c) =>
      (await c.query<{ n: number }>("select count(*)::int as n from audit.seals where organization_id = $1 group by sealed_at", [org.id])).rows.map((x) => x.n),
    );
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    expect(chunks.filter((n) => n > 40)).toEqual([50]); // the single sealPending call above; the job's chunks ≤ 2 × 20
  });

  it("the audit.seal job is in the application's job catalog, every minute, and its handler seals", async () => {
    const entry = JOB_CATALOG.find((j) => j.name === "audit.seal");
    expect(entry).toMatchObject({ cron: "* * * * *" });
    const org = await makeOrg();
    await new Promise((res) => setTimeout(res, 50));
    await entry!.handler({}, { jobId: "test", log: logger });
    expect((await sealedEvents(org.id)).length).toBeGreaterThan(0);
  });
});
