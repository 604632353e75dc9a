// Session validity is checked on every request: the JWT carries the user's session_version, and the user must
// still be active with the same version. Bumping the version signs the user out everywhere.
import type { Tx } from "@/server/db/scope";
import type { UserScope } from "@/server/kernel/scope";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** Unverified users may sign in but open no organization and no onboarding until they verify their address. */
  emailVerified: boolean;
}

/** Needs a transaction whose app.user_id is the claimed user (RLS shows a user only themselves and colleagues). */
export async function loadSessionUser(tx: Tx, userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, status: true, sessionVersion: true, emailVerifiedAt: true },
  });
  if (!user || user.status !== "active" || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null };
}

/** "Sign out everywhere": every token issued before this stops working on its next request. */
export async function signOutEverywhere(tx: Tx, scope: UserScope): Promise<void> {
  await tx.user.update({ where: { id: scope.userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
}
