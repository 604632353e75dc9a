// Optimistic routing only: it never decides access (the procedure chain does, by query).
// - Pages without a session cookie redirect to /sign-in and come back after login.
// - The organization and workspace slugs of /{org}/{ws}/… are forwarded as request headers for server code.
import { NextResponse, type NextRequest } from "next/server";
import { ORG_HEADER, scopeFromPathname, WORKSPACE_HEADER } from "@/lib/scope";

// "invite": an invitation link opens without a session (a new user has none yet).
const PUBLIC_PAGES = new Set(["sign-in", "sign-out", "sign-up", "verify-email", "forgot-password", "reset-password", "invite"]);
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function hasSessionCookie(req: NextRequest): boolean {
  return req.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const first = pathname.split("/").find(Boolean);
  const headers = new Headers(req.headers);
  if (!headers.get("x-request-id")) headers.set("x-request-id", crypto.randomUUID());

  if (first === "api") return NextResponse.next({ request: { headers } });

  if (!PUBLIC_PAGES.has(first ?? "") && !hasSessionCookie(req)) {
    const url = req.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }

  // A page's scope comes from its path, never from headers the browser sent.
  headers.delete(ORG_HEADER);
  headers.delete(WORKSPACE_HEADER);
  const scope = scopeFromPathname(pathname);
  if (scope.org) headers.set(ORG_HEADER, scope.org);
  if (scope.ws) headers.set(WORKSPACE_HEADER, scope.ws);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // /api/files is left out so uploads stream to their route instead of being buffered for the proxy (a size limit
  // there would cut large files); the route makes its own request id.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/files).*)"],
};
