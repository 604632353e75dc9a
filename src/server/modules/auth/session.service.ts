// Session validity is checked on every request: the JWT carries the user's session_version and the id of its
// auth.sessions row (`sid`). The user must still be active with the same version, and the session must exist and
// not be revoked. Bumping the version signs the user out everywhere; revoking a row signs out one device.
import type { Tx } from "@/server/db/scope";
import type { SessionClaim } from "@/server/auth/token";
import type { UserScope } from "@/server/kernel/scope";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** The platform-operator flag (auth.users.is_platform_operator): opens the /platform console. */
  isPlatformOperator: boolean;
  /** UI language override (null: the organization's). */
  locale: string | null;
  /** Time zone override (null: the organization's). */
  timeZone: string | null;
  /** Unverified users may sign in but open no organization and no onboarding until they verify their address. */
  emailVerified: boolean;
}

/** last_seen_at is written at most this often per session. */
export const LAST_SEEN_RESOLUTION = "1 minute";

/**
 * Needs a transaction whose app.user_id is the claimed user (RLS shows a user only themselves and colleagues, and
 * only their own sessions). Also touches the session's last_seen_at, at most once a minute and without waiting for
 * a concurrent request of the same session that holds the row.
 */
export async function loadSessionUser(tx: Tx, claim: SessionClaim): Promise<SessionUser | null> {
  const [user, session] = await Promise.all([
    tx.user.findUnique({
      where: { id: claim.userId },
      select: { id: true, email: true, name: true, status: true, sessionVersion: true, isPlatformOperator: true, locale: true, timeZone: true, emailVerifiedAt: true },
    }),
    tx.session.findFirst({ where: { id: claim.sessionId, userId: claim.userId }, select: { id: true, revokedAt: true, lastSeenAt: true } }),
  ]);
  if (!user || user.status !== "active" || user.sessionVersion !== claim.sessionVersion) return null;
  if (!session || session.revokedAt) return null;
  if (Date.now() - session.lastSeenAt.getTime() >= 60_000) {
    await tx.$executeRaw`
      update auth.sessions set last_seen_at = now()
       where id = (select id from auth.sessions
                    where id = ${session.id}::uuid and revoked_at is null
                      and last_seen_at < now() - ${LAST_SEEN_RESOLUTION}::interval
                    for update skip locked)`;
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isPlatformOperator: user.isPlatformOperator,
    locale: user.locale,
    timeZone: user.timeZone,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** "Sign out everywhere": every token issued before this stops working on its next request. */
export async function signOutEverywhere(tx: Tx, scope: UserScope): Promise<void> {
  await tx.user.update({ where: { id: scope.userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
}
