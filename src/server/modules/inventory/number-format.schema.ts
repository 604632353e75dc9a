// The part-number format of a category (its own file: inventory.schemas.ts and master.schemas.ts both use it).
import { z } from "zod";
import { formatErrors } from "@/lib/numbering/format";

/** A category's part-number format, e.g. `710-{####}` (kernel grammar, never resets); "" or null: no series. */
export const ZNumberFormat = z
  .union([z.string().trim().max(64, "At most 64 characters"), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null))
  .superRefine((v, ctx) => {
    if (!v) return;
    const [first] = formatErrors(v, "never");
    if (first) ctx.addIssue({ code: "custom", message: first });
    else if (/\{(YYYY|YY|MM)\}/.test(v)) ctx.addIssue({ code: "custom", message: "A part-number series never resets: leave dates out, e.g. 710-{####}" });
  });
