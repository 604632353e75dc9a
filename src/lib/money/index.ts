// Isomorphic money, tax and currency helpers (server and browser). See README.md.
export { dec, sum, ZERO, type Decimal, type DecimalInput } from "./decimal";
export { CURRENCY_CODES, CURRENCY_MINOR_UNITS, currencyName, isCurrencyCode, minorUnits } from "./currencies";
export { minorUnit, round, roundTo, type RoundingMode } from "./round";
export { documentTotals, lineTotals, type DocumentTotals, type LineDiscount, type LineInput, type LineTotals, type TaxBreakdownRow } from "./totals";
export { convert, inverseRate, toBaseAmount } from "./convert";
