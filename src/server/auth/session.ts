import "server-only";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { withSettings } from "@/server/db/scope";
import { loadSessionUser, type SessionUser } from "@/server/modules/auth/session.service";
import { readSessionClaim } from "./token";

/** The signed-in user for server components, or null when not signed in or the session is no longer valid. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const claim = await readSessionClaim(await headers());
  if (!claim) return null;
  return withSettings({ userId: claim.userId, requestId: randomUUID() }, (tx) => loadSessionUser(tx, claim));
}
