// Tax identifiers per region pack (PRODUCT.md decision 13). Nothing regional is hard-coded elsewhere.

/** Kazakhstan BIN/IIN: 12 digits, the last a mod-11 check digit with a second weight set when the first gives 10. */
export function isValidKzBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const d = [...value].map(Number);
  const sum = (weights: number[]) => weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11;
  let check = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (check === 10) check = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return check !== 10 && check === d[11];
}

/** US EIN: nine digits, written NN-NNNNNNN. */
export function isValidUsEin(value: string): boolean {
  return /^\d{2}-?\d{7}$/.test(value);
}

/** India GSTIN: 15 characters, state code, PAN, entity number, 'Z', check character (base-36 weighted sum). */
export function isValidGstin(value: string): boolean {
  if (!/^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(value)) return false;
  const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let total = 0;
  for (let i = 0; i < 14; i++) {
    const product = chars.indexOf(value[i]!) * (i % 2 === 0 ? 1 : 2);
    total += Math.floor(product / 36) + (product % 36);
  }
  return chars[(36 - (total % 36)) % 36] === value[14];
}

/** Validates a tax id for the organization's country; countries without a rule accept any non-empty id. */
export function taxIdError(country: string, taxId: string): string | null {
  switch (country) {
    case "KZ":
      return isValidKzBin(taxId) ? null : "Enter a valid 12-digit BIN/IIN";
    case "US":
      return isValidUsEin(taxId) ? null : "Enter a valid EIN (NN-NNNNNNN)";
    case "IN":
      return isValidGstin(taxId) ? null : "Enter a valid 15-character GSTIN";
    default:
      return null;
  }
}
