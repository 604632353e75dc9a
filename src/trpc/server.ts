import "server-only";

import { headers } from "next/headers";
import { cache } from "react";

import { ORG_HEADER, WORKSPACE_HEADER, type ScopeSlugs } from "@/lib/scope";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

import { makeQueryClient } from "./query-client";

/** One QueryClient per server request (for prefetch + HydrationBoundary in pages that use client queries). */
export const getQueryClient = cache(makeQueryClient);

// Memoized per request and per scope: a layout and its page share one context (one session lookup).
const callerFor = cache(async (org: string | undefined, ws: string | undefined) => {
  // Forward the real request headers (session cookie, request id) but never the incoming scope
  // headers: the scope is exactly what the caller asks for.
  const forwarded = new Headers(await headers());
  forwarded.delete(ORG_HEADER);
  forwarded.delete(WORKSPACE_HEADER);
  if (org) forwarded.set(ORG_HEADER, org);
  if (org && ws) forwarded.set(WORKSPACE_HEADER, ws);
  forwarded.set("x-trpc-source", "rsc");
  return appRouter.createCaller(await createContext({ headers: forwarded }));
});

/** A server-side tRPC caller for server components, acting as the signed-in user in the given scope. */
export function createServerCaller(scope: ScopeSlugs = {}) {
  return callerFor(scope.org, scope.ws);
}

/**
 * `platform.me` in a scope, once per request: the i18n request config (organization locale) and the workspace
 * layout share it. Rejects like the procedure (NOT_FOUND for a scope the user may not see).
 */
export const loadMe = cache(async (org: string | undefined, ws: string | undefined) => {
  const caller = await callerFor(org, ws);
  return caller.platform.me();
});
