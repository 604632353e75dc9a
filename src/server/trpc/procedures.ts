// The procedure chain. Each step narrows the context once, so handlers never re-check:
// publicProcedure → authedProcedure (valid session; ctx.tx is the request's transaction) → orgProcedure (membership
// verified, RLS settings narrowed to the organization) → workspaceProcedure (workspace access verified) →
// permission("module.resource.action").
import { TRPCError } from "@trpc/server";
import { withSettings } from "@/server/db/scope";
import type { Tx } from "@/server/db/scope";
import { resolveOrgScope, resolveWorkspaceScope } from "@/server/kernel/access";
import { AppError } from "@/server/kernel/errors";
import type { Permission } from "@/server/kernel/permissions";
import type { UserScope } from "@/server/kernel/scope";
import { loadSessionUser, type SessionUser } from "@/server/modules/auth/session.service";
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

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = ctx.session;
  if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const userScope: UserScope = { userId: session.userId, requestId: ctx.requestId, signedInAt: session.signedInAt };
  // One interactive transaction per call; a failed handler rolls back everything it wrote.
  return withSettings(userScope, async (tx: Tx) => {
    const user: SessionUser | null = await loadSessionUser(tx, session.userId, session.sessionVersion);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    const result = await next({ ctx: { tx, user, userScope } });
    if (!result.ok) throw result.error;
    return result;
  });
});

export const orgProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.claim.orgSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No organization given (x-tessera-org)." });
  const scope = await resolveOrgScope(ctx.tx, ctx.userScope, ctx.claim.orgSlug);
  return next({ ctx: { scope, log: ctx.log.child({ orgId: scope.orgId }) } });
});

export const workspaceProcedure = orgProcedure.use(async ({ ctx, next }) => {
  if (!ctx.claim.workspaceSlug) throw new TRPCError({ code: "BAD_REQUEST", message: "No workspace given (x-tessera-workspace)." });
  const scope = await resolveWorkspaceScope(ctx.tx, ctx.scope, ctx.claim.workspaceSlug);
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

/** A workspace-level procedure that needs `needed`. */
export function workspacePermission(needed: Permission) {
  return workspaceProcedure.use(({ ctx, next }) => {
    requirePermission(ctx.scope.permissions, needed);
    return next();
  });
}
