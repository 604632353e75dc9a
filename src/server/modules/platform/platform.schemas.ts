import { z } from "zod";
import { RESERVED_TOP_LEVEL_SEGMENTS } from "@/lib/scope";

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
  workspaces: z.array(ZCreateWorkspaceInput).min(1, "An organization needs at least one workspace"),
});
export type TCreateOrganizationInput = z.infer<typeof ZCreateOrganizationInput>;

export const ZSearchInput = z.object({ q: z.string().trim().min(1).max(100) });
export type TSearchInput = z.infer<typeof ZSearchInput>;

/** "#rrggbb" (a leading "#" and six hex digits), stored in lower case. */
export const ZHexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a color such as #1f6feb")
  .transform((s) => s.toLowerCase());

export const ZLocale = z
  .string()
  .trim()
  .min(2, "Choose a locale")
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, "Unknown locale");

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
  primaryColor: z.union([ZHexColor, z.literal("").transform(() => null), z.null()]).optional(),
  locale: ZLocale.optional(),
  timeZone: ZTimeZone.optional(),
  fiscalYearStartMonth: z.number().int("Choose a month").min(1, "Choose a month").max(12, "Choose a month").optional(),
});
export type TUpdateOrganizationInput = z.input<typeof ZUpdateOrganizationInput>;
export type TUpdateOrganizationParsed = z.output<typeof ZUpdateOrganizationInput>;
