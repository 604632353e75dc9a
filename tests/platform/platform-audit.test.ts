// The platform's own audit trail (audit.platform_events): every plan catalog change by an operator writes exactly one
// hash-chained event with the operator and what changed; the table is append-only, out of the runtime role's reach,
// and listed only to operators (platform.audit.list).
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callerFor, demoUserId } from "../helpers/factory";
import { withConnection } from "../helpers/db";
import { codeOf } from "../helpers/trpc";

interface EventRow {
  id: string;
  position: string;
  actor_id: string;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  canonical: string;
}

async function eventsFor(entityId: string): Promise<EventRow[]> {
  return withConnection("system", async (c) =>
    (await c.query<EventRow>(
      `select e.*, e.actor_id::text as actor_id, e.position::text as position, audit.platform_canonical(e) as canonical
         from audit.platform_events e where entity_id = $1 order by e.position`, [entityId])).rows);
}

let operatorId: string;
let operator: Awaited<ReturnType<typeof callerFor>>;
const key = `audit_${Date.now().toString(36)}`;
const planInput = { key, name: "Audit plan", monthlyAmount: "10", currency: "USD", maxUsers: 5, maxWorkspaces: 2, maxDocumentsPerMonth: null };

beforeAll(async () => {
  operatorId = await demoUserId("operator@tessera.test");
  operator = await callerFor(operatorId);
});

describe("plan catalog changes", () => {
  it("writes exactly one event per action with the operator, before/after or added/removed, chained by hash", async () => {
    const plan = await operator.platform.plans.create(planInput);
    let events = await eventsFor(plan.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "plan.created", actor_id: operatorId, entity_type: "platform.plans" });
    expect(events[0]!.data).toMatchObject({ before: null, after: { key, name: "Audit plan", monthlyAmount: "10", maxUsers: 5 } });

    await operator.platform.plans.update({ ...planInput, id: plan.id, name: "Audit plan 2", maxUsers: 8 });
    events = await eventsFor(plan.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ action: "plan.updated", actor_id: operatorId });
    expect(events[1]!.data).toEqual({ key, before: { name: "Audit plan", maxUsers: 5 }, after: { name: "Audit plan 2", maxUsers: 8 } });

    await operator.platform.plans.setFeatures({ planId: plan.id, features: ["api_keys"] });
    await operator.platform.plans.setFeatures({ planId: plan.id, features: [] });
    events = await eventsFor(plan.id);
    expect(events.map((e) => e.action)).toEqual(["plan.created", "plan.updated", "plan.features_changed", "plan.features_changed"]);
    expect(events[2]!.data).toEqual({ key, added: ["api_keys"], removed: [] });
    expect(events[3]!.data).toEqual({ key, added: [], removed: ["api_keys"] });

    // Each hash is sha256(prev_hash || canonical row), and links to the row before it in the whole trail.
    for (const e of events) {
      expect(e.hash).toBe(createHash("sha256").update(e.prev_hash + e.canonical).digest("hex"));
      const prev = await withConnection("system", async (c) =>
        (await c.query<{ hash: string }>("select hash from audit.platform_events where position = $1::bigint - 1", [e.position])).rows[0]);
      expect(e.prev_hash).toBe(prev ? prev.hash : "0".repeat(64));
    }
  });

  it("writes nothing when the action fails", async () => {
    const plan = await operator.platform.plans.create({ ...planInput, key: `${key}_f` });
    expect(await codeOf(operator.platform.plans.update({ ...planInput, key, id: plan.id }))).toBe("CONFLICT");
    expect((await eventsFor(plan.id)).map((e) => e.action)).toEqual(["plan.created"]);
  });
});

describe("the table's protection", () => {
  it("is out of the runtime role's reach entirely", async () => {
    for (const q of ["select * from audit.platform_events", "insert into audit.platform_events (action) values ('plan.created')"])
      await expect(withConnection("app", (c) => c.query(q))).rejects.toThrow(/permission denied/);
  });

  it("refuses update, delete and truncate to the system role, and forged chain values", async () => {
    await expect(withConnection("system", (c) => c.query("update audit.platform_events set action = 'plan.updated'"))).rejects.toThrow(/permission denied/);
    await expect(withConnection("system", (c) => c.query("delete from audit.platform_events"))).rejects.toThrow(/permission denied/);
    await expect(withConnection("system", (c) => c.query("truncate audit.platform_events"))).rejects.toThrow(/permission denied/);
    // Even the owner (who holds the table's privileges) is refused by the trigger.
    await expect(withConnection("owner", (c) => c.query("delete from audit.platform_events"))).rejects.toThrow(/append-only/);
    // An action outside the closed set is refused; the chain columns are computed whatever the caller passes.
    await expect(withConnection("system", (c) => c.query("insert into audit.platform_events (action) values ('plan.deleted')"))).rejects.toThrow(/check/);
    const row = await withConnection("system", async (c) => {
      await c.query("begin");
      const r = (await c.query<{ hash: string; position: string }>(
        "insert into audit.platform_events (action, position, prev_hash, hash) values ('plan.updated', 1, repeat('a', 64), repeat('b', 64)) returning hash, position::text")).rows[0]!;
      await c.query("rollback");
      return r;
    });
    expect(row.hash).not.toBe("b".repeat(64));
  });
});

describe("platform.audit.list", () => {
  it("lists newest first and filters by action, for operators only", async () => {
    const plan = await operator.platform.plans.create({ ...planInput, key: `${key}_l` });
    await operator.platform.plans.setFeatures({ planId: plan.id, features: ["api_keys"] });
    const all = await operator.platform.audit.list({ perPage: 2 });
    expect(all.rows.map((r) => [r.action, r.entityId])).toEqual([["plan.features_changed", plan.id], ["plan.created", plan.id]]);
    expect(all.rows[0]!.actor).toMatchObject({ id: operatorId, email: "operator@tessera.test" });
    expect(all.total).toBeGreaterThanOrEqual(2);
    const created = await operator.platform.audit.list({ perPage: 100, filters: { action: { type: "enum", values: ["plan.created"] } } });
    expect(created.rows.length).toBeGreaterThan(0);
    expect(created.rows.every((r) => r.action === "plan.created")).toBe(true);
    expect(await codeOf(operator.platform.audit.list({ perPage: 10, filters: { action: { type: "enum", values: ["nope"] } } }))).toBe("BAD_REQUEST");

    const owner = await demoUserId("owner@acme.test");
    for (const claim of [{}, { org: "acme" }])
      expect(await codeOf((await callerFor(owner, claim)).platform.audit.list({ perPage: 10 }))).toBe("FORBIDDEN");
    expect(await codeOf((await callerFor(null)).platform.audit.list({ perPage: 10 }))).toBe("UNAUTHORIZED");
  });
});
