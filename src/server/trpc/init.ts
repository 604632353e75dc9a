import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError, z } from "zod";
import { transformer } from "@/lib/superjson";
import { AppError } from "@/server/kernel/errors";
import { requestLogger } from "@/server/kernel/logger";
import type { Context } from "./context";

/** What a procedure may declare about itself with `.meta(…)`. */
export interface ProcedureMeta {
  /**
   * How long the call's transaction may run, for the few procedures whose work grows with the data (a count's
   * snapshot of every level in a zone). Default: the client's 30 s (server/db/client.ts).
   */
  transactionTimeoutMs?: number;
}

export const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  transformer,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError ? z.flattenError(cause).fieldErrors : cause instanceof AppError ? cause.fieldErrors : undefined;
    const unexpected = error.code === "INTERNAL_SERVER_ERROR";
    // The stack (and an unexpected error's own message) stay in the log; the user gets the request id to quote.
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: unexpected ? `Something went wrong (request ${ctx?.requestId ?? "unknown"}).` : shape.message,
      data: { ...data, fieldErrors: fieldErrors ?? null, requestId: ctx?.requestId ?? null },
    };
  },
});

/** The one place where domain errors become tRPC errors. */
export function toTRPCError(e: unknown): unknown {
  if (e instanceof AppError) return new TRPCError({ code: e.code, message: e.message, cause: e });
  return e;
}

/**
 * Gives every procedure `ctx.log`, a child logger carrying request id, user, organization and procedure path, and
 * logs each call once with its duration: unexpected errors at error level with the stack, rejections at info.
 */
export const loggingMiddleware = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const log = requestLogger({ requestId: ctx.requestId, userId: ctx.session?.userId, org: ctx.claim.orgSlug, path, type });
  const result = await next({ ctx: { log } });
  const ms = Math.round(performance.now() - started);
  if (result.ok) log.debug({ ms }, "procedure ok");
  else if (result.error.code === "INTERNAL_SERVER_ERROR") log.error({ ms, err: result.error.cause ?? result.error }, "procedure failed");
  else log.info({ ms, code: result.error.code }, "procedure rejected");
  return result;
});
