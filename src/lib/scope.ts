/**
 * The tenant scope travels from the URL (`/{org}/{ws}/…`) to the API as two request headers.
 * The server treats them as a claim until the membership query confirms it.
 */
export const ORG_HEADER = "x-tessera-org";
export const WORKSPACE_HEADER = "x-tessera-workspace";

/**
 * Top-level path segments that are app routes, never organization slugs (read by src/proxy.ts and the client).
 */
export const RESERVED_TOP_LEVEL_SEGMENTS: ReadonlySet<string> = new Set([
  "api",
  "_next",
  "dev",
  "sign-in",
  "sign-out",
  "sign-up",
  "verify-email",
  "forgot-password",
  "reset-password",
  "onboarding",
  "invitations",
  "platform",
  "suspended",
  "invite",
  "favicon.ico",
  "robots.txt",
]);

export type ScopeSlugs = { org?: string; ws?: string };

/** Reads the organization and workspace slugs from a pathname such as `/acme/hq/crm/customers`. */
export function scopeFromPathname(pathname: string): ScopeSlugs {
  const [org, ws] = pathname
    .split("/")
    .filter((segment) => segment.length > 0)
    .map((segment) => decodeURIComponent(segment));
  if (!org || RESERVED_TOP_LEVEL_SEGMENTS.has(org)) return {};
  return ws ? { org, ws } : { org };
}

/** Headers that carry a scope claim to the API. */
export function scopeHeaders(scope: ScopeSlugs): Record<string, string> {
  const out: Record<string, string> = {};
  if (scope.org) out[ORG_HEADER] = scope.org;
  if (scope.org && scope.ws) out[WORKSPACE_HEADER] = scope.ws;
  return out;
}
