/**
 * The UI languages and how a request picks one (isomorphic: used by src/i18n/request.ts and the language switch).
 * Order: the NEXT_LOCALE cookie the language switch sets (this device's explicit choice; saving My profile sets it
 * too) → the signed-in user's language override (My profile) → the organization's locale (inside an organization
 * the user is a member of) → the browser's Accept-Language → English.
 */
export const LOCALES = ["en", "ru"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "en";

export const LOCALE_COOKIE = "NEXT_LOCALE";
/** One year, in seconds. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** The name of each language in itself, for the switch. */
export const LOCALE_NAMES: Record<AppLocale, string> = { en: "English", ru: "Русский" };

/** "ru-KZ" → "ru"; unsupported or malformed tags → null. */
export function matchLocale(tag: string | null | undefined): AppLocale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? "") ? (language as AppLocale) : null;
}

/** The best supported language of an Accept-Language header, by q-value then order. */
export function negotiateLocale(acceptLanguage: string | null | undefined): AppLocale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return null;
}

export function resolveLocale(input: {
  cookie?: string | null;
  userLocale?: string | null;
  organizationLocale?: string | null;
  acceptLanguage?: string | null;
}): AppLocale {
  return (
    matchLocale(input.cookie) ??
    matchLocale(input.userLocale) ??
    matchLocale(input.organizationLocale) ??
    negotiateLocale(input.acceptLanguage) ??
    DEFAULT_LOCALE
  );
}
