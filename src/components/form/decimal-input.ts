/** Decimal typed as text: "," is read as the decimal point, the value stays a string (never a JS number). */
export function normalizeDecimalInput(text: string): string {
  return text.replace(/\s/g, "").replace(",", ".");
}

/** Pads "12.5" to the currency's minor units ("12.50"); leaves anything that is not a plain decimal alone. */
export function padMinorUnits(amount: string, digits: number): string {
  const match = /^(-?\d+)(?:\.(\d*))?$/.exec(amount);
  if (!match) return amount;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return amount;
  return digits === 0 ? match[1]! : `${match[1]}.${fraction.padEnd(digits, "0")}`;
}
