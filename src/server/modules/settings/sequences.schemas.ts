// Inputs of settings.sequences.*; isomorphic, so the edit form validates with the very same schema.
import { z } from "zod";
import { formatErrors, MAX_FORMAT_LENGTH } from "@/lib/numbering/format";

export const ZSequenceReset = z.enum(["yearly", "never"]);

const ZFormat = z.string().min(1, "Enter a format").max(MAX_FORMAT_LENGTH, `The format can be at most ${MAX_FORMAT_LENGTH} characters`);

/** Adds each format problem as an issue on `format`, so forms show it in place. */
function checkFormat(v: { format: string; reset: "yearly" | "never" }, ctx: z.RefinementCtx) {
  for (const message of formatErrors(v.format, v.reset)) ctx.addIssue({ code: "custom", path: ["format"], message });
}

export const ZListSequencesInput = z.object({ q: z.string().trim().max(100).optional() }).optional();
export type TListSequencesInput = z.infer<typeof ZListSequencesInput>;

export const ZPreviewSequenceInput = z
  .object({
    id: z.uuid().optional(),
    documentType: z.string().min(1).max(63).optional(),
    /** A candidate format: previews the edit without saving it. */
    format: ZFormat.optional(),
    reset: ZSequenceReset.optional(),
  })
  .refine((v) => v.id || v.documentType, { message: "Give a sequence id or a document type", path: ["id"] });
export type TPreviewSequenceInput = z.infer<typeof ZPreviewSequenceInput>;

export const ZUpdateSequenceInput = z
  .object({
    id: z.uuid(),
    format: ZFormat,
    reset: ZSequenceReset,
    version: z.int().min(1),
  })
  .superRefine(checkFormat);
export type TUpdateSequenceInput = z.infer<typeof ZUpdateSequenceInput>;

export const ZCreateSequenceInput = z
  .object({
    documentType: z.string().min(1).max(63),
    workspaceId: z.uuid(),
    format: ZFormat,
    reset: ZSequenceReset,
  })
  .superRefine(checkFormat);
export type TCreateSequenceInput = z.infer<typeof ZCreateSequenceInput>;
