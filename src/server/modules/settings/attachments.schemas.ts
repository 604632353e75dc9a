import { z } from "zod";

export const ZEntityType = z.string().regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, "Unknown record type");

export const ZListAttachmentsInput = z.object({ entityType: ZEntityType, entityId: z.uuid() });
export type TListAttachmentsInput = z.infer<typeof ZListAttachmentsInput>;

export const ZDeleteAttachmentInput = z.object({ id: z.uuid() });
export type TDeleteAttachmentInput = z.infer<typeof ZDeleteAttachmentInput>;

export const ZGetAttachmentInput = z.object({ id: z.uuid() });
export type TGetAttachmentInput = z.infer<typeof ZGetAttachmentInput>;

/** The form fields of POST /api/files besides the file itself. */
export const ZUploadAttachmentFields = z.object({
  org: z.string().min(1),
  ws: z.string().min(1).optional(),
  entityType: ZEntityType,
  entityId: z.uuid(),
});
