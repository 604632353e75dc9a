"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import { toast } from "sonner";

import { useTRPC } from "@/trpc/react";

import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, type AppLocale } from "./config";

/**
 * The language switch: remembers the choice in the NEXT_LOCALE cookie for a year (it wins over the organization's
 * and the browser's language) and re-renders the server components in the new language without a full reload.
 *
 * With `saveToProfile` (the signed-in shell: user menu, command palette) the choice is also saved as the user's
 * language override (`profile.update`), so My profile shows it and other devices follow after sign-in. The switch
 * itself stays instant: the save runs alongside, and its failure only shows an error toast.
 */
export function useLocaleSwitch({ saveToProfile = false }: { saveToProfile?: boolean } = {}) {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations("shell");
  const trpc = useTRPC();
  const [pending, startTransition] = useTransition();
  const { mutate: saveOverride } = useMutation(
    trpc.profile.update.mutationOptions({ onError: () => toast.error(t("languageSaveFailed")) }),
  );

  const setLocale = useCallback(
    (next: AppLocale) => {
      const secure = window.location.protocol === "https:" ? "; secure" : "";
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${secure}`;
      startTransition(() => router.refresh());
      if (saveToProfile) saveOverride({ locale: next });
    },
    [router, saveToProfile, saveOverride],
  );

  return { locale, setLocale, pending };
}
