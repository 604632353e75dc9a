"use client";

import { useLocale } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";

import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type AppLocale } from "./config";

/**
 * The language switch: remembers the choice in the NEXT_LOCALE cookie for a year (it wins over the organization's
 * and the browser's language) and re-renders the server components in the new language without a full reload.
 */
export function useLocaleSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const setLocale = useCallback(
    (next: AppLocale) => {
      const secure = window.location.protocol === "https:" ? "; secure" : "";
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${secure}`;
      startTransition(() => router.refresh());
    },
    [router],
  );

  return { locale, setLocale, pending };
}
