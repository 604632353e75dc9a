// Active sessions (auth.sessions): one row per sign-in, on the user, checked on every request by loadSessionUser.
// Sign-in creates the row on the system client (there is no user scope yet); everything else runs as tessera_app
// in the user's own transaction, where RLS shows only their sessions.
import type { SystemClient, SystemTx } from "@/server/db/client";
import { applySettings, type Tx } from "@/server/db/scope";
import { recordEvent, type BusinessAction } from "@/server/kernel/audit";
import { notFound } from "@/server/kernel/errors";
import type { UserScope } from "@/server/kernel/scope";
import type { TRevokeSessionInput } from "./profile.schemas";
import { signOutEverywhere as bumpSessionVersion } from "./session.service";

/** The signed-in user and the session of this request. */
export interface SessionScope extends UserScope {
  sessionId: string;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bYaBrowser\//, "Yandex Browser"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, "Android"],
  [/\biPhone\b|\biPad\b|\biPod\b/, "iOS"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** "Chrome on macOS" from a user agent; good enough to recognise one's own devices, not a fingerprint. */
export function deviceLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent?.trim()) return null;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const os = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}

/** Opens a session at sign-in; its id goes into the JWT as `sid`. */
export async function startSession(
  sys: SystemClient | SystemTx,
  input: { userId: string; userAgent?: string | null; ip?: string | null },
): Promise<string> {
  const userAgent = input.userAgent?.slice(0, 1024) ?? null;
  const row = await sys.session.create({
    data: { userId: input.userId, userAgent, device: deviceLabel(userAgent), ip: input.ip?.slice(0, 100) ?? null },
    select: { id: true },
  });
  return row.id;
}

/** Sign-out: the session of the token being cleared ends (runs after the cookie is gone, on the system client). */
export async function endSession(sys: SystemClient | SystemTx, userId: string, sessionId: string): Promise<void> {
  await sys.session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/**
 * A business event about the user in the audit trail of each organization they are an active member of, from the
 * user's own transaction: the settings point at one organization at a time (the runtime role may only write to the
 * current one) and are put back to the bare user scope afterwards.
 */
export async function recordUserEvent(tx: Tx, scope: UserScope, action: BusinessAction, data: Record<string, unknown> = {}) {
  const memberships = await tx.membership.findMany({
    where: { userId: scope.userId, status: "active", organization: { status: "active" } },
    select: { organizationId: true },
    orderBy: { organizationId: "asc" },
  });
  try {
    for (const m of memberships) {
      await applySettings(tx, { userId: scope.userId, orgId: m.organizationId, requestId: scope.requestId });
      await recordEvent(tx, m.organizationId, { action, entityType: "auth.users", entityId: scope.userId, data });
    }
  } finally {
    await applySettings(tx, { userId: scope.userId, requestId: scope.requestId });
  }
  return memberships.length;
}

export interface SessionRow {
  id: string;
  device: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** The user's active sessions, this one first, then by last activity. */
export async function listSessions(tx: Tx, scope: SessionScope): Promise<SessionRow[]> {
  const rows = await tx.session.findMany({
    where: { userId: scope.userId, revokedAt: null },
    select: { id: true, device: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return rows
    .map((r) => ({ ...r, current: r.id === scope.sessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the user's sessions; another user's (or an unknown, or an ended) session is NOT_FOUND. */
export async function revokeSession(tx: Tx, scope: SessionScope, input: TRevokeSessionInput) {
  const r = await tx.session.updateMany({
    where: { id: input.id, userId: scope.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count === 0) throw notFound("Session not found");
  await recordUserEvent(tx, scope, "auth.session_revoked", { sessionId: input.id, current: input.id === scope.sessionId });
  return { revoked: r.count };
}

/** Ends every session of the user but this one. */
export async function signOutOtherSessions(tx: Tx, scope: SessionScope) {
  const r = await tx.session.updateMany({
    where: { userId: scope.userId, revokedAt: null, id: { not: scope.sessionId } },
    data: { revokedAt: new Date() },
  });
  await recordUserEvent(tx, scope, "auth.signed_out_others", { sessions: r.count });
  return { revoked: r.count };
}

/** Ends every session, this one included, and bumps session_version so no older token works either. */
export async function signOutEverywhere(tx: Tx, scope: SessionScope) {
  const r = await tx.session.updateMany({ where: { userId: scope.userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await bumpSessionVersion(tx, scope);
  await recordUserEvent(tx, scope, "auth.signed_out_everywhere", { sessions: r.count });
  return { revoked: r.count };
}
