// API keys: `Authorization: Bearer tsk_<prefix>_<secret>`. The prefix (12 hex characters) is public and stored; the
// secret (32 random bytes, base64url) is shown once and only its sha256 is stored. Authentication is a platform
// path (the organization is not known yet), so it reads through the system client: rows with the prefix, then a
// constant-time compare of the hash. Keys act as their creator, inside their own organization only, with their
// scopes (kernel: procedures.ts intersects them with the creator's current permissions).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { systemDb } from "@/server/db/client";
import { AppError } from "@/server/kernel/errors";
import { hashSecret, newSecret } from "@/server/kernel/secrets";
import { requireFeature } from "@/server/modules/platform/entitlements.service";

export const API_KEY_PREFIX = "tsk_";
const KEY = /^tsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyClaim {
  prefix: string;
  secret: string;
}

/** The verified key a request acts with. */
export interface ApiKeyPrincipal {
  id: string;
  prefix: string;
  orgId: string;
  orgSlug: string;
  /** The key's creator: the actor of everything the key does (app.user_id, audit). */
  userId: string;
  scopes: string[];
}

/** Reads a `Bearer tsk_…` authorization header: the claim, "malformed" for a tsk_ token of the wrong shape, or null. */
export function readApiKeyClaim(headers: Headers): ApiKeyClaim | "malformed" | null {
  const auth = headers.get("authorization")?.trim();
  if (!auth || !/^bearer\s+/i.test(auth)) return null;
  const token = auth.replace(/^bearer\s+/i, "").trim();
  if (!token.startsWith(API_KEY_PREFIX)) return null;
  const m = KEY.exec(token);
  return m ? { prefix: m[1]!, secret: m[2]! } : "malformed";
}

/** A new key: the full key (shown once), its public prefix and the hash to store. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString("hex");
  const { secret, hash } = newSecret();
  return { key: `${API_KEY_PREFIX}${prefix}_${secret}`, prefix, secretHash: hash };
}

const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);

/** How often last_used_at is written at most. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Verifies a key claim: unknown or wrong secret, revoked, expired, or a creator without an active membership (or
 * deactivated) → UNAUTHORIZED with a clear message. Marks the key used (at most once a minute).
 */
export async function authenticateApiKey(claim: ApiKeyClaim | "malformed", requestId: string): Promise<ApiKeyPrincipal> {
  if (claim === "malformed") throw unauthorized("This API key is not valid.");
  const sys = systemDb();
  const candidates = await sys.apiKey.findMany({
    where: { prefix: claim.prefix },
    select: {
      id: true,
      organizationId: true,
      secretHash: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: true,
      organization: { select: { slug: true, status: true } },
    },
  });
  const presented = Buffer.from(hashSecret(claim.secret), "hex");
  const key = candidates.find((c) => {
    const stored = Buffer.from(c.secretHash, "hex");
    return stored.length === presented.length && timingSafeEqual(stored, presented);
  });
  if (!key) throw unauthorized("This API key is not valid.");
  if (key.revokedAt) throw unauthorized("This API key has been revoked.");
  const now = new Date();
  if (key.expiresAt && key.expiresAt <= now) throw unauthorized(`This API key expired on ${key.expiresAt.toISOString().slice(0, 10)}.`);
  if (key.organization.status !== "active") throw unauthorized("This API key's organization is suspended.");
  const membership = await sys.membership.findFirst({
    where: { organizationId: key.organizationId, userId: key.createdBy, status: "active", user: { status: "active" } },
    select: { id: true },
  });
  if (!membership) throw unauthorized("The person who created this API key no longer has access to the organization, so the key no longer works.");
  // The plan must include API keys: an organization that loses the feature keeps its keys, unusable until it returns.
  await requireFeature(sys, key.organizationId, "api_keys");

  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Its own short transaction, so a failing call still counts as a use; actor and request as for the call.
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await sys.$transaction(async (tx) => {
      await tx.$queryRaw`select set_config('app.org_id', ${key.organizationId}, true), set_config('app.user_id', ${key.createdBy}, true),
        set_config('app.request_id', ${requestId}, true)`;
      await tx.apiKey.updateMany({
        where: { organizationId: key.organizationId, id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: cutoff } }] },
        data: { lastUsedAt: now },
      });
    });
  }
  return { id: key.id, prefix: claim.prefix, orgId: key.organizationId, orgSlug: key.organization.slug, userId: key.createdBy, scopes: key.scopes };
}
