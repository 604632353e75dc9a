// Tax identifiers per region pack (PRODUCT.md decision 13). Nothing regional is hard-coded elsewhere.
// Isomorphic (no server imports): the onboarding form validates with the same functions as the server.

/**
 * Kazakhstan BIN/IIN: 12 digits, the last a mod-11 check digit. First pass weights 1…11; when it gives 10, a second
 * pass with weights 3…11, 1, 2; when that also gives 10 the number is never issued.
 */
export function isValidKzBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const d = [...value].map(Number);
  const sum = (weights: number[]) => weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11;
  let check = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check !== 10 && check === d[11];
}

/**
 * The two-digit prefixes the IRS assigns to EINs (campuses, internet, SBA). 00, 07–09, 17–19, 28, 29, 49, 69, 70,
 * 78, 79, 89, 96 and 97 are never issued.
 */
const EIN_PREFIXES = new Set(
  [
    [1, 6],
    [10, 16],
    [20, 27],
    [30, 48],
    [50, 68],
    [71, 77],
    [80, 88],
    [90, 95],
    [98, 99],
  ].flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String(from! + i).padStart(2, "0"))),
);

/** US EIN: nine digits written NN-NNNNNNN (the dash may be left out), with a prefix the IRS issues. */
export function isValidUsEin(value: string): boolean {
  const m = /^(\d{2})-?(\d{7})$/.exec(value);
  return !!m && EIN_PREFIXES.has(m[1]!);
}

const BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * India GSTIN: 15 characters — state code 01–38, the holder's PAN (5 letters, the 4th its holder type, 4 digits, a
 * letter), entity number 1–9/A–Z, 'Z', and a check character: the weighted (1, 2, 1, 2 …) base-36 sum of the first 14
 * characters, each product folded (quotient + remainder by 36), subtracted from 36.
 */
export function isValidGstin(value: string): boolean {
  if (!/^\d{2}[A-Z]{3}[ABCEFGHJLPTK][A-Z]\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(value)) return false;
  const state = Number(value.slice(0, 2));
  if (state < 1 || state > 38) return false;
  let total = 0;
  for (let i = 0; i < 14; i++) {
    const product = BASE36.indexOf(value[i]!) * (i % 2 === 0 ? 1 : 2);
    total += Math.floor(product / 36) + (product % 36);
  }
  return BASE36[(36 - (total % 36)) % 36] === value[14];
}

/** The stored form of a tax id: trimmed, upper-case, and for a US EIN always NN-NNNNNNN. */
export function normalizeTaxId(country: string, taxId: string): string {
  const v = taxId.trim().toUpperCase().replace(/\s+/g, "");
  if (country === "US" && /^\d{9}$/.test(v)) return `${v.slice(0, 2)}-${v.slice(2)}`;
  return country === "KZ" || country === "IN" || country === "US" ? v : taxId.trim();
}

/** Validates a tax id for the organization's country; countries without a rule accept any non-empty id. */
export function taxIdError(country: string, taxId: string): string | null {
  const v = normalizeTaxId(country, taxId);
  switch (country) {
    case "KZ":
      return isValidKzBin(v) ? null : "Enter a valid 12-digit BIN/IIN";
    case "US":
      return isValidUsEin(v) ? null : "Enter a valid EIN (NN-NNNNNNN)";
    case "IN":
      return isValidGstin(v) ? null : "Enter a valid 15-character GSTIN";
    default:
      return null;
  }
}
