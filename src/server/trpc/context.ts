import { randomUUID } from "node:crypto";
import { ORG_HEADER, WORKSPACE_HEADER } from "@/lib/scope";
import { readSessionClaim, type SessionClaim } from "@/server/auth/token";


/** What a request claims. Nothing here is trusted until the procedure chain verifies it by query. */
export interface Context {
  requestId: string;
  session: SessionClaim | null;
  claim: { orgSlug: string | null; workspaceSlug: string | null };
  headers: Headers;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
function slugHeader(headers: Headers, name: string): string | null {
  const v = headers.get(name)?.trim().toLowerCase();
  return v && SLUG.test(v) ? v : v ? "-invalid-" : null;
}

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  return {
    requestId: opts.headers.get("x-request-id") ?? randomUUID(),
    session: await readSessionClaim(opts.headers),
    claim: { orgSlug: slugHeader(opts.headers, ORG_HEADER), workspaceSlug: slugHeader(opts.headers, WORKSPACE_HEADER) },
    headers: opts.headers,
  };
}
