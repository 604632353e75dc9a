import { randomUUID } from "node:crypto";
import { readSessionClaim, type SessionClaim } from "@/server/auth/token";

export const SCOPE_HEADERS = { org: "x-tessera-org", workspace: "x-tessera-workspace" } as const;

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
    claim: { orgSlug: slugHeader(opts.headers, SCOPE_HEADERS.org), workspaceSlug: slugHeader(opts.headers, SCOPE_HEADERS.workspace) },
    headers: opts.headers,
  };
}
