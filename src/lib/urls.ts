/**
 * Accepts only same-origin relative paths (`/acme/hq?x=1`) as post-login destinations,
 * so a crafted `callbackUrl` cannot send the user to another site.
 */
export function safeCallbackUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (/[\u0000-\u001f]/.test(value)) return null;
  return value;
}

/** `/sign-in?callbackUrl=<path>` for a path the user tried to open. */
export function signInUrl(callbackPath?: string | null): string {
  const safe = safeCallbackUrl(callbackPath);
  return safe && safe !== "/" ? `/sign-in?callbackUrl=${encodeURIComponent(safe)}` : "/sign-in";
}

export function orgPath(orgSlug: string): string {
  return `/${encodeURIComponent(orgSlug)}`;
}

export function workspacePath(orgSlug: string, wsSlug: string, ...rest: string[]): string {
  return ["", orgSlug, wsSlug, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join("/");
}

/** The page that tells a member their organization is suspended, and why. */
export function suspendedPath(orgSlug: string): string {
  return `/suspended/${encodeURIComponent(orgSlug)}`;
}
