import * as numbering from "@/server/kernel/numbering";
import { permission, router } from "@/server/trpc/procedures";
import { ZCreateSequenceInput, ZListSequencesInput, ZPreviewSequenceInput, ZUpdateSequenceInput } from "./sequences.schemas";

export const sequencesRouter = router({
  list: permission("settings.sequence.read")
    .input(ZListSequencesInput)
    .query(async ({ ctx, input }) => {
      const q = input?.q?.toLowerCase();
      const rows = (await numbering.list(ctx.tx, ctx.scope)).filter(
        (r) => !q || r.label.toLowerCase().includes(q) || r.documentType.includes(q) || r.format.toLowerCase().includes(q),
      );
      return { rows, total: rows.length };
    }),
  preview: permission("settings.sequence.read").input(ZPreviewSequenceInput).query(({ ctx, input }) => numbering.preview(ctx.tx, ctx.scope, input)),
  update: permission("settings.sequence.update").input(ZUpdateSequenceInput).mutation(({ ctx, input }) => numbering.update(ctx.tx, ctx.scope, input)),
  create: permission("settings.sequence.update")
    .input(ZCreateSequenceInput)
    .mutation(({ ctx, input }) => numbering.createWorkspaceSequence(ctx.tx, ctx.scope, input)),
});
