// Upload limits: a maximum size (UPLOAD_MAX_BYTES, default 25 MB) and an allow-list of content types.

export function uploadMaxBytes(): number {
  const v = Number(process.env.UPLOAD_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : 25 * 1024 * 1024;
}

/** Documents, images, spreadsheets, text and archives; nothing executable, no HTML or SVG (they can carry script). */
export const ALLOWED_CONTENT_TYPES: ReadonlySet<string> = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/heic",
  "image/tiff",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/x-zip-compressed",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/rtf",
]);

/** The bare media type, lower-cased, without parameters ("text/plain; charset=utf-8" → "text/plain"). */
export function normalizeContentType(ct: string | null | undefined): string {
  return (ct ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isAllowedContentType(ct: string | null | undefined): boolean {
  return ALLOWED_CONTENT_TYPES.has(normalizeContentType(ct));
}
