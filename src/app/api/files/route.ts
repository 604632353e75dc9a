// POST /api/files (multipart: org, ws?, entityType, entityId, file): attaches a file to a record.
// Authenticated by the session cookie, scope-verified like a procedure; over the size limit → 413, a type outside
// the allow-list → 415, and in both cases nothing is stored.
import { Readable } from "node:stream";
import { errorResponse, httpContext, withHttpScope } from "@/server/http/scoped";
import { AppError } from "@/server/kernel/errors";
import { storage, uploadMaxBytes } from "@/server/kernel/files";
import { ZUploadAttachmentFields } from "@/server/modules/settings/attachments.schemas";
import { tooLarge, uploadAttachment } from "@/server/modules/settings/attachments.service";
import { contentTypeOf } from "@/server/modules/settings/content-type";

export const dynamic = "force-dynamic";

// Room for the multipart envelope and the other fields around the file.
const ENVELOPE_BYTES = 64 * 1024;

export async function POST(req: Request): Promise<Response> {
  const ctx = httpContext(req, "POST /api/files");
  let stored: string | null = null;
  try {
    const declared = Number(req.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > uploadMaxBytes() + ENVELOPE_BYTES) throw tooLarge();
    const form = await req.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "Expected a multipart form with a file.");
    });
    const fields = ZUploadAttachmentFields.safeParse({
      org: form.get("org"),
      ws: form.get("ws") || undefined,
      entityType: form.get("entityType"),
      entityId: form.get("entityId"),
    });
    if (!fields.success) throw new AppError("BAD_REQUEST", "The upload form is incomplete.");
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Choose a file to upload.", { file: ["Choose a file to upload."] });
    const { org, ws, entityType, entityId } = fields.data;
    const started = performance.now();
    const result = await withHttpScope(ctx, { org, ws }, async (tx, scope) => {
      const row = await uploadAttachment(tx, scope, {
        entityType,
        entityId,
        fileName: file.name,
        contentType: contentTypeOf(file.type, file.name),
        size: file.size,
        body: Readable.fromWeb(file.stream() as import("node:stream/web").ReadableStream),
      });
      stored = row.storageKey;
      return row;
    });
    ctx.log.info({ ms: Math.round(performance.now() - started), attachmentId: result.id, size: result.sizeBytes }, "file attached");
    const { storageKey: _key, ...body } = result;
    return Response.json(body, { status: 201, headers: { "x-request-id": ctx.requestId } });
  } catch (err) {
    // The row was not committed: remove the object stored for it.
    if (stored) await storage().delete(stored).catch(() => undefined);
    return errorResponse(ctx, err);
  }
}
