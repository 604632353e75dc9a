// Adjustments by reason: two posted adjustments and a draft with a reason of the run's own (through the API) in a
// warehouse of its own; the report (from the adjustments list's "By reason" link, this month by default, filtered to
// the warehouse) shows the reason's row and the totals; its link opens the adjustments list filtered to exactly those
// documents; the CSV export downloads the row. And the reasons card's archive with a stale version says so.
// State: a warehouse, an item and a reason of the run's own (the reason is left active); nothing other specs read.
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { parseCsv } from "../tests/helpers/csv";
import { BASE, call, createItem, createWarehouseWithBin, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

type Doc = { id: string; number: string; version: number; status: string };

test("the adjustments by reason report: a reason's row and totals, the drill-down and the export", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const { warehouseId, binId } = await createWarehouseWithBin(page, { code: `RSN-${stamp}`, name: `Reasons ${stamp}` }, "R-01");
  const item = await createItem(page, { sku: `RSN-${stamp}`, name: `Reason widget ${stamp}` });
  const reasonName = `Spoiled ${stamp}`;
  const reason = await call<{ id: string; code: string; version: number }>(page, "inventory.adjustmentReasons.create", { code: `SP${stamp}`, name: reasonName });
  const adjust = (quantity: string, unitCost?: string) =>
    call<Doc>(page, "inventory.adjustments.create", { warehouseId, reasonId: reason.id, lines: [{ itemId: item.id, locationId: binId, quantity, ...(unitCost ? { unitCost } : {}) }] });
  const post = async (d: Doc) => expect((await call<Doc>(page, "inventory.adjustments.post", { id: d.id, version: d.version })).status).toBe("posted");
  // +5 at 2 (10.00 added), then −2 at the average 2 (4.00 removed); a draft of −1 does not count.
  const added = await adjust("5", "2");
  await post(added);
  const removed = await adjust("-2");
  await post(removed);
  const draft = await adjust("-1");

  await page.goto(`${BASE}/inventory/adjustments`);
  await page.getByRole("link", { name: "By reason", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Adjustments by reason" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Adjustments by reason", exact: true })).toHaveAttribute("href", `${BASE}/inventory/adjustments/by-reason`);
  // This month by default.
  await expect(page.getByLabel("From")).toHaveValue(/^\d{4}-\d{2}-01$/);
  await page.getByLabel("Warehouse").selectOption(warehouseId);
  await expect(page).toHaveURL(new RegExp(`warehouse=${warehouseId}`));

  const table = page.getByRole("table", { name: "Adjustments by reason" });
  const row = table.locator("tbody tr", { hasText: reasonName });
  await expect(row).toHaveCount(1);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(row.getByRole("cell")).toHaveText(["2 adjustments", /^2 lines/, "10.00", "4.00", "6.00"]);
  const totals = table.locator("tfoot tr");
  await expect(totals.getByRole("rowheader")).toHaveText("Total");
  await expect(totals.getByRole("cell")).toHaveText(["2 adjustments", /^2 lines/, "10.00", "4.00", "6.00"]);

  // The export: the report's input as `filters`, one row per reason.
  const link = page.getByRole("link", { name: "Export CSV" });
  const href = new URL((await link.getAttribute("href"))!, "http://x");
  expect(href.pathname).toBe("/api/export/inventory.adjustmentsByReason");
  expect(JSON.parse(href.searchParams.get("input")!)).toMatchObject({ filters: { warehouseId } });
  await expect(page.getByRole("link", { name: "Export XLSX" })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^inventory-adjustmentsByReason-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...lines] = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, ""))).filter((l) => l.length > 1);
  expect(header).toEqual(["Code", "Reason", "Archived", "Adjustments", "Lines", "Lines adding stock", "Lines removing stock", "Value added", "Value removed", "Net value"]);
  expect(lines).toEqual([[reason.code, reasonName, "no", "2", "2", "1", "1", "10.00", "4.00", "6.00"]]);

  // Drill down: the posted adjustments of that reason, warehouse and period — the two posted ones, not the draft.
  await row.getByRole("link", { name: new RegExp(reasonName) }).click();
  await expect(page).toHaveURL(/\/inventory\/adjustments\?/);
  const url = new URL(page.url());
  expect(url.searchParams.getAll("f.status")).toEqual(["posted"]);
  expect(url.searchParams.getAll("f.reason")).toEqual([reason.id]);
  expect(url.searchParams.getAll("f.warehouse")).toEqual([warehouseId]);
  expect(url.searchParams.get("f.posted")).toMatch(/^\d{4}-\d{2}-01\.\.\d{4}-\d{2}-\d{2}$/);
  const list = page.getByRole("table", { name: "Stock adjustments" });
  await expect(list.getByRole("row", { name: new RegExp(added.number) })).toBeVisible({ timeout: 30_000 });
  await expect(list.getByRole("row", { name: new RegExp(removed.number) })).toBeVisible();
  await expect(list.getByRole("row", { name: new RegExp(draft.number) })).toHaveCount(0);
  await expect(list.locator("tbody tr")).toHaveCount(2);

  // A period without posted adjustments: the empty state. An end date before the start date: said in place.
  await page.goto(`${BASE}/inventory/adjustments/by-reason?from=2026-03-10&to=2026-03-31&warehouse=${warehouseId}`);
  await expect(page.getByText("No posted adjustments in this period.")).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("To").fill("2026-03-01");
  await expect(page.getByText("The end date must not be before the start date")).toBeVisible();
  await expect(page.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
});

test("the reasons card archives only the reason as it was read", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const code = `ST${stamp}`;
  const reason = await call<{ id: string; version: number }>(page, "inventory.adjustmentReasons.create", { code, name: `Stale ${stamp}` });
  await page.goto(`${BASE}/settings/inventory`);
  const reasons = page.getByRole("table", { name: "Adjustment reasons" });
  const row = reasons.getByRole("row", { name: new RegExp(`Stale ${stamp}`) });
  await expect(row).toContainText("Active", { timeout: 30_000 });
  // Someone else renames it after the card loaded: archiving from the card's read says so and changes nothing.
  await call(page, "inventory.adjustmentReasons.update", { id: reason.id, version: reason.version, code, name: `Stale ${stamp} (renamed)` });
  await page.getByRole("button", { name: `Archive reason ${code}` }).click();
  await expect(page.getByText("changed by someone else")).toBeVisible();
  // The list now shows the reason as it is; archiving and restoring from there work.
  await expect(reasons.getByRole("row", { name: new RegExp(`Stale ${stamp} \\(renamed\\)`) })).toContainText("Active");
  await page.getByRole("button", { name: `Archive reason ${code}` }).click();
  await expect(reasons.getByRole("row", { name: new RegExp(`Stale ${stamp}`) })).toContainText("Archived");
  await page.getByRole("button", { name: `Restore reason ${code}` }).click();
  await expect(reasons.getByRole("row", { name: new RegExp(`Stale ${stamp}`) })).toContainText("Active");
});
