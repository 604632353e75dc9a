// Attachments: files linked to any registered record. Permission = settings.attachment.<action> AND the record's
// own read/write permission; a record that is not visible in the scope (another tenant's, or gone) is NOT_FOUND.
import { createHash } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { v7 as uuidv7 } from "uuid";
import type { Tx } from "@/server/db/scope";
import { AppError, notFound } from "@/server/kernel/errors";
import { isAllowedContentType, normalizeContentType, storage, uploadMaxBytes } from "@/server/kernel/files";
import type { AttachableEntity } from "@/server/kernel/files/entities";
import type { Permission } from "@/server/kernel/permissions";
import type { OrgScope } from "@/server/kernel/scope";
import { attachable } from "./attachables";
import type { TDeleteAttachmentInput, TGetAttachmentInput, TListAttachmentsInput } from "./attachments.schemas";

function need(scope: OrgScope, ...perms: Permission[]) {
  const missing = perms.find((p) => !scope.permissions.has(p));
  if (missing) throw new AppError("FORBIDDEN", `You do not have permission for this (${missing}).`);
}

function entityOf(entityType: string): AttachableEntity {
  const e = attachable(entityType);
  if (!e) throw notFound("Record not found");
  return e;
}

async function mustExist(tx: Tx, scope: OrgScope, e: AttachableEntity, id: string) {
  if (!(await e.exists(tx, scope, id))) throw notFound("Record not found");
}

const formatMb = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function tooLarge(max = uploadMaxBytes()) {
  return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${formatMb(max)}.`, { file: [`At most ${formatMb(max)}.`] });
}

export function unsupportedType(ct: string) {
  const msg = `Files of this type (${ct || "unknown"}) cannot be attached. Allowed: PDF, images, office documents, CSV, text and ZIP.`;
  return new AppError("UNSUPPORTED_MEDIA_TYPE", msg, { file: [msg] });
}

/** A file name safe to store and show: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = path.posix.basename(name.replaceAll("\\", "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (base || "file").slice(0, 255);
}

export interface UploadInput {
  entityType: string;
  entityId: string;
  fileName: string;
  contentType: string;
  /** Declared size, when known (refused early when over the limit; the stream is counted regardless). */
  size?: number;
  body: Readable;
}

const SELECT = {
  id: true,
  entityType: true,
  entityId: true,
  fileName: true,
  contentType: true,
  sizeBytes: true,
  sha256: true,
  createdAt: true,
  createdBy: true,
} as const;

/**
 * Checks access, streams the body to storage while hashing and counting it (over the limit → PAYLOAD_TOO_LARGE and
 * nothing stored), then records the row. If anything fails after the object was stored, the object is removed.
 * Callers that commit later must remove `storageKey` themselves if their commit fails.
 */
export async function uploadAttachment(tx: Tx, scope: OrgScope, input: UploadInput) {
  const e = entityOf(input.entityType);
  need(scope, "settings.attachment.create", e.writePermission);
  await mustExist(tx, scope, e, input.entityId);
  const contentType = normalizeContentType(input.contentType);
  if (!isAllowedContentType(contentType)) throw unsupportedType(contentType);
  const max = uploadMaxBytes();
  if (input.size !== undefined && input.size > max) throw tooLarge(max);

  const id = uuidv7();
  const storageKey = `${scope.orgId}/${id}`;
  const hash = createHash("sha256");
  let size = 0;
  // Counted and hashed on the way to storage; past the limit the stream fails and the driver keeps nothing.
  async function* metered(src: Readable) {
    for await (const chunk of src) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > max) throw tooLarge(max);
      hash.update(buf);
      yield buf;
    }
  }
  const st = storage();
  try {
    await st.put(storageKey, Readable.from(metered(input.body)), { contentType, contentLength: input.size });
    const workspaceId = e.workspaceOf ? await e.workspaceOf(tx, scope, input.entityId) : null;
    const row = await tx.attachment.create({
      data: {
        organizationId: scope.orgId,
        id,
        workspaceId,
        entityType: e.entityType,
        entityId: input.entityId,
        fileName: cleanFileName(input.fileName),
        contentType,
        sizeBytes: BigInt(size),
        sha256: hash.digest("hex"),
        storageKey,
        createdBy: scope.userId,
      },
      select: SELECT,
    });
    return { ...shape(row, null), storageKey };
  } catch (err) {
    await st.delete(storageKey).catch(() => undefined);
    // A length mismatch surfaces from the driver; the meter's own error is the one to report.
    if (size > max) throw tooLarge(max);
    throw err;
  }
}

function shape(row: { sizeBytes: bigint; createdBy: string } & Record<string, unknown>, uploader: { id: string; name: string } | null) {
  const { sizeBytes, createdBy, ...rest } = row;
  return {
    ...(rest as { id: string; entityType: string; entityId: string; fileName: string; contentType: string; sha256: string; createdAt: Date }),
    sizeBytes: Number(sizeBytes),
    createdBy: uploader ?? { id: createdBy, name: "" },
  };
}

export type AttachmentRow = ReturnType<typeof shape>;

export async function listAttachments(tx: Tx, scope: OrgScope, input: TListAttachmentsInput) {
  const e = entityOf(input.entityType);
  need(scope, "settings.attachment.read", e.readPermission);
  await mustExist(tx, scope, e, input.entityId);
  const rows = await tx.attachment.findMany({
    where: { organizationId: scope.orgId, entityType: e.entityType, entityId: input.entityId, deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: SELECT,
    take: 500,
  });
  const userIds = [...new Set(rows.map((r) => r.createdBy))];
  const users = userIds.length ? await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u]));
  const canDelete = scope.permissions.has("settings.attachment.delete") && scope.permissions.has(e.writePermission);
  const canUpload = scope.permissions.has("settings.attachment.create") && scope.permissions.has(e.writePermission);
  return { rows: rows.map((r) => shape(r, names.get(r.createdBy) ?? null)), canUpload, canDelete, maxBytes: uploadMaxBytes() };
}

async function findLive(tx: Tx, scope: OrgScope, id: string) {
  const row = await tx.attachment.findFirst({ where: { organizationId: scope.orgId, id, deletedAt: null }, select: { ...SELECT, storageKey: true } });
  if (!row) throw notFound("File not found");
  return row;
}

/** Access check for a download; the caller streams `storageKey` from storage after its transaction. */
export async function getAttachmentForDownload(tx: Tx, scope: OrgScope, input: TGetAttachmentInput) {
  const row = await findLive(tx, scope, input.id);
  const e = entityOf(row.entityType);
  need(scope, "settings.attachment.read", e.readPermission);
  await mustExist(tx, scope, e, row.entityId);
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, sizeBytes: Number(row.sizeBytes), sha256: row.sha256, storageKey: row.storageKey };
}

/**
 * Soft delete: the row keeps who attached what (and the audit trail who removed it); the stored object stays so
 * a removal can be undone, until the files.purge job removes both after the retention period.
 */
export async function deleteAttachment(tx: Tx, scope: OrgScope, input: TDeleteAttachmentInput) {
  const row = await findLive(tx, scope, input.id);
  const e = entityOf(row.entityType);
  need(scope, "settings.attachment.delete", e.writePermission);
  await mustExist(tx, scope, e, row.entityId);
  await tx.attachment.update({ where: { organizationId_id: { organizationId: scope.orgId, id: row.id } }, data: { deletedAt: new Date() } });
  return { id: row.id };
}
