// Where the administration slices meet: the plan's limits and features, the organization's security settings and
// the no-escalation rule, enforced by the server on the procedures people use (invite, accept, create a workspace,
// build a role, create an API key).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

async function roleIds(org: Org, ...keys: string[]) {
  const roles = await systemDb().role.findMany({ where: { organizationId: org.id, key: { in: keys } }, select: { id: true } });
  return roles.map((r) => r.id);
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; fieldErrors?: Record<string, string[]> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const cause = e.cause as { fieldErrors?: Record<string, string[]> } | undefined;
      return { code: e.code, message: e.message, fieldErrors: cause?.fieldErrors };
    }
    throw e;
  }
  throw new Error("expected a refusal");
}

const address = () => `p-${uniq()}@example.test`;

describe("the plan's user limit", () => {
  it("counts active members and pending invitations, and refuses the invitation past the limit naming the plan", async () => {
    const org = await makeOrg({ plan: "free" }); // 3 users
    const owner = await makeUser(org);
    const c = await callerFor(owner.id, { org: org.slug });
    const viewer = await roleIds(org, "viewer");
    await c.admin.members.invite({ email: address(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] });
    const second = await c.admin.members.invite({ email: address(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] });
    const third = await refusal(c.admin.members.invite({ email: address(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] }));
    expect(third).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(third.message).toBe("Your plan “Free” allows 3 users and the organization has 3. Upgrade the plan or free some first.");
    // Resending a counted invitation is not a new user; revoking one frees its seat.
    expect(await codeOf(c.admin.invitations.resend({ id: second.id }))).toBe("OK");
    await c.admin.invitations.revoke({ id: second.id });
    expect(await codeOf(c.admin.members.invite({ email: address(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("OK");
  });
});

describe("the plan's workspace limit", () => {
  it("refuses a workspace past the limit, and a restore that would pass it", async () => {
    const org = await makeOrg({ plan: "free", workspaces: ["main"] }); // 1 workspace
    const owner = await makeUser(org);
    const c = await callerFor(owner.id, { org: org.slug });
    const refused = await refusal(c.platform.workspaces.create({ name: "West", type: "branch" }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("allows 1 workspace");
    expect(await systemDb().workspace.count({ where: { organizationId: org.id } })).toBe(1);
  });
});

describe("plan features", () => {
  it("gates custom roles and API keys with the feature's name; system roles stay usable", async () => {
    const org = await makeOrg({ plan: "free" });
    const owner = await makeUser(org);
    const c = await callerFor(owner.id, { org: org.slug });
    const role = await refusal(c.admin.roles.create({ name: "Auditors", permissions: ["audit.event.read"], recordScope: "all" }));
    expect(role).toMatchObject({ code: "FORBIDDEN", message: "This needs the feature “Custom roles”, which your plan does not include." });
    const key = await refusal(c.admin.apiKeys.create({ name: "CI", scopes: ["audit.event.read"], expiresAt: new Date(Date.now() + 86_400_000) }));
    expect(key).toMatchObject({ code: "FORBIDDEN", message: "This needs the feature “API keys”, which your plan does not include." });
    expect((await c.admin.roles.list()).some((r) => r.key === "viewer")).toBe(true);
  });
});

describe("security settings", () => {
  it("invites only addresses at the allowed domains, with the refusal on the e-mail field", async () => {
    const org = await makeOrg({ plan: "business" });
    const owner = await makeUser(org);
    const ws = await callerFor(owner.id, { org: org.slug, ws: "main" });
    await ws.settings.values.set({ key: "security.allowedEmailDomains", scope: "organization", value: ["acme.test"] });
    const viewer = await roleIds(org, "viewer");
    const refused = await refusal(ws.admin.members.invite({ email: address(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fieldErrors?.email?.[0]).toBeTruthy();
    expect(await codeOf(ws.admin.members.invite({ email: `p-${uniq()}@acme.test`, roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("OK");
  });

  it("holds a new account created from an invitation to the inviting organization's password policy", async () => {
    const org = await makeOrg({ plan: "business" });
    const owner = await makeUser(org);
    const ws = await callerFor(owner.id, { org: org.slug, ws: "main" });
    await ws.settings.values.set({ key: "security.passwordMinLength", scope: "organization", value: 16 });
    const email = address();
    await ws.admin.members.invite({ email, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const job = await systemDb().$queryRaw<{ text: string }[]>`
      select data->>'text' as text from pgboss.job where name = 'mail.send' and data->>'to' = ${email} order by created_on desc limit 1`;
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(job[0]!.text)![1]!;
    const anonymous = await callerFor(null);
    const weak = await refusal(anonymous.invitations.acceptNew({ token, name: "New Person", password: "twelve chars" }));
    expect(weak).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: ["Use at least 16 characters."] } });
    expect(await systemDb().user.count({ where: { email } })).toBe(0);
    expect(await codeOf(anonymous.invitations.acceptNew({ token, name: "New Person", password: "sixteen characters ok" }))).toBe("OK");
  });
});

describe("granting roles", () => {
  it("refuses an administrator who grants a role carrying permissions they do not hold", async () => {
    const org = await makeOrg({ plan: "business" });
    const owner = await makeUser(org);
    const admin = await makeUser(org, { roles: ["admin"] });
    const ownerCaller = await callerFor(owner.id, { org: org.slug });
    // A custom role with a permission outside the administrator's grants (the owner may build it).
    const role = await ownerCaller.admin.roles.create({ name: "Everything", permissions: ["auth.member.read", "settings.setting.update"], recordScope: "all" });
    await systemDb().rolePermission.deleteMany({ where: { organizationId: org.id, roleId: (await roleIds(org, "admin"))[0]!, permission: "settings.setting.update" } });
    const adminCaller = await callerFor(admin.id, { org: org.slug });
    const refused = await refusal(adminCaller.admin.members.invite({ email: address(), roleIds: [role.id], allWorkspaces: true, workspaceIds: [] }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.fieldErrors?.roleIds?.[0]).toContain("settings.setting.update");
  });
});
