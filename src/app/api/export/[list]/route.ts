// GET /api/export/[list]?format=csv|xlsx&org=<orgSlug>&ws=<wsSlug>&input=<URL-encoded JSON list input>
// The DataTable's export button links here; the session cookie authenticates.
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { LOCALE_COOKIE } from "@/i18n/config";
import { readSessionClaim } from "@/server/auth/token";
import { EXPORTS } from "@/server/exports";
import { authorizeExport, CONTENT_TYPES, exportFilename, ExportError, exportStream } from "@/server/kernel/export/service";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest, ctx: { params: Promise<{ list: string }> }) {
  const { list } = await ctx.params;
  const url = new URL(req.url);
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  try {
    const x = await authorizeExport(
      EXPORTS,
      await readSessionClaim(req.headers),
      {
        listKey: list,
        format: url.searchParams.get("format"),
        org: url.searchParams.get("org"),
        ws: url.searchParams.get("ws"),
        input: url.searchParams.get("input"),
        // The header row's language, chosen as the pages choose it (with the user's and the organization's language).
        localeCookie: req.cookies.get(LOCALE_COOKIE)?.value,
        acceptLanguage: req.headers.get("accept-language"),
      },
      requestId,
    );
    return new Response(exportStream(x), {
      headers: {
        "content-type": CONTENT_TYPES[x.format],
        "content-disposition": `attachment; filename="${exportFilename(x.list.key, x.format)}"`,
        "cache-control": "no-store",
        "x-request-id": requestId,
      },
    });
  } catch (e) {
    if (e instanceof ExportError) return Response.json({ error: e.message, requestId }, { status: e.status });
    throw e;
  }
}
