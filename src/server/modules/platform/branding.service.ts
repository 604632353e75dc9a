// The organization's logo: PNG, JPEG or WebP up to 1 MB, checked by declared type AND by the file's first bytes
// (SVG is refused: it can carry script). Stored through the file storage kernel under
// "<orgId>/branding/logo-<uuid>"; the organization row points at it. Served to members only (GET
// /api/organization/logo), uploaded with platform.organization.update (POST /api/organization/logo).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { v7 as uuidv7 } from "uuid";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { normalizeContentType, storage } from "@/server/kernel/files";
import type { OrgScope } from "@/server/kernel/scope";

export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];

const TYPE_MESSAGE = "Use a PNG, JPEG or WebP image.";

function need(scope: OrgScope) {
  if (!scope.permissions.has("platform.organization.update")) {
    throw new AppError("FORBIDDEN", "You do not have permission for this (platform.organization.update).");
  }
}

export function logoTooLarge() {
  return new AppError("PAYLOAD_TOO_LARGE", "The logo is larger than 1 MB.", { file: ["At most 1 MB."] });
}

function unsupported(msg = TYPE_MESSAGE) {
  return new AppError("UNSUPPORTED_MEDIA_TYPE", msg, { file: [msg] });
}

/** The image type the bytes actually are (by signature), or null. */
export function sniffImage(buf: Uint8Array): LogoContentType | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  return null;
}

/** Reads a body up to the limit (PAYLOAD_TOO_LARGE past it, without reading on). */
export async function readLimited(body: Readable, max = LOGO_MAX_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > max) {
      body.destroy();
      throw logoTooLarge();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Validates and stores a new logo and points the organization at it. Returns the new object's key and the one it
 * replaces: the caller removes the new object if its transaction fails, and the previous one once it committed.
 */
export async function setOrganizationLogo(
  tx: Tx,
  scope: OrgScope,
  input: { contentType: string; size?: number; body: Readable | Buffer },
): Promise<{ storageKey: string; previousKey: string | null; sha256: string; contentType: LogoContentType }> {
  need(scope);
  const declared = normalizeContentType(input.contentType);
  if (declared === "image/svg+xml") throw unsupported("SVG logos are not accepted (they can contain script). " + TYPE_MESSAGE);
  if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(declared)) throw unsupported();
  if (input.size !== undefined && input.size > LOGO_MAX_BYTES) throw logoTooLarge();
  const bytes = Buffer.isBuffer(input.body) ? input.body : await readLimited(input.body);
  if (bytes.length > LOGO_MAX_BYTES) throw logoTooLarge();
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "The file is empty.", { file: ["The file is empty."] });
  const actual = sniffImage(bytes);
  if (actual !== declared) throw unsupported(`The file is not a ${declared.slice(6).toUpperCase()} image. ${TYPE_MESSAGE}`);

  const current = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { logoKey: true } });
  if (!current) throw notFound("Organization not found");
  const storageKey = `${scope.orgId}/branding/logo-${uuidv7()}`;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const st = storage();
  await st.put(storageKey, Readable.from([bytes]), { contentType: actual, contentLength: bytes.length });
  try {
    await tx.organization.update({
      where: { id: scope.orgId },
      data: { logoKey: storageKey, logoContentType: actual, logoSha256: sha256 },
    });
  } catch (err) {
    await st.delete(storageKey).catch(() => undefined);
    throw err;
  }
  return { storageKey, previousKey: current.logoKey, sha256, contentType: actual };
}

/** Removes the logo from the organization (the shell falls back to the Tessera mark). */
export async function removeOrganizationLogo(tx: Tx, scope: OrgScope): Promise<{ previousKey: string | null }> {
  need(scope);
  const current = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { logoKey: true } });
  if (!current) throw notFound("Organization not found");
  if (current.logoKey) {
    await tx.organization.update({ where: { id: scope.orgId }, data: { logoKey: null, logoContentType: null, logoSha256: null } });
  }
  return { previousKey: current.logoKey };
}

/** The logo to serve to a member of the organization; NOT_FOUND when it has none. */
export async function getOrganizationLogo(tx: Tx, scope: OrgScope) {
  const org = await tx.organization.findUnique({
    where: { id: scope.orgId },
    select: { logoKey: true, logoContentType: true, logoSha256: true },
  });
  if (!org?.logoKey || !org.logoContentType || !org.logoSha256) throw notFound("This organization has no logo.");
  return { storageKey: org.logoKey, contentType: org.logoContentType, sha256: org.logoSha256 };
}
