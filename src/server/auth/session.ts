import "server-only";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { resolveRequest } from "@/server/kernel/access";
import type { SessionUser } from "@/server/modules/auth/session.service";
import { readSessionClaim } from "./token";

/** The signed-in user for server components, or null when not signed in or the session is no longer valid. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const claim = await readSessionClaim(await headers());
  if (!claim) return null;
  // The session check of the procedure chain, in one statement (kernel README, "Resolving a request's scope").
  return db().$transaction(async (tx: Tx) => {
    const r = await resolveRequest(tx, { userId: claim.userId, requestId: randomUUID(), session: { id: claim.sessionId, version: claim.sessionVersion } });
    return r.outcome === "ok" && r.user ? r.user : null;
  });
}
