// Inputs of the adjustment reasons (adjustment-reasons.service.ts), shared with the settings card's form: imports
// nothing but zod, so client code may import it.
import { z } from "zod";

/**
 * The limits of a reason's code and name. The settings card validates with the same constants (its messages in the
 * user's language); the table's checks (migration 20261203140000) hold the same bounds.
 */
export const REASON_CODE_MAX = 20;
export const REASON_CODE_PATTERN = /^[A-Za-z0-9_-]*$/;
export const REASON_NAME_MAX = 80;

/** Codes are stored upper-case: unique per organization means case-insensitively unique. */
export const ZReasonCode = z
  .string({ error: "Enter a code" })
  .trim()
  .min(1, "Enter a code")
  .max(REASON_CODE_MAX, `At most ${REASON_CODE_MAX} characters`)
  .regex(REASON_CODE_PATTERN, "Letters, digits, - and _ only")
  .transform((v) => v.toUpperCase());
export const ZReasonName = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(REASON_NAME_MAX, `At most ${REASON_NAME_MAX} characters`);

export const ZListAdjustmentReasonsInput = z.object({ includeArchived: z.boolean().optional() }).optional();
export type TListAdjustmentReasonsInput = z.output<typeof ZListAdjustmentReasonsInput>;

export const ZCreateAdjustmentReasonInput = z.object({
  code: ZReasonCode,
  name: ZReasonName,
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type TCreateAdjustmentReasonInput = z.output<typeof ZCreateAdjustmentReasonInput>;

const ZVersion = z.number().int().min(1);

/**
 * Code and name, with the `version` the caller read (a stale one answers CONFLICT). No sort order: `move` is the one
 * way to reorder (an edit's sort order could put back an order someone else changed since).
 */
export const ZUpdateAdjustmentReasonInput = z.object({ id: z.uuid(), version: ZVersion, code: ZReasonCode, name: ZReasonName });
export type TUpdateAdjustmentReasonInput = z.output<typeof ZUpdateAdjustmentReasonInput>;

/** One place up or down in the list's order (the sort order, then the code; archived reasons included). */
export const ZMoveAdjustmentReasonInput = z.object({ id: z.uuid(), version: ZVersion, direction: z.enum(["up", "down"]) });
export type TMoveAdjustmentReasonInput = z.output<typeof ZMoveAdjustmentReasonInput>;

/** Archive or restore, with the `version` the caller read (a stale one answers CONFLICT). */
export const ZAdjustmentReasonRef = z.object({ id: z.uuid(), version: ZVersion });
export type TAdjustmentReasonRef = z.output<typeof ZAdjustmentReasonRef>;
