// GET /api/imports/[id]/report?org=<orgSlug>: the import's error report (CSV: row, column, message), streamed from
// the files storage. Same checks as the import's procedures: session, membership (NOT_FOUND otherwise), the import
// kind's permission; another organization's import id is NOT_FOUND.
import { Readable } from "node:stream";
import { z } from "zod";
import { errorResponse, httpContext, withHttpScope } from "@/server/http/scoped";
import { notFound } from "@/server/kernel/errors";
import { storage } from "@/server/kernel/files";
import { reportOf } from "@/server/kernel/import/service";

export const dynamic = "force-dynamic";

export async function GET(req: Request, route: { params: Promise<{ id: string }> }): Promise<Response> {
  const ctx = httpContext(req, "GET /api/imports/[id]/report");
  try {
    const { id } = await route.params;
    const org = new URL(req.url).searchParams.get("org") ?? "";
    if (!z.uuid().safeParse(id).success || !org) throw notFound("Import not found");
    const report = await withHttpScope(ctx, { org }, (tx, scope) => reportOf(tx, scope, id));
    const body = await storage().get(report.key);
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${encodeURIComponent(report.fileName)}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
        "x-request-id": ctx.requestId,
      },
    });
  } catch (err) {
    return errorResponse(ctx, err);
  }
}
