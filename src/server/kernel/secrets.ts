// Bearer secrets (mailed links, API keys): 32 random bytes, base64url, shown to the user once; only the SHA-256 (hex)
// is stored, so a database leak yields nothing usable. High-entropy secrets need no slow hash.
import { createHash, randomBytes } from "node:crypto";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A new secret and the hash to store. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret) };
}
