// Sign-up and e-mail verification: unverified accounts, single-use expiring tokens, neutral answers, throttling.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { requestPasswordReset, THROTTLE, signUp, verifyEmail } from "@/server/modules/auth/account.service";
import { DEFAULT_PASSWORD_POLICY, passwordProblems } from "@/lib/password-policy";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { codeOf } from "../helpers/trpc";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { mailsTo, tokenFrom } from "../helpers/mail";

const meta = () => ({ ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, locale: "en" as const });
const newEmail = () => `signup-${uniq()}@example.test`;
const PASSWORD = "a long enough password";

describe("sign-up", () => {
  it("creates an unverified account and mails a 24-hour verification link whose token is stored only as a hash", async () => {
    const email = newEmail();
    const caller = await callerFor(null);
    expect(await caller.account.signUp({ name: "Ann", email: email.toUpperCase(), password: PASSWORD })).toEqual({ ok: true });

    const user = await systemDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const token = await tokenFrom(email, "verifyEmail");
    const rows = await systemDb().userToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: "verify_email", usedAt: null, tokenHash: createHash("sha256").update(token).digest("hex") });
    const ttl = rows[0]!.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(23.9 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
  });

  it("verifies the address once: the same link a second time is refused", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Bo", email, password: PASSWORD }, meta());
    const token = await tokenFrom(email, "verifyEmail");
    const caller = await callerFor(null);
    expect(await caller.account.verifyEmail({ token })).toEqual({ email });
    expect((await systemDb().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
    await expect(caller.account.verifyEmail({ token })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await codeOf(caller.account.verifyEmail({ token: "x".repeat(43) }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.account.verifyEmail({ token: "short" }))).toBe("BAD_REQUEST");
  });

  it("refuses an expired verification link", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Cy", email, password: PASSWORD }, meta());
    const token = await tokenFrom(email, "verifyEmail");
    const user = await systemDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    await systemDb().userToken.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 25 * 3600_000), expiresAt: new Date(Date.now() - 3600_000) } });
    await expect(verifyEmail(systemDb(), { token })).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { token: [expect.any(String)] } });
    expect((await systemDb().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();
  });

  it("resending makes the earlier link stop working; a verified or unknown address gets the same answer and no mail", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Di", email, password: PASSWORD }, meta());
    const first = await tokenFrom(email, "verifyEmail");
    const anon = await callerFor(null);
    expect(await anon.account.resendVerification({ email })).toEqual({ ok: true });
    const second = await tokenFrom(email, "verifyEmail");
    expect(second).not.toBe(first);
    await expect(verifyEmail(systemDb(), { token: first })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await verifyEmail(systemDb(), { token: second });

    const before = (await mailsTo(email)).length;
    expect(await anon.account.resendVerification({ email })).toEqual({ ok: true });
    const unknown = newEmail();
    expect(await anon.account.resendVerification({ email: unknown })).toEqual({ ok: true });
    expect((await mailsTo(email)).length).toBe(before);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it("a signed-in unverified user resends to their own address, whatever e-mail the request names", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Ed", email, password: PASSWORD }, meta());
    const user = await systemDb().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const other = newEmail();
    await (await callerFor(user.id)).account.resendVerification({ email: other });
    expect(await mailsTo(other)).toEqual([]);
    expect((await mailsTo(email)).filter((m) => m.template === "verifyEmail")).toHaveLength(2);
  });

  it("answers a taken address exactly like a new one, creates nothing, keeps the password, and mails its owner", async () => {
    const existing = await makeUser(null);
    const caller = await callerFor(null);
    expect(await caller.account.signUp({ name: "Intruder", email: existing.email, password: "another long password" })).toEqual({ ok: true });
    expect(await systemDb().user.count({ where: { email: existing.email } })).toBe(1);
    expect((await systemDb().user.findUniqueOrThrow({ where: { email: existing.email } })).name).toBe("Test User");
    expect(await authenticate(systemDb(), { email: existing.email, password: existing.password })).toMatchObject({ ok: true });
    expect(await authenticate(systemDb(), { email: existing.email, password: "another long password" })).toMatchObject({ ok: false });
    const mails = await mailsTo(existing.email);
    expect(mails.map((m) => m.template)).toEqual(["accountExists"]);
    expect(mails[0]!.text).toMatch(/already has an account/);
    expect(await systemDb().userToken.count({ where: { user: { email: existing.email } } })).toBe(0);
  });

  it("writes account mails in the requester's language", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Юля", email, password: PASSWORD }, { ip: null, locale: "ru" });
    expect((await mailsTo(email))[0]!.subject).toMatch(/Подтвердите/);
  });

  it(`throttles to ${THROTTLE.maxPerEmail} requests per address per hour, for taken and unknown addresses alike`, async () => {
    const existing = await makeUser(null);
    for (const email of [existing.email, newEmail()]) {
      const caller = await callerFor(null);
      for (let i = 0; i < THROTTLE.maxPerEmail; i++) expect(await codeOf(caller.account.requestPasswordReset({ email }))).toBe("OK");
      expect(await codeOf(caller.account.signUp({ name: "X", email, password: PASSWORD }))).toBe("TOO_MANY_REQUESTS");
      expect(await codeOf(caller.account.resendVerification({ email }))).toBe("TOO_MANY_REQUESTS");
      // Older requests leave the window.
      await systemDb().accountRequest.updateMany({ where: { email }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
      expect(await codeOf(caller.account.requestPasswordReset({ email }))).toBe("OK");
    }
  });

  it(`throttles to ${THROTTLE.maxPerIp} requests per IP per hour`, async () => {
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    // Unknown addresses: counted like any other, and no mail piles up in the shared queue.
    for (let i = 0; i < THROTTLE.maxPerIp; i++) await requestPasswordReset(systemDb(), { email: newEmail() }, { ip, locale: "en" });
    await expect(signUp(systemDb(), { name: "Y", email: newEmail(), password: PASSWORD }, { ip, locale: "en" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(requestPasswordReset(systemDb(), { email: newEmail() }, { ip: "10.78.0.1", locale: "en" })).resolves.toEqual({ ok: true });
  });

  it("refuses short passwords and the e-mail as the password, with field errors", async () => {
    const email = newEmail();
    const caller = await callerFor(null);
    await expect(caller.account.signUp({ name: "Z", email, password: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.account.signUp({ name: "Z", email, password: email })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await systemDb().user.count({ where: { email } })).toBe(0);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "short")).toEqual(["Use at least 10 characters."]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "Ann.Lee@Example.test", { email: "ann.lee@example.test" })).toEqual(["Do not use your e-mail address in the password."]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "a long enough password", { email: "ann@example.test" })).toEqual([]);
  });
});

describe("unverified users", () => {
  it("can sign in but open no organization and cannot onboard until verified", async () => {
    const email = newEmail();
    await signUp(systemDb(), { name: "Uv", email, password: PASSWORD }, meta());
    const signedIn = await authenticate(systemDb(), { email, password: PASSWORD });
    expect(signedIn).toMatchObject({ ok: true });
    const userId = (signedIn as { user: { id: string } }).user.id;

    const me = await (await callerFor(userId)).platform.me();
    expect(me.user).toMatchObject({ email, emailVerified: false });
    expect(await codeOf((await callerFor(userId)).platform.onboarding.suggestSlug({ name: "Acme" }))).toBe("FORBIDDEN");

    // Even a membership (say, added by an operator) does not open the organization before verification.
    const org = await makeOrg();
    await systemDb().$transaction(async (tx) => {
      const { addMember } = await import("@/server/modules/auth/users.service");
      await addMember(tx, { organizationId: org.id, userId, roleKeys: ["viewer"], allWorkspaces: true });
    });
    expect(await codeOf((await callerFor(userId, { org: org.slug })).platform.workspaces.list())).toBe("FORBIDDEN");

    await verifyEmail(systemDb(), { token: await tokenFrom(email, "verifyEmail") });
    expect(await codeOf((await callerFor(userId, { org: org.slug })).platform.workspaces.list())).toBe("OK");
    expect(await codeOf((await callerFor(userId)).platform.onboarding.suggestSlug({ name: "Acme" }))).toBe("OK");
  });
});
