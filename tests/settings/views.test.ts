// Saved views: private to their owner (service filter and, beneath it, the restrictive RLS policy), per organization,
// upserted by name, one default per list, and a validated, size-limited state.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { asApp } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

let a: Awaited<ReturnType<typeof makeOrg>>;
let b: Awaited<ReturnType<typeof makeOrg>>;
let alice: Awaited<ReturnType<typeof makeUser>>;
let bob: Awaited<ReturnType<typeof makeUser>>; // same organization as alice
let carol: Awaited<ReturnType<typeof makeUser>>; // member of a and b

const state = { q: "invoice", filters: { action: { type: "enum" as const, values: ["update"] } }, sort: { id: "createdAt", desc: true }, perPage: 25 };

beforeAll(async () => {
  [a, b] = await Promise.all([makeOrg(), makeOrg()]);
  [alice, bob] = await Promise.all([makeUser(a, { roles: ["owner"] }), makeUser(a, { roles: ["owner"] })]);
  carol = await makeUser(a);
  const { systemDb } = await import("@/server/db/client");
  const { addMember } = await import("@/server/modules/auth/users.service");
  await systemDb().$transaction((tx) => addMember(tx, { organizationId: b.id, userId: carol.id, roleKeys: ["owner"], allWorkspaces: true, workspaceIds: [] }));
});

const views = (userId: string, org: string) => callerFor(userId, { org }).then((c) => c.settings.views);

const longIds = Array.from({ length: 80 }, (_, i) => `c${i}-${"x".repeat(55)}`);

describe("settings.views", () => {
  it("saves, lists and upserts by name", async () => {
    const v = await views(alice.id, a.slug);
    const first = await v.save({ listKey: "audit.events", name: "Updates", state });
    expect(first).toMatchObject({ name: "Updates", isDefault: false, state });
    const again = await v.save({ listKey: "audit.events", name: "Updates", state: { ...state, q: "order" } });
    expect(again.id).toBe(first.id);
    const list = await v.list({ listKey: "audit.events" });
    expect(list).toHaveLength(1);
    expect(list[0]!.state.q).toBe("order");
    expect(await v.list({ listKey: "crm.customers" })).toEqual([]);
  });

  it("keeps one default per list: setting a new default unsets the old one; absent isDefault keeps it", async () => {
    const v = await views(alice.id, a.slug);
    await v.save({ listKey: "defaults", name: "One", state: {}, isDefault: true });
    await v.save({ listKey: "defaults", name: "Two", state: {}, isDefault: true });
    await v.save({ listKey: "defaults", name: "Two", state: { q: "x" } });
    const list = await v.list({ listKey: "defaults" });
    expect(list.map((x) => [x.name, x.isDefault])).toEqual([["One", false], ["Two", true]]);
  });

  it("shows a user only their own views, and never lets them delete someone else's", async () => {
    const mine = await (await views(alice.id, a.slug)).save({ listKey: "private", name: "Mine", state });
    const bobs = await views(bob.id, a.slug);
    expect(await bobs.list({ listKey: "private" })).toEqual([]);
    expect(await codeOf(bobs.delete({ id: mine.id }))).toBe("NOT_FOUND");
    // Same name for another user is another view, not a clash.
    const his = await bobs.save({ listKey: "private", name: "Mine", state: {} });
    expect(his.id).not.toBe(mine.id);
    expect((await (await views(alice.id, a.slug)).list({ listKey: "private" })).map((x) => x.id)).toEqual([mine.id]);
  });

  it("keeps views per organization: the same user sees none of organization A's views in B", async () => {
    const inA = await (await views(carol.id, a.slug)).save({ listKey: "per-org", name: "A view", state });
    const inB = await views(carol.id, b.slug);
    expect(await inB.list({ listKey: "per-org" })).toEqual([]);
    expect(await codeOf(inB.delete({ id: inA.id }))).toBe("NOT_FOUND");
    // A non-member of A cannot reach A at all.
    expect(await codeOf((await views(bob.id, b.slug)).list({ listKey: "per-org" }))).toBe("NOT_FOUND");
  });

  it("deletes the user's own view", async () => {
    const v = await views(alice.id, a.slug);
    const x = await v.save({ listKey: "deleting", name: "Gone", state: {} });
    await v.delete({ id: x.id });
    expect(await v.list({ listKey: "deleting" })).toEqual([]);
    expect(await codeOf(v.delete({ id: x.id }))).toBe("NOT_FOUND");
  });

  it("accepts a state just under the size limit", async () => {
    const v = await views(alice.id, a.slug);
    expect(await codeOf(v.save({ listKey: "x", name: "big", state: { columns: { order: longIds } } }))).toBe("OK");
  });

  it("rejects invalid input: unknown state keys, bad filters, oversized state, bad list keys, empty names", async () => {
    const v = await views(alice.id, a.slug);
    const bad = [
      { listKey: "x", name: "n", state: { cursor: "abc" } },
      { listKey: "x", name: "n", state: { filters: { a: { type: "enum", values: [] } } } },
      { listKey: "x", name: "n", state: { perPage: 1000 } },
      // each id is valid on its own; together they exceed MAX_VIEW_STATE_BYTES
      { listKey: "x", name: "n", state: { columns: { order: longIds, hidden: longIds } } },
      { listKey: "X Y", name: "n", state: {} },
      { listKey: "x", name: "  ", state: {} },
    ];
    for (const input of bad) expect(await codeOf(v.save(input as never)), JSON.stringify(input).slice(0, 80)).toBe("BAD_REQUEST");
    expect(await codeOf(v.delete({ id: "not-a-uuid" }))).toBe("BAD_REQUEST");
  });

  it("requires a session and an organization", async () => {
    expect(await codeOf((await callerFor(null, { org: a.slug })).settings.views.list({ listKey: "x" }))).toBe("UNAUTHORIZED");
    expect(await codeOf((await callerFor(alice.id)).settings.views.list({ listKey: "x" }))).toBe("BAD_REQUEST");
  });
});

describe("settings.saved_views beneath the application (RLS as tessera_app)", () => {
  it("hides other users' rows of the same organization and refuses writing a row for someone else", async () => {
    const v = await (await views(alice.id, a.slug)).save({ listKey: "rls", name: "Alice's", state: {} });
    const seen = await asApp({ orgId: a.id, userId: bob.id }, async (c) => {
      const all = (await c.query(`select id from settings.saved_views where list_key = 'rls'`)).rows;
      const updated = (await c.query(`update settings.saved_views set name = 'taken' where id = $1`, [v.id])).rowCount;
      const deleted = (await c.query(`delete from settings.saved_views where id = $1`, [v.id])).rowCount;
      return { all, updated, deleted };
    });
    expect(seen).toEqual({ all: [], updated: 0, deleted: 0 });
    // The owner sees it with the same query (the test would pass vacuously otherwise).
    const own = await asApp({ orgId: a.id, userId: alice.id }, async (c) => (await c.query(`select id from settings.saved_views where list_key = 'rls'`)).rows);
    expect(own).toEqual([{ id: v.id }]);
    const insertForAlice = asApp({ orgId: a.id, userId: bob.id }, (c) =>
      c.query(`insert into settings.saved_views (organization_id, id, user_id, list_key, name, state) values ($1, $2, $3, 'rls', 'x', '{}')`, [a.id, randomUUID(), alice.id]),
    );
    await expect(insertForAlice).rejects.toThrow(/row-level security/);
  });

  it("shows nothing without a user setting, and nothing of another organization", async () => {
    await (await views(alice.id, a.slug)).save({ listKey: "rls2", name: "v", state: {} });
    const noUser = await asApp({ orgId: a.id }, async (c) => (await c.query(`select count(*)::int n from settings.saved_views`)).rows[0].n);
    const otherOrg = await asApp({ orgId: b.id, userId: alice.id }, async (c) => (await c.query(`select count(*)::int n from settings.saved_views`)).rows[0].n);
    expect({ noUser, otherOrg }).toEqual({ noUser: 0, otherOrg: 0 });
  });
});
