// The procedure chain. Each step narrows the context once, so handlers never re-check:
// publicProcedure → authedProcedure (valid session; ctx.tx is the request's transaction) → orgProcedure (membership
// verified, RLS settings narrowed to the organization) → workspaceProcedure (workspace access verified) →
// permission("module.resource.action").
import { TRPCError } from "@trpc/server";
import { systemDb, type SystemTx } from "@/server/db/client";
import { applySettings, withSettings } from "@/server/db/scope";
import type { Tx } from "@/server/db/scope";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/server/auth/api-key";
import type { SessionClaim } from "@/server/auth/token";
import { assertWorkspaceWritable, resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import { AppError } from "@/server/kernel/errors";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope, UserScope } from "@/server/kernel/scope";
import { loadSessionUser, type SessionUser } from "@/server/modules/auth/session.service";
import { requireFeature } from "@/server/modules/platform/entitlements.service";
import type { FeatureKey } from "@/server/modules/platform/features";
import { loggingMiddleware, t } from "./init";

/** Domain errors (AppError) thrown anywhere below become tRPC errors with the same code, here and only here. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(loggingMiddleware).use(errorMapping);

const UNVERIFIED = "Verify your e-mail address first.";

/**
 * Runs the rest of the call in one interactive transaction as the session's user (a failed handler rolls back
 * everything it wrote); a session that has ended (signed out, revoked, password changed, user deactivated) is
 * UNAUTHORIZED.
 */
function asSessionUser<T>(session: SessionClaim, requestId: string, run: (tx: Tx, user: SessionUser, userScope: UserScope) => Promise<T>) {
  const userScope: UserScope = { userId: session.userId, requestId, signedInAt: session.signedInAt };
  return withSettings(userScope, async (tx: Tx) => {
    const user = await loadSessionUser(tx, session);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    return run(tx, user, userScope);
  });
}

/** Signed-in user only: API keys cannot reach the user's own procedures (profile, password, sessions…). */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.apiKeyClaim) throw new TRPCError({ code: "UNAUTHORIZED", message: "API keys can only call organization procedures. Sign in for this one." });
  const session = ctx.session;
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return asSessionUser(session, ctx.requestId, async (tx, user, userScope) => {
    const result = await next({ ctx: { tx, user, userScope } });
    if (!result.ok) throw result.error;
    return result;
  });
});

/** A signed-in user whose e-mail address is verified (onboarding; every organization procedure). */
export const verifiedProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.emailVerified) throw new TRPCError({ code: "FORBIDDEN", message: UNVERIFIED });
  return next();
});

/**
 * A session or an API key (`Authorization: Bearer tsk_…`, kernel: server/auth/api-key.ts). A key acts as its creator
 * (app.user_id, so the audit's actor), with the key's prefix in the request id.
 */
const sessionOrKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.apiKeyClaim) {
    const session = ctx.session;
    if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    return asSessionUser(session, ctx.requestId, async (tx, user, userScope) => {
      if (!user.emailVerified) throw new TRPCError({ code: "FORBIDDEN", message: UNVERIFIED });
      const result = await next({ ctx: { tx, user, userScope, apiKey: null as ApiKeyPrincipal | null } });
      if (!result.ok) throw result.error;
      return result;
    });
  }
  const key = await authenticateApiKey(ctx.apiKeyClaim, ctx.requestId);
  const userScope: UserScope = { userId: key.userId, requestId: ctx.requestId };
  return withSettings(userScope, async (tx: Tx) => {
    const user = await tx.user.findUnique({ where: { id: key.userId }, select: { id: true, email: true, name: true } });
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "This API key is not valid." });
    const result = await next({ ctx: { tx, user, userScope, apiKey: key as ApiKeyPrincipal | null } });
    if (!result.ok) throw result.error;
    return result;
  });
});

export const orgProcedure = sessionOrKeyProcedure.use(async ({ ctx, next }) => {
  const key = ctx.apiKey;
  // A key without an organization header works in its own organization; a claim for any other one is unknown.
  const orgSlug = ctx.claim.orgSlug ?? key?.orgSlug;
  if (!orgSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization given (x-tessera-org)." });
  if (key && orgSlug !== key.orgSlug) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found" });
  let scope = await resolveOrgScope(ctx.tx, ctx.userScope, orgSlug);
  if (key) {
    // The key's scopes, never more than its creator holds today (a demoted creator's keys shrink with them).
    const permissions = new Set(key.scopes.filter((p) => scope.permissions.has(p)));
    scope = { ...scope, permissions, apiKey: { id: key.id, prefix: key.prefix } };
  }
  return next({ ctx: { scope, log: ctx.log.child({ orgId: scope.orgId, ...(key ? { apiKey: key.prefix } : {}) }) } });
});

export const workspaceProcedure = orgProcedure.use(async ({ ctx, next, type }) => {
  if (!ctx.claim.workspaceSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No workspace given (x-tessera-workspace)." });
  const scope = await resolveWorkspaceScope(ctx.tx, ctx.scope, ctx.claim.workspaceSlug);
  // An archived workspace is read-only: queries work, every mutation in its scope is refused here, once.
  if (type === "mutation") assertWorkspaceWritable(scope);
  return next({ ctx: { scope } });
});

function requirePermission(granted: ReadonlySet<string>, needed: Permission) {
  if (!granted.has(needed)) throw new TRPCError({ code: "FORBIDDEN", message: `You do not have permission for this (${needed}).` });
}

/** An organization-level procedure that needs `needed`. */
export function permission(needed: Permission) {
  return orgProcedure.use(({ ctx, next }) => {
    requirePermission(ctx.scope.permissions, needed);
    return next();
  });
}

/** An organization-level procedure that needs any one of `needed` (e.g. read or manage for a settings list). */
export function anyPermission(...needed: [Permission, ...Permission[]]) {
  return orgProcedure.use(({ ctx, next }) => {
    if (!needed.some((p) => ctx.scope.permissions.has(p)))
      throw new TRPCError({ code: "FORBIDDEN", message: `You do not have permission for this (${needed.join(" or ")}).` });
    return next();
  });
}

/** A workspace-level procedure that needs `needed`. */
export function workspacePermission(needed: Permission) {
  return workspaceProcedure.use(({ ctx, next }) => {
    requirePermission(ctx.scope.permissions, needed);
    return next();
  });
}

/**
 * A feature gate for organization procedures: `permission("x.y.z").use(featureGate("api_keys"))` answers FORBIDDEN
 * with the feature's name ("This needs the feature “API keys”, which your plan does not include.") unless the
 * organization's plan or an operator override gives it the feature.
 */
export function featureGate(feature: FeatureKey) {
  return t.middleware(async ({ ctx, next }) => {
    const c = ctx as unknown as { tx?: Tx; scope?: OrgScope };
    if (!c.tx || !c.scope) throw new Error(`featureGate("${feature}") must follow an organization procedure`);
    await requireFeature(c.tx, c.scope.orgId, feature);
    return next();
  });
}

/**
 * Platform operators only (auth.users.is_platform_operator), across every organization: anyone else gets FORBIDDEN.
 * The handler gets `ctx.systemTx`, a transaction on the BYPASSRLS system client whose app.user_id / app.request_id
 * are the operator's, so audit triggers and status history name the operator in each organization's stream. It
 * commits or rolls back with the call. It never reads the organization claim.
 */
export const operatorProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.user.isPlatformOperator) throw new TRPCError({ code: "FORBIDDEN", message: "Only platform operators can do this." });
  const operator: UserScope = ctx.userScope;
  return systemDb().$transaction(async (systemTx: SystemTx) => {
    await applySettings(systemTx as unknown as Tx, { userId: operator.userId, requestId: operator.requestId });
    const result = await next({ ctx: { systemTx, operator } });
    if (!result.ok) throw result.error;
    return result;
  });
});
