import { orgProcedure, router } from "@/server/trpc/procedures";
import { ZDeleteAttachmentInput, ZListAttachmentsInput } from "./attachments.schemas";
import { deleteAttachment, listAttachments } from "./attachments.service";

// Permissions depend on the record type (settings.attachment.* AND the record's own), so the service checks them.
// Upload and download are HTTP routes (src/app/api/files) over the same service.
export const attachmentsRouter = router({
  list: orgProcedure.input(ZListAttachmentsInput).query(({ ctx, input }) => listAttachments(ctx.tx, ctx.scope, input)),
  delete: orgProcedure.input(ZDeleteAttachmentInput).mutation(({ ctx, input }) => deleteAttachment(ctx.tx, ctx.scope, input)),
});
