// The members list and membership status: list contract, tenant isolation, permissions, the owner rules, bulk
// all-or-nothing, status history + audit event, and a suspended member losing access on the next request.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

async function named(org: Org, name: string, opts: Parameters<typeof makeUser>[1] = {}) {
  const u = await makeUser(org, opts);
  const email = `${name.toLowerCase().replace(/\s+/g, ".")}-${uniq()}@example.test`;
  await systemDb().user.update({ where: { id: u.id }, data: { name, email } });
  const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: org.id, userId: u.id }, select: { id: true } });
  return { ...u, name, email, membershipId: m.id };
}

const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof TRPCError) return e.message;
    throw e;
  }
}

async function statusOf(orgId: string, membershipId: string) {
  const m = await systemDb().membership.findFirstOrThrow({ where: { organizationId: orgId, id: membershipId }, select: { status: true } });
  return m.status;
}

describe("admin.members.list", () => {
  let org: Org;
  let other: Org;
  let owner: Awaited<ReturnType<typeof named>>;
  let ann: Awaited<ReturnType<typeof named>>;
  let bob: Awaited<ReturnType<typeof named>>;
  let cid: Awaited<ReturnType<typeof named>>;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg({ workspaces: ["main", "second"] }), makeOrg()]);
    owner = await named(org, "Zed Owner");
    ann = await named(org, "Ann Sales", { roles: ["sales"], workspaces: ["second"] });
    bob = await named(org, "Bob Manager", { roles: ["manager", "hr"], workspaces: ["main"] });
    cid = await named(org, "Cid Viewer", { roles: ["viewer"] });
    await systemDb().membership.updateMany({ where: { organizationId: org.id, id: cid.membershipId }, data: { status: "suspended" } });
    await named(other, "Other Person");
  });

  it("lists the organization's members with roles and workspaces, sorted by name by default", async () => {
    const c = await as(owner, org);
    const r = await c.admin.members.list({});
    expect(r.total).toBe(4);
    expect(r.rows.map((x) => x.user.name)).toEqual(["Ann Sales", "Bob Manager", "Cid Viewer", "Zed Owner"]);
    const annRow = r.rows[0]!;
    expect(annRow).toMatchObject({ id: ann.membershipId, user: { id: ann.id, email: ann.email }, status: "active", roles: [{ key: "sales", name: "Sales" }] });
    expect(annRow.workspaces).toEqual([{ id: org.workspaces.second, name: "Workspace second" }]);
    expect(r.rows[3]!.workspaces).toBe("all");
    expect(r.rows[1]!.roles.map((x) => x.key).sort()).toEqual(["hr", "manager"]);
    expect(r.rows[2]!.status).toBe("suspended");
    expect(r.rows.every((x) => x.createdAt instanceof Date)).toBe(true);
  });

  it("filters by status, role, workspace and searches name and e-mail", async () => {
    const c = await as(owner, org);
    const names = async (input: Parameters<typeof c.admin.members.list>[0]) => (await c.admin.members.list(input)).rows.map((x) => x.user.name);
    expect(await names({ filters: { status: { type: "enum", values: ["suspended"] } } })).toEqual(["Cid Viewer"]);
    expect(await names({ filters: { role: { type: "enum", values: ["manager", "sales"] } } })).toEqual(["Ann Sales", "Bob Manager"]);
    // All-workspace members can see every workspace, so they match any workspace filter.
    expect(await names({ filters: { workspace: { type: "enum", values: [org.workspaces.main!] } } })).toEqual(["Bob Manager", "Cid Viewer", "Zed Owner"]);
    expect(await names({ q: "bob" })).toEqual(["Bob Manager"]);
    expect(await names({ q: ann.email.slice(0, 12) })).toEqual(["Ann Sales"]);
    expect(await names({ q: "%" })).toEqual([]);
    expect(await codeOf(c.admin.members.list({ filters: { status: { type: "enum", values: ["gone"] } } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.admin.members.list({ filters: { workspace: { type: "enum", values: ["nope"] } } }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.admin.members.list({ filters: { lastUsedAt: { type: "text", value: "x" } } } as never))).toBe("BAD_REQUEST");
  });

  it("pages by keyset on e-mail and joining date, by number on name", async () => {
    const c = await as(owner, org);
    const all = (await c.admin.members.list({ sort: { id: "email", desc: false }, perPage: 100 })).rows.map((x) => x.user.email);
    expect(all).toEqual([...all].sort());
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await c.admin.members.list({ sort: { id: "email", desc: false }, perPage: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((x) => x.user.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);

    const byDate: string[] = [];
    cursor = undefined;
    do {
      const page = await c.admin.members.list({ sort: { id: "createdAt", desc: true }, perPage: 3, ...(cursor ? { cursor } : {}) });
      byDate.push(...page.rows.map((x) => x.user.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(byDate).toEqual(["Cid Viewer", "Bob Manager", "Ann Sales", "Zed Owner"]);

    const p2 = await c.admin.members.list({ sort: { id: "name", desc: true }, page: 2, perPage: 3 });
    expect(p2.rows.map((x) => x.user.name)).toEqual(["Ann Sales"]);
    expect(p2.total).toBe(4);
    expect(await codeOf(c.admin.members.list({ sort: { id: "name", desc: false }, cursor: "abc" }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.admin.members.list({ sort: { id: "email", desc: false }, cursor: "bm9wZQ" }))).toBe("BAD_REQUEST");
  });

  it("shows another tenant nothing of this organization", async () => {
    const otherOwner = await named(other, "Other Owner");
    const r = await (await as(otherOwner, other)).admin.members.list({ perPage: 100 });
    expect(r.rows.map((x) => x.user.name).sort()).toEqual(["Other Owner", "Other Person"]);
    const opts = await (await as(otherOwner, other)).admin.members.filterOptions();
    expect(opts.workspaces.map((w) => w.id)).not.toContain(org.workspaces.main);
    // Someone else's membership ids are unknown here: nothing changes in either organization.
    expect(await codeOf((await as(otherOwner, other)).admin.members.deactivate({ ids: [ann.membershipId] }))).toBe("NOT_FOUND");
    expect(await statusOf(org.id, ann.membershipId)).toBe("active");
  });

  it("needs auth.member.read to list and auth.member.invite to change status", async () => {
    expect(await codeOf((await as(ann, org)).admin.members.list({}))).toBe("FORBIDDEN");
    expect(await codeOf((await as(bob, org)).admin.members.list({}))).toBe("OK"); // hr grants auth.member.read
    expect(await codeOf((await as(bob, org)).admin.members.deactivate({ ids: [ann.membershipId] }))).toBe("FORBIDDEN");
    expect(await codeOf((await as(ann, org)).admin.members.reactivate({ ids: [cid.membershipId] }))).toBe("FORBIDDEN");
    const opts = await (await as(owner, org)).admin.members.filterOptions();
    expect(opts.roles.map((r) => r.key)).toContain("owner");
    expect(opts.workspaces.map((w) => w.id).sort()).toEqual([org.workspaces.main, org.workspaces.second].sort());
  });
});

describe("admin.members.deactivate / reactivate", () => {
  it("suspends a member, writes status history and a status_change event, and the member loses access at once", async () => {
    const org = await makeOrg();
    const owner = await named(org, "Olga Owner");
    const clerk = await named(org, "Carl Clerk", { roles: ["viewer"] });
    const clerkCaller = await as(clerk, org);
    expect(await codeOf(clerkCaller.platform.workspaces.list())).toBe("OK");

    const c = await as(owner, org);
    expect(await c.admin.members.deactivate({ ids: [clerk.membershipId], reason: "  Left the company " })).toEqual({ ids: [clerk.membershipId] });
    expect(await statusOf(org.id, clerk.membershipId)).toBe("suspended");

    // The same session, next request: the organization is gone for them.
    expect(await codeOf(clerkCaller.platform.workspaces.list())).toBe("NOT_FOUND");
    expect(await codeOf((await as(clerk, org)).platform.organizations.get())).toBe("NOT_FOUND");

    const history = await systemDb().statusHistory.findMany({ where: { organizationId: org.id, entityType: "auth.memberships", entityId: clerk.membershipId }, orderBy: { createdAt: "asc" } });
    expect(history).toMatchObject([{ fromStatus: "active", toStatus: "suspended", transition: "deactivate", reason: "Left the company", actorId: owner.id, workspaceId: null }]);
    const events = await withConnection("system", async (db) =>
      (await db.query<{ action: string; actor_id: string; data: Record<string, unknown> }>(
        "select action, actor_id, data from audit.events where organization_id = $1 and kind = 'business' and record_id = $2 order by created_at, id",
        [org.id, clerk.membershipId],
      )).rows,
    );
    expect(events).toEqual([{ action: "status_change", actor_id: owner.id, data: expect.objectContaining({ entityType: "auth.memberships", transition: "deactivate", from: "active", to: "suspended", reason: "Left the company" }) }]);

    const list = await c.admin.members.list({ filters: { status: { type: "enum", values: ["suspended"] } } });
    expect(list.rows.map((r) => r.id)).toEqual([clerk.membershipId]);

    expect(await codeOf(c.admin.members.deactivate({ ids: [clerk.membershipId] }))).toBe("PRECONDITION_FAILED");
    expect(await c.admin.members.reactivate({ ids: [clerk.membershipId] })).toEqual({ ids: [clerk.membershipId] });
    expect(await statusOf(org.id, clerk.membershipId)).toBe("active");
    expect(await codeOf(clerkCaller.platform.workspaces.list())).toBe("OK");
    expect(await codeOf(c.admin.members.reactivate({ ids: [clerk.membershipId] }))).toBe("PRECONDITION_FAILED");
    const after = await systemDb().statusHistory.count({ where: { organizationId: org.id, entityId: clerk.membershipId, transition: "reactivate", toStatus: "active" } });
    expect(after).toBe(1);
  });

  it("refuses deactivating yourself", async () => {
    const org = await makeOrg();
    const owner = await named(org, "Solo Owner");
    const second = await named(org, "Second Owner");
    const c = await as(owner, org);
    expect(await codeOf(c.admin.members.deactivate({ ids: [owner.membershipId] }))).toBe("PRECONDITION_FAILED");
    expect(await messageOf(c.admin.members.deactivate({ ids: [owner.membershipId] }))).toContain("you cannot deactivate yourself");
    expect(await statusOf(org.id, owner.membershipId)).toBe("active");
    expect(await statusOf(org.id, second.membershipId)).toBe("active");
  });

  it("never leaves the organization without an active owner, and admins cannot deactivate owners", async () => {
    const org = await makeOrg();
    const owner = await named(org, "Only Owner");
    const admin = await named(org, "Ada Admin", { roles: ["admin"] });
    const clerk = await named(org, "Carl Clerk", { roles: ["viewer"] });
    const a = await as(admin, org);

    // The only owner: refused whoever asks, with the organization rule as the reason.
    expect(await codeOf(a.admin.members.deactivate({ ids: [owner.membershipId] }))).toBe("PRECONDITION_FAILED");
    expect(await messageOf(a.admin.members.deactivate({ ids: [owner.membershipId] }))).toContain("at least one active owner");

    // Two owners: an admin still may not touch an owner, another owner may.
    const owner2 = await named(org, "Other Owner");
    expect(await codeOf(a.admin.members.deactivate({ ids: [owner.membershipId] }))).toBe("FORBIDDEN");
    expect(await messageOf(a.admin.members.deactivate({ ids: [owner.membershipId] }))).toContain("only an owner can deactivate an owner");
    expect(await codeOf(a.admin.members.deactivate({ ids: [clerk.membershipId] }))).toBe("OK");

    const o2 = await as(owner2, org);
    expect(await codeOf(o2.admin.members.deactivate({ ids: [owner.membershipId] }))).toBe("OK");
    // owner2 is now the last active owner; suspended owners do not count.
    expect(await codeOf((await as(owner2, org)).admin.members.deactivate({ ids: [owner2.membershipId] }))).toBe("PRECONDITION_FAILED");
    expect(await statusOf(org.id, owner2.membershipId)).toBe("active");
    // The deactivated owner cannot come back and act.
    expect(await codeOf((await as(owner, org)).admin.members.deactivate({ ids: [owner2.membershipId] }))).toBe("NOT_FOUND");
  });

  it("is all or nothing: one refused member and nobody changes; the error names who and why", async () => {
    const org = await makeOrg();
    const owner = await named(org, "Boss Owner");
    const admin = await named(org, "Ada Admin", { roles: ["admin"] });
    const owner2 = await named(org, "Olive Owner");
    const x = await named(org, "Xena Viewer", { roles: ["viewer"] });
    const y = await named(org, "Yuri Viewer", { roles: ["viewer"] });

    const a = await as(admin, org);
    const msg = await messageOf(a.admin.members.deactivate({ ids: [x.membershipId, owner2.membershipId, y.membershipId, admin.membershipId], reason: "cleanup" }));
    expect(msg).toContain("Nothing was changed");
    expect(msg).toContain(`Olive Owner (${owner2.email}): only an owner can deactivate an owner`);
    expect(msg).toContain(`Ada Admin (${admin.email}): you cannot deactivate yourself`);
    for (const m of [x, y, owner2, admin]) expect(await statusOf(org.id, m.membershipId)).toBe("active");
    expect(await systemDb().statusHistory.count({ where: { organizationId: org.id, entityType: "auth.memberships" } })).toBe(0);

    const bogus = "01900000-0000-7000-8000-000000000000";
    expect(await codeOf(a.admin.members.deactivate({ ids: [x.membershipId, bogus] }))).toBe("NOT_FOUND");
    expect(await statusOf(org.id, x.membershipId)).toBe("active");

    const o = await as(owner, org);
    expect(await o.admin.members.deactivate({ ids: [x.membershipId, y.membershipId, owner2.membershipId] })).toEqual({ ids: [x.membershipId, y.membershipId, owner2.membershipId] });
    for (const m of [x, y, owner2]) expect(await statusOf(org.id, m.membershipId)).toBe("suspended");

    // Reactivating a batch with an active member in it changes nothing either.
    expect(await codeOf(o.admin.members.reactivate({ ids: [x.membershipId, admin.membershipId] }))).toBe("PRECONDITION_FAILED");
    expect(await statusOf(org.id, x.membershipId)).toBe("suspended");
    expect(await o.admin.members.reactivate({ ids: [x.membershipId, y.membershipId] })).toEqual({ ids: [x.membershipId, y.membershipId] });
    expect(await codeOf(o.admin.members.deactivate({ ids: Array.from({ length: 101 }, () => bogus) }))).toBe("BAD_REQUEST");
    expect(await codeOf(o.admin.members.deactivate({ ids: [] }))).toBe("BAD_REQUEST");
  });
});
