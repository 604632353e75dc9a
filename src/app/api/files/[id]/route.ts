// GET /api/files/{id}?org=…[&ws=…]: downloads an attachment. The same checks as listing it (membership,
// settings.attachment.read and the record's read permission); the bytes are streamed after the transaction.
import { Readable } from "node:stream";
import { errorResponse, httpContext, withHttpScope } from "@/server/http/scoped";
import { AppError } from "@/server/kernel/errors";
import { ObjectNotFoundError, storage } from "@/server/kernel/files";
import { ZGetAttachmentInput } from "@/server/modules/settings/attachments.schemas";
import { getAttachmentForDownload } from "@/server/modules/settings/attachments.service";
import { contentDisposition } from "@/server/modules/settings/content-type";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const ctx = httpContext(req, "GET /api/files/[id]");
  try {
    const url = new URL(req.url);
    const org = url.searchParams.get("org");
    const input = ZGetAttachmentInput.safeParse({ id: (await params).id });
    if (!org || !input.success) throw new AppError("NOT_FOUND", "File not found");
    const file = await withHttpScope(ctx, { org, ws: url.searchParams.get("ws") }, (tx, scope) => getAttachmentForDownload(tx, scope, input.data));
    const body = await storage()
      .get(file.storageKey)
      .catch((e: unknown) => {
        if (e instanceof ObjectNotFoundError) throw new AppError("NOT_FOUND", "The file's contents are missing.");
        throw e;
      });
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        "content-type": file.contentType,
        "content-length": String(file.sizeBytes),
        "content-disposition": contentDisposition(file.fileName, url.searchParams.get("inline") === "1" ? "inline" : "attachment"),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-security-policy": "sandbox; default-src 'none'",
        etag: `"${file.sha256}"`,
        "x-request-id": ctx.requestId,
      },
    });
  } catch (err) {
    return errorResponse(ctx, err);
  }
}
