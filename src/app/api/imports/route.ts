// POST /api/imports (multipart: org, ws?, kind, file): stores a CSV or XLSX file for the kernel import engine and
// answers the new import (headers, sample rows, suggested or saved mapping). Only the file is handled here: every
// row is read later by the import.validate / import.commit jobs. Authenticated and scope-verified like a procedure;
// over IMPORT_MAX_BYTES → 413, not CSV/XLSX → 415, an unknown kind or another organization → 404.
import { Readable } from "node:stream";
import { z } from "zod";
import { errorResponse, httpContext, withHttpScope } from "@/server/http/scoped";
import { AppError } from "@/server/kernel/errors";
import { createImport, importMaxBytes, tooLargeImport } from "@/server/kernel/import/service";

export const dynamic = "force-dynamic";

const ENVELOPE_BYTES = 64 * 1024;
const ZFields = z.object({ org: z.string().min(1).max(100), ws: z.string().min(1).max(100).optional(), kind: z.string().min(1).max(100) });

export async function POST(req: Request): Promise<Response> {
  const ctx = httpContext(req, "POST /api/imports");
  try {
    const declared = Number(req.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > importMaxBytes() + ENVELOPE_BYTES) throw tooLargeImport();
    const form = await req.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "Expected a multipart form with a file.");
    });
    const fields = ZFields.safeParse({ org: form.get("org"), ws: form.get("ws") || undefined, kind: form.get("kind") });
    if (!fields.success) throw new AppError("BAD_REQUEST", "The upload form is incomplete.");
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("BAD_REQUEST", "Choose a file to upload.", { file: ["Choose a file to upload."] });
    const { org, ws, kind } = fields.data;
    const started = performance.now();
    const result = await withHttpScope(ctx, { org, ws }, (tx, scope) =>
      createImport(tx, scope, {
        kind,
        fileName: file.name,
        contentType: file.type,
        size: file.size,
        body: Readable.fromWeb(file.stream() as import("node:stream/web").ReadableStream),
      }),
    );
    ctx.log.info({ ms: Math.round(performance.now() - started), importId: result.id, size: result.sizeBytes }, "import uploaded");
    return Response.json(result, { status: 201, headers: { "x-request-id": ctx.requestId } });
  } catch (err) {
    return errorResponse(ctx, err);
  }
}
