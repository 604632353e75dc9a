// Changing a member's roles and workspaces, and removing a member: the owner rules (only an owner changes or removes
// an owner, never without an active owner, nobody removes themselves), foreign ids, the audit trail, and the effect
// on what the member can reach on their next request.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

async function roleIds(org: Org, ...keys: string[]) {
  const roles = await systemDb().role.findMany({ where: { organizationId: org.id, key: { in: keys } }, select: { id: true } });
  return roles.map((r) => r.id);
}

async function membershipOf(org: Org, user: { id: string }) {
  return systemDb().membership.findFirst({ where: { organizationId: org.id, userId: user.id }, select: { id: true } });
}

async function member(org: Org, opts: Parameters<typeof makeUser>[1] = {}) {
  const u = await makeUser(org, opts);
  return { ...u, membershipId: (await membershipOf(org, u))!.id };
}

async function events(orgId: string, action: string, recordId: string) {
  return withConnection("owner", async (c) =>
    (await c.query<{ actor_id: string; data: Record<string, unknown> }>(
      "select actor_id::text, data from audit.events where organization_id = $1 and action = $2 and record_id = $3 order by created_at, id",
      [orgId, action, recordId],
    )).rows,
  );
}

describe("admin.members.update", () => {
  it("replaces roles and workspaces; the member sees exactly the new workspaces on the next request; audited", async () => {
    const org = await makeOrg({ workspaces: ["main", "second"] });
    const owner = await member(org);
    const ann = await member(org, { roles: ["sales"], workspaces: ["main"] });
    const c = await as(owner, org);
    const res = await c.admin.members.update({ id: ann.membershipId, roleIds: await roleIds(org, "manager", "viewer"), allWorkspaces: false, workspaceIds: [org.workspaces.second!] });
    expect(res.roles.map((r) => r.key).sort()).toEqual(["manager", "viewer"]);
    expect(res.workspaces).toEqual([{ id: org.workspaces.second, name: "Workspace second" }]);
    expect((await (await as(ann, org)).platform.workspaces.list()).map((w) => w.slug)).toEqual(["second"]);

    await c.admin.members.update({ id: ann.membershipId, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [org.workspaces.main!] });
    expect((await (await as(ann, org)).platform.workspaces.list()).map((w) => w.slug).sort()).toEqual(["main", "second"]);
    expect(await systemDb().membershipWorkspace.count({ where: { organizationId: org.id, membershipId: ann.membershipId } })).toBe(0);

    const ev = await events(org.id, "auth.member_access_changed", ann.membershipId);
    expect(ev).toHaveLength(2);
    expect(ev[0]).toMatchObject({
      actor_id: owner.id,
      data: { email: ann.email, before: { roles: ["sales"], workspaces: [org.workspaces.main] }, after: { roles: ["manager", "viewer"], workspaces: [org.workspaces.second] } },
    });
    expect(ev[1]!.data.after).toEqual({ roles: ["viewer"], workspaces: "all" });
    // The row changes are in the trail too (trigger).
    const changes = await withConnection("owner", async (c) =>
      Number((await c.query("select count(*) as n from audit.events where organization_id = $1 and table_name = 'auth.membership_roles' and operation = 'DELETE'", [org.id])).rows[0].n),
    );
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it("keeps the owner rules: admins cannot change owners or grant owner; the last owner keeps the role", async () => {
    const org = await makeOrg();
    const owner = await member(org, { roles: ["owner"] });
    const admin = await member(org, { roles: ["admin"] });
    const clerk = await member(org, { roles: ["sales"] });
    const a = await as(admin, org);
    const o = await as(owner, org);
    const viewer = await roleIds(org, "viewer");
    const ownerRole = await roleIds(org, "owner");

    // An admin demoting an owner, or granting the owner role: FORBIDDEN.
    await expect(a.admin.members.update({ id: owner.membershipId, roleIds: viewer, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.admin.members.update({ id: clerk.membershipId, roleIds: ownerRole, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      cause: { fieldErrors: { roleIds: [expect.stringContaining("owner")] } },
    });
    await expect(a.admin.members.update({ id: admin.membershipId, roleIds: ownerRole, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // The last active owner cannot give up the role, even themselves.
    await expect(o.admin.members.update({ id: owner.membershipId, roleIds: viewer, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("at least one active owner"),
    });
    // With a second owner, an owner may step down.
    await o.admin.members.update({ id: clerk.membershipId, roleIds: ownerRole, allWorkspaces: true, workspaceIds: [] });
    await o.admin.members.update({ id: owner.membershipId, roleIds: await roleIds(org, "admin"), allWorkspaces: true, workspaceIds: [] });
    const roles = await systemDb().membershipRole.findMany({ where: { organizationId: org.id, membershipId: owner.membershipId }, select: { role: { select: { key: true } } } });
    expect(roles.map((r) => r.role.key)).toEqual(["admin"]);
    // A suspended owner does not count: the remaining active owner cannot be demoted.
    const third = await member(org, { roles: ["owner"] });
    await systemDb().membership.updateMany({ where: { organizationId: org.id, id: third.membershipId }, data: { status: "suspended" } });
    const clerkAsOwner = await as(clerk, org);
    await expect(clerkAsOwner.admin.members.update({ id: clerk.membershipId, roleIds: viewer, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("refuses foreign members, roles and workspaces as NOT_FOUND, and needs auth.member.invite", async () => {
    const [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const owner = await member(org);
    const ann = await member(org, { roles: ["sales"] });
    const stranger = await member(other, { roles: ["sales"] });
    const c = await as(owner, org);
    const viewer = await roleIds(org, "viewer");
    expect(await codeOf(c.admin.members.update({ id: stranger.membershipId, roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("NOT_FOUND");
    expect(await codeOf(c.admin.members.update({ id: ann.membershipId, roleIds: await roleIds(other, "viewer"), allWorkspaces: true, workspaceIds: [] }))).toBe("NOT_FOUND");
    expect(await codeOf(c.admin.members.update({ id: ann.membershipId, roleIds: viewer, allWorkspaces: false, workspaceIds: [other.workspaces.main!] }))).toBe("NOT_FOUND");
    expect(await codeOf(c.admin.members.update({ id: ann.membershipId, roleIds: [], allWorkspaces: true, workspaceIds: [] }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.admin.members.remove({ id: stranger.membershipId }))).toBe("NOT_FOUND");
    expect(await membershipOf(other, stranger)).not.toBeNull();
    const s = await as(ann, org);
    expect(await codeOf(s.admin.members.update({ id: ann.membershipId, roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("FORBIDDEN");
    expect(await codeOf(s.admin.members.remove({ id: owner.membershipId }))).toBe("FORBIDDEN");
  });
});

describe("admin.members.remove", () => {
  it("removes the membership and its rows, keeps the user account; the member loses the organization", async () => {
    const org = await makeOrg();
    const owner = await member(org);
    const ann = await member(org, { roles: ["sales", "viewer"], workspaces: ["main"] });
    await (await as(owner, org)).admin.members.remove({ id: ann.membershipId });
    expect(await membershipOf(org, ann)).toBeNull();
    expect(await systemDb().membershipRole.count({ where: { organizationId: org.id, membershipId: ann.membershipId } })).toBe(0);
    expect(await systemDb().membershipWorkspace.count({ where: { organizationId: org.id, membershipId: ann.membershipId } })).toBe(0);
    expect(await systemDb().user.findUnique({ where: { id: ann.id }, select: { id: true } })).toEqual({ id: ann.id });
    expect(await codeOf((await as(ann, org)).platform.me())).toBe("NOT_FOUND");
    const ev = await events(org.id, "auth.member_removed", ann.membershipId);
    expect(ev).toEqual([expect.objectContaining({ actor_id: owner.id, data: expect.objectContaining({ email: ann.email, roles: ["sales", "viewer"], workspaces: [org.workspaces.main] }) })]);
  });

  it("refuses yourself, owners unless you are an owner, and the last active owner", async () => {
    const org = await makeOrg();
    const owner = await member(org, { roles: ["owner"] });
    const admin = await member(org, { roles: ["admin"] });
    const o = await as(owner, org);
    const a = await as(admin, org);
    await expect(o.admin.members.remove({ id: owner.membershipId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("yourself") });
    await expect(a.admin.members.remove({ id: admin.membershipId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(a.admin.members.remove({ id: owner.membershipId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("only an owner") });

    // Two owners: one may remove the other.
    const second = await member(org, { roles: ["owner"] });
    await o.admin.members.remove({ id: second.membershipId });
    expect(await membershipOf(org, second)).toBeNull();
    // An admin can remove an ordinary member.
    const clerk = await member(org, { roles: ["sales"] });
    await a.admin.members.remove({ id: clerk.membershipId });
    expect(await membershipOf(org, clerk)).toBeNull();
  });

  it("never removes the last active owner, even when a suspended owner remains", async () => {
    const org = await makeOrg();
    const active = await member(org, { roles: ["owner"] });
    const suspended = await member(org, { roles: ["owner"] });
    const remover = await member(org, { roles: ["owner"] });
    await systemDb().membership.updateMany({ where: { organizationId: org.id, id: suspended.membershipId }, data: { status: "suspended" } });
    // remover is still an active owner after removing the other active one, so that is allowed.
    const r = await as(remover, org);
    await r.admin.members.remove({ id: active.membershipId });
    // Now remover is the only active owner; removing the suspended owner is fine, the active one stays.
    await r.admin.members.remove({ id: suspended.membershipId });
    const owners = await systemDb().membership.findMany({ where: { organizationId: org.id, status: "active", roles: { some: { role: { key: "owner" } } } }, select: { id: true } });
    expect(owners.map((x) => x.id)).toEqual([remover.membershipId]);
  });
});
