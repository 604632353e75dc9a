"use client";

import { useLocale, useTimeZone } from "next-intl";
import { createContext, useContext, useMemo, type ReactNode } from "react";

import { createFormat, type Format, type FormatSettings } from "@/lib/format";

type Settings = FormatSettings & { currency?: string };
const FormatContext = createContext<Settings | null>(null);

/** Gives client components the organization's locale, time zone and base currency (set by the workspace layout). */
export function FormatProvider({ children, ...settings }: Settings & { children: ReactNode }) {
  const { locale, timeZone, currency } = settings;
  const value = useMemo(() => ({ locale, timeZone, currency }), [locale, timeZone, currency]);
  return <FormatContext.Provider value={value}>{children}</FormatContext.Provider>;
}

/**
 * Number, money and date formatting in the organization's locale and time zone. Outside an organization it
 * falls back to the UI language and the request's time zone.
 */
export function useFormat(): Format & { currency?: string } {
  const settings = useContext(FormatContext);
  const uiLocale = useLocale();
  const uiTimeZone = useTimeZone();
  return useMemo(() => {
    const s = settings ?? { locale: uiLocale, timeZone: uiTimeZone ?? "UTC" };
    return { ...createFormat(s), currency: settings?.currency };
  }, [settings, uiLocale, uiTimeZone]);
}
