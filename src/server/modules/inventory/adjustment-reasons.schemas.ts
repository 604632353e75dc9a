// Inputs of the adjustment reasons (adjustment-reasons.service.ts), shared with the settings card's form.
import { z } from "zod";

/** Codes are stored upper-case: unique per organization means case-insensitively unique. */
export const ZReasonCode = z
  .string({ error: "Enter a code" })
  .trim()
  .min(1, "Enter a code")
  .max(20, "At most 20 characters")
  .regex(/^[A-Za-z0-9_-]*$/, "Letters, digits, - and _ only")
  .transform((v) => v.toUpperCase());
export const ZReasonName = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(80, "At most 80 characters");

export const ZListAdjustmentReasonsInput = z.object({ includeArchived: z.boolean().optional() }).optional();
export type TListAdjustmentReasonsInput = z.output<typeof ZListAdjustmentReasonsInput>;

export const ZCreateAdjustmentReasonInput = z.object({
  code: ZReasonCode,
  name: ZReasonName,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type TCreateAdjustmentReasonInput = z.output<typeof ZCreateAdjustmentReasonInput>;

export const ZUpdateAdjustmentReasonInput = ZCreateAdjustmentReasonInput.extend({ id: z.uuid() });
export type TUpdateAdjustmentReasonInput = z.output<typeof ZUpdateAdjustmentReasonInput>;

export const ZAdjustmentReasonRef = z.object({ id: z.uuid() });
