// Stock document files and print: the owner attaches a file to a transfer (listed, with a download link), prints the
// transfer (print media: the document and its lines, no shell, no tabs; a "print" audit event), and prints a blind
// cycle count's count sheet, which shows the lines with an empty "Counted" column and no expected quantity.
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, createWarehouseWithBin, query, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("attach a file to a transfer, print it, and print a blind count's sheet", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);

  // A warehouse with two bins and 7 of a new item in the first, through the API.
  const { warehouseId, binId } = await createWarehouseWithBin(page, { code: `PRN-${stamp}`, name: `Print warehouse ${stamp}` }, "P-01");
  const bin2 = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId, code: "P-02", kind: "bin" });
  const sku = `PRN-${stamp}`;
  const item = await createItem(page, { sku, name: `Printed widget ${stamp}` });
  await call(page, "inventory.stock.receive", { itemId: item.id, locationId: binId, quantity: "7", unitCost: "3" });
  const transfer = await call<{ id: string; number: string }>(page, "inventory.transfers.create", {
    fromWarehouseId: warehouseId,
    toWarehouseId: warehouseId,
    lines: [{ itemId: item.id, fromLocationId: binId, toLocationId: bin2.id, quantity: "4" }],
  });

  // Attachments tab: upload, listed with its uploader, a download link.
  await page.goto(`${BASE}/inventory/transfers/${transfer.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Stock transfer" })).toBeVisible();
  await page.getByRole("tab", { name: "Attachments" }).click();
  const files = page.getByRole("region", { name: "Attachments" });
  await expect(files.getByText("No files yet.")).toBeVisible();
  await files.getByLabel("Choose files to attach").setInputFiles({ name: "waybill.pdf", mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n% waybill ${stamp}\n`) });
  await expect(files.getByRole("link", { name: "waybill.pdf", exact: true })).toBeVisible();
  await expect(files.getByRole("row", { name: /waybill\.pdf/ })).toContainText("Olivia Owner");
  await expect(files.getByRole("link", { name: "Download waybill.pdf" })).toHaveAttribute("href", /\/api\/files\//);

  // Print: the button is there; printing records a "print" audit event for the transfer.
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  const printButton = page.getByRole("button", { name: "Print" });
  await expect(printButton).toBeVisible();
  await printButton.click();
  await expect
    .poll(async () => (await query<{ action: string }[]>(page, "audit.events.forRecord", { table: "inventory.stock_transfers", recordId: transfer.id })).map((e) => e.action))
    .toContain("print");

  // The printed layout: the document with its lines; no navigation, no tabs, no buttons.
  await page.emulateMedia({ media: "print" });
  const lines = page.getByRole("table", { name: "Lines" });
  await expect(lines).toBeVisible();
  await expect(lines.getByRole("row", { name: new RegExp(sku) })).toContainText("P-01");
  await expect(lines.getByRole("row", { name: new RegExp(sku) })).toContainText("P-02");
  await expect(lines.getByRole("row", { name: new RegExp(sku) })).toContainText("4");
  await expect(page.getByRole("heading", { level: 1, name: "Stock transfer" })).toBeVisible();
  await expect(page.getByText(transfer.number).first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Modules" })).toBeHidden();
  await expect(page.getByRole("tablist")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // A blind count of the warehouse: its count sheet never shows the expected quantity.
  const count = await call<{ id: string; number: string }>(page, "inventory.counts.create", { warehouseId, blind: true });
  await page.goto(`${BASE}/inventory/counts/${count.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Cycle count ${count.number}` })).toBeVisible();
  const sheet = page.getByTestId("count-sheet");
  await expect(sheet).toBeHidden();
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.getByRole("button", { name: "Print count sheet" }).click();
  await page.emulateMedia({ media: "print" });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole("heading", { name: `Count sheet ${count.number}` })).toBeVisible();
  const sheetLines = sheet.getByRole("table", { name: "Count sheet lines" });
  await expect(sheetLines.getByRole("columnheader")).toHaveText(["#", "Location", "SKU", "Item", "Lot", "Counted"]);
  const row = sheetLines.getByRole("row", { name: new RegExp(sku) });
  await expect(row.getByRole("cell")).toHaveText([/\d+/, "P-01", sku, `Printed widget ${stamp}`, "", ""]);
  await expect(sheet).not.toContainText("Expected");
  await expect(page.getByRole("article", { name: /^Cycle count / })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Modules" })).toBeHidden();
});
