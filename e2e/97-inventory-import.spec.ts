// The items import end to end: a generated 1,000-row CSV with exactly 3 bad rows and opening stock on every tenth row
// is uploaded from the items list's "Import", mapped (suggested from the headers), checked; the error report lists
// exactly the bad rows; the background commit leads to "Import finished"; the imported items are in the list (found by
// SKU) with their stock on the item's Stock tab; the list filtered by category is exported (a download).
// Variant rows: a first file creates an item with two variants and stock per variant, a second one renames a variant
// and the dry run counts both rows under "matched by variant SKU".
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

const BASE = "/acme/hq";

function csv(token: string): string {
  const lines = ["SKU,Name,Type,Category,Base unit,List price,Standard cost,Warehouse,Location,Quantity,Unit cost"];
  for (let i = 1; i <= 1000; i++) {
    let type = "product";
    let category = i % 2 ? "RAW-MET" : "Finished goods";
    let warehouse = "MAIN";
    // Exactly three bad rows: data lines 100, 500 and 900 are file rows 101, 501 and 901 (the header is row 1).
    if (i === 100) warehouse = "NOWHERE";
    if (i === 500) type = "gadget";
    if (i === 900) category = "NO-SUCH-CATEGORY";
    const stock = i % 10 === 0 ? [warehouse, "A-01", String(i / 10), "2.50"] : ["", "", "", ""];
    lines.push([`IMP-${token}-${String(i).padStart(4, "0")}`, `Imported part ${token} ${i}`, type, category, "pcs", "9.99", "2.50", ...stock].join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

test("the owner imports 1,000 items with opening stock and 3 bad rows, finds them with their stock, and exports the filtered list", async ({ page }) => {
  test.setTimeout(240_000);
  const token = Date.now().toString(36).toUpperCase();
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto(`${BASE}/inventory/items`);
  await page.getByRole("main").getByRole("link", { name: "Import", exact: true }).click();
  await expectPath(page, `${BASE}/inventory/items/import`);
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Import items" })).toBeVisible();

  // Upload
  await main.getByLabel("File to import").setInputFiles({ name: `items-${token}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv(token), "utf8") });
  await main.getByRole("button", { name: "Upload", exact: true }).click();

  // Mapping: suggested from the English headers.
  await expect(main.getByRole("heading", { name: "Map the columns" })).toBeVisible();
  await expect(main.getByLabel("SKU *")).toHaveValue("0");
  await expect(main.getByLabel("Opening stock: warehouse")).toHaveValue("7");
  await expect(main.getByLabel("Opening stock: quantity")).toHaveValue("9");
  await main.getByRole("button", { name: "Check all rows" }).click();

  // Validation: counts, and the report lists exactly the three bad rows.
  await expect(main.getByRole("heading", { name: "Validation" })).toBeVisible({ timeout: 60_000 });
  await expect(main.getByTestId("count-total")).toHaveText("1,000");
  await expect(main.getByTestId("count-error-rows")).toHaveText("3");
  const downloading = page.waitForEvent("download");
  await main.getByRole("link", { name: "Download the error report" }).click();
  const report = (await readFile((await (await downloading).path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(report[0]).toBe("row,column,message");
  expect(report.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["101,Opening stock: warehouse", "501,Type", "901,Category"]);

  // Dry run, then the background commit.
  await expect(main.getByTestId("dry-create")).toHaveText("997");
  await expect(main.getByTestId("dry-invalid")).toHaveText("3");
  await main.getByRole("button", { name: "Import 997 rows" }).click();
  await expect(main.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 180_000 });
  await expect(main.getByTestId("done-created")).toHaveText("997");
  await expect(main.getByTestId("done-failed")).toHaveText("3");

  // The items are in the list; one with opening stock shows it on its Stock tab (row 50: quantity 5 at A-01).
  await main.getByRole("link", { name: "Open the items" }).click();
  await expectPath(page, `${BASE}/inventory/items`);
  await page.goto(`${BASE}/inventory/items?q=IMP-${token}-0050`);
  const table = page.getByRole("table", { name: "Items" });
  await expect(table.getByRole("row", { name: new RegExp(`IMP-${token}-0050`) })).toBeVisible();
  await table.getByRole("row", { name: new RegExp(`IMP-${token}-0050`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Imported part ${token} 50` })).toBeVisible();
  await page.getByRole("tab", { name: "Stock" }).click();
  const level = page.getByRole("table", { name: "Stock by location" }).getByRole("row", { name: /A-01/ });
  await expect(level.getByRole("cell")).toHaveText(["MAIN", "A-01", "—", "5", "0", "5"]);

  // The list filtered (search by this file's SKUs, category "Metals": the odd rows) exports as CSV.
  await page.goto(`${BASE}/inventory/items?q=IMP-${token}`);
  // By name, row 10 ("… 10", Finished goods) is on the first page next to row 1 ("… 1", Metals).
  await expect(table.getByRole("row", { name: new RegExp(`IMP-${token}-0010`) })).toBeVisible();
  await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: "Category", exact: true }).click();
  const editor = page.getByRole("dialog", { name: "Filter by Category" });
  await editor.getByLabel(/Metals/).check();
  await editor.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/f\.category=/);
  await expect(table.getByRole("row", { name: new RegExp(`IMP-${token}-0001`) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(`IMP-${token}-0010`) })).toHaveCount(0);
  const link = page.getByRole("link", { name: "Export CSV" });
  await expect(link).toHaveAttribute("href", /category/);
  expect(new URL((await link.getAttribute("href"))!, "http://x").pathname).toBe("/api/export/inventory.items");
  const [exported] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(exported.suggestedFilename()).toMatch(/^inventory-items-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await exported.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(lines[0]!.split(",").slice(0, 5)).toEqual(["SKU", "Name", "Type", "Status", "Category"]);
  // The 500 odd rows (the three bad rows are even ones).
  expect(lines.length - 1).toBe(500);
  expect(lines.slice(1).every((l) => l.includes(",Metals,"))).toBe(true);
});

test("a viewer (reads items) may export but has no Import button, and the import page is not found", async ({ page }) => {
  await signInOverHttp(page, "viewer@acme.test");
  await page.goto(`${BASE}/inventory/items`);
  await expect(page.getByRole("table", { name: "Items" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Import", exact: true })).toHaveCount(0);
  // The page streams behind the shell, so the answer is the not-found page rather than a 404 status.
  await page.goto(`${BASE}/inventory/items/import`);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});

test("variant rows: the first file creates an item with two variants and stock per variant; a second file renames one, matched by variant SKU", async ({ page }) => {
  const token = Date.now().toString(36).toUpperCase();
  const sku = `VIM-${token}`;
  const file = (medium: string) =>
    [
      "SKU,Name,Base unit,Variant SKU,Variant name,Variant attributes,Warehouse,Location,Quantity,Unit cost",
      `${sku},Coat ${token},pcs,${sku}-S,Small coat,size: S,MAIN,A-01,3,4.00`,
      `${sku},,,${sku}-M,${medium},size: M,MAIN,A-01,2,4.00`,
    ].join("\r\n") + "\r\n";
  await signInOverHttp(page, DEMO.acmeOwner);
  const main = page.getByRole("main");
  const importFile = async (body: string) => {
    await page.goto(`${BASE}/inventory/items/import`);
    await main.getByLabel("File to import").setInputFiles({ name: `variants-${token}.csv`, mimeType: "text/csv", buffer: Buffer.from(body, "utf8") });
    await main.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(main.getByRole("heading", { name: "Map the columns" })).toBeVisible();
    await expect(main.getByLabel("Variant SKU")).toHaveValue("3");
    await expect(main.getByLabel("Variant name")).toHaveValue("4");
    await main.getByRole("button", { name: "Check all rows" }).click();
    await expect(main.getByRole("heading", { name: "Validation" })).toBeVisible({ timeout: 60_000 });
    await expect(main.getByTestId("count-error-rows")).toHaveText("0");
  };

  // First file: the item's first row creates it and its first variant, the second row its second variant.
  await importFile(file("Medium coat"));
  await expect(main.getByTestId("dry-create")).toHaveText("2");
  await main.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(main.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });
  await expect(main.getByTestId("done-created")).toHaveText("2");

  // Second file: one variant renamed. Both rows are matched by variant SKU (the opening stock is not received again).
  await importFile(file("Long medium coat"));
  await expect(main.getByTestId("dry-update")).toHaveText("1");
  await expect(main.getByTestId("dry-skip")).toHaveText("1");
  await expect(main.getByTestId("match-variantSku")).toHaveText("Update by variant SKU: 1 · unchanged: 1");
  await expect(main.getByTestId("match-sku")).toHaveCount(0);
  await main.getByRole("button", { name: "Import 1 row" }).click();
  await expect(main.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });

  // The item's variants: the new name, and each variant's opening stock once.
  await page.goto(`${BASE}/inventory/items?q=${sku}`);
  await page.getByRole("table", { name: "Items" }).getByRole("row", { name: new RegExp(sku) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Coat ${token}` })).toBeVisible();
  await page.getByRole("tab", { name: "Variants" }).click();
  const variants = page.getByRole("table", { name: "Variants" });
  const small = variants.getByRole("row", { name: new RegExp(`${sku}-S`) });
  const medium = variants.getByRole("row", { name: new RegExp(`${sku}-M`) });
  await expect(small.getByRole("cell").nth(1)).toHaveText("Small coat size: S");
  await expect(medium.getByRole("cell").nth(1)).toHaveText("Long medium coat size: M");
  await expect(small.getByRole("cell").nth(4)).toHaveText("3");
  await expect(medium.getByRole("cell").nth(4)).toHaveText("2");
});
