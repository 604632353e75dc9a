// Optimistic routing only: it never decides access (the procedure chain does, by query).
// - Pages without a session cookie redirect to /sign-in and come back after login.
// - The organization and workspace slugs of /{org}/{ws}/… are forwarded as request headers for server code.
import { NextResponse, type NextRequest } from "next/server";

const RESERVED = new Set(["api", "sign-in", "sign-out", "_next", "dev", "favicon.ico"]);
const PUBLIC_PAGES = new Set(["sign-in", "sign-out"]);
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function hasSessionCookie(req: NextRequest): boolean {
  return req.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const [first, second] = pathname.split("/").filter(Boolean);
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
  headers.delete("x-tessera-org");
  headers.delete("x-tessera-workspace");
  if (first && !RESERVED.has(first)) {
    headers.set("x-tessera-org", decodeURIComponent(first));
    if (second) headers.set("x-tessera-workspace", decodeURIComponent(second));
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
