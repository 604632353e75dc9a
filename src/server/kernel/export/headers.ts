// Column headers in the exporting user's language: each column names a message key, the header row is that message
// in the locale the request resolves to (the same order as the pages: src/i18n/config.ts resolveLocale). Cell values
// are never translated (ISO dates, dot decimals, ids, enum codes).
import { createTranslator, type MessageKeys, type NestedKeyOf } from "use-intl/core";
import type { AppLocale } from "@/i18n/config";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

type Catalog = typeof en;
/** Any leaf message of the catalogs (en.json is the source of truth for keys). */
export type ExportHeaderKey = MessageKeys<Catalog, NestedKeyOf<Catalog>>;

// ru.json is checked against en.json by the catalog tests; the cast only lets one translator type serve both.
const CATALOGS: Record<AppLocale, Catalog> = { en, ru: ru as unknown as Catalog };

const english = createTranslator({ locale: "en", messages: en });

/** The header row of a list's columns in `locale`; a message missing from that catalog falls back to English. */
export function exportHeaders(columns: readonly { header: ExportHeaderKey }[], locale: AppLocale): string[] {
  if (locale === "en") return columns.map((c) => english(c.header));
  const t = createTranslator({
    locale,
    messages: CATALOGS[locale],
    onError: () => {},
    getMessageFallback: ({ namespace, key }) => english((namespace ? `${namespace}.${key}` : key) as ExportHeaderKey),
  });
  return columns.map((c) => t(c.header));
}
