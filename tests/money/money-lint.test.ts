// The lint rule of eslint.config.mjs that keeps JS numbers away from money: it must fire on money-named number
// types and z.number() schemas, and stay quiet on Decimal types and on counts.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

async function moneyMessages(code: string) {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath: "src/lib/money-lint-fixture.ts" });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => `${m.line}:${m.message.slice(0, 22)}`);
}

describe("no JS number for money (eslint.config.mjs)", () => {
  it("fires on number-typed money properties, parameters, variables, class fields and zod numbers", async () => {
    const found = await moneyMessages(
      [
        'import { z } from "zod";',
        "export interface Line { unitPrice: number; taxAmount: number }",
        "export function f(amount: number) { return amount; }",
        "export const grossTotal: number = 0;",
        "export class Account { balance: number = 0; }",
        "export const S = z.object({ discountAmount: z.number().min(0), cost: z.coerce.number() });",
      ].join("\n"),
    );
    expect(found).toEqual([
      "2:Money is never a JS nu",
      "2:Money is never a JS nu",
      "3:Money is never a JS nu",
      "4:Money is never a JS nu",
      "5:Money is never a JS nu",
      "6:Money is never a JS nu",
      "6:Money is never a JS nu",
    ]);
  }, 60_000);

  it("stays quiet on Decimal money, decimal strings and plain counts", async () => {
    const found = await moneyMessages(
      [
        'import { z } from "zod";',
        'import type { Decimal } from "@/lib/money";',
        "export interface Line { unitPrice: Decimal; quantity: number; total?: number; totalAmount: Decimal }",
        "export function f(amount: Decimal, count: number) { return amount.times(count.toString()); }",
        'export const S = z.object({ amount: z.string().regex(/^\\d+(\\.\\d+)?$/), page: z.number(), total: z.number() });',
      ].join("\n"),
    );
    expect(found).toEqual([]);
  }, 60_000);
});
