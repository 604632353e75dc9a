import { randomUUID } from "node:crypto";
import { ORG_HEADER, WORKSPACE_HEADER } from "@/lib/scope";
import { readApiKeyClaim, type ApiKeyClaim } from "@/server/auth/api-key";
import { readSessionClaim, type SessionClaim } from "@/server/auth/token";


/** What a request claims. Nothing here is trusted until the procedure chain verifies it by query. */
export interface Context {
  requestId: string;
  session: SessionClaim | null;
  /** `Authorization: Bearer tsk_…`: an API key claim (verified by the procedure chain); the session is then ignored. */
  apiKeyClaim: ApiKeyClaim | "malformed" | null;
  claim: { orgSlug: string | null; workspaceSlug: string | null };
  headers: Headers;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
function slugHeader(headers: Headers, name: string): string | null {
  const v = headers.get(name)?.trim().toLowerCase();
  return v && SLUG.test(v) ? v : v ? "-invalid-" : null;
}

export async function createContext(opts: { headers: Headers }): Promise<Context> {
  const apiKeyClaim = readApiKeyClaim(opts.headers);
  const requestId = opts.headers.get("x-request-id") ?? randomUUID();
  return {
    // A key's calls carry its public prefix in the request id, so the audit log shows which key acted.
    requestId: apiKeyClaim && apiKeyClaim !== "malformed" ? `apikey:${apiKeyClaim.prefix}:${requestId}` : requestId,
    apiKeyClaim,
    session: apiKeyClaim ? null : await readSessionClaim(opts.headers),
    claim: { orgSlug: slugHeader(opts.headers, ORG_HEADER), workspaceSlug: slugHeader(opts.headers, WORKSPACE_HEADER) },
    headers: opts.headers,
  };
}
