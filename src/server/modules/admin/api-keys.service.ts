// API keys of an organization: created with a subset of the creator's permissions and an expiry, shown once, listed
// by prefix, revoked. Authentication with a key lives in src/server/auth/api-key.ts and the procedure chain.
import { generateApiKey } from "@/server/auth/api-key";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import type { OrgScope } from "@/server/kernel/scope";
import { API_KEY_MAX_DAYS, type TApiKeyIdInput, type TCreateApiKeyInput } from "./admin.schemas";
import { OWNER_ROLE } from "./members.service";

export type ApiKeyStatus = "active" | "expired" | "revoked";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: { id: string; name: string; email: string };
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: ApiKeyStatus;
}

export function apiKeyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ApiKeyStatus {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt <= now) return "expired";
  return "active";
}

/** Every key of the organization, newest first (no secret, no hash). */
export async function listApiKeys(tx: Tx, scope: OrgScope): Promise<ApiKeyRow[]> {
  const keys = await tx.apiKey.findMany({
    where: { organizationId: scope.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      creator: { select: { id: true, name: true, email: true } },
    },
  });
  const now = new Date();
  return keys.map(({ creator, ...k }) => ({ ...k, createdBy: creator, status: apiKeyStatus(k, now) }));
}

/**
 * Creates a key and returns it in full exactly once. Scopes must be permissions the creator holds; the expiry is in
 * the future and at most three years away; no expiry (null) only for owners.
 */
export async function createApiKey(
  tx: Tx,
  scope: OrgScope,
  input: TCreateApiKeyInput,
): Promise<{ id: string; name: string; prefix: string; key: string; expiresAt: Date | null }> {
  if (scope.apiKey) throw new AppError("FORBIDDEN", "API keys cannot create API keys. Sign in to create one.");
  const missing = input.scopes.filter((p) => !scope.permissions.has(p));
  if (missing.length) {
    throw new AppError("FORBIDDEN", `A key cannot have permissions you do not hold yourself: ${missing.join(", ")}.`, {
      scopes: [`You do not hold: ${missing.join(", ")}`],
    });
  }
  const now = Date.now();
  if (input.expiresAt === null) {
    if (!scope.roles.includes(OWNER_ROLE)) {
      throw new AppError("FORBIDDEN", "Only owners can create keys that never expire.", { expiresAt: ["Choose an expiry date"] });
    }
  } else if (input.expiresAt.getTime() <= now) {
    throw new AppError("BAD_REQUEST", "The expiry date must be in the future.", { expiresAt: ["Must be in the future"] });
  } else if (input.expiresAt.getTime() > now + API_KEY_MAX_DAYS * 86_400_000) {
    throw new AppError("BAD_REQUEST", "A key can be valid for at most three years.", { expiresAt: ["At most three years from today"] });
  }
  const generated = generateApiKey();
  const row = await tx.apiKey.create({
    data: {
      organizationId: scope.orgId,
      name: input.name,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      scopes: [...input.scopes].sort(),
      expiresAt: input.expiresAt,
      createdBy: scope.userId,
      updatedBy: scope.userId,
    },
    select: { id: true, name: true, prefix: true, expiresAt: true },
  });
  return { ...row, key: generated.key };
}

export async function revokeApiKey(tx: Tx, scope: OrgScope, input: TApiKeyIdInput): Promise<{ id: string; revokedAt: Date }> {
  const key = await tx.apiKey.findFirst({ where: { organizationId: scope.orgId, id: input.id }, select: { id: true, revokedAt: true } });
  if (!key) throw notFound("API key not found");
  if (key.revokedAt) throw new AppError("PRECONDITION_FAILED", "This API key is already revoked.");
  const revokedAt = new Date();
  await tx.apiKey.update({
    where: { organizationId_id: { organizationId: scope.orgId, id: key.id } },
    data: { revokedAt, revokedBy: scope.userId, updatedBy: scope.userId },
    select: { id: true },
  });
  return { id: key.id, revokedAt };
}
