// Stock document exports: post an adjustment and keep another as a draft (through the API), open the adjustments list
// filtered to posted ones and download its CSV: the posted adjustment's row is in it, the draft is not.
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { parseCsv } from "../tests/helpers/csv";
import { BASE, call, createItem, createWarehouseWithBin, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("the adjustments list exports its filtered rows as CSV", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const { warehouseId, binId } = await createWarehouseWithBin(page, { code: `EXP-${stamp}`, name: `Export warehouse ${stamp}` }, "X-01");
  const item = await createItem(page, { sku: `EXP-${stamp}`, name: `Export widget ${stamp}`, standardUnitCost: "2" });
  let reasons = 0;
  const adjust = async (reason: string) => {
    // A reason of the organization's list, named with the run's stamp (a comma included: the CSV quotes it).
    const { id: reasonId } = await call<{ id: string }>(page, "inventory.adjustmentReasons.create", { code: `X${stamp}${++reasons}`, name: reason });
    return call<{ id: string; number: string; version: number }>(page, "inventory.adjustments.create", {
      warehouseId, reasonId, lines: [{ itemId: item.id, locationId: binId, quantity: "3", unitCost: "2" }],
    });
  };
  const posted = await adjust(`Found, ${stamp}`);
  await call(page, "inventory.adjustments.post", { id: posted.id, version: posted.version });
  const draft = await adjust(`Draft ${stamp}`);

  await page.goto(`${BASE}/inventory/adjustments?f.status=posted`);
  const table = page.getByRole("table", { name: "Stock adjustments" });
  // The first page a fresh server renders can take a while on a busy machine.
  await expect(table.getByRole("row", { name: new RegExp(posted.number) })).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole("row", { name: new RegExp(draft.number) })).toHaveCount(0);

  const link = page.getByRole("link", { name: "Export CSV" });
  const href = new URL((await link.getAttribute("href"))!, "http://x");
  expect(href.pathname).toBe("/api/export/inventory.adjustments");
  expect(JSON.parse(href.searchParams.get("input")!)).toMatchObject({ filters: { status: { type: "enum", values: ["posted"] } } });
  await expect(page.getByRole("link", { name: "Export XLSX" })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^inventory-adjustments-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, ""))).filter((l) => l.length > 1);
  const col = (name: string) => header!.indexOf(name);
  const row = lines.find((l) => l[col("Number")] === posted.number);
  expect(row, `${posted.number} in the export`).toBeTruthy();
  expect([row![col("Status")], row![col("Warehouse")], row![col("Reason")], row![col("Lines")], row![col("Total quantity")], row![col("Total value")]]).toEqual([
    "posted", `EXP-${stamp}`, `Found, ${stamp}`, "1", "3", "6.00",
  ]);
  expect(lines.some((l) => l[col("Number")] === draft.number)).toBe(false);
  expect(lines.every((l) => l[col("Status")] === "posted")).toBe(true);
});
