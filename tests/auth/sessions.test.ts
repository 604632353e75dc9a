// Sign-in lockout, session validity per request, and the one-transaction-per-call guarantee.
import { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/server/db/client";
import { withSettings } from "@/server/db/scope";
import { readSessionClaim } from "@/server/auth/token";
import { authenticate, LOCKOUT } from "@/server/modules/auth/sign-in.service";
import { signOutEverywhere } from "@/server/modules/auth/session.service";
import { orgProcedure, router } from "@/server/trpc/procedures";
import { createCallerFactory } from "@/server/trpc/procedures";
import { createContext } from "@/server/trpc/context";
import { codeOf } from "../helpers/trpc";
import { callerFor, makeOrg, makeUser, sessionClaim } from "../helpers/factory";

describe("sign-in", () => {
  it("accepts the right password, case-insensitively by e-mail, and gives one answer for unknown e-mail and wrong password", async () => {
    const user = await makeUser(null);
    const ok = await authenticate(systemDb(), { email: user.email.toUpperCase(), password: user.password, ip: "10.0.0.1" });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id } });
    const wrong = await authenticate(systemDb(), { email: user.email, password: "nope", ip: "10.0.0.1" });
    const unknown = await authenticate(systemDb(), { email: `missing-${user.email}`, password: "nope", ip: "10.0.0.1" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(await authenticate(systemDb(), { email: "not-an-email", password: "x" })).toEqual({ ok: false, reason: "invalid" });
  });

  it(`locks an account after ${LOCKOUT.maxPerAccount} failures within 15 minutes, even for the right password`, async () => {
    const user = await makeUser(null);
    for (let i = 0; i < LOCKOUT.maxPerAccount; i++) {
      expect(await authenticate(systemDb(), { email: user.email, password: `wrong-${i}`, ip: `10.1.0.${i}` })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(systemDb(), { email: user.email, password: user.password, ip: "10.1.1.1" })).toEqual({ ok: false, reason: "locked" });
    // Failures older than the window no longer count.
    await systemDb().loginAttempt.updateMany({ where: { email: user.email }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    expect(await authenticate(systemDb(), { email: user.email, password: user.password, ip: "10.1.1.1" })).toMatchObject({ ok: true });
  });

  it("counts parallel failures without letting a burst slip under the limit", async () => {
    const user = await makeUser(null);
    await Promise.all(Array.from({ length: 8 }, (_, i) => authenticate(systemDb(), { email: user.email, password: `w${i}` })));
    const failures = await systemDb().loginAttempt.count({ where: { email: user.email, outcome: "failure" } });
    expect(failures).toBe(LOCKOUT.maxPerAccount);
  });

  it("refuses deactivated users", async () => {
    const user = await makeUser(null);
    await systemDb().user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    expect(await authenticate(systemDb(), { email: user.email, password: user.password })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("session validity on every request", () => {
  it("rejects the old token after session_version is bumped (sign out everywhere)", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    expect((await (await callerFor(user.id, { org: org.slug }, 1)).platform.me()).user.id).toBe(user.id);
    await withSettings({ userId: user.id }, (tx) => signOutEverywhere(tx, { userId: user.id, requestId: "test" }));
    expect(await codeOf((await callerFor(user.id, { org: org.slug }, 1)).platform.me())).toBe("UNAUTHORIZED");
    expect((await (await callerFor(user.id, { org: org.slug }, 2)).platform.me()).user.id).toBe(user.id);
  });

  it("cuts off a deactivated user and a suspended organization on the next request", async () => {
    const org = await makeOrg();
    const [u1, u2] = await Promise.all([makeUser(org), makeUser(org)]);
    await systemDb().user.update({ where: { id: u1.id }, data: { status: "deactivated" } });
    expect(await codeOf((await callerFor(u1.id)).platform.me())).toBe("UNAUTHORIZED");
    await systemDb().organization.update({ where: { id: org.id }, data: { status: "suspended", suspensionReason: "Test suspension", suspendedAt: new Date() } });
    expect(await codeOf((await callerFor(u2.id, { org: org.slug })).platform.workspaces.list())).toBe("FORBIDDEN");
    expect((await (await callerFor(u2.id)).platform.me()).memberships).toEqual([]);
  });

  it("reads the session from the next-auth cookie and from a bearer token, and ignores forged ones", async () => {
    const token = await encode({ token: { uid: "u-1", sv: 3, sid: "s-1" }, secret: process.env.NEXTAUTH_SECRET! });
    expect(await readSessionClaim(new Headers({ cookie: `other=1; next-auth.session-token=${token}` }))).toMatchObject({ userId: "u-1", sessionVersion: 3, sessionId: "s-1" });
    expect(await readSessionClaim(new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ userId: "u-1", sessionVersion: 3, sessionId: "s-1" });
    // A token from before per-device sessions (no sid) cannot be checked or revoked: refused.
    const legacy = await encode({ token: { uid: "u-1", sv: 3 }, secret: process.env.NEXTAUTH_SECRET! });
    expect(await readSessionClaim(new Headers({ cookie: `next-auth.session-token=${legacy}` }))).toBeNull();
    const forged = await encode({ token: { uid: "u-1", sv: 3, sid: "s-1" }, secret: "someone-elses-secret" });
    expect(await readSessionClaim(new Headers({ cookie: `next-auth.session-token=${forged}` }))).toBeNull();
    expect(await readSessionClaim(new Headers())).toBeNull();
  });
});

describe("one transaction per call", () => {
  it("leaves no partial write when the handler fails after writing", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const failing = router({
      writeThenFail: orgProcedure.mutation(async ({ ctx }) => {
        await ctx.tx.role.create({ data: { organizationId: ctx.scope.orgId, key: "half_written", name: "Half written" } });
        throw new Error("boom after the write");
      }),
      writeOk: orgProcedure.mutation(({ ctx }) =>
        ctx.tx.role.create({ data: { organizationId: ctx.scope.orgId, key: "written", name: "Written" }, select: { id: true } }),
      ),
    });
    const ctx = await createContext({ headers: new Headers({ "x-tessera-org": org.slug }) });
    const caller = createCallerFactory(failing)({ ...ctx, session: await sessionClaim(user.id) });
    expect(await codeOf(caller.writeThenFail())).toBe("INTERNAL_SERVER_ERROR");
    await caller.writeOk();
    const keys = (await systemDb().role.findMany({ where: { organizationId: org.id, key: { in: ["half_written", "written"] } } })).map((r) => r.key);
    expect(keys).toEqual(["written"]);
  });

  it("gives the call's transaction the time a procedure declares (meta transactionTimeoutMs), the default otherwise", async () => {
    const org = await makeOrg();
    const user = await makeUser(org);
    const slow = (p: typeof orgProcedure) => p.query(async ({ ctx }) => {
      await ctx.tx.$executeRaw`select pg_sleep(0.6)`;
      return (await ctx.tx.$queryRaw<{ ok: number }[]>`select 1 as ok`)[0]!.ok;
    });
    const timed = router({
      short: slow(orgProcedure.meta({ transactionTimeoutMs: 300 })),
      long: slow(orgProcedure.meta({ transactionTimeoutMs: 5_000 })),
      plain: slow(orgProcedure),
    });
    const ctx = await createContext({ headers: new Headers({ "x-tessera-org": org.slug }) });
    const caller = createCallerFactory(timed)({ ...ctx, session: await sessionClaim(user.id) });
    // 300 ms is shorter than the handler's work: the transaction expires and the call fails (nothing is committed).
    const expired = await caller.short().then(() => null, (e: unknown) => e);
    expect(expired).toBeInstanceOf(TRPCError);
    expect(String((expired as TRPCError).cause)).toMatch(/timeout for this transaction was 300 ms/);
    expect(await caller.long()).toBe(1);
    expect(await caller.plain()).toBe(1);
  });
});
