// Country packs: what choosing a country at onboarding pre-fills (currency, time zone, locale, the tax-id rule) and
// the tax rate it creates. Isomorphic, so the onboarding form and the server read the same table. Adding a country
// with its own rules means one entry in PACKS (and, for an id rule, a validator in tax-id.ts).

export interface CountryTaxRate {
  code: string;
  name: string;
  /** Percent, as a decimal string. */
  rate: string;
  kind: "vat" | "sales" | "gst" | "exempt";
}

export interface CountryPack {
  country: string;
  currency: string;
  timeZone: string;
  locale: string;
  /** Label and example of the national tax id, when the country has a validated one. */
  taxId?: { label: string; example: string };
  taxRate?: CountryTaxRate;
}

const PACKS: Record<string, CountryPack> = {
  KZ: {
    country: "KZ",
    currency: "KZT",
    timeZone: "Asia/Almaty",
    locale: "ru-KZ",
    taxId: { label: "BIN/IIN", example: "971240001315" },
    taxRate: { code: "VAT12", name: "VAT 12%", rate: "12", kind: "vat" },
  },
  IN: {
    country: "IN",
    currency: "INR",
    timeZone: "Asia/Kolkata",
    locale: "en-IN",
    taxId: { label: "GSTIN", example: "27AAPFU0939F1ZV" },
    taxRate: { code: "GST18", name: "GST 18%", rate: "18", kind: "gst" },
  },
  US: {
    country: "US",
    currency: "USD",
    timeZone: "America/New_York",
    locale: "en-US",
    taxId: { label: "EIN", example: "12-3456789" },
  },
};

/** Currencies of common countries without a pack of their own; anything else defaults to USD. */
const CURRENCIES: Record<string, string> = {
  RU: "RUB", UZ: "UZS", KG: "KGS", TJ: "TJS", TM: "TMT", AZ: "AZN", AM: "AMD", GE: "GEL", BY: "BYN", UA: "UAH",
  MD: "MDL", MN: "MNT", TR: "TRY", CN: "CNY", JP: "JPY", KR: "KRW", SG: "SGD", HK: "HKD", AE: "AED", SA: "SAR",
  IL: "ILS", GB: "GBP", CH: "CHF", NO: "NOK", SE: "SEK", DK: "DKK", PL: "PLN", CZ: "CZK", HU: "HUF", RO: "RON",
  DE: "EUR", FR: "EUR", IT: "EUR", ES: "EUR", PT: "EUR", NL: "EUR", BE: "EUR", AT: "EUR", IE: "EUR", FI: "EUR",
  GR: "EUR", EE: "EUR", LV: "EUR", LT: "EUR", SK: "EUR", SI: "EUR", HR: "EUR", LU: "EUR", CY: "EUR", MT: "EUR",
  CA: "CAD", MX: "MXN", BR: "BRL", AR: "ARS", CL: "CLP", CO: "COP", AU: "AUD", NZ: "NZD", ZA: "ZAR", NG: "NGN",
  EG: "EGP", KE: "KES", PK: "PKR", BD: "BDT", ID: "IDR", MY: "MYR", TH: "THB", VN: "VND", PH: "PHP",
};

/** The countries the onboarding form offers (ISO 3166-1 alpha-2), packs first. */
export const COUNTRIES: readonly string[] = [...Object.keys(PACKS), ...Object.keys(CURRENCIES)];

/** The pack of `country`, or sensible defaults: the country's currency from a small table (else USD), UTC, en-US. */
export function countryPack(country: string): CountryPack {
  return PACKS[country] ?? { country, currency: CURRENCIES[country] ?? "USD", timeZone: "UTC", locale: "en-US" };
}

export function hasTaxIdRule(country: string): boolean {
  return !!PACKS[country]?.taxId;
}
