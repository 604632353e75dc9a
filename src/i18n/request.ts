import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

import { ORG_HEADER, WORKSPACE_HEADER } from "@/lib/scope";
import { loadPreferences } from "./organization-preferences";

import { LOCALE_COOKIE, resolveLocale, type AppLocale } from "./config";

const MESSAGES = {
  en: () => import("../messages/en.json"),
  ru: () => import("../messages/ru.json"),
} satisfies Record<AppLocale, () => Promise<{ default: unknown }>>;

export default getRequestConfig(async () => {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  const cookie = cookieStore.get(LOCALE_COOKIE)?.value;
  // The proxy sets the scope headers from the page's path; the preferences are read only for a verified member,
  // so a foreign organization's locale never shows through (it looks exactly like a missing one).
  const org = requestHeaders.get(ORG_HEADER);
  // The signed-in user's overrides (My profile) win over the organization's language and time zone.
  const preferences = await loadPreferences(org ?? undefined, org ? (requestHeaders.get(WORKSPACE_HEADER) ?? undefined) : undefined);
  const locale = resolveLocale({
    cookie,
    userLocale: preferences.user?.locale,
    organizationLocale: preferences.organization?.locale,
    acceptLanguage: requestHeaders.get("accept-language"),
  });
  return {
    locale,
    messages: (await MESSAGES[locale]()).default,
    timeZone: preferences.user?.timeZone ?? preferences.organization?.timeZone ?? "UTC",
  };
});
