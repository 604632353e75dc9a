// The showcase's lines through the real money rules (src/lib/money): each line rounded to the currency's minor unit,
// the document the plain sum of its rounded lines. Only the mapping from editor lines to LineInput lives here.
import type { DocumentLine, DocumentTotalsView } from "@/components/document";
import { documentTotals, lineTotals, sum, type LineTotals } from "@/lib/money";

const DECIMAL = /^\d+(\.\d+)?$/;

/** A line's totals, or null while it cannot be computed (a field empty or half-typed, a discount over 100 %). */
function totalsOf(line: DocumentLine, currency: string): LineTotals | null {
  const quantity = line.quantity.trim();
  const unitPrice = line.unitPrice.trim();
  const percent = (line.discount || "0").trim();
  const taxRate = (line.taxRate || "0").trim();
  if (![quantity, unitPrice, percent, taxRate].every((v) => DECIMAL.test(v))) return null;
  try {
    return lineTotals({ quantity, unitPrice, discount: { percent }, taxRate, pricesIncludeTax: false, currency });
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

export function kitTotals(lines: readonly DocumentLine[], currency: string): DocumentTotalsView {
  const perLine = lines.map((line) => totalsOf(line, currency));
  const computed = perLine.filter((l): l is LineTotals => l !== null);
  const doc = documentTotals(computed);
  return {
    lineAmounts: perLine.map((l) => l?.gross ?? null),
    subtotal: sum(computed.map((l) => l.base)),
    discount: doc.discount,
    tax: doc.tax,
    total: doc.gross,
  };
}
