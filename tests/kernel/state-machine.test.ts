// The state-machine helper against a real tenant-like table (created here as the owner role in a throw-away
// schema): refusals by state, permission and guard; the update, the effect and the status-history row commit
// together or not at all; allowed transitions for the UI; history per record, invisible to another tenant.
import { randomBytes } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "@/server/db/scope";
import { allowedTransitions, defineMachine, historyFor, type TransitionContext } from "@/server/kernel/state-machine";
import { withConnection } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/factory";
import { asMember } from "../helpers/scoped";

const S = `sm_test_${randomBytes(4).toString("hex")}`;
const WRAPPED = `(SELECT nullif(current_setting('app.org_id', true), '')::uuid)`;

beforeAll(async () => {
  await withConnection("owner", (c) =>
    c.query(`
      CREATE SCHEMA ${S};
      GRANT USAGE ON SCHEMA ${S} TO tessera_app;
      CREATE TABLE ${S}.orders (organization_id uuid NOT NULL, id uuid NOT NULL, status text NOT NULL, version int NOT NULL DEFAULT 1,
        PRIMARY KEY (organization_id, id));
      CREATE TABLE ${S}.effects (organization_id uuid NOT NULL, entity_id uuid NOT NULL, note text NOT NULL);
      ALTER TABLE ${S}.orders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      ALTER TABLE ${S}.effects ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${S}.orders USING (organization_id = ${WRAPPED}) WITH CHECK (organization_id = ${WRAPPED});
      CREATE POLICY tenant_isolation ON ${S}.effects USING (organization_id = ${WRAPPED}) WITH CHECK (organization_id = ${WRAPPED});
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${S} TO tessera_app;`),
  );
});
afterAll(async () => {
  await withConnection("owner", (c) => c.query(`DROP SCHEMA ${S} CASCADE`));
});

type Status = "draft" | "confirmed" | "shipped" | "cancelled";
interface Ctx {
  lines: number;
  failEffect?: boolean;
}

const orders = defineMachine<Status, "confirm" | "ship" | "cancel", Ctx>({
  entityType: "test_order",
  states: ["draft", "confirmed", "shipped", "cancelled"],
  transitions: {
    confirm: {
      from: ["draft"],
      to: "confirmed",
      label: "Confirm",
      permission: "settings.sequence.update",
      guard: ({ context }: TransitionContext<Status, Ctx>) => (context.lines === 0 ? "Add at least one line before confirming." : undefined),
      effect: async (tx, ctx) => {
        await tx.$executeRawUnsafe(`insert into ${S}.effects values ($1::uuid, $2::uuid, $3)`, ctx.scope.orgId, ctx.entity.id, `reserved ${ctx.context.lines}`);
        if (ctx.context.failEffect) throw new Error("stock reservation failed");
      },
    },
    ship: { from: ["confirmed"], to: "shipped" },
    cancel: { from: ["draft", "confirmed"], to: "cancelled", requiresReason: true },
  },
});

async function tenant() {
  const org = await makeOrg();
  const owner = await makeUser(org, { roles: ["owner"] });
  const manager = await makeUser(org, { roles: ["manager"] });
  const as = <T>(userId: string, fn: (tx: Tx, s: Parameters<Parameters<typeof asMember>[1]>[1]) => Promise<T>) =>
    asMember({ userId, orgSlug: org.slug, wsSlug: "main" }, fn);
  const create = () =>
    as(owner.id, async (tx, s) => {
      const id = uuidv7();
      await tx.$executeRawUnsafe(`insert into ${S}.orders (organization_id, id, status) values ($1::uuid, $2::uuid, 'draft')`, s.orgId, id);
      return id;
    });
  const load = (id: string) =>
    as(owner.id, async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ status: Status; version: number }[]>(`select status, version from ${S}.orders where id = $1::uuid`, id);
      const effects = await tx.$queryRawUnsafe<{ note: string }[]>(`select note from ${S}.effects where entity_id = $1::uuid`, id);
      return { ...row, effects: effects.map((e) => e.note) };
    });
  return { org, owner, manager, as, create, load };
}

/** The update a service would write: matches on status and version, so a stale caller changes nothing. */
const updateOrder = (id: string, version: number) => (tx: Tx, to: Status, from: Status) =>
  tx.$executeRawUnsafe(`update ${S}.orders set status = $1, version = version + 1 where id = $2::uuid and status = $3 and version = $4`, to, id, from, version);

describe("state machine apply", () => {
  it("runs update, effect and history in the caller's transaction", async () => {
    const t = await tenant();
    const id = await t.create();
    const res = await t.as(t.owner.id, (tx, s) =>
      orders.apply(tx, s, { transition: "confirm", entity: { id, status: "draft", version: 1 }, context: { lines: 2 }, reason: "  customer called ", update: updateOrder(id, 1) }),
    );
    expect(res).toMatchObject({ from: "draft", to: "confirmed" });
    expect(await t.load(id)).toEqual({ status: "confirmed", version: 2, effects: ["reserved 2"] });
    const history = await t.as(t.owner.id, (tx, s) => historyFor(tx, s, "test_order", id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      id: res.historyId,
      fromStatus: "draft",
      toStatus: "confirmed",
      transition: "confirm",
      reason: "customer called",
      actor: { id: t.owner.id, name: "Test User" },
      workspaceId: t.org.workspaces.main,
    });
    // The transition is in the organization's audit stream too, with the actor.
    const events = await t.as(t.owner.id, (tx) =>
      tx.$queryRawUnsafe<{ action: string; actor_id: string; data: Record<string, unknown> }[]>(
        `select action, actor_id::text, data from audit.events where record_id = $1 and kind = 'business'`,
        id,
      ),
    );
    expect(events).toEqual([
      { action: "status_change", actor_id: t.owner.id, data: { entityType: "test_order", transition: "confirm", from: "draft", to: "confirmed", reason: "customer called" } },
    ]);
    await t.as(t.manager.id, (tx, s) => orders.apply(tx, s, { transition: "ship", entity: { id, status: "confirmed" }, update: updateOrder(id, 2) }));
    expect((await t.as(t.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).map((h) => `${h.fromStatus}>${h.toStatus}`)).toEqual([
      "draft>confirmed",
      "confirmed>shipped",
    ]);
  });

  it("refuses the wrong state (PRECONDITION_FAILED), a missing permission (FORBIDDEN) and a guard (its reason)", async () => {
    const t = await tenant();
    const id = await t.create();
    const attempt = (userId: string, transition: "confirm" | "ship" | "cancel", context: Ctx, reason?: string) =>
      t.as(userId, (tx, s) => orders.apply(tx, s, { transition, entity: { id, status: "draft", version: 1 }, context, reason, update: updateOrder(id, 1) }));
    await expect(attempt(t.owner.id, "ship", { lines: 1 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: "Cannot ship: the test order is draft." });
    await expect(attempt(t.manager.id, "confirm", { lines: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(attempt(t.owner.id, "confirm", { lines: 0 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: "Add at least one line before confirming." });
    await expect(attempt(t.owner.id, "cancel", { lines: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { reason: ["Give a reason"] } });
    expect(await t.load(id)).toEqual({ status: "draft", version: 1, effects: [] });
    expect(await t.as(t.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).toEqual([]);
  });

  it("a failing effect rolls back the update, the effect's own writes and the history — even if the caller goes on", async () => {
    const t = await tenant();
    const id = await t.create();
    // The caller swallows the failure and commits the rest of its transaction.
    const caught = await t.as(t.owner.id, async (tx, s) => {
      try {
        await orders.apply(tx, s, { transition: "confirm", entity: { id, status: "draft", version: 1 }, context: { lines: 3, failEffect: true }, update: updateOrder(id, 1) });
        return "applied";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(caught).toBe("stock reservation failed");
    expect(await t.load(id)).toEqual({ status: "draft", version: 1, effects: [] });
    expect(await t.as(t.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).toEqual([]);
    // And in the usual case the whole transaction fails.
    await expect(
      t.as(t.owner.id, (tx, s) =>
        orders.apply(tx, s, { transition: "confirm", entity: { id, status: "draft", version: 1 }, context: { lines: 3, failEffect: true }, update: updateOrder(id, 1) }),
      ),
    ).rejects.toThrow("stock reservation failed");
    expect(await t.load(id)).toEqual({ status: "draft", version: 1, effects: [] });
  });

  it("a stale update (someone else moved the document) is CONFLICT and writes nothing", async () => {
    const t = await tenant();
    const id = await t.create();
    await t.as(t.owner.id, (tx, s) => orders.apply(tx, s, { transition: "cancel", reason: "duplicate", entity: { id, status: "draft", version: 1 }, update: updateOrder(id, 1) }));
    await expect(
      t.as(t.owner.id, (tx, s) => orders.apply(tx, s, { transition: "confirm", entity: { id, status: "draft", version: 1 }, context: { lines: 1 }, update: updateOrder(id, 1) })),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("changed by someone else") });
    expect(await t.load(id)).toEqual({ status: "cancelled", version: 2, effects: [] });
    expect((await t.as(t.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).map((h) => h.toStatus)).toEqual(["cancelled"]);
  });

  it("another organization sees none of the history and cannot write into it", async () => {
    const a = await tenant();
    const b = await tenant();
    const id = await a.create();
    await a.as(a.owner.id, (tx, s) => orders.apply(tx, s, { transition: "cancel", reason: "x", entity: { id, status: "draft" }, update: updateOrder(id, 1) }));
    expect(await b.as(b.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).toEqual([]);
    // B's transition on A's id finds no row to update: CONFLICT, and no history in either organization.
    await expect(
      b.as(b.owner.id, (tx, s) => orders.apply(tx, s, { transition: "ship", entity: { id, status: "confirmed" }, update: updateOrder(id, 2) })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await a.as(a.owner.id, (tx, s) => historyFor(tx, s, "test_order", id))).toHaveLength(1);
  });
});

describe("allowedTransitions", () => {
  it("lists what this user may do from a state, with guard refusals when the record is given", async () => {
    const owner = { permissions: new Set(["settings.sequence.update"]) };
    const manager = { permissions: new Set<string>() };
    expect(allowedTransitions(orders, "draft", owner).map((t) => t.name)).toEqual(["confirm", "cancel"]);
    expect(allowedTransitions(orders, "draft", manager).map((t) => t.name)).toEqual(["cancel"]);
    expect(allowedTransitions(orders, "confirmed", manager).map((t) => [t.name, t.to, t.requiresReason])).toEqual([
      ["ship", "shipped", false],
      ["cancel", "cancelled", true],
    ]);
    expect(allowedTransitions(orders, "shipped", owner)).toEqual([]);
    const blocked = allowedTransitions(orders, "draft", owner, { entity: { id: uuidv7(), status: "draft" }, context: { lines: 0 } });
    expect(blocked[0]).toMatchObject({ name: "confirm", label: "Confirm", blockedReason: "Add at least one line before confirming." });
  });

  it("rejects a machine that names an unknown state", () => {
    expect(() => defineMachine({ entityType: "x", states: ["a"], transitions: { go: { from: ["a"], to: "b" as "a" } } })).toThrow(/unknown state "b"/);
  });
});
