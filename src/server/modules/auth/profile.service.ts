// My profile: the signed-in user's own name, language and time-zone overrides, and password. User-level: no
// organization is involved; RLS lets the runtime role read and update only the user's own row (self_update).
import type { SystemClient } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { AppError } from "@/server/kernel/errors";
import { hashPassword, verifyPassword } from "@/server/kernel/passwords";
import type { UserScope } from "@/server/kernel/scope";
import { passwordPolicyForEmail, passwordProblems } from "@/server/kernel/settings";
import type { TChangePasswordInput, TUpdateProfileInput } from "./profile.schemas";
import type { SessionScope } from "./sessions.service";
import { recordSessionEvent } from "./sign-in-events.service";

const PROFILE = { id: true, email: true, name: true, locale: true, timeZone: true } as const;

export async function getProfile(tx: Tx, scope: UserScope) {
  return tx.user.findUniqueOrThrow({ where: { id: scope.userId }, select: PROFILE });
}

/** Changes the fields given (an absent field stays as it is; null clears an override). */
export async function updateProfile(tx: Tx, scope: UserScope, input: TUpdateProfileInput) {
  return tx.user.update({
    where: { id: scope.userId },
    data: { name: input.name, locale: input.locale, timeZone: input.timeZone },
    select: PROFILE,
  });
}

/**
 * Changes the password when the current one matches, and ends every other session of the user (this one stays).
 * The runtime role can neither read nor write password hashes, so the check and the write run on the system client,
 * in one transaction with the revocations and the audit events.
 */
export async function changePassword(tx: Tx, sys: SystemClient, scope: SessionScope, input: TChangePasswordInput) {
  const { email } = await tx.user.findUniqueOrThrow({ where: { id: scope.userId }, select: { email: true } });
  return sys.$transaction(async (st) => {
    // The strictest policy of the user's organizations (the defaults without one).
    const problems = passwordProblems(await passwordPolicyForEmail(st, email), input.newPassword, { email });
    if (problems.length) throw new AppError("BAD_REQUEST", problems[0]!, { newPassword: problems });
    const [row] = await st.$queryRaw<{ password_hash: string | null }[]>`
      select password_hash from auth.users where id = ${scope.userId}::uuid for update`;
    const valid = row?.password_hash ? await verifyPassword(row.password_hash, input.currentPassword) : false;
    if (!valid) throw new AppError("BAD_REQUEST", "The current password is not correct", { currentPassword: ["The current password is not correct"] });
    await st.user.update({ where: { id: scope.userId }, data: { passwordHash: await hashPassword(input.newPassword) }, select: { id: true } });
    const ended = await st.session.updateMany({
      where: { userId: scope.userId, revokedAt: null, id: { not: scope.sessionId } },
      data: { revokedAt: new Date() },
    });
    await st.$executeRaw`select set_config('app.request_id', ${scope.requestId}, true)`;
    await recordSessionEvent(st, scope.userId, "auth.password_changed", { otherSessionsEnded: ended.count }, { asActor: true });
    return { otherSessionsEnded: ended.count };
  });
}
