// Roles: a custom role grants exactly its permissions, system roles are read-only but can be cloned, names and keys
// are unique per organization, no privilege escalation, a role in use is not deleted, the permission changes are in
// the role's history, and the membership's effective record scope is the widest of its roles.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { resolveOrgScope } from "@/server/kernel/access";
import { ALL_PERMISSIONS } from "@/server/kernel/permissions";
import { callerFor, makeOrg, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;
const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await p;
    return { code: "OK", message: "" };
  } catch (e) {
    const err = e as { code: string; message: string; cause?: { fieldErrors?: Record<string, string[]> } };
    return { code: err.code, message: err.message, fieldErrors: err.cause?.fieldErrors };
  }
}

async function roleId(org: Org, key: string) {
  return (await systemDb().role.findFirstOrThrow({ where: { organizationId: org.id, key }, select: { id: true } })).id;
}

describe("admin.roles", () => {
  let org: Org;
  let other: Org;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    owner = await makeUser(org, { roles: ["owner"] });
  });

  it("lists system roles first (catalog order) with member and permission counts, then custom roles", async () => {
    const c = await as(owner, org);
    await c.admin.roles.create({ name: "Auditor", permissions: ["audit.event.read"], recordScope: "all" });
    const list = await c.admin.roles.list();
    expect(list.slice(0, 3).map((r) => r.key)).toEqual(["owner", "admin", "manager"]);
    const ownerRow = list.find((r) => r.key === "owner")!;
    expect(ownerRow).toMatchObject({ isSystem: true, memberCount: 1, permissionCount: ALL_PERMISSIONS.length, recordScope: "all" });
    expect(list.at(-1)).toMatchObject({ key: "auditor", name: "Auditor", isSystem: false, memberCount: 0, permissionCount: 1 });
  });

  it("a custom role grants exactly its permissions: allowed procedures answer, the others FORBIDDEN", async () => {
    const c = await as(owner, org);
    const role = await c.admin.roles.create({
      name: "Member reader",
      description: "Reads people and the audit log",
      permissions: ["auth.member.read", "audit.event.read"],
      recordScope: "own",
    });
    expect(role).toMatchObject({ key: "member_reader", isSystem: false, recordScope: "own", permissions: ["audit.event.read", "auth.member.read"] });
    const reader = await makeUser(org, { roles: ["member_reader"] });
    const r = await as(reader, org);
    expect(await codeOf(r.admin.members.list({}))).toBe("OK");
    expect(await codeOf(r.admin.roles.list())).toBe("OK");
    expect(await codeOf(r.audit.events.list({}))).toBe("OK");
    expect(await codeOf(r.platform.organizations.get())).toBe("FORBIDDEN");
    expect(await codeOf(r.admin.members.deactivate({ ids: [owner.id] }))).toBe("FORBIDDEN");
    expect(await codeOf(r.admin.roles.create({ name: "X", permissions: [], recordScope: "all" }))).toBe("FORBIDDEN");
    expect(await codeOf(r.admin.apiKeys.list())).toBe("FORBIDDEN");
    expect((await r.platform.me()).permissions.sort()).toEqual(["audit.event.read", "auth.member.read"]);

    // Changing the role changes what its members can do on their next call.
    await c.admin.roles.update({ id: role.id, permissions: ["auth.member.read", "platform.organization.read"] });
    expect(await codeOf(r.platform.organizations.get())).toBe("OK");
    expect(await codeOf(r.audit.events.list({}))).toBe("FORBIDDEN");
  });

  it("opens the roles to a member who may manage them without reading the members", async () => {
    const c = await as(owner, org);
    await c.admin.roles.create({ name: "Role builder", permissions: ["auth.role.manage"], recordScope: "all" });
    const builder = await as(await makeUser(org, { roles: ["role_builder"] }), org);
    const roles = await builder.admin.roles.list();
    expect(await codeOf(builder.admin.roles.get({ id: roles[0]!.id }))).toBe("OK");
    expect(await codeOf(builder.admin.members.list({}))).toBe("FORBIDDEN");
  });

  it("keeps system roles read-only (PRECONDITION_FAILED) and clones them into editable custom roles", async () => {
    const c = await as(owner, org);
    const viewer = await roleId(org, "viewer");
    const upd = await errorOf(c.admin.roles.update({ id: viewer, name: "Looker" }));
    expect(upd.code).toBe("PRECONDITION_FAILED");
    expect(upd.message).toMatch(/System roles cannot be changed.*Clone/);
    expect((await errorOf(c.admin.roles.delete({ id: viewer }))).code).toBe("PRECONDITION_FAILED");

    const clone = await c.admin.roles.clone({ id: viewer, name: "Viewer (copy)" });
    const original = await c.admin.roles.get({ id: viewer });
    expect(clone).toMatchObject({ key: "viewer_copy", isSystem: false, description: original.description, recordScope: original.recordScope });
    expect(clone.permissions).toEqual(original.permissions);
    const edited = await c.admin.roles.update({ id: clone.id, permissions: [...clone.permissions, "audit.event.read"], recordScope: "workspace" });
    expect(edited.permissions).toContain("audit.event.read");
    expect(edited.recordScope).toBe("workspace");
    expect((await c.admin.roles.get({ id: viewer })).permissions).toEqual(original.permissions);
  });

  it("keeps names unique per organization (field error) and suffixes a derived key on collision", async () => {
    const c = await as(owner, org);
    const dup = await errorOf(c.admin.roles.create({ name: "auditor", permissions: [], recordScope: "all" }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.fieldErrors?.name).toEqual(["A role with this name already exists"]);
    // "Auditor!" is another name but derives the taken key "auditor".
    const second = await c.admin.roles.create({ name: "Auditor!", permissions: [], recordScope: "all" });
    expect(second.key).toBe("auditor_2");
    // Names differ case-insensitively: "VIEWER" is the system role's name.
    expect((await errorOf(c.admin.roles.create({ name: "VIEWER", permissions: [], recordScope: "all" }))).code).toBe("CONFLICT");
    // A name deriving a system role's key gets a suffixed key.
    expect((await c.admin.roles.create({ name: "Viewer's", permissions: [], recordScope: "all" })).key).toBe("viewer_s");
    expect((await c.admin.roles.create({ name: "viewer.", permissions: [], recordScope: "all" })).key).toBe("viewer_2");
    const numeric = await c.admin.roles.create({ name: "2nd shift", permissions: [], recordScope: "all" });
    expect(numeric.key).toBe("role_2nd_shift");
    // The same name in another organization is fine.
    const otherOwner = await makeUser(other, { roles: ["owner"] });
    expect((await (await as(otherOwner, other)).admin.roles.create({ name: "Auditor", permissions: [], recordScope: "all" })).key).toBe("auditor");
  });

  it("refuses unknown permissions with a field error naming them", async () => {
    const c = await as(owner, org);
    const e = await errorOf(c.admin.roles.create({ name: "Bad", permissions: ["crm.customer.delete", "auth.member.read"], recordScope: "all" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(e)).toContain("crm.customer.delete");
  });

  it("refuses privilege escalation: a non-owner grants only permissions they hold (FORBIDDEN naming them)", async () => {
    const c = await as(owner, org);
    // An admin holds platform/auth/settings/audit, so everything today; a custom role manager holds less.
    await c.admin.roles.create({ name: "Role manager", permissions: ["auth.role.manage", "auth.member.read", "audit.event.read"], recordScope: "all" });
    const manager = await makeUser(org, { roles: ["role_manager"] });
    const m = await as(manager, org);
    const esc = await errorOf(m.admin.roles.create({ name: "Escalated", permissions: ["audit.event.read", "platform.organization.update"], recordScope: "all" }));
    expect(esc.code).toBe("FORBIDDEN");
    expect(esc.message).toContain("platform.organization.update");
    expect(esc.message).not.toContain("audit.event.read");
    const ok = await m.admin.roles.create({ name: "Log reader", permissions: ["audit.event.read"], recordScope: "all" });
    // Adding a permission one lacks to an existing role, or cloning a role that has one, is escalation too.
    expect((await errorOf(m.admin.roles.update({ id: ok.id, permissions: ["audit.event.read", "audit.event.export"] }))).code).toBe("FORBIDDEN");
    expect((await errorOf(m.admin.roles.clone({ id: await roleId(org, "owner"), name: "Owner copy" }))).code).toBe("FORBIDDEN");
    // Removing one is fine, and the owner may grant anything.
    const ownerMade = await c.admin.roles.create({ name: "Exporter", permissions: ["audit.event.read", "audit.event.export"], recordScope: "all" });
    expect((await m.admin.roles.update({ id: ownerMade.id, permissions: ["audit.event.read"] })).permissions).toEqual(["audit.event.read"]);
  });

  it("refuses to delete a role assigned to members (naming how many); deletes it once unassigned", async () => {
    const c = await as(owner, org);
    const role = await c.admin.roles.create({ name: "Temp", permissions: ["auth.member.read"], recordScope: "all" });
    const u1 = await makeUser(org, { roles: ["temp"] });
    await makeUser(org, { roles: ["temp", "viewer"] });
    const refused = await errorOf(c.admin.roles.delete({ id: role.id }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("assigned to 2 members");
    await systemDb().membershipRole.deleteMany({ where: { organizationId: org.id, roleId: role.id } });
    expect(await c.admin.roles.delete({ id: role.id })).toEqual({ id: role.id });
    expect(await codeOf(c.admin.roles.get({ id: role.id }))).toBe("NOT_FOUND");
    expect(await codeOf((await as(u1, org)).admin.members.list({}))).toBe("FORBIDDEN");
  });

  it("does not reach another organization's roles (NOT_FOUND)", async () => {
    const foreign = await roleId(other, "viewer");
    const c = await as(owner, org);
    const calls = [
      () => c.admin.roles.get({ id: foreign }),
      () => c.admin.roles.update({ id: foreign, name: "x" }),
      () => c.admin.roles.delete({ id: foreign }),
      () => c.admin.roles.clone({ id: foreign, name: "y" }),
    ];
    // One at a time: each call is its own transaction, and a rejection is awaited where it happens.
    for (const call of calls) expect(await codeOf(call())).toBe("NOT_FOUND");
  });

  it("audits roles: the row changes and the permission changes in the role's history", async () => {
    const c = await as(owner, org);
    const role = await c.admin.roles.create({ name: "Historic", permissions: ["auth.member.read"], recordScope: "all" });
    await c.admin.roles.update({ id: role.id, name: "Historic role", permissions: ["audit.event.read"] });
    const history = await c.audit.events.forRecord({ table: "auth.roles", recordId: role.id });
    const changes = history.filter((e) => e.action === "role.permissions_changed").map((e) => e.data);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ added: ["audit.event.read"], removed: ["auth.member.read"] }),
        expect.objectContaining({ added: ["auth.member.read"], removed: [] }),
      ]),
    );
    expect(history.some((e) => e.action === "update" && JSON.stringify(e.changes).includes("Historic role"))).toBe(true);
    expect(history.every((e) => e.actor?.id === owner.id)).toBe(true);
  });
});

describe("record scope resolution", () => {
  it("is the widest record scope of the membership's roles (own < workspace < all), own without roles", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org, { roles: ["owner"] });
    const c = await as(owner, org);
    await c.admin.roles.create({ name: "Own", permissions: ["auth.member.read"], recordScope: "own" });
    await c.admin.roles.create({ name: "Ws", permissions: [], recordScope: "workspace" });
    const resolve = (user: { id: string }) =>
      withSettings({ userId: user.id, requestId: "t" }, (tx) => resolveOrgScope(tx, { userId: user.id, requestId: "t" }, org.slug));
    expect((await resolve(await makeUser(org, { roles: ["own"] }))).recordScope).toBe("own");
    expect((await resolve(await makeUser(org, { roles: ["own", "ws"] }))).recordScope).toBe("workspace");
    expect((await resolve(await makeUser(org, { roles: ["ws", "viewer"] }))).recordScope).toBe("all");
    expect((await resolve(await makeUser(org, { roles: [] }))).recordScope).toBe("own");
    expect((await resolve(owner)).recordScope).toBe("all");
  });
});
