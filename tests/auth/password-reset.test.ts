// Forgot password: a 1-hour single-use link; the new password ends every session; the same answer for any address.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { requestPasswordReset, resetPassword } from "@/server/modules/auth/account.service";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { withConnection } from "../helpers/db";
import { codeOf } from "../helpers/trpc";
import { callerFor, makeOrg, makeUser, uniq } from "../helpers/factory";
import { mailsTo, tokenFrom } from "../helpers/mail";

const meta = { ip: null, locale: "en" as const };
const NEW_PASSWORD = "a brand new password";

describe("password reset", () => {
  it("answers an unknown address like a known one and mails nobody", async () => {
    const email = `nobody-${uniq()}@example.test`;
    expect(await (await callerFor(null)).account.requestPasswordReset({ email })).toEqual({ ok: true });
    expect(await mailsTo(email)).toEqual([]);
  });

  it("mails a 1-hour link; the new password works, the old one does not, every session ends, the link works once", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const anon = await callerFor(null);
    expect(await anon.account.requestPasswordReset({ email: user.email })).toEqual({ ok: true });
    const token = await tokenFrom(user.email, "resetPassword");
    const row = await systemDb().userToken.findFirstOrThrow({ where: { userId: user.id, purpose: "reset_password", usedAt: null } });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    // A session from before the reset.
    expect(await codeOf((await callerFor(user.id, {}, 1)).platform.me())).toBe("OK");

    expect(await anon.account.resetPassword({ token, password: NEW_PASSWORD })).toEqual({ email: user.email });
    expect(await authenticate(systemDb(), { email: user.email, password: user.password })).toMatchObject({ ok: false });
    expect(await authenticate(systemDb(), { email: user.email, password: NEW_PASSWORD })).toMatchObject({ ok: true, user: { sessionVersion: 2 } });
    expect(await codeOf((await callerFor(user.id, {}, 1)).platform.me())).toBe("UNAUTHORIZED");
    expect(await codeOf((await callerFor(user.id, {}, 2)).platform.me())).toBe("OK");

    await expect(anon.account.resetPassword({ token, password: "yet another password" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await authenticate(systemDb(), { email: user.email, password: NEW_PASSWORD })).toMatchObject({ ok: true });

    // The organization's audit trail records the reset, with the user as the actor.
    const events = await withConnection("owner", async (c) =>
      (await c.query("select action, actor_id::text as actor from audit.events where organization_id = $1 and action = 'auth.password_reset'", [org.id])).rows,
    );
    expect(events).toEqual([{ action: "auth.password_reset", actor: user.id }]);
  });

  it("refuses an expired link", async () => {
    const user = await makeUser(null);
    await requestPasswordReset(systemDb(), { email: user.email }, meta);
    const token = await tokenFrom(user.email, "resetPassword");
    await systemDb().userToken.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - 2 * 3600_000), expiresAt: new Date(Date.now() - 3600_000) },
    });
    await expect(resetPassword(systemDb(), { token, password: NEW_PASSWORD }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await authenticate(systemDb(), { email: user.email, password: user.password })).toMatchObject({ ok: true });
  });

  it("only the latest link works, and a verification link cannot reset a password", async () => {
    const user = await makeUser(null);
    await requestPasswordReset(systemDb(), { email: user.email }, meta);
    const first = await tokenFrom(user.email, "resetPassword");
    await requestPasswordReset(systemDb(), { email: user.email }, meta);
    const second = await tokenFrom(user.email, "resetPassword");
    await expect(resetPassword(systemDb(), { token: first, password: NEW_PASSWORD }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await resetPassword(systemDb(), { token: second, password: NEW_PASSWORD }, meta);

    const unverified = `reset-${uniq()}@example.test`;
    await (await callerFor(null)).account.signUp({ name: "V", email: unverified, password: "original password" });
    const verifyToken = await tokenFrom(unverified, "verifyEmail");
    await expect(resetPassword(systemDb(), { token: verifyToken, password: NEW_PASSWORD }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a weak new password with a field error and keeps the link usable", async () => {
    const user = await makeUser(null);
    await requestPasswordReset(systemDb(), { email: user.email }, meta);
    const token = await tokenFrom(user.email, "resetPassword");
    await expect(resetPassword(systemDb(), { token, password: "short" }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: [expect.any(String)] } });
    await expect(resetPassword(systemDb(), { token, password: user.email }, meta)).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { password: [expect.any(String)] } });
    await resetPassword(systemDb(), { token, password: NEW_PASSWORD }, meta);
    expect(await authenticate(systemDb(), { email: user.email, password: NEW_PASSWORD })).toMatchObject({ ok: true });
  });

  it("mails nothing to a deactivated account", async () => {
    const user = await makeUser(null);
    await systemDb().user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    expect(await (await callerFor(null)).account.requestPasswordReset({ email: user.email })).toEqual({ ok: true });
    expect(await mailsTo(user.email)).toEqual([]);
  });

  it("a reset also verifies an unverified address (the link proved the mailbox)", async () => {
    const email = `unv-${uniq()}@example.test`;
    await (await callerFor(null)).account.signUp({ name: "W", email, password: "original password" });
    await requestPasswordReset(systemDb(), { email }, meta);
    await resetPassword(systemDb(), { token: await tokenFrom(email, "resetPassword"), password: NEW_PASSWORD }, meta);
    expect((await systemDb().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
  });
});
