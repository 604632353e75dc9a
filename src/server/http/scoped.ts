// Route handlers outside tRPC (file upload and download) run the same chain as procedures: session → active user
// with a current session version → membership (NOT_FOUND for non-members) → workspace access, in one transaction
// as tessera_app with the RLS settings applied; errors map to HTTP through the tRPC mapping (one table).
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Logger } from "pino";
import { readSessionClaim } from "@/server/auth/token";
import { db } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import { assertWorkspaceWritable, orgScopeOf, resolveRequest, workspaceScopeOf } from "@/server/kernel/access";
import { AppError } from "@/server/kernel/errors";
import { requestLogger } from "@/server/kernel/logger";
import type { OrgScope } from "@/server/kernel/scope";

export interface HttpRequestContext {
  requestId: string;
  log: Logger;
  headers: Headers;
  /** Anything but GET / HEAD writes: refused in an archived (read-only) workspace. */
  method: string;
}

export function httpContext(req: Request, route: string): HttpRequestContext {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  return { requestId, headers: req.headers, method: req.method, log: requestLogger({ requestId, path: route }) };
}

/** Runs fn in the verified scope of `claim`, as the signed-in user of the request. */
export async function withHttpScope<T>(
  ctx: HttpRequestContext,
  claim: { org: string; ws?: string | null },
  fn: (tx: Tx, scope: OrgScope) => Promise<T>,
): Promise<T> {
  const session = await readSessionClaim(ctx.headers);
  if (!session) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
  ctx.log = ctx.log.child({ userId: session.userId, org: claim.org });
  // One statement for the session check, membership, suspension, session timeout and workspace (kernel README,
  // "Resolving a request's scope"); the errors in the same order as the procedure chain.
  return db().$transaction(async (tx: Tx) => {
    const r = await resolveRequest(tx, {
      userId: session.userId,
      requestId: ctx.requestId,
      session: { id: session.sessionId, version: session.sessionVersion },
      orgSlug: claim.org,
      workspaceSlug: claim.ws ?? null,
    });
    if (r.outcome === "no_user" || r.outcome === "session_ended" || !r.user) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
    if (!r.user.emailVerified) throw new AppError("FORBIDDEN", "Verify your e-mail address first.");
    const userScope = { userId: session.userId, requestId: ctx.requestId, signedInAt: session.signedInAt };
    let scope: OrgScope = orgScopeOf(r, userScope, claim.org);
    if (claim.ws) {
      const ws = workspaceScopeOf(r, scope, claim.ws);
      if (ctx.method !== "GET" && ctx.method !== "HEAD") assertWorkspaceWritable(ws);
      scope = ws;
    }
    ctx.log = ctx.log.child({ orgId: scope.orgId });
    return fn(tx, scope);
  });
}

/** The JSON error answer of a route: domain errors with their status and field errors; anything else a 500 with the request id. */
export function errorResponse(ctx: HttpRequestContext, err: unknown): Response {
  const known = err instanceof AppError ? new TRPCError({ code: err.code, message: err.message, cause: err }) : err instanceof TRPCError ? err : null;
  if (known && known.code !== "INTERNAL_SERVER_ERROR") {
    const status = getHTTPStatusCodeFromError(known);
    ctx.log.info({ code: known.code, status }, "request rejected");
    const fieldErrors = err instanceof AppError ? (err.fieldErrors ?? null) : null;
    return Response.json({ error: { code: known.code, message: known.message, fieldErrors }, requestId: ctx.requestId }, { status, headers: { "x-request-id": ctx.requestId } });
  }
  ctx.log.error({ err }, "request failed");
  return Response.json(
    { error: { code: "INTERNAL_SERVER_ERROR", message: `Something went wrong (request ${ctx.requestId}).`, fieldErrors: null }, requestId: ctx.requestId },
    { status: 500, headers: { "x-request-id": ctx.requestId } },
  );
}
