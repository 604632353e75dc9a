"use client";

import { useTranslations } from "next-intl";

/** The inventory forms' browser-side messages (`inventory.validation`); the server answers its own field errors. */
export type ValidationT = ReturnType<typeof useTranslations<"inventory.validation">>;

export function useValidation(): ValidationT {
  return useTranslations("inventory.validation");
}
