// Inputs of crm.search, crm.customFields.* and crm.segments.*.
import { z } from "zod";
import { defineListInput, ZFilterValue, type ListInput, type ListSpec } from "@/lib/list";
import { ZExpectedVersion } from "@/server/kernel/archive";
import { CUSTOMERS_LIST, ZListCustomersInput } from "./crm.schemas";

// ---------------------------------------------------------------------------------------------------------------
// Search

export const SEARCH_MIN_LENGTH = 3;
export const ZCrmSearchInput = z.object({
  q: z.string().trim().min(1, "Type something to search for").max(200, "At most 200 characters"),
  limit: z.number().int().min(1).max(50).default(10),
});
export type TCrmSearchInput = z.infer<typeof ZCrmSearchInput>;

// ---------------------------------------------------------------------------------------------------------------
// Custom field definitions

export const CUSTOM_FIELD_ENTITIES = ["customer"] as const;
export const CUSTOM_FIELD_KINDS = ["text", "number", "date", "select"] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,49}$/;

const ZLabel = z.string({ error: "Enter a label" }).trim().min(1, "Enter a label").max(100, "At most 100 characters");
const ZOptions = z
  .array(z.string().trim().min(1, "An option cannot be empty").max(100, "At most 100 characters"))
  .max(100, "At most 100 options");

function checkOptions(v: { kind?: CustomFieldKind; options?: string[] }, ctx: z.RefinementCtx) {
  if (!v.options) return;
  if (new Set(v.options).size !== v.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be different" });
}

export const ZCreateCustomFieldInput = z
  .object({
    entity: z.enum(CUSTOM_FIELD_ENTITIES).default("customer"),
    key: z
      .string({ error: "Enter a key" })
      .trim()
      .regex(CUSTOM_FIELD_KEY, "Use lowercase letters, digits and _ (start with a letter, at most 50)"),
    label: ZLabel,
    kind: z.enum(CUSTOM_FIELD_KINDS, { error: "Choose a type" }),
    options: ZOptions.optional(),
    required: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine((v, ctx) => {
    checkOptions(v, ctx);
    if (v.kind === "select" && !v.options?.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Add at least one option" });
    if (v.kind !== "select" && v.options?.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Only a select field has options" });
  });
export type TCreateCustomFieldInput = z.infer<typeof ZCreateCustomFieldInput>;

/** The key and the kind are fixed once values may exist; label, options, required and order change. */
export const ZUpdateCustomFieldInput = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    label: ZLabel.optional(),
    options: ZOptions.optional(),
    required: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .superRefine(checkOptions);
export type TUpdateCustomFieldInput = z.infer<typeof ZUpdateCustomFieldInput>;

export const ZListCustomFieldsInput = z
  .object({ entity: z.enum(CUSTOM_FIELD_ENTITIES).default("customer"), includeArchived: z.boolean().default(false) })
  .default({ entity: "customer", includeArchived: false });
export const ZCustomFieldId = z.object({ id: z.uuid() });
/** A dry run of the validation a record's save does (the settings page's preview; import checks). */
export const ZCheckCustomFieldsInput = z.object({
  entity: z.enum(CUSTOM_FIELD_ENTITIES).default("customer"),
  customFields: z.record(z.string().max(100), z.unknown()),
});
export const ZArchiveCustomFieldInput = z.object({ id: z.uuid(), archived: z.boolean().default(true), version: ZExpectedVersion });

// ---------------------------------------------------------------------------------------------------------------
// Segments

/** A segment's definition: the customers list's filters (its own filter schema) and search text. */
export const ZSegmentDefinition = z
  .object({
    q: z.string().trim().max(200).optional(),
    filters: z.record(z.string(), ZFilterValue).optional(),
  })
  .superRefine((d, ctx) => {
    // Validate against the list's own input schema, so a segment is always a list the customers list can run.
    const r = ZListCustomersInput.safeParse({ q: d.q, filters: d.filters });
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
    if (d.filters?.segment) ctx.addIssue({ code: "custom", path: ["filters", "segment"], message: "A segment cannot contain another segment" });
  });
export type TSegmentDefinition = z.infer<typeof ZSegmentDefinition>;

const ZSegmentName = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(100, "At most 100 characters");
const ZDescription = z
  .union([z.string().trim().max(1000, "At most 1000 characters"), z.null()])
  .optional()
  .transform((v) => (v === undefined ? undefined : v || null));

export const ZCreateSegmentInput = z.object({ name: ZSegmentName, description: ZDescription, definition: ZSegmentDefinition });
export type TCreateSegmentInput = z.infer<typeof ZCreateSegmentInput>;
export const ZUpdateSegmentInput = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  name: ZSegmentName.optional(),
  description: ZDescription,
  definition: ZSegmentDefinition.optional(),
});
export type TUpdateSegmentInput = z.infer<typeof ZUpdateSegmentInput>;
export const ZSegmentId = z.object({ id: z.uuid() });

export const SEGMENTS_LIST = {
  sorts: ["name"],
  keyset: ["name"],
  defaultSort: { id: "name", desc: false },
  filters: {},
} as const satisfies ListSpec;
export const ZListSegmentsInput = defineListInput(SEGMENTS_LIST);
export type TListSegmentsInput = ListInput<"name", never>;

/** The members of a segment: the customers list contract (paging and sort) over the segment's definition. */
export const ZSegmentMembersInput = z
  .object({
    id: z.uuid(),
    sort: z.object({ id: z.enum(CUSTOMERS_LIST.sorts), desc: z.boolean() }).optional(),
    cursor: z.string().max(1000).optional(),
    page: z.number().int().min(1).max(10_000).optional(),
    perPage: z.number().int().min(1).max(100).default(50),
  })
  .refine((v) => !(v.cursor && v.page), { path: ["cursor"], message: "Use either a cursor or a page number" });
export type TSegmentMembersInput = z.infer<typeof ZSegmentMembersInput>;
