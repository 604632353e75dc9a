// Inventory reports: receive a new lot of the demo's lot-controlled copper wire through the item page, find it in the
// stock on hand report grouped by lot, open its trace from the lot column (the receipt), see today's valuation
// include its value and a date before it not, and its category's value grouped by category, and export the report
// (CSV download with the lot's row).
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { parseCsv } from "../tests/helpers/csv";
import { BASE, query, receiveOnItemPage, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

const money = (n: number) => new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);

test("receive a lot, see it by lot, trace it, value it today and not before, export the report", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  const lot = `E2E-${stamp}`;
  await signInOverHttp(page, DEMO.acmeOwner);

  const items = await query<{ rows: { id: string; sku: string }[] }>(page, "inventory.items.list", { q: "MAT-COPPER-W", perPage: 5 });
  const wire = items.rows.find((r) => r.sku === "MAT-COPPER-W")!;
  expect(wire, "the demo's lot-controlled item").toBeTruthy();
  const past = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const valueOf = async (asOf?: string) => {
    const v = await query<{ rows: { id: string; value: string }[] }>(page, "inventory.reports.valuation", { filters: { item: { type: "enum", values: [wire.id] }, ...(asOf ? { asOf: { type: "text", value: asOf } } : {}) }, perPage: 5 });
    return Number(v.rows[0]?.value ?? "0");
  };
  const [before, pastValue] = [await valueOf(), await valueOf(past)];
  // Its category's value now (grouped by category: the closed days' category rows + the moves after them).
  const byCategory = await query<{ rows: { id: string; code: string; value: string }[] }>(page, "inventory.reports.valuation", { filters: { group: { type: "enum", values: ["category"] } }, perPage: 100 });
  const metals = byCategory.rows.find((r) => r.code === "RAW-MET");
  const categoryBefore = Number(metals?.value ?? "0");

  // Receive 10 m of a new lot at 2.50 through the item page.
  await page.goto(`${BASE}/inventory/items/${wire.id}`);
  await receiveOnItemPage(page, "MAT-COPPER-W", { warehouse: { label: "MAIN — Main warehouse" }, location: "A-01", quantity: "10", unitCost: "2.50", lot: lot });

  // Stock on hand, grouped by lot: the new lot's row.
  await page.goto(`${BASE}/inventory/stock?q=MAT-COPPER-W`);
  await expect(page.getByRole("heading", { level: 1, name: "Stock on hand" })).toBeVisible();
  await page.getByRole("radio", { name: "By lot" }).click();
  await expect(page.getByRole("radio", { name: "By lot" })).toHaveAttribute("aria-checked", "true");
  const table = page.getByRole("table", { name: "Stock on hand" });
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: lot, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").filter({ hasText: /^10$/ }).first()).toBeVisible();
  await expect(row.getByRole("cell").filter({ hasText: /^25\.00$/ }).first()).toBeVisible();

  // Export the report as it is (grouped by lot, searched by SKU): a CSV download with the lot's row.
  const link = page.getByRole("link", { name: "Export CSV" });
  const href = new URL((await link.getAttribute("href"))!, "http://x");
  expect(href.pathname).toBe("/api/export/inventory.stock");
  expect(JSON.parse(href.searchParams.get("input")!)).toMatchObject({ q: "MAT-COPPER-W", filters: { group: { type: "enum", values: ["lot"] } } });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^inventory-stock-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, "")));
  const lotColumn = header!.indexOf("Lot");
  const exported = lines.find((l) => l[lotColumn] === lot);
  expect(exported?.[header!.indexOf("On hand")]).toBe("10");

  // The lot column opens the trace: the item, its stock at MAIN / A-01 and the receipt.
  await row.getByRole("link", { name: lot, exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Lot ${lot}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "MAT-COPPER-W" })).toBeVisible();
  const levels = page.getByRole("table", { name: "Current stock" });
  await expect(levels.getByRole("row", { name: /MAIN\s+A-01/ }).getByRole("cell").nth(2)).toHaveText("10");
  const moves = page.getByRole("table", { name: "Moves" });
  await expect(moves.getByRole("row", { name: /Receipt/ })).toHaveCount(1);
  await expect(moves.getByRole("row", { name: /Receipt/ }).getByRole("cell").nth(3)).toHaveText("MAIN / A-01");
  await expect(moves.getByRole("row", { name: /Receipt/ }).getByRole("cell").nth(6)).toHaveText("25.00");

  // Valuation today includes the lot's 25.00; two days ago it did not.
  await page.goto(`${BASE}/inventory/valuation?q=MAT-COPPER-W`);
  await expect(page.getByRole("heading", { level: 1, name: "Inventory valuation" })).toBeVisible();
  const valuation = page.getByRole("table", { name: "Inventory valuation" });
  const wireRow = valuation.getByRole("row").filter({ has: page.getByRole("link", { name: "MAT-COPPER-W" }) });
  await expect(wireRow.getByRole("cell").last()).toHaveText(money(before + 25));
  await page.getByLabel("As of").fill(past);
  await expect(page).toHaveURL(new RegExp(`f\\.asOf=${past}`));
  if (pastValue === 0) {
    await expect(valuation.getByText("No rows match these filters")).toBeVisible();
    await expect(wireRow).toHaveCount(0);
  }
  else await expect(wireRow.getByRole("cell").last()).toHaveText(money(pastValue));

  // Grouped by category, now: the wire's category (RAW-MET) holds the lot's 25.00 more.
  await page.goto(`${BASE}/inventory/valuation`);
  await page.getByRole("radio", { name: "By category" }).click();
  await expect(page.getByRole("radio", { name: "By category" })).toHaveAttribute("aria-checked", "true");
  const metalsRow = valuation.getByRole("row").filter({ hasText: "RAW-MET" });
  await expect(metalsRow.getByRole("cell").last()).toHaveText(money(categoryBefore + 25));
});

test("the clerk (no inventory permission) has no stock report entry and no page", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeClerk);
  await page.goto(`${BASE}/crm/customers`);
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Stock on hand", exact: true })).toHaveCount(0);
  await page.goto(`${BASE}/inventory/stock`);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});
