// "Never floats, never JS number for money" (ARCHITECTURE §4), held on the schema: no Float field anywhere, and
// every Decimal column has the precision of what it stores — money (18,2), unit prices (18,6), quantities (18,4),
// rates and percents (9,6), exchange rates (18,8), conversion factors (18,6). A Decimal whose name says none of
// these fails too, so a new column is classified by its name or this list grows on purpose.
import { describe, expect, it } from "vitest";
import { loadPrismaSchema, type DmmfModel } from "../db/schema-diff";

// "value" is a deal's or a lead's money amount (Deal.value, Lead.estimatedValue).
const MONEY_NAME = /(amount|total|cost|tax|balance|subtotal|creditlimit|estimatedvalue)$|^value$/i;

/** Aggregates of many documents' money (derived totals tables): exact, wider than one document's amount. */
const AGGREGATES: Record<string, [number, number]> = {
  "DealTotal.value": [24, 2],
  "DealTotal.weighted": [24, 4],
  "CustomerWonTotal.wonValue": [24, 2],
  "DealCloseDayTotal.value": [24, 2],
  "DealCloseDayTotal.weighted": [24, 4],
};

function expectedPrecision(model: string, field: string): [number, number] | null {
  const aggregate = AGGREGATES[`${model}.${field}`];
  if (aggregate) return aggregate;
  if (/exchangeRate$/i.test(field) || (/ExchangeRate$/.test(model) && field === "rate")) return [18, 8];
  // Unit prices and unit costs (inventory: a move's unit cost, an item's standard and average unit cost, a variant's
  // price delta) are per unit: (18,6), before the money rule ("cost").
  if (/(price|pricedelta|unitcost)$/i.test(field)) return [18, 6];
  // Quantities, and physical measures (inventory items: weight in kg, dimensions in cm) at quantity precision.
  if (/(quantity|qty)$/i.test(field) || (/^Item$/.test(model) && /^(weight|length|width|height)$/.test(field))) return [18, 4];
  if (/(rate|percent)$/i.test(field)) return [9, 6];
  if (MONEY_NAME.test(field)) return [18, 2];
  if (/factor$/i.test(field)) return [18, 6];
  return null;
}

/** Offending fields, as "Model.field: why". Pure. */
export function moneyColumnOffenders(models: DmmfModel[]): string[] {
  const out: string[] = [];
  for (const m of models)
    for (const f of m.fields) {
      if (f.kind !== "scalar" && f.kind !== "unsupported") continue;
      const where = `${m.name}.${f.name}`;
      if (f.type === "Float" || (f.kind === "unsupported" && /float|double|real|money/i.test(f.type))) {
        out.push(`${where}: ${f.type} (floating point): use Decimal`);
        continue;
      }
      if (f.type !== "Decimal") {
        if (MONEY_NAME.test(f.name) && ["Int", "BigInt"].includes(f.type)) out.push(`${where}: ${f.type}: money is Decimal(18, 2)`);
        continue;
      }
      const want = expectedPrecision(m.name, f.name);
      if (!want) {
        out.push(`${where}: Decimal of unknown kind: name it as money, price, quantity, rate/percent, exchange rate or factor`);
        continue;
      }
      const native = f.nativeType;
      const have = native && native[0] === "Decimal" ? native[1].map(Number) : null;
      if (!have || have[0] !== want[0] || have[1] !== want[1])
        out.push(`${where}: Decimal(${have ? have.join(", ") : "default"}), expected Decimal(${want.join(", ")})`);
    }
  return out.sort();
}

describe("money columns in prisma/schema", () => {
  it("has no floats and the right precision for every Decimal", async () => {
    const schema = await loadPrismaSchema();
    const decimals = schema.models.flatMap((m) => m.fields.filter((f) => f.type === "Decimal").map((f) => `${m.name}.${f.name}`));
    expect(decimals).toEqual(expect.arrayContaining(["TaxRate.rate", "ExchangeRate.rate", "UnitOfMeasure.factor", "PaymentTerm.discountPercent"]));
    expect(moneyColumnOffenders(schema.models)).toEqual([]);
  });

  it("self-test: reports floats, wrong precision, integer money and unclassified decimals", async () => {
    const schema = await loadPrismaSchema([
      [
        "bad.prisma",
        `datasource db {
           provider = "postgresql"
         }
         model Bad {
           id          Int     @id
           grandTotal  Float
           unitPrice   Decimal @db.Decimal(18, 2)
           quantity    Decimal @db.Decimal(18, 4)
           taxRate     Decimal @db.Decimal(5, 2)
           exchangeRate Decimal @db.Decimal(18, 8)
           balance     Int
           weight      Decimal @db.Decimal(18, 3)
           netAmount   Decimal
         }`,
      ],
    ]);
    expect(moneyColumnOffenders(schema.models)).toEqual([
      "Bad.balance: Int: money is Decimal(18, 2)",
      "Bad.grandTotal: Float (floating point): use Decimal",
      "Bad.netAmount: Decimal(default), expected Decimal(18, 2)",
      "Bad.taxRate: Decimal(5, 2), expected Decimal(9, 6)",
      "Bad.unitPrice: Decimal(18, 2), expected Decimal(18, 6)",
      "Bad.weight: Decimal of unknown kind: name it as money, price, quantity, rate/percent, exchange rate or factor",
    ]);
  });
});
