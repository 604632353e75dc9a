// Invitations: invite → e-mail (the queued mail.send job) → accept as a new or an existing user; expired, revoked
// and reused links; resend rotates the token; duplicates and foreign ids; the new member sees exactly the granted
// workspaces; audit events. The invited person's procedures (invitations.*) do not read the organization claim, so
// their access rules are tested here (they are on the allowlist of tests/isolation/procedures.test.ts).
import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { hashInvitationToken } from "@/server/modules/admin/invitations.service";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

const as = (user: { id: string }, org: Org) => callerFor(user.id, { org: org.slug });
const anonymous = () => callerFor(null);

async function roleIds(org: Org, ...keys: string[]) {
  const roles = await systemDb().role.findMany({ where: { organizationId: org.id, key: { in: keys } }, select: { id: true } });
  return roles.map((r) => r.id);
}

/** The invitation e-mails queued for `to`, newest first, with the link's token. */
async function mailsTo(to: string) {
  return withConnection("owner", async (c) => {
    const { rows } = await c.query<{ subject: string; text: string; html: string; template: string }>(
      "select data->>'subject' as subject, data->>'text' as text, data->>'html' as html, data->>'template' as template from pgboss.job where name = 'mail.send' and data->>'to' = $1 order by created_on desc",
      [to],
    );
    return rows.map((r) => ({ ...r, token: /\/invite\/([A-Za-z0-9_-]{43})/.exec(r.text)?.[1] ?? null }));
  });
}

async function tokenFor(to: string): Promise<string> {
  const [mail] = await mailsTo(to);
  expect(mail?.token, `an invitation e-mail to ${to}`).toBeTruthy();
  return mail!.token!;
}

async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof TRPCError) return e.message;
    throw e;
  }
}

async function businessEvents(orgId: string, action: string) {
  return withConnection("owner", async (c) =>
    (await c.query<{ record_id: string; actor_id: string | null; data: Record<string, unknown> }>(
      "select record_id, actor_id::text, data from audit.events where organization_id = $1 and kind = 'business' and action = $2 order by created_at, id",
      [orgId, action],
    )).rows,
  );
}

/** Every address this file invites. */
const invited = new Set<string>();
const newEmail = () => {
  const email = `invitee-${uniq()}@example.test`;
  invited.add(email);
  return email;
};

// The invitation e-mails are read from their queued jobs; nobody needs them delivered. Dropping them keeps the shared
// mail.send queue short for tests that wait on a real worker (tests/kernel/mail.test.ts).
afterEach(async () => {
  const addresses = [...invited];
  invited.clear();
  if (addresses.length)
    await withConnection("owner", (c) => c.query("delete from pgboss.job where name = 'mail.send' and state = 'created' and data->>'to' = any($1)", [addresses]));
});

describe("admin.members.invite → invitations.acceptNew", () => {
  it("sends the e-mail with the link, and a new user joins with exactly the granted roles and workspaces", async () => {
    const org = await makeOrg({ workspaces: ["main", "second"] });
    const owner = await makeUser(org, { roles: ["owner"] });
    const email = newEmail();
    const c = await as(owner, org);
    const inv = await c.admin.members.invite({ email: email.toUpperCase(), roleIds: await roleIds(org, "sales"), allWorkspaces: false, workspaceIds: [org.workspaces.second!] });
    expect(inv.email).toBe(email);
    expect(inv.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({ template: "invitation", subject: `You are invited to join Test ${org.slug} on Tessera` });
    expect(mail!.text).toContain("Test User");
    expect(mail!.html).toContain(`/invite/${mail!.token}`);
    const token = mail!.token!;
    // Only the hash is stored.
    const stored = await systemDb().invitation.findFirstOrThrow({ where: { organizationId: org.id, id: inv.id } });
    expect(stored.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const pub = await anonymous();
    expect(await pub.invitations.get({ token })).toMatchObject({
      status: "pending",
      organization: { name: `Test ${org.slug}` },
      inviter: { name: "Test User" },
      email,
      accountExists: false,
    });

    const joined = await pub.invitations.acceptNew({ token, name: "Nina New", password: "a long enough password" });
    expect(joined).toEqual({ orgSlug: org.slug, workspaceSlug: "second", path: `/${org.slug}/second`, email });
    const user = await systemDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.name).toBe("Nina New");
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);

    const member = await callerFor(user.id, { org: org.slug });
    expect((await member.platform.workspaces.list()).map((w) => w.slug)).toEqual(["second"]);
    expect(await codeOf((await callerFor(user.id, { org: org.slug, ws: "main" })).platform.me())).toBe("NOT_FOUND");
    const row = (await c.admin.members.list({ q: email })).rows[0]!;
    expect(row.roles.map((r) => r.key)).toEqual(["sales"]);
    expect(row.workspaces).toEqual([{ id: org.workspaces.second, name: "Workspace second" }]);

    // Single use.
    expect(await pub.invitations.get({ token })).toMatchObject({ status: "accepted" });
    expect(await codeOf(pub.invitations.acceptNew({ token, name: "Again", password: "a long enough password" }))).toBe("PRECONDITION_FAILED");
    const list = await c.admin.invitations.list({});
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ email, status: "accepted", sentCount: 1, invitedBy: { id: owner.id, name: "Test User" }, roles: [{ key: "sales" }] });

    // Audit: the invitation, the acceptance (status change by the new member) and the join.
    expect((await businessEvents(org.id, "auth.invitation_sent")).map((e) => e.record_id)).toEqual([inv.id]);
    const accepted = (await businessEvents(org.id, "status_change")).filter((e) => e.record_id === inv.id);
    expect(accepted).toEqual([expect.objectContaining({ actor_id: user.id, data: expect.objectContaining({ transition: "accept", from: "pending", to: "accepted" }) })]);
    const joinedEvents = await businessEvents(org.id, "auth.member_joined");
    expect(joinedEvents).toHaveLength(1);
    expect(joinedEvents[0]).toMatchObject({ actor_id: user.id, data: { email, roles: ["sales"] } });
  });

  it("refuses a new account for an address that has one, and validates name and password", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const existing = await makeUser(null);
    invited.add(existing.email);
    await (await as(owner, org)).admin.members.invite({ email: existing.email, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const token = await tokenFor(existing.email);
    const pub = await anonymous();
    expect(await pub.invitations.get({ token })).toMatchObject({ status: "pending", accountExists: true });
    expect(await codeOf(pub.invitations.acceptNew({ token, name: "X", password: "a long enough password" }))).toBe("CONFLICT");
    expect(await codeOf(pub.invitations.acceptNew({ token, name: "", password: "short" }))).toBe("BAD_REQUEST");
    expect((await pub.invitations.get({ token })).status).toBe("pending");
  });
});

describe("invitations.accept (signed-in user)", () => {
  it("lets the invited address accept, and refuses anyone else with a clear message", async () => {
    const org = await makeOrg();
    const admin = await makeUser(org, { roles: ["admin"] });
    const invitee = await makeUser(null);
    const stranger = await makeUser(null);
    invited.add(invitee.email);
    await (await as(admin, org)).admin.members.invite({ email: invitee.email, roleIds: await roleIds(org, "manager", "hr"), allWorkspaces: true, workspaceIds: [] });
    const token = await tokenFor(invitee.email);

    expect(await codeOf((await anonymous()).invitations.accept({ token }))).toBe("UNAUTHORIZED");
    const wrong = (await callerFor(stranger.id)).invitations.accept({ token });
    expect(await messageOf(wrong)).toBe(`This invitation is for ${invitee.email}, but you are signed in as ${stranger.email}. Sign out and sign in as ${invitee.email} to accept it.`);
    expect(await codeOf((await callerFor(stranger.id)).invitations.accept({ token }))).toBe("FORBIDDEN");

    const res = await (await callerFor(invitee.id)).invitations.accept({ token });
    expect(res).toEqual({ orgSlug: org.slug, workspaceSlug: "main", path: `/${org.slug}/main` });
    const m = await callerFor(invitee.id, { org: org.slug });
    expect((await m.platform.workspaces.list()).map((w) => w.slug).sort()).toEqual(["main", "second"]);
    expect((await m.platform.me()).permissions).toContain("auth.member.read");
    expect(await codeOf((await callerFor(invitee.id)).invitations.accept({ token }))).toBe("PRECONDITION_FAILED");
  });

  it("refuses a user whose membership in the organization is suspended", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const invitee = await makeUser(null);
    invited.add(invitee.email);
    await (await as(owner, org)).admin.members.invite({ email: invitee.email, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const token = await tokenFor(invitee.email);
    // The person joined some other way meanwhile and was then deactivated.
    const m = await systemDb().membership.create({ data: { organizationId: org.id, userId: invitee.id, status: "suspended", allWorkspaces: true }, select: { id: true } });
    const p = (await callerFor(invitee.id)).invitations.accept({ token });
    expect(await messageOf(p)).toMatch(/deactivated\. Ask an administrator .* to reactivate it\./);
    expect((await systemDb().membership.findFirstOrThrow({ where: { organizationId: org.id, id: m.id } })).status).toBe("suspended");
    expect((await (await anonymous()).invitations.get({ token })).status).toBe("pending");
  });
});

describe("links that no longer work", () => {
  it("answers invalid, expired and revoked with a clear status, never an error", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const c = await as(owner, org);
    const pub = await anonymous();
    expect(await pub.invitations.get({ token: "nonsense" })).toMatchObject({ status: "invalid", message: expect.stringContaining("not valid") });
    expect(await pub.invitations.get({ token: "A".repeat(43) })).toMatchObject({ status: "invalid" });
    expect(await codeOf(pub.invitations.acceptNew({ token: "A".repeat(43), name: "X", password: "a long enough password" }))).toBe("NOT_FOUND");

    const expiredEmail = newEmail();
    const expired = await c.admin.members.invite({ email: expiredEmail, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const expiredToken = await tokenFor(expiredEmail);
    await systemDb().invitation.updateMany({ where: { organizationId: org.id, id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pub.invitations.get({ token: expiredToken })).toMatchObject({ status: "expired", message: expect.stringContaining("expired") });
    expect(await messageOf(pub.invitations.acceptNew({ token: expiredToken, name: "X", password: "a long enough password" }))).toMatch(/expired/);
    expect((await c.admin.invitations.list({ filters: { status: { type: "enum", values: ["expired"] } } })).rows.map((r) => r.id)).toEqual([expired.id]);
    expect((await c.admin.invitations.list({ filters: { status: { type: "enum", values: ["pending"] } } })).rows).toEqual([]);
    // Past its expiry but still pending in the database: it can be resent or revoked.
    expect((await c.admin.invitations.list({})).rows[0]).toMatchObject({ id: expired.id, status: "expired", open: true });

    const revokedEmail = newEmail();
    const revoked = await c.admin.members.invite({ email: revokedEmail, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const revokedToken = await tokenFor(revokedEmail);
    await c.admin.invitations.revoke({ id: revoked.id });
    expect(await pub.invitations.get({ token: revokedToken })).toMatchObject({ status: "revoked", message: expect.stringContaining("revoked") });
    expect(await codeOf(pub.invitations.acceptNew({ token: revokedToken, name: "X", password: "a long enough password" }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(c.admin.invitations.revoke({ id: revoked.id }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(c.admin.invitations.resend({ id: revoked.id }))).toBe("PRECONDITION_FAILED");
    expect((await c.admin.invitations.list({ q: revokedEmail })).rows[0]).toMatchObject({ status: "revoked", open: false });
    const row = await systemDb().invitation.findFirstOrThrow({ where: { organizationId: org.id, id: revoked.id } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    const history = await systemDb().statusHistory.findMany({ where: { organizationId: org.id, entityId: revoked.id } });
    expect(history).toEqual([expect.objectContaining({ entityType: "auth.invitations", fromStatus: "pending", toStatus: "revoked", actorId: owner.id })]);
  });

  it("resend rotates the token and the expiry: the old link stops working, the new one works", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const c = await as(owner, org);
    const email = newEmail();
    const inv = await c.admin.members.invite({ email, roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const first = await tokenFor(email);
    await systemDb().invitation.updateMany({ where: { organizationId: org.id, id: inv.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const again = await c.admin.invitations.resend({ id: inv.id });
    expect(again.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    const second = mails[0]!.token!;
    expect(second).not.toBe(first);
    const pub = await anonymous();
    expect((await pub.invitations.get({ token: first })).status).toBe("invalid");
    expect(await pub.invitations.get({ token: second })).toMatchObject({ status: "pending" });
    expect((await c.admin.invitations.list({})).rows[0]).toMatchObject({ id: inv.id, status: "pending", sentCount: 2 });
    expect((await businessEvents(org.id, "auth.invitation_sent")).map((e) => e.data.resend)).toEqual([false, true]);
    await pub.invitations.acceptNew({ token: second, name: "Late Comer", password: "a long enough password" });
  });
});

describe("admin.members.invite refusals", () => {
  it("refuses members, duplicates, foreign ids and the owner role from a non-owner, with field errors", async () => {
    const [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const owner = await makeUser(org);
    const admin = await makeUser(org, { roles: ["admin"] });
    const clerk = await makeUser(org, { roles: ["sales"] });
    const c = await as(admin, org);
    const viewer = await roleIds(org, "viewer");

    const member = c.admin.members.invite({ email: clerk.email, roleIds: viewer, allWorkspaces: true, workspaceIds: [] });
    await expect(member).rejects.toMatchObject({ code: "CONFLICT", cause: { fieldErrors: { email: [expect.stringContaining("Already a member")] } } });

    const email = newEmail();
    await c.admin.members.invite({ email, roleIds: viewer, allWorkspaces: true, workspaceIds: [] });
    await expect(c.admin.members.invite({ email, roleIds: viewer, allWorkspaces: true, workspaceIds: [] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Resend it"),
    });
    // Once the link has run out, inviting again expires the old invitation (through the machine) and sends a new one.
    await systemDb().invitation.updateMany({ where: { organizationId: org.id, email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await c.admin.members.invite({ email, roleIds: viewer, allWorkspaces: true, workspaceIds: [] });
    const statuses = await systemDb().invitation.findMany({ where: { organizationId: org.id, email }, select: { status: true }, orderBy: { createdAt: "asc" } });
    expect(statuses.map((s) => s.status)).toEqual(["expired", "pending"]);

    const foreignRole = c.admin.members.invite({ email: newEmail(), roleIds: await roleIds(other, "viewer"), allWorkspaces: true, workspaceIds: [] });
    await expect(foreignRole).rejects.toMatchObject({ code: "NOT_FOUND", cause: { fieldErrors: { roleIds: [expect.any(String)] } } });
    const foreignWs = c.admin.members.invite({ email: newEmail(), roleIds: viewer, allWorkspaces: false, workspaceIds: [other.workspaces.main!] });
    await expect(foreignWs).rejects.toMatchObject({ code: "NOT_FOUND", cause: { fieldErrors: { workspaceIds: [expect.any(String)] } } });
    const noWs = c.admin.members.invite({ email: newEmail(), roleIds: viewer, allWorkspaces: false, workspaceIds: [] });
    await expect(noWs).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await codeOf(c.admin.members.invite({ email: "not-an-email", roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("BAD_REQUEST");
    expect(await codeOf(c.admin.members.invite({ email: newEmail(), roleIds: [], allWorkspaces: true, workspaceIds: [] }))).toBe("BAD_REQUEST");

    const asOwner = c.admin.members.invite({ email: newEmail(), roleIds: await roleIds(org, "owner"), allWorkspaces: true, workspaceIds: [] });
    await expect(asOwner).rejects.toMatchObject({ code: "FORBIDDEN", cause: { fieldErrors: { roleIds: [expect.stringContaining("owner")] } } });
    await expect((await as(owner, org)).admin.members.invite({ email: newEmail(), roleIds: await roleIds(org, "owner"), allWorkspaces: true, workspaceIds: [] })).resolves.toBeTruthy();

    // Without auth.member.invite nothing can be invited, resent or revoked; the list needs auth.member.read.
    const s = await as(clerk, org);
    expect(await codeOf(s.admin.members.invite({ email: newEmail(), roleIds: viewer, allWorkspaces: true, workspaceIds: [] }))).toBe("FORBIDDEN");
    expect(await codeOf(s.admin.invitations.list({}))).toBe("FORBIDDEN");
  });

  it("keeps invitations inside their organization", async () => {
    const [org, other] = await Promise.all([makeOrg(), makeOrg()]);
    const owner = await makeUser(org);
    const otherOwner = await makeUser(other);
    const inv = await (await as(owner, org)).admin.members.invite({ email: newEmail(), roleIds: await roleIds(org, "viewer"), allWorkspaces: true, workspaceIds: [] });
    const o = await as(otherOwner, other);
    expect(await codeOf(o.admin.invitations.resend({ id: inv.id }))).toBe("NOT_FOUND");
    expect(await codeOf(o.admin.invitations.revoke({ id: inv.id }))).toBe("NOT_FOUND");
    expect((await o.admin.invitations.list({})).rows).toEqual([]);
    expect((await (await as(owner, org)).admin.invitations.list({ q: inv.email.slice(0, 10) })).rows.map((r) => r.id)).toEqual([inv.id]);
  });
});
