// Security settings of an organization, enforced: the sign-in lockout threshold (the strictest of the account's
// organizations), the session timeout on scoped calls, the password policy and allowed invitation domains.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { readSessionClaim } from "@/server/auth/token";
import { systemDb } from "@/server/db/client";
import {
  allowedInvitationDomain,
  assertInvitationDomain,
  DEFAULT_PASSWORD_POLICY,
  lockoutThresholdForEmail,
  passwordPolicy,
  passwordPolicyForEmail,
  passwordProblems,
} from "@/server/kernel/settings";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";
import { asMember } from "../helpers/scoped";
import { codeOf } from "../helpers/trpc";

type Org = Awaited<ReturnType<typeof makeOrg>>;

async function setOrgSetting(org: Org, ownerId: string, key: string, value: string | number | boolean | string[]) {
  const c = await callerFor(ownerId, { org: org.slug, ws: "main" });
  await c.settings.values.set({ key, scope: "organization", value });
}

async function failTimes(email: string, n: number) {
  for (let i = 0; i < n; i++) {
    expect(await authenticate(systemDb(), { email, password: `wrong-${i}`, ip: `10.9.${i}.1` })).toEqual({ ok: false, reason: "invalid" });
  }
}

describe("lockout threshold from the organization", () => {
  let strict: Org;
  let lenient: Org;
  let strictOwner: { id: string };
  let lenientOwner: { id: string };

  beforeAll(async () => {
    [strict, lenient] = await Promise.all([makeOrg(), makeOrg()]);
    [strictOwner, lenientOwner] = await Promise.all([makeUser(strict), makeUser(lenient)]);
    await setOrgSetting(strict, strictOwner.id, "security.lockoutThreshold", 3);
    await setOrgSetting(lenient, lenientOwner.id, "security.lockoutThreshold", 8);
  });

  it("locks a member of a strict organization after its threshold (3)", async () => {
    const u = await makeUser(strict, { roles: ["viewer"] });
    expect(await lockoutThresholdForEmail(systemDb() as never, u.email)).toBe(3);
    await failTimes(u.email, 3);
    expect(await authenticate(systemDb(), { email: u.email, password: u.password })).toEqual({ ok: false, reason: "locked" });
  });

  it("lets a member of a lenient organization try up to its threshold (8), not the default 5", async () => {
    const u = await makeUser(lenient, { roles: ["viewer"] });
    await failTimes(u.email, 7);
    expect(await authenticate(systemDb(), { email: u.email, password: u.password })).toMatchObject({ ok: true });
    await failTimes(u.email, 1);
    expect(await authenticate(systemDb(), { email: u.email, password: u.password })).toEqual({ ok: false, reason: "locked" });
  });

  it("takes the strictest of the account's active organizations; an organization without a value counts as 5", async () => {
    const u = await makeUser(lenient, { roles: ["viewer"] });
    const plain = await makeOrg();
    await systemDb().membership.create({ data: { organizationId: plain.id, userId: u.id, allWorkspaces: true } });
    expect(await lockoutThresholdForEmail(systemDb() as never, u.email)).toBe(5);
    await systemDb().membership.create({ data: { organizationId: strict.id, userId: u.id, allWorkspaces: true } });
    expect(await lockoutThresholdForEmail(systemDb() as never, u.email)).toBe(3);
    // A suspended membership no longer counts.
    await systemDb().membership.updateMany({ where: { organizationId: strict.id, userId: u.id }, data: { status: "suspended" } });
    expect(await lockoutThresholdForEmail(systemDb() as never, u.email)).toBe(5);
    // Unknown e-mail and users without organizations: the default.
    expect(await lockoutThresholdForEmail(systemDb() as never, `nobody-${randomUUID()}@example.test`)).toBe(5);
    expect(await lockoutThresholdForEmail(systemDb() as never, (await makeUser(null)).email)).toBe(5);
  });
});

describe("session timeout", () => {
  let org: Org;
  let relaxed: Org;
  let owner: { id: string };

  beforeAll(async () => {
    [org, relaxed] = await Promise.all([makeOrg(), makeOrg()]);
    owner = await makeUser(org);
    await systemDb().membership.create({ data: { organizationId: relaxed.id, userId: owner.id, allWorkspaces: true } });
    await setOrgSetting(org, owner.id, "security.sessionTimeoutMinutes", 15);
  });

  async function callerSignedIn(minutesAgo: number, orgSlug: string) {
    const headers = new Headers({ "x-tessera-org": orgSlug, "x-tessera-workspace": "main" });
    const ctx = await createContext({ headers });
    const signedInAt = Math.floor(Date.now() / 1000) - minutesAgo * 60;
    return createCaller({ ...ctx, requestId: randomUUID(), session: { ...(await sessionClaim(owner.id)), signedInAt } });
  }

  it("refuses an organization's scoped calls with UNAUTHORIZED 'Your session expired' once its timeout has passed since sign-in", async () => {
    const old = await callerSignedIn(20, org.slug);
    let error: unknown;
    try {
      await old.settings.values.list();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
    expect((error as TRPCError).message).toMatch(/Your session expired/);
    expect(await codeOf(old.platform.me())).toBe("UNAUTHORIZED");
    // A fresh sign-in is fine; so is the same old session in an organization without a short timeout.
    expect(await codeOf((await callerSignedIn(5, org.slug)).settings.values.list())).toBe("OK");
    expect(await codeOf((await callerSignedIn(20, relaxed.slug)).platform.me())).toBe("OK");
  });

  it("reads the sign-in time from the token (sat, kept across refreshes), falling back to iat", async () => {
    const secret = process.env.NEXTAUTH_SECRET!;
    const sat = Math.floor(Date.now() / 1000) - 3600;
    const token = await encode({ token: { uid: owner.id, sv: 1, sid: "s-1", sat }, secret });
    expect(await readSessionClaim(new Headers({ cookie: `next-auth.session-token=${token}` }))).toMatchObject({ signedInAt: sat });
    const legacy = await encode({ token: { uid: owner.id, sv: 1, sid: "s-1" }, secret });
    const claim = await readSessionClaim(new Headers({ cookie: `next-auth.session-token=${legacy}` }));
    expect(Math.abs(claim!.signedInAt! - Date.now() / 1000)).toBeLessThan(60);
  });
});

describe("password policy", () => {
  it("checks length, digit, symbol and the e-mail", () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 10, requireDigit: false, requireSymbol: false });
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "short")).toEqual(["Use at least 10 characters."]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "long enough phrase")).toEqual([]);
    const strict = { minLength: 12, requireDigit: true, requireSymbol: true };
    expect(passwordProblems(strict, "abcdefghijkl")).toEqual(["Include at least one digit.", "Include at least one symbol (such as ! # % or -)."]);
    expect(passwordProblems(strict, "abcdefghij1!")).toEqual([]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "jane.doe-secret-1", { email: "Jane.Doe@acme.test" })).toEqual([
      "Do not use your e-mail address in the password.",
    ]);
  });

  it("reads the organization's policy from its settings", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    expect(await asMember({ userId: owner.id, orgSlug: org.slug }, (tx, s) => passwordPolicy(tx, s))).toEqual(DEFAULT_PASSWORD_POLICY);
    await setOrgSetting(org, owner.id, "security.passwordMinLength", 14);
    await setOrgSetting(org, owner.id, "security.passwordRequireSymbol", true);
    const policy = await asMember({ userId: owner.id, orgSlug: org.slug, wsSlug: "main" }, (tx, s) => passwordPolicy(tx, s));
    expect(policy).toEqual({ minLength: 14, requireDigit: false, requireSymbol: true });
    expect(passwordProblems(policy, "correct horse battery")).toEqual(["Include at least one symbol (such as ! # % or -)."]);

    // Outside a scope (password change, reset): the strictest of the account's organizations.
    const member = await makeUser(org, { roles: ["viewer"] });
    const other = await makeOrg();
    const otherOwner = await makeUser(other);
    await systemDb().membership.create({ data: { organizationId: other.id, userId: member.id, allWorkspaces: true } });
    await setOrgSetting(other, otherOwner.id, "security.passwordMinLength", 12);
    await setOrgSetting(other, otherOwner.id, "security.passwordRequireDigit", true);
    expect(await passwordPolicyForEmail(systemDb() as never, member.email)).toEqual({ minLength: 14, requireDigit: true, requireSymbol: true });
    expect(await passwordPolicyForEmail(systemDb() as never, (await makeUser(null)).email)).toEqual(DEFAULT_PASSWORD_POLICY);
  });
});

describe("allowed invitation domains", () => {
  it("allows any domain when the list is empty, else only the listed domains and their subdomains", async () => {
    const org = await makeOrg();
    const owner = await makeUser(org);
    const who = { userId: owner.id, orgSlug: org.slug };
    expect(await asMember(who, (tx, s) => allowedInvitationDomain(tx, s, "anyone@anywhere.test"))).toBe(true);
    await setOrgSetting(org, owner.id, "security.allowedEmailDomains", ["acme.test"]);
    expect(await asMember(who, (tx, s) => allowedInvitationDomain(tx, s, "ann@ACME.test"))).toBe(true);
    expect(await asMember(who, (tx, s) => allowedInvitationDomain(tx, s, "bob@eu.acme.test"))).toBe(true);
    expect(await asMember(who, (tx, s) => allowedInvitationDomain(tx, s, "eve@notacme.test"))).toBe(false);
    expect(await asMember(who, (tx, s) => allowedInvitationDomain(tx, s, "eve@acme.test.evil.test"))).toBe(false);
    await expect(asMember(who, (tx, s) => assertInvitationDomain(tx, s, "eve@evil.test"))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { email: [expect.stringMatching(/allowed e-mail domains/)] },
    });
  });
});
