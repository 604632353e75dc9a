// Inputs of the item page's extras: variants (update, archive, list, several at once), substitutes, where used and
// history (item-extras.service.ts, items.service.ts).
import { z } from "zod";
import { ZExpectedVersion } from "@/server/kernel/archive";
import { optText } from "@/server/modules/crm/crm.schemas";
import { ZCreateVariantInput } from "./inventory.schemas";

const ZSku = z.string({ error: "Enter a SKU" }).trim().min(1, "Enter a SKU").max(64, "At most 64 characters");
const ZPriceDelta = z.string().trim().regex(/^-?\d{1,12}(\.\d{1,6})?$/, "Enter an amount with at most 6 decimals");
const ZAttributes = z.record(z.string().trim().min(1).max(100), z.union([z.string().max(200), z.number(), z.boolean()]));

export const ZItemRef = z.object({ itemId: z.uuid() });

/** Several variants of one item at once (the generated combinations): all or none, field errors `variants.<i>.<field>`. */
export const ZCreateVariantsInput = z.object({
  itemId: z.uuid(),
  variants: z.array(ZCreateVariantInput.omit({ itemId: true })).min(1, "Add at least one variant").max(200, "At most 200 variants at once"),
});
export type TCreateVariantsInput = z.output<typeof ZCreateVariantsInput>;

/** Only the fields given change; `barcode: null` removes the variant's barcode. */
export const ZUpdateVariantInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  sku: ZSku.optional(),
  name: optText(200),
  attributes: ZAttributes.optional(),
  priceDelta: ZPriceDelta.optional(),
  barcode: z.string().trim().min(1).max(64, "At most 64 characters").nullable().optional(),
});
export type TUpdateVariantInput = z.output<typeof ZUpdateVariantInput>;

export const ZArchiveVariantInput = z.object({ id: z.uuid(), archived: z.boolean().default(true), version: ZExpectedVersion });

export const SUBSTITUTE_KINDS = ["preferred", "acceptable", "emergency"] as const;
const ZFactor = z
  .string({ error: "Enter a conversion factor" })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, "Enter a number with at most 6 decimals")
  .refine((v) => Number(v) > 0, "The conversion factor must be greater than 0");

export const ZAddSubstituteInput = z.object({
  itemId: z.uuid(),
  substituteItemId: z.uuid({ error: "Choose the substitute item" }),
  kind: z.enum(SUBSTITUTE_KINDS).default("acceptable"),
  conversionFactor: ZFactor.default("1"),
  notes: optText(1000),
});
export type TAddSubstituteInput = z.output<typeof ZAddSubstituteInput>;

export const ZUpdateSubstituteInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  kind: z.enum(SUBSTITUTE_KINDS).optional(),
  conversionFactor: ZFactor.optional(),
  notes: optText(1000),
});
export type TUpdateSubstituteInput = z.output<typeof ZUpdateSubstituteInput>;
