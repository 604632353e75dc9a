// The organization's logo.
//   GET    /api/organization/logo?org=…          the image, to any member of the organization (404 otherwise)
//   POST   /api/organization/logo (multipart: org, file)   replace it (platform.organization.update); 413 over
//          1 MB, 415 for anything but PNG, JPEG or WebP (checked by the bytes; SVG refused)
//   DELETE /api/organization/logo?org=…          remove it (platform.organization.update)
// Same chain as procedures (session → membership → permissions) through withHttpScope.
import { Readable } from "node:stream";
import { errorResponse, httpContext, withHttpScope } from "@/server/http/scoped";
import { AppError } from "@/server/kernel/errors";
import { ObjectNotFoundError, storage } from "@/server/kernel/files";
import {
  getOrganizationLogo,
  LOGO_MAX_BYTES,
  logoTooLarge,
  removeOrganizationLogo,
  setOrganizationLogo,
} from "@/server/modules/platform/branding.service";

export const dynamic = "force-dynamic";

const ENVELOPE_BYTES = 64 * 1024;

function orgOf(req: Request): string {
  const org = new URL(req.url).searchParams.get("org");
  if (!org) throw new AppError("NOT_FOUND", "Organization not found");
  return org;
}

export async function GET(req: Request): Promise<Response> {
  const ctx = httpContext(req, "GET /api/organization/logo");
  try {
    const logo = await withHttpScope(ctx, { org: orgOf(req) }, (tx, scope) => getOrganizationLogo(tx, scope));
    const etag = `"${logo.sha256}"`;
    const headers = {
      "content-type": logo.contentType,
      "x-content-type-options": "nosniff",
      // The URL carries ?v=<sha256>: a new logo is a new URL, so the browser may keep this one.
      "cache-control": "private, max-age=86400",
      "content-security-policy": "sandbox; default-src 'none'",
      etag,
      "x-request-id": ctx.requestId,
    };
    if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    const body = await storage()
      .get(logo.storageKey)
      .catch((e: unknown) => {
        if (e instanceof ObjectNotFoundError) throw new AppError("NOT_FOUND", "The logo's file is missing.");
        throw e;
      });
    return new Response(Readable.toWeb(body) as ReadableStream, { headers });
  } catch (err) {
    return errorResponse(ctx, err);
  }
}

export async function POST(req: Request): Promise<Response> {
  const ctx = httpContext(req, "POST /api/organization/logo");
  let stored: string | null = null;
  try {
    const declared = Number(req.headers.get("content-length") ?? NaN);
    if (Number.isFinite(declared) && declared > LOGO_MAX_BYTES + ENVELOPE_BYTES) throw logoTooLarge();
    const form = await req.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "Expected a multipart form with a file.");
    });
    const org = form.get("org");
    if (typeof org !== "string" || !org) throw new AppError("BAD_REQUEST", "The upload form is incomplete.");
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Choose an image to upload.", { file: ["Choose an image to upload."] });
    if (file.size > LOGO_MAX_BYTES) throw logoTooLarge();
    const result = await withHttpScope(ctx, { org }, async (tx, scope) => {
      const r = await setOrganizationLogo(tx, scope, {
        contentType: file.type,
        size: file.size,
        body: Buffer.from(await file.arrayBuffer()),
      });
      stored = r.storageKey;
      return r;
    });
    // Committed: the replaced image is no longer referenced.
    if (result.previousKey) await storage().delete(result.previousKey).catch(() => undefined);
    ctx.log.info({ size: file.size, contentType: result.contentType }, "organization logo replaced");
    return Response.json({ sha256: result.sha256, contentType: result.contentType }, { status: 201, headers: { "x-request-id": ctx.requestId } });
  } catch (err) {
    if (stored) await storage().delete(stored).catch(() => undefined);
    return errorResponse(ctx, err);
  }
}

export async function DELETE(req: Request): Promise<Response> {
  const ctx = httpContext(req, "DELETE /api/organization/logo");
  try {
    const { previousKey } = await withHttpScope(ctx, { org: orgOf(req) }, (tx, scope) => removeOrganizationLogo(tx, scope));
    if (previousKey) await storage().delete(previousKey).catch(() => undefined);
    return new Response(null, { status: 204, headers: { "x-request-id": ctx.requestId } });
  } catch (err) {
    return errorResponse(ctx, err);
  }
}
