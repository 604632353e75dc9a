// Credential sign-in. Runs on the system client: there is no user (so no RLS scope) before sign-in succeeds.
// Lockout is counted in Postgres so it holds across app instances: N failures for an account within 15 minutes
// refuse that account for 15 minutes, N = the strictest "lockout threshold" of its organizations (default 5,
// kernel/settings/security.ts); 50 failures from one IP in 15 minutes refuse that IP.
import type { SystemClient, SystemTx } from "@/server/db/client";
import { logger } from "@/server/kernel/logger";
import { verifyAgainstDummy, verifyPassword } from "@/server/kernel/passwords";
import { lockoutThresholdForEmail } from "@/server/kernel/settings/security";
import { ZSignInInput } from "./auth.schemas";
import { recordSessionEvent } from "./sign-in-events.service";

/** maxPerAccount is the default; an account's own threshold comes from its organizations' settings. */
export const LOCKOUT = { window: "15 minutes", maxPerAccount: 5, maxPerIp: 50 } as const;

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "locked" };

export async function authenticate(sys: SystemClient, raw: { email: unknown; password: unknown; ip?: string | null }): Promise<SignInResult> {
  const parsed = ZSignInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const ip = raw.ip ?? null;

  return sys.$transaction(async (tx) => {
    // Serialise attempts on one account so parallel guesses cannot all slip under the limit.
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext('signin:' || ${email}))`;
    const [counts] = await tx.$queryRaw<{ account: bigint; by_ip: bigint }[]>`
      select
        (select count(*) from auth.login_attempts
          where email = ${email} and outcome = 'failure' and created_at > now() - ${LOCKOUT.window}::interval) as account,
        (select count(*) from auth.login_attempts
          where ${ip}::text is not null and ip = ${ip} and outcome = 'failure' and created_at > now() - ${LOCKOUT.window}::interval) as by_ip`;
    const maxPerAccount = await lockoutThresholdForEmail(tx, email);
    if (Number(counts?.account ?? 0) >= maxPerAccount || Number(counts?.by_ip ?? 0) >= LOCKOUT.maxPerIp) {
      await tx.loginAttempt.create({ data: { email, ip, outcome: "locked" } });
      await auditFailure(tx, email, ip, "locked");
      return { ok: false, reason: "locked" } as const;
    }

    const user = await tx.user.findUnique({ where: { email } });
    const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    if (!user || !valid || user.status !== "active") {
      await tx.loginAttempt.create({ data: { email, ip, outcome: "failure" } });
      await auditFailure(tx, email, ip, !user ? "unknown" : user.status !== "active" ? "deactivated" : "password", user?.id ?? null);
      return { ok: false, reason: "invalid" } as const;
    }
    await tx.loginAttempt.create({ data: { email, ip, outcome: "success" } });
    await recordSessionEvent(tx, user.id, "auth.sign_in", { email, ip }, { asActor: true });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } } as const;
  });
}

/** A failed attempt on a known account goes to its organizations' audit trails; an unknown e-mail only to the log. */
async function auditFailure(tx: SystemTx, email: string, ip: string | null, reason: string, userId?: string | null) {
  const id = userId !== undefined ? userId : (await tx.user.findUnique({ where: { email }, select: { id: true } }))?.id;
  if (!id) {
    logger.info({ ip, reason }, "sign-in failed for an unknown e-mail");
    return;
  }
  await recordSessionEvent(tx, id, "auth.sign_in_failed", { email, ip, reason }, { asActor: false });
}
