// My profile and active sessions: validation of the overrides, password change (current must match, the rule, other
// sessions end and this one stays), sessions visible and revocable only by their user, every sign-out taking effect
// on the next request, and the audit events in each of the user's organizations.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { deviceLabel } from "@/server/modules/auth/sessions.service";
import { DEFAULT_PASSWORD_POLICY, passwordProblems } from "@/lib/password-policy";
import { authOptions } from "@/server/auth/options";
import { withConnection } from "../helpers/db";
import { callerFor, makeOrg, makeSession, makeUser } from "../helpers/factory";
import { codeOf } from "../helpers/trpc";

async function fieldErrorsOf(p: Promise<unknown>): Promise<{ code: string; fields: Record<string, string[]> }> {
  try {
    await p;
    return { code: "OK", fields: {} };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const cause = e.cause as { fieldErrors?: Record<string, string[]>; issues?: { path: (string | number)[]; message: string }[] } | undefined;
    const fields: Record<string, string[]> = { ...(cause?.fieldErrors ?? {}) };
    for (const i of cause?.issues ?? []) (fields[String(i.path[0])] ??= []).push(i.message);
    return { code: e.code, fields };
  }
}

/** A signed-in device of `userId`: its session id and a caller bound to it (each call is a new request). */
async function device(userId: string, userAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/130.0 Safari/537.36") {
  const sessionId = await makeSession(userId, { userAgent, ip: "203.0.113.7" });
  return { sessionId, call: (sv = 1) => callerFor(userId, {}, sv, sessionId) };
}

async function businessEvents(orgId: string, userId: string) {
  return withConnection("system", async (db) =>
    (await db.query<{ action: string; actor_id: string | null }>(
      "select action, actor_id from audit.events where organization_id = $1 and kind = 'business' and record_id = $2 and action not in ('auth.sign_in') order by created_at, id",
      [orgId, userId],
    )).rows,
  );
}

describe("profile.get / profile.update", () => {
  it("reads and updates the user's name, language and time zone overrides", async () => {
    const user = await makeUser(null);
    const c = await callerFor(user.id);
    expect(await c.profile.get()).toMatchObject({ id: user.id, email: user.email, locale: null, timeZone: null });
    const updated = await c.profile.update({ name: "  Dana Profile ", locale: "ru", timeZone: "Asia/Almaty" });
    expect(updated).toMatchObject({ name: "Dana Profile", locale: "ru", timeZone: "Asia/Almaty" });
    // The override reaches every request's session user (the UI language and the date formatting read it).
    expect((await (await callerFor(user.id)).platform.me()).user).toMatchObject({ locale: "ru", timeZone: "Asia/Almaty" });
    expect(await c.profile.update({ name: "Dana", locale: null, timeZone: null })).toMatchObject({ locale: null, timeZone: null });
  });

  it("changes only the fields given: the user menu's language switch saves the language alone", async () => {
    const user = await makeUser(null);
    const c = await callerFor(user.id);
    await c.profile.update({ name: "Lena Menu", locale: "en", timeZone: "Asia/Almaty" });
    expect(await c.profile.update({ locale: "ru" })).toMatchObject({ name: "Lena Menu", locale: "ru", timeZone: "Asia/Almaty" });
    expect((await (await callerFor(user.id)).platform.me()).user).toMatchObject({ locale: "ru", timeZone: "Asia/Almaty" });
    // null still clears the override, and an unsupported language is refused on its field.
    expect(await c.profile.update({ locale: null })).toMatchObject({ name: "Lena Menu", locale: null, timeZone: "Asia/Almaty" });
    expect(Object.keys((await fieldErrorsOf(c.profile.update({ locale: "de" as "en" }))).fields)).toEqual(["locale"]);
  });

  it("answers field errors for an unsupported language, an unknown time zone and an empty name", async () => {
    const user = await makeUser(null);
    const c = await callerFor(user.id);
    const bad = await fieldErrorsOf(c.profile.update({ name: "", locale: "de" as "en", timeZone: "Mars/Olympus" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.fields).sort()).toEqual(["locale", "name", "timeZone"]);
    expect(await c.profile.get()).toMatchObject({ name: "Test User", locale: null });
  });

  it("needs a session and changes only the signed-in user", async () => {
    const [a, b] = await Promise.all([makeUser(null), makeUser(null)]);
    expect(await codeOf((await callerFor(null)).profile.get())).toBe("UNAUTHORIZED");
    await (await callerFor(a.id)).profile.update({ name: "Only A", locale: "en", timeZone: null });
    expect((await systemDb().user.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("Test User");
  });
});

describe("profile.changePassword", () => {
  it("has one password rule: at least 10 characters and not the e-mail", () => {
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "short", { email: "a@b.test" })).toEqual(["Use at least 10 characters."]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "dana@example.test", { email: "Dana@Example.test" })).toEqual(["Do not use your e-mail address in the password."]);
    expect(passwordProblems(DEFAULT_PASSWORD_POLICY, "long enough password", { email: "a@b.test" })).toEqual([]);
  });

  it("needs the current password and a new one that follows the rule", async () => {
    const user = await makeUser(null);
    const c = await callerFor(user.id);
    const wrong = await fieldErrorsOf(c.profile.changePassword({ currentPassword: "not it", newPassword: "a brand new secret" }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", fields: { currentPassword: ["The current password is not correct"] } });
    const weak = await fieldErrorsOf(c.profile.changePassword({ currentPassword: user.password, newPassword: "short" }));
    expect(weak.fields.newPassword).toEqual(["Use at least 10 characters."]);
    const mail = await fieldErrorsOf(c.profile.changePassword({ currentPassword: user.password, newPassword: user.email }));
    expect(mail.fields.newPassword).toEqual(["Do not use your e-mail address in the password."]);
    expect(await authenticate(systemDb(), { email: user.email, password: user.password })).toMatchObject({ ok: true });
  });

  it("changes the password, ends the other sessions and keeps this one; audited in each organization", async () => {
    const [org1, org2] = await Promise.all([makeOrg(), makeOrg()]);
    const user = await makeUser(org1);
    await systemDb().$transaction(async (tx) => {
      const { addMember } = await import("@/server/modules/auth/users.service");
      await addMember(tx, { organizationId: org2.id, userId: user.id, roleKeys: ["viewer"], allWorkspaces: true });
    });
    const [here, there] = await Promise.all([device(user.id), device(user.id)]);
    const r = await (await here.call()).profile.changePassword({ currentPassword: user.password, newPassword: "a brand new secret" });
    expect(r).toEqual({ otherSessionsEnded: 1 });
    expect((await (await here.call()).profile.get()).id).toBe(user.id);
    expect(await codeOf((await there.call()).profile.get())).toBe("UNAUTHORIZED");
    expect(await authenticate(systemDb(), { email: user.email, password: "a brand new secret" })).toMatchObject({ ok: true });
    expect(await authenticate(systemDb(), { email: user.email, password: user.password })).toMatchObject({ ok: false });
    for (const org of [org1, org2]) {
      expect((await businessEvents(org.id, user.id)).filter((e) => e.action === "auth.password_changed")).toEqual([
        { action: "auth.password_changed", actor_id: user.id },
      ]);
    }
  });
});

describe("profile.sessions", () => {
  it("lists only my active sessions, this device first, with device, IP and times", async () => {
    const [me, other] = await Promise.all([makeUser(null), makeUser(null)]);
    const here = await device(me.id);
    await device(me.id, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0");
    await device(other.id);
    const list = await (await here.call()).profile.sessions.list();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: here.sessionId, current: true, device: "Chrome on macOS", ip: "203.0.113.7" });
    expect(list[1]).toMatchObject({ current: false, device: "Firefox on Windows" });
    expect(list[0]!.createdAt).toBeInstanceOf(Date);
    expect(list[0]!.lastSeenAt).toBeInstanceOf(Date);
  });

  it("answers NOT_FOUND for another user's session id, and leaves it alone", async () => {
    const [me, other] = await Promise.all([makeUser(null), makeUser(null)]);
    const [here, theirs] = await Promise.all([device(me.id), device(other.id)]);
    expect(await codeOf((await here.call()).profile.sessions.revoke({ id: theirs.sessionId }))).toBe("NOT_FOUND");
    expect(await codeOf((await here.call()).profile.sessions.revoke({ id: "0195d6a4-0000-7000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect((await (await theirs.call()).profile.get()).id).toBe(other.id);
  });

  it("shows the runtime role only the signed-in user's sessions (RLS), and lets it create none", async () => {
    const [me, other] = await Promise.all([makeUser(null), makeUser(null)]);
    await Promise.all([device(me.id), device(other.id)]);
    const seen = await withSettings({ userId: me.id }, (tx) => tx.session.findMany({ select: { userId: true } }));
    expect(new Set(seen.map((s) => s.userId))).toEqual(new Set([me.id]));
    expect(await withSettings({}, (tx) => tx.session.count())).toBe(0);
    await expect(withSettings({ userId: me.id }, (tx) => tx.session.create({ data: { userId: me.id } }))).rejects.toThrow();
  });

  it("revoke, sign out other sessions and sign out everywhere take effect on the next request; audited", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const [a, b, c] = await Promise.all([device(user.id), device(user.id), device(user.id)]);

    await (await a.call()).profile.sessions.revoke({ id: b.sessionId });
    expect(await codeOf((await b.call()).profile.get())).toBe("UNAUTHORIZED");
    expect(await codeOf((await c.call()).profile.get())).toBe("OK");

    const d = await device(user.id);
    expect(await (await a.call()).profile.sessions.signOutOthers()).toEqual({ revoked: 2 });
    expect(await codeOf((await c.call()).profile.get())).toBe("UNAUTHORIZED");
    expect(await codeOf((await d.call()).profile.get())).toBe("UNAUTHORIZED");
    expect((await (await a.call()).profile.sessions.list()).map((s) => s.id)).toEqual([a.sessionId]);

    const e = await device(user.id);
    expect(await (await a.call()).profile.signOutEverywhere()).toEqual({ revoked: 2 });
    expect(await codeOf((await a.call()).profile.get())).toBe("UNAUTHORIZED");
    expect(await codeOf((await e.call()).profile.get())).toBe("UNAUTHORIZED");
    // session_version went up too: even a fresh session with the old version is refused.
    expect(await codeOf((await callerFor(user.id, {}, 1)).profile.get())).toBe("UNAUTHORIZED");
    expect(await codeOf((await callerFor(user.id, {}, 2)).profile.get())).toBe("OK");

    expect((await businessEvents(org.id, user.id)).map((x) => [x.action, x.actor_id])).toEqual([
      ["auth.session_revoked", user.id],
      ["auth.signed_out_others", user.id],
      ["auth.signed_out_everywhere", user.id],
    ]);
  });

  it("refuses a session revoked in the database, a missing one, and another user's session id in the token", async () => {
    const [user, other] = await Promise.all([makeUser(null), makeUser(null)]);
    const here = await device(user.id);
    expect(await codeOf((await here.call()).platform.me())).toBe("OK");
    await systemDb().session.update({ where: { id: here.sessionId }, data: { revokedAt: new Date() } });
    expect(await codeOf((await here.call()).platform.me())).toBe("UNAUTHORIZED");
    expect(await codeOf((await callerFor(user.id, {}, 1, "0195d6a4-0000-7000-8000-000000000000")).platform.me())).toBe("UNAUTHORIZED");
    const theirs = await device(other.id);
    expect(await codeOf((await callerFor(user.id, {}, 1, theirs.sessionId)).platform.me())).toBe("UNAUTHORIZED");
  });

  it("touches last_seen_at at most once a minute", async () => {
    const user = await makeUser(null);
    const here = await device(user.id);
    const old = new Date(Date.now() - 5 * 60_000);
    await systemDb().session.update({ where: { id: here.sessionId }, data: { lastSeenAt: old } });
    await (await here.call()).profile.get();
    const first = (await systemDb().session.findUniqueOrThrow({ where: { id: here.sessionId } })).lastSeenAt;
    expect(first.getTime()).toBeGreaterThan(old.getTime());
    await (await here.call()).profile.get();
    expect((await systemDb().session.findUniqueOrThrow({ where: { id: here.sessionId } })).lastSeenAt).toEqual(first);
  });

  it("opens a session at sign-in (sid in the token) and ends it at sign-out", async () => {
    const user = await makeUser(null);
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: unknown, req: unknown) => Promise<{ sessionId: string } | null> } };
    const signedIn = await provider.options.authorize(
      { email: user.email, password: user.password },
      { headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1", "x-forwarded-for": "198.51.100.4" } },
    );
    const session = await systemDb().session.findUniqueOrThrow({ where: { id: signedIn!.sessionId } });
    expect(session).toMatchObject({ userId: user.id, device: "Safari on iOS", ip: "198.51.100.4", revokedAt: null });
    const token = await authOptions.callbacks!.jwt!({ token: {}, user: signedIn as never, account: null } as never);
    expect(token).toMatchObject({ uid: user.id, sid: session.id });
    await authOptions.events!.signOut!({ token: token as never, session: null as never });
    expect((await systemDb().session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
  });

  it("labels devices from user agents", () => {
    expect(deviceLabel("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0")).toBe("Edge on Linux");
    expect(deviceLabel("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36")).toBe("Chrome on Android");
    expect(deviceLabel("curl/8.0")).toBe("Unknown device");
    expect(deviceLabel(null)).toBeNull();
  });
});
