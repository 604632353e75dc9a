// The procedure chain. Each step narrows the context once, so handlers never re-check:
// publicProcedure → authedProcedure (valid session; ctx.tx is the request's transaction) → orgProcedure (membership
// verified, RLS settings narrowed to the organization) → workspaceProcedure (workspace access verified) →
// permission("module.resource.action"). orgProcedure and workspaceProcedure verify session (or API key), membership,
// suspension, session timeout and workspace in ONE statement (kernel/access.ts resolveRequest; kernel README,
// "Resolving a request's scope").
import { TRPCError } from "@trpc/server";
import { db, systemDb, type SystemTx } from "@/server/db/client";
import { applySettings } from "@/server/db/scope";
import type { Tx } from "@/server/db/scope";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/server/auth/api-key";
import type { SessionClaim } from "@/server/auth/token";
import { assertWorkspaceWritable, orgScopeOf, resolveRequest, workspaceScopeOf } from "@/server/kernel/access";
import { AppError } from "@/server/kernel/errors";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope, UserScope, WorkspaceScope } from "@/server/kernel/scope";
import type { SessionUser } from "@/server/modules/auth/session.service";
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
const SESSION_ENDED = "Your session has ended. Sign in again.";

/**
 * Runs the rest of the call in one interactive transaction as the session's user (a failed handler rolls back
 * everything it wrote); a session that has ended (signed out, revoked, password changed, user deactivated) is
 * UNAUTHORIZED. The check and the RLS settings are one statement (platform.resolve_request_scope).
 */
function asSessionUser<T>(session: SessionClaim, requestId: string, run: (tx: Tx, user: SessionUser, userScope: UserScope) => Promise<T>) {
  const userScope: UserScope = { userId: session.userId, requestId, signedInAt: session.signedInAt };
  return db().$transaction(async (tx: Tx) => {
    const r = await resolveRequest(tx, { userId: session.userId, requestId, session: { id: session.sessionId, version: session.sessionVersion } });
    if (r.outcome !== "ok" || !r.user) throw new TRPCError({ code: "UNAUTHORIZED", message: SESSION_ENDED });
    return run(tx, r.user, userScope);
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
 * The scoped chain in one step, so that the whole per-request check costs ONE statement inside the call's
 * transaction (BEGIN, platform.resolve_request_scope, the handler's queries, COMMIT; kernel README "Resolving a
 * request's scope"). The checks and their order are those of the former layered chain:
 *   a session (or an API key, `Authorization: Bearer tsk_…`, kernel: server/auth/api-key.ts — it acts as its creator,
 *   app.user_id and so the audit's actor, with the key's prefix in the request id) that is still valid, a verified
 *   e-mail address → an organization claim (a key without one works in its own organization; a claim for any other
 *   is unknown) → an active membership of an active (not suspended) organization → the organization's session
 *   timeout → for workspace procedures, a workspace claim of the membership (archived: read-only, every mutation
 *   refused here, once).
 */
function scopedProcedure<S extends OrgScope>(withWorkspace: boolean) {
  return publicProcedure.use(async ({ ctx, next, type, meta }) => {
    let key: ApiKeyPrincipal | null = null;
    let session: SessionClaim | null = null;
    if (ctx.apiKeyClaim) key = await authenticateApiKey(ctx.apiKeyClaim, ctx.requestId);
    else {
      session = ctx.session;
      if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    }
    const userId = key ? key.userId : session!.userId;
    const userScope: UserScope = key ? { userId, requestId: ctx.requestId } : { userId, requestId: ctx.requestId, signedInAt: session!.signedInAt };
    const orgSlug = ctx.claim.orgSlug ?? key?.orgSlug ?? null;
    const orgClaimOk = orgSlug !== null && !(key && orgSlug !== key.orgSlug);
    const wsSlug = withWorkspace ? ctx.claim.workspaceSlug : null;

    return db().$transaction(async (tx: Tx) => {
      const r = await resolveRequest(tx, {
        userId,
        requestId: ctx.requestId,
        session: session ? { id: session.sessionId, version: session.sessionVersion } : null,
        orgSlug: orgClaimOk ? orgSlug : null,
        workspaceSlug: orgClaimOk ? wsSlug : null,
      });
      if (key) {
        if (r.outcome === "no_user" || !r.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "This API key is not valid." });
      } else {
        if (r.outcome === "no_user" || r.outcome === "session_ended" || !r.user) throw new TRPCError({ code: "UNAUTHORIZED", message: SESSION_ENDED });
        if (!r.user.emailVerified) throw new TRPCError({ code: "FORBIDDEN", message: UNVERIFIED });
      }
      const user: SessionUser | { id: string; email: string; name: string } = key ? { id: r.user.id, email: r.user.email, name: r.user.name } : r.user;
      if (!orgSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization given (x-tessera-org)." });
      if (!orgClaimOk) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found" });
      let scope: OrgScope | WorkspaceScope = orgScopeOf(r, userScope, orgSlug);
      if (key) {
        // The key's scopes, never more than its creator holds today (a demoted creator's keys shrink with them).
        const permissions = new Set(key.scopes.filter((p) => scope.permissions.has(p)));
        scope = { ...scope, permissions, apiKey: { id: key.id, prefix: key.prefix } };
      }
      if (withWorkspace) {
        if (!wsSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No workspace given (x-tessera-workspace)." });
        const ws = workspaceScopeOf(r, scope, wsSlug);
        // An archived workspace is read-only: queries work, every mutation in its scope is refused here, once.
        if (type === "mutation") assertWorkspaceWritable(ws);
        scope = ws;
      }
      const log = ctx.log.child({ orgId: scope.orgId, ...(key ? { apiKey: key.prefix } : {}) });
      const result = await next({ ctx: { tx, user, userScope, apiKey: key, scope: scope as S, log } });
      if (!result.ok) throw result.error;
      return result;
    }, meta?.transactionTimeoutMs ? { timeout: meta.transactionTimeoutMs } : undefined);
  });
}

/** An organization procedure: ctx.tx (the call's transaction, RLS narrowed to the organization), ctx.scope. */
export const orgProcedure = scopedProcedure<OrgScope>(false);

/** A workspace procedure: ctx.scope is a WorkspaceScope, RLS narrowed to that workspace. */
export const workspaceProcedure = scopedProcedure<WorkspaceScope>(true);

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
