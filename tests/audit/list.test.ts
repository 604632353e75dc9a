// audit.events.list / filterOptions / forRecord / recordPrint / verify through the procedure chain.
import { TRPCError } from "@trpc/server";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { COUNT_CAP, encodeCursor } from "@/lib/list";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let owner: Awaited<ReturnType<typeof makeUser>>;
let clerk: Awaited<ReturnType<typeof makeUser>>;
let ownerB: Awaited<ReturnType<typeof makeUser>>;
let roleIds: string[];

async function asOwnerRole<T>(orgId: string, userId: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withConnection("owner", async (c) => {
    await c.query("begin");
    await c.query("select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)", [orgId, userId]);
    const out = await fn(c);
    await c.query("commit");
    return out;
  });
}

async function countEvents(orgId: string, where = "true", params: unknown[] = []): Promise<number> {
  return withConnection("system", async (c) =>
    (await c.query<{ n: number }>(`select count(*)::int as n from audit.events e where organization_id = $1 and ${where}`, [orgId, ...params])).rows[0]!.n,
  );
}

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(), makeOrg()]);
  [owner, clerk, ownerB] = await Promise.all([makeUser(a), makeUser(a, { roles: ["sales"] }), makeUser(b)]);
  roleIds = await asOwnerRole(a.id, owner.id, async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into auth.roles (organization_id, id, key, name) select $1, uuidv7(), 'listed_' || g, 'Listed ' || g
       from generate_series(1, 120) g returning id::text`,
      [a.id],
    );
    await c.query(`update auth.roles set description = 'touched' where organization_id = $1 and key like 'listed_1%'`, [a.id]);
    return rows.map((r) => r.id);
  });
});

const list = (input: object = {}, user = owner, org = a) =>
  callerFor(user.id, { org: org.slug }).then((c) => c.audit.events.list(input as never));

describe("audit.events.list", () => {
  it("pages the whole trail newest first by keyset, with the total on the first page", async () => {
    const expected = await countEvents(a.id);
    const first = await list({ perPage: 100 });
    expect(first.total).toBe(expected);
    expect(first.totalCapped).toBe(false);
    const seen: string[] = [];
    let page = first;
    let previous: Date | null = null;
    for (;;) {
      for (const r of page.rows) {
        if (previous) expect(r.createdAt.getTime()).toBeLessThanOrEqual(previous.getTime());
        previous = r.createdAt;
        seen.push(r.id);
      }
      if (!page.nextCursor) break;
      page = await list({ perPage: 100, cursor: page.nextCursor });
      expect(page.total).toBeUndefined();
    }
    expect(seen.length).toBe(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it("returns the row shape with the actor", async () => {
    const { rows } = await list({ filters: { table: { type: "enum", values: ["auth.roles"] }, action: { type: "enum", values: ["update"] } } });
    expect(rows.length).toBe(await countEvents(a.id, "table_name = 'auth.roles' and action = 'update'"));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(Date),
      workspaceId: null,
      actor: { id: owner.id, name: "Test User", email: owner.email },
      requestId: null,
      kind: "change",
      table: "auth.roles",
      recordId: expect.any(String),
      operation: "UPDATE",
      action: "update",
      changes: { description: { old: null, new: "touched" } },
      data: null,
    });
  });

  it("filters by actor, record id, date range (in the organization's time zone) and free text", async () => {
    const byActor = await list({ perPage: 100, filters: { actor: { type: "enum", values: [owner.id] } } });
    expect(byActor.total).toBe(await countEvents(a.id, "actor_id = $2", [owner.id]));
    expect(byActor.rows.every((r) => r.actor?.id === owner.id)).toBe(true);

    const byRecord = await list({ filters: { recordId: { type: "text", value: roleIds[7]!.toUpperCase() } } });
    expect(byRecord.rows.map((r) => r.recordId)).toEqual([roleIds[7]]);

    const q = await list({ q: owner.email, perPage: 100 });
    expect(q.total).toBe(byActor.total);

    // Two events at fixed instants; the organization lives in Almaty (UTC+5).
    await withConnection("owner", async (c) => {
      await c.query("begin");
      await c.query("select set_config('app.org_id', $1, true)", [a.id]);
      await c.query("update platform.organizations set time_zone = 'Asia/Almaty' where id = $1", [a.id]);
      await c.query(
        `insert into audit.events (organization_id, kind, action, record_id, xact_id, created_at) values
           ($1, 'business', 'print', 'late-evening-utc', pg_current_xact_id()::text::bigint, '2030-01-01T20:00:00Z'),
           ($1, 'business', 'print', 'early-utc', pg_current_xact_id()::text::bigint, '2030-01-01T10:00:00Z')`,
        [a.id],
      );
      await c.query("commit");
    });
    const day = (from: string, to: string) => list({ filters: { createdAt: { type: "dateRange", from, to } } }).then((r) => r.rows.map((x) => x.recordId));
    expect(await day("2030-01-02", "2030-01-02")).toEqual(["late-evening-utc"]);
    expect(await day("2030-01-01", "2030-01-01")).toEqual(["early-utc"]);
    expect(await list({ filters: { createdAt: { type: "dateRange", from: "2030-01-03" } } }).then((r) => r.rows)).toEqual([]);
  });

  it("pages by number when sorted by table or action", async () => {
    const p1 = await list({ sort: { id: "action", desc: false }, page: 1, perPage: 10 });
    const p2 = await list({ sort: { id: "action", desc: false }, page: 2, perPage: 10 });
    expect(p1.rows).toHaveLength(10);
    expect(p1.nextCursor).toBeUndefined();
    expect(p1.total).toBe(await countEvents(a.id));
    expect(new Set([...p1.rows, ...p2.rows].map((r) => r.id)).size).toBe(20);
    const actions = [...p1.rows, ...p2.rows].map((r) => r.action);
    expect(actions).toEqual([...actions].sort());
    expect(await codeOf(list({ sort: { id: "table", desc: false }, cursor: encodeCursor("x", roleIds[0]!) }))).toBe("BAD_REQUEST");
  });

  it("answers BAD_REQUEST with a field error for an unknown sort or filter, a wrong filter type and a bad cursor", async () => {
    for (const input of [
      { sort: { id: "password", desc: true } },
      { filters: { secret: { type: "text", value: "x" } } },
      { filters: { table: { type: "text", value: "auth" } } },
      { filters: { actor: { type: "enum", values: ["not-a-uuid"] } } },
      { cursor: "garbage!" },
      { cursor: encodeCursor(42, "x") },
      // A well-formed timestamp with an id that only looks like a UUID must not reach the ::uuid cast (a 500).
      { cursor: encodeCursor("2026-01-01T00:00:00.000000Z", "------------------------------------") },
    ]) {
      const err = await list(input).then(() => null, (e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
    const err = (await list({ cursor: "garbage!" }).catch((e: unknown) => e)) as TRPCError & { cause: { fieldErrors?: unknown } };
    expect(err.cause.fieldErrors).toEqual({ cursor: [expect.any(String)] });
  });

  it("shows another organization nothing of A, and needs audit.event.read", async () => {
    const inB = await list({ perPage: 100, q: "listed" }, ownerB, b);
    expect(inB.rows.filter((r) => roleIds.includes(r.recordId ?? ""))).toEqual([]);
    expect(await codeOf(list({}, ownerB, a))).toBe("NOT_FOUND");
    expect(await codeOf(list({}, clerk, a))).toBe("FORBIDDEN");
    const other = await list({ filters: { recordId: { type: "text", value: roleIds[0]! } } }, ownerB, b);
    expect(other.rows).toEqual([]);
  });

  it(`caps the total at ${COUNT_CAP}`, async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    await asOwnerRole(org.id, user.id, (c) =>
      c.query(
        `insert into auth.roles (organization_id, id, key, name) select $1, uuidv7(), 'bulk_' || g, 'Bulk ' || g from generate_series(1, ${COUNT_CAP + 5}) g`,
        [org.id],
      ),
    );
    const r = await list({ perPage: 1, filters: { action: { type: "enum", values: ["insert"] } } }, user, org);
    expect(r).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(r.nextCursor).toEqual(expect.any(String));
  });
});

describe("filter options, record history, print, verify", () => {
  it("lists the actors, tables and actions of the organization", async () => {
    const c = await callerFor(owner.id, { org: a.slug });
    const opts = await c.audit.events.filterOptions();
    expect(opts.actors).toContainEqual({ id: owner.id, name: "Test User", email: owner.email });
    expect(opts.tables).toEqual(expect.arrayContaining(["auth.roles", "platform.workspaces", "platform.organizations"]));
    expect(opts.tables).toEqual([...opts.tables].sort());
    expect(opts.actions).toEqual(expect.arrayContaining(["insert", "update", "delete", "auth.sign_in", "export", "print"]));
    const optsB = await (await callerFor(ownerB.id, { org: b.slug })).audit.events.filterOptions();
    expect(optsB.actors.map((x) => x.id)).not.toContain(owner.id);
  });

  it("shows one record's changes and the business events about it; printing is recorded for any member", async () => {
    const clerkCaller = await callerFor(clerk.id, { org: a.slug });
    await clerkCaller.audit.events.recordPrint({ entityType: "auth.roles", entityId: roleIds[1]! });
    const history = await (await callerFor(owner.id, { org: a.slug })).audit.events.forRecord({ table: "auth.roles", recordId: roleIds[1]! });
    expect(history.map((h) => h.action)).toEqual(["print", "insert"]);
    expect(history[0]).toMatchObject({ kind: "business", table: null, recordId: roleIds[1], actor: { id: clerk.id }, data: { entityType: "auth.roles" } });
    const fromB = await (await callerFor(ownerB.id, { org: b.slug })).audit.events.forRecord({ table: "auth.roles", recordId: roleIds[1]! });
    expect(fromB).toEqual([]);
  });

  it("audit.verify answers for the caller's organization and needs audit.chain.verify", async () => {
    const result = await (await callerFor(owner.id, { org: a.slug })).audit.verify();
    expect(result).toMatchObject({ intact: true });
    expect(result.checked).toBeGreaterThan(100);
    expect(await codeOf((await callerFor(clerk.id, { org: a.slug })).audit.verify())).toBe("FORBIDDEN");
  });
});
