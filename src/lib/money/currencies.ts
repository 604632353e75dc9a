// ISO 4217 active currency codes with their minor units (the number of decimals an amount is rounded to).
// Fund codes with minor units (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) are included; precious metals,
// SDR and testing codes (X-codes without minor units) are not: nothing is ever priced in them here.

const ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE = "BHD IQD JOD KWD LYD OMR TND";
const FOUR = "CLF UYW";
const TWO =
  "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY " +
  "COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR " +
  "IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD " +
  "NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP " +
  "SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

function table(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [codes, units] of [[ZERO, 0], [TWO, 2], [THREE, 3], [FOUR, 4]] as const) for (const c of codes.split(" ")) out[c] = units;
  return out;
}

/** code → minor units */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(table());
export const CURRENCY_CODES: readonly string[] = Object.freeze(Object.keys(CURRENCY_MINOR_UNITS).sort());

export function isCurrencyCode(code: string): boolean {
  return Object.hasOwn(CURRENCY_MINOR_UNITS, code);
}

/** Decimals of the currency's minor unit (USD 2, JPY 0, KWD 3). Unknown codes are a programming error. */
export function minorUnits(code: string): number {
  const u = CURRENCY_MINOR_UNITS[code];
  if (u === undefined) throw new RangeError(`unknown currency ${JSON.stringify(code)} (not an active ISO 4217 code)`);
  return u;
}

/** The display name in a locale, from the runtime's Intl data (no table to maintain). */
export function currencyName(code: string, locale = "en"): string {
  return new Intl.DisplayNames([locale], { type: "currency" }).of(code) ?? code;
}
