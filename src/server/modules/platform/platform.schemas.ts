import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";
import { RESERVED_TOP_LEVEL_SEGMENTS } from "@/lib/scope";
import { normalizeTaxId, taxIdError } from "@/server/kernel/regions/tax-id";

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "Use 1–63 lowercase letters, digits and dashes, not starting or ending with a dash");

export const ZCountry = z.string().regex(/^[A-Z]{2}$/, "Use a two-letter ISO country code");
export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, "Use a three-letter ISO currency code");
export const ZTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "Unknown time zone");

export const WORKSPACE_TYPES = ["main", "division", "branch", "project"] as const;
export const ZWorkspaceType = z.enum(WORKSPACE_TYPES, { message: "Choose a workspace type" });
export type WorkspaceType = z.infer<typeof ZWorkspaceType>;

export const ZCreateWorkspaceInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(200),
  slug: ZSlug,
  type: z.enum(["main", "division", "branch", "project"]).default("main"),
});
export type TCreateWorkspaceInput = z.infer<typeof ZCreateWorkspaceInput>;

export const ZCreateOrganizationInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(200),
  // The organization's slug is the first URL segment: it must not shadow an app route.
  slug: ZSlug.refine((s) => !RESERVED_TOP_LEVEL_SEGMENTS.has(s), "This address is reserved"),
  legalName: z.string().trim().max(300).optional(),
  country: ZCountry,
  taxId: z.string().trim().max(50).optional(),
  baseCurrency: ZCurrency,
  timeZone: ZTimeZone,
  locale: z.string().min(2).max(35),
  /** 1 = January … 12 = December. */
  fiscalYearStartMonth: z.coerce.number<number>().int().min(1, "Choose a month").max(12, "Choose a month").default(1),
  workspaces: z.array(ZCreateWorkspaceInput).min(1, "An organization needs at least one workspace"),
});
export type TCreateOrganizationInput = z.input<typeof ZCreateOrganizationInput>;

/** A BCP 47 locale with an optional region: "en", "en-US", "ru-KZ". */
export const ZLocale = z.string().trim().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, "Use a locale such as en-US or ru-KZ");

/** The onboarding wizard: the organization, its first workspace (type main), and the creator becomes its owner. */
export const ZCompleteOnboardingInput = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(200, "Name is too long"),
    slug: ZSlug.refine((s) => !RESERVED_TOP_LEVEL_SEGMENTS.has(s), "This address is reserved"),
    country: ZCountry,
    legalName: z.string().trim().max(300, "Legal name is too long").optional(),
    taxId: z.string().trim().max(50, "Tax id is too long").optional(),
    baseCurrency: ZCurrency,
    timeZone: ZTimeZone,
    locale: ZLocale,
    fiscalYearStartMonth: z.coerce.number<number>().int().min(1, "Choose a month").max(12, "Choose a month"),
    workspace: z.object({
      name: z.string().trim().min(1, "Enter a name").max(200, "Name is too long"),
      slug: ZSlug.optional(),
    }),
  })
  .superRefine((v, ctx) => {
    if (!v.taxId) return;
    const err = taxIdError(v.country, v.taxId);
    if (err) ctx.addIssue({ code: "custom", path: ["taxId"], message: err });
  })
  .transform((v) => ({ ...v, taxId: v.taxId ? normalizeTaxId(v.country, v.taxId) : undefined, legalName: v.legalName || undefined }));
export type TCompleteOnboardingInput = z.input<typeof ZCompleteOnboardingInput>;

/** Live slug check: the suggestion for `name`, or whether `slug` is free (with a free alternative when it is not). */
export const ZSuggestSlugInput = z
  .object({ name: z.string().trim().max(200).optional(), slug: z.string().trim().toLowerCase().max(63).optional() })
  .refine((v) => v.name || v.slug, "Give a name or an address");
export type TSuggestSlugInput = z.infer<typeof ZSuggestSlugInput>;

export const ZSearchInput = z.object({ q: z.string().trim().min(1).max(100) });
export type TSearchInput = z.infer<typeof ZSearchInput>;

const ZWorkspaceName = z.string().trim().min(1, "Enter a name").max(200, "Use at most 200 characters");

/** platform.workspaces.create: the slug is optional (suggested from the name, made unique in the organization). */
export const ZNewWorkspaceInput = z.object({
  name: ZWorkspaceName,
  slug: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), ZSlug.optional()),
  type: ZWorkspaceType,
});
export type TNewWorkspaceInput = z.infer<typeof ZNewWorkspaceInput>;

/** platform.workspaces.update: name and type; the slug never changes (URLs and bookmarks depend on it). */
export const ZUpdateWorkspaceInput = z.object({
  id: z.uuid({ message: "Unknown workspace" }),
  name: ZWorkspaceName,
  type: ZWorkspaceType,
});
export type TUpdateWorkspaceInput = z.infer<typeof ZUpdateWorkspaceInput>;

export const ZWorkspaceIdInput = z.object({ id: z.uuid({ message: "Unknown workspace" }) });
export type TWorkspaceIdInput = z.infer<typeof ZWorkspaceIdInput>;

export const WORKSPACE_STATUSES = ["active", "archived"] as const;

/** Settings → Workspaces (list contract of src/lib/list.ts): few rows per organization, paged by number. */
export const WORKSPACES_LIST = {
  sorts: ["name", "slug", "createdAt"],
  keyset: [],
  defaultSort: { id: "createdAt", desc: false },
  filters: { status: "enum", type: "enum" },
} as const satisfies ListSpec;

export const ZManageWorkspacesInput = defineListInput(WORKSPACES_LIST);
export type TManageWorkspacesInput = ListInput<(typeof WORKSPACES_LIST.sorts)[number], keyof typeof WORKSPACES_LIST.filters>;
/** "#rrggbb" (a leading "#" and six hex digits), stored in lower case. */
export const ZHexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a color such as #1f6feb")
  .transform((s) => s.toLowerCase());

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((s) => (s === "" ? null : s))
    .nullable();

/**
 * A partial edit of the organization's profile, branding and regional settings. `version` is the version the
 * editor loaded: a stale one answers CONFLICT. Country and base currency are fixed at creation and not accepted.
 */
export const ZUpdateOrganizationInput = z.strictObject({
  version: z.number().int().min(1),
  name: z.string().trim().min(1, "Enter a name").max(200, "At most 200 characters").optional(),
  legalName: optionalText(300).optional(),
  taxId: optionalText(50).optional(),
  // Postal address; the country is the organization's. Empty text clears a line.
  addressLine1: optionalText(200).optional(),
  addressLine2: optionalText(200).optional(),
  city: optionalText(100).optional(),
  region: optionalText(100).optional(),
  postalCode: optionalText(20).optional(),
  primaryColor: z.union([ZHexColor, z.literal("").transform(() => null), z.null()]).optional(),
  locale: ZLocale.optional(),
  timeZone: ZTimeZone.optional(),
  fiscalYearStartMonth: z.number().int("Choose a month").min(1, "Choose a month").max(12, "Choose a month").optional(),
});
export type TUpdateOrganizationInput = z.input<typeof ZUpdateOrganizationInput>;
export type TUpdateOrganizationParsed = z.output<typeof ZUpdateOrganizationInput>;
