// Single-use tokens mailed to a user (e-mail verification, password reset). The token is 32 random bytes (base64url)
// and lives only in the mail; the database keeps its SHA-256. System client only (auth.user_tokens is not granted to
// the runtime role): the person using a token is not signed in, or not yet trusted.
import { hashSecret, newSecret } from "@/server/kernel/secrets";
import type { SystemTx } from "@/server/db/client";

export type TokenPurpose = "verify_email" | "reset_password";

/** How long a mailed link works, in milliseconds: verification 24 h, password reset 1 h. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = { verify_email: 24 * 60 * 60 * 1000, reset_password: 60 * 60 * 1000 };

export const hashToken = hashSecret;

/**
 * Issues a new token of `purpose` for the user and returns it (the only time it exists in clear). The user's earlier
 * unused tokens of the same purpose stop working: only the latest mail's link is valid.
 */
export async function issueToken(tx: SystemTx, userId: string, purpose: TokenPurpose): Promise<string> {
  const { secret: token, hash } = newSecret();
  await tx.$executeRaw`
    update auth.user_tokens set used_at = now()
    where user_id = ${userId}::uuid and purpose = ${purpose}::auth.token_purpose and used_at is null`;
  await tx.userToken.create({
    data: { userId, purpose, tokenHash: hash, expiresAt: new Date(Date.now() + TOKEN_TTL_MS[purpose]) },
    select: { id: true },
  });
  return token;
}

/**
 * Consumes a token in one atomic statement: it succeeds once, only before it expires, and only for its purpose.
 * Returns the user id, or null for an unknown, used, superseded or expired token (indistinguishable on purpose).
 */
export async function consumeToken(tx: SystemTx, token: string, purpose: TokenPurpose): Promise<string | null> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`
    update auth.user_tokens set used_at = now()
    where token_hash = ${hashToken(token)} and purpose = ${purpose}::auth.token_purpose
      and used_at is null and expires_at > now()
    returning user_id::text`;
  return rows[0]?.user_id ?? null;
}
