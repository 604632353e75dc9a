// Reads and verifies the next-auth JWT from request headers (cookie or "Authorization: Bearer"), for tRPC and
// server components alike. Validity against the database is checked separately (session.service.ts).
import { getToken } from "next-auth/jwt";

export interface SessionClaim {
  userId: string;
  sessionVersion: number;
  /** The auth.sessions row of this sign-in (the JWT's `sid`). */
  sessionId: string;
  /** Seconds since the epoch when this session signed in (the token's `sat`, else its `iat`). */
  signedInAt?: number;
}

export async function readSessionClaim(headers: Headers): Promise<SessionClaim | null> {
  const cookieHeader = headers.get("cookie") ?? "";
  const cookies = Object.fromEntries(
    cookieHeader
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => {
        const i = c.indexOf("=");
        return [c.slice(0, i), decodeURIComponent(c.slice(i + 1))];
      }),
  );
  try {
    const token = await getToken({
      req: { headers: Object.fromEntries(headers.entries()), cookies } as unknown as Parameters<typeof getToken>[0]["req"],
      secret: process.env.NEXTAUTH_SECRET,
    });
    // A token without a session id predates per-device sessions: it cannot be checked or revoked, so it is refused.
    if (!token?.uid || typeof token.sv !== "number" || typeof token.sid !== "string") return null;
    const signedInAt = typeof token.sat === "number" ? token.sat : typeof token.iat === "number" ? token.iat : undefined;
    return { userId: token.uid, sessionVersion: token.sv, sessionId: token.sid, ...(signedInAt !== undefined ? { signedInAt } : {}) };
  } catch {
    return null;
  }
}
