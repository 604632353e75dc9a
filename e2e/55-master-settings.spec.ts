import { readFile } from "node:fs/promises";

import { expect, test, type Locator, type Page } from "@playwright/test";

import { parseCsv } from "../tests/helpers/csv";
import { DEMO, signInOverHttp } from "./support";

const BASE = "/acme/hq/settings";

const rowOf = (page: Page, table: string, text: string | RegExp) => page.getByRole("table", { name: table, exact: true }).getByRole("row").filter({ hasText: text });

/** A dialog field by its exact label (the required marker "*" allowed). */
const field = (scope: Locator, label: string) => scope.getByLabel(new RegExp(`^${label}\\*?$`));

const rateRows = (page: Page) => page.getByRole("table", { name: "Exchange rates", exact: true }).locator("tbody tr[data-row]");

/** Opens a DataTable filter from the Filters bar, sets it and applies it. */
async function applyFilter(page: Page, label: string, set: (editor: Locator) => Promise<void>) {
  await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: label, exact: true }).click();
  const editor = page.getByRole("dialog", { name: `Filter by ${label}` });
  await set(editor);
  await editor.getByRole("button", { name: "Apply" }).click();
  await expect(editor).toBeHidden();
}

async function reload(page: Page, heading: string) {
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

test.describe("master data settings", () => {
  test.beforeEach(async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
  });

  test("the owner adds an exchange rate for EUR", async ({ page }) => {
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Currencies" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Currencies and exchange rates" })).toBeVisible();
    await expect(rowOf(page, "Currencies", "USD")).toContainText("Base");

    await page.getByRole("button", { name: "Add exchange rate" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add exchange rate" });
    await field(dialog, "Currency").selectOption("EUR");
    await field(dialog, "Rate").fill("1,17250000");
    await field(dialog, "Valid from").fill("2026-11-15");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(rowOf(page, "Exchange rates", "1 EUR = 1.1725 USD")).toHaveCount(1);

    // A second rate for the same day is refused on the date field.
    await page.getByRole("button", { name: "Add exchange rate" }).first().click();
    await field(dialog, "Currency").selectOption("EUR");
    await field(dialog, "Rate").fill("1.2");
    await field(dialog, "Valid from").fill("2026-11-15");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText(/already a EUR→USD rate on 2026-11-15/)).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await reload(page, "Currencies and exchange rates");
    await applyFilter(page, "Currency", async (editor) => editor.getByLabel("EUR", { exact: true }).check());
    await applyFilter(page, "Date", async (editor) => editor.getByLabel("From", { exact: true }).fill("2026-11-10"));
    await expect(page).toHaveURL(/f\.currency=EUR/);
    await expect(rateRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Exchange rates", "1 EUR = 1.1725 USD")).toHaveCount(1);
  });

  test("exchange rates: filter by currency, page by cursor, export exactly the filtered rows as CSV", async ({ page }) => {
    await page.goto(`${BASE}/currencies?perPage=1`);
    await expect(page.getByRole("heading", { level: 1, name: "Currencies and exchange rates" })).toBeVisible();
    await applyFilter(page, "Currency", async (editor) => editor.getByLabel("GBP", { exact: true }).check());
    const range = page.getByTestId("row-range");
    await expect(range).toHaveText("1–1 of 2");
    await expect(rateRows(page)).toHaveCount(1);
    await expect(rateRows(page).first()).toContainText("1 GBP = 1.315 USD");

    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(range).toHaveText(/^2–2/);
    await expect(rateRows(page).first()).toContainText("1 GBP = 1.27 USD");
    await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

    const link = page.getByRole("link", { name: "Export CSV" });
    const href = new URL((await link.getAttribute("href"))!, "http://x");
    expect(href.pathname).toBe("/api/export/settings.exchange-rates");
    expect(JSON.parse(href.searchParams.get("input")!)).toEqual({ filters: { currency: { type: "enum", values: ["GBP"] } }, perPage: 1 });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^settings-exchange-rates-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, "")));
    expect(header).toEqual(["Valid from", "Currency", "Rate", "Base currency", "Id"]);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ["2026-11-01", "GBP", "1.315", "USD"],
      ["2026-01-01", "GBP", "1.27", "USD"],
    ]);
  });

  test("the owner creates a tax rate and makes it the default", async ({ page }) => {
    await page.goto(`${BASE}/tax-rates`);
    await expect(page.getByRole("heading", { level: 1, name: "Tax rates" })).toBeVisible();
    await expect(rowOf(page, "Tax rates", "Illinois sales tax")).toContainText("Default");

    await page.getByRole("button", { name: "Add tax rate" }).click();
    const dialog = page.getByRole("dialog", { name: "Add tax rate" });
    await field(dialog, "Name").fill("Cook County tax");
    await field(dialog, "Code").fill("COOK");
    await field(dialog, "Rate").fill("10.25");
    await field(dialog, "Type").selectOption("sales");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(rowOf(page, "Tax rates", "Cook County tax")).toContainText("10.25%");

    await page.getByRole("button", { name: "Make Cook County tax the default" }).click();
    await expect(rowOf(page, "Tax rates", "Cook County tax")).toContainText("Default");

    await reload(page, "Tax rates");
    await expect(rowOf(page, "Tax rates", "Cook County tax")).toContainText("Default");
    await expect(rowOf(page, "Tax rates", "Illinois sales tax")).not.toContainText("Default");
    // The default cannot be archived: the action is not offered.
    await expect(page.getByRole("button", { name: "Archive Cook County tax" })).toHaveCount(0);
  });

  test("the owner adds a unit box with a factor", async ({ page }) => {
    await page.goto(`${BASE}/units`);
    await expect(page.getByRole("heading", { level: 1, name: "Units of measure" })).toBeVisible();
    await page.getByRole("button", { name: "Add unit" }).click();
    const dialog = page.getByRole("dialog", { name: "Add unit" });
    await field(dialog, "Code").fill("box");
    await field(dialog, "Name").fill("Box of 12");
    await field(dialog, "Category").selectOption("count");
    await field(dialog, "Factor").fill("12");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    await reload(page, "Units of measure");
    const box = rowOf(page, "Units of measure", "Box of 12");
    await expect(box).toContainText("12 pcs");
    await expect(box).toContainText("Count");
  });

  test("the owner archives and restores a payment term", async ({ page }) => {
    await page.goto(`${BASE}/payment-terms`);
    await expect(page.getByRole("heading", { level: 1, name: "Payment terms" })).toBeVisible();
    await expect(rowOf(page, "Payment terms", /^\s*Net 30/)).toContainText("Default");

    await page.getByRole("button", { name: "Archive Net 15" }).click();
    await expect(rowOf(page, "Payment terms", "Net 15")).toContainText("Archived");
    await reload(page, "Payment terms");
    await expect(rowOf(page, "Payment terms", "Net 15")).toContainText("Archived");

    await page.getByRole("button", { name: "Restore Net 15" }).click();
    await expect(rowOf(page, "Payment terms", "Net 15")).toContainText("Active");
    await reload(page, "Payment terms");
    await expect(rowOf(page, "Payment terms", "Net 15")).toContainText("Active");
    await expect(page.getByRole("button", { name: "Archive Net 15" })).toBeVisible();
  });

  test("the clerk has no master data pages", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto(`${BASE}/currencies`);
    await expect(page.getByRole("heading", { level: 1, name: "Currencies and exchange rates" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Currencies" })).toHaveCount(0);
  });
});
