import type { AppLocale } from "./config";
import type messages from "../messages/en.json";

// Message keys and locales are checked by the compiler: en.json is the source of truth.
declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: typeof messages;
  }
}
