// Inventory items: the list's "New item" form (a duplicate SKU answers on the SKU field), the item page, receiving
// stock into a location through the "Receive stock" dialog, then the Stock tab (12 on hand) and the Ledger tab (the
// receipt, balance 12); a viewer (inventory reads only) sees the list without "New item".
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, hqWorkspaceId, pcsUnitId, receiveOnItemPage, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("create an item, receive 12 units into a location, see stock and ledger", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);

  // Warehouses and locations have no screens yet: one of each through the API, in the hq workspace.
  const hqId = await hqWorkspaceId(page);
  const warehouse = await call<{ id: string }>(page, "inventory.warehouses.create", { workspaceId: hqId, code: `E2E-${stamp}`, name: `E2E warehouse ${stamp}` });
  await call(page, "inventory.locations.create", { warehouseId: warehouse.id, code: "A-01", kind: "bin" });
  // An item whose SKU the form then tries to reuse.
  const pcs = { id: await pcsUnitId(page) };
  await createItem(page, { sku: `DUP-${stamp}`, name: "Existing item" });

  await page.goto(`${BASE}/inventory/items`);
  await expect(page.getByRole("heading", { level: 1, name: "Items" })).toBeVisible();
  await page.getByRole("button", { name: "New item" }).click();
  const dialog = page.getByRole("dialog", { name: "New item" });
  await dialog.getByLabel("SKU").fill(`DUP-${stamp}`);
  await dialog.getByLabel("Name").fill(`Hex bolt M8 ${stamp}`);
  await dialog.getByLabel("Type").selectOption("material");
  await dialog.getByLabel("Base unit").selectOption(pcs.id);
  await dialog.getByLabel("List price").fill("0.90");
  await dialog.getByLabel("Standard cost").fill("0.50");
  await dialog.getByRole("button", { name: "Create item" }).click();
  // The duplicate SKU answers on the SKU field.
  await expect(dialog.getByLabel("SKU")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText(`SKU DUP-${stamp} is already used by "Existing item"`)).toBeVisible();
  await dialog.getByLabel("SKU").fill(`BOLT-${stamp}`);
  await dialog.getByRole("button", { name: "Create item" }).click();

  // The new item's page.
  await expect(page.getByRole("heading", { level: 1, name: `Hex bolt M8 ${stamp}` })).toBeVisible();
  await expect(page.getByText(`BOLT-${stamp}`, { exact: true })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("SKU")).toHaveValue(`BOLT-${stamp}`);

  // Receive 12 at 5.00 into A-01.
  await receiveOnItemPage(page, `BOLT-${stamp}`, { warehouse: warehouse.id, location: "A-01", quantity: "12", unitCost: "5.00" });

  await page.getByRole("tab", { name: "Stock" }).click();
  const stock = page.getByRole("table", { name: "Stock by location" });
  const level = stock.getByRole("row", { name: new RegExp(`E2E-${stamp}\\s+A-01`) });
  await expect(level).toBeVisible();
  await expect(level.getByRole("cell")).toHaveText([`E2E-${stamp}`, "A-01", "—", "12", "0", "12"]);

  await page.getByRole("tab", { name: "Ledger" }).click();
  const ledger = page.getByRole("table", { name: "Stock ledger" });
  const receipt = ledger.getByRole("row", { name: /Receipt/ });
  await expect(receipt).toHaveCount(1);
  await expect(receipt.getByRole("cell").nth(1)).toHaveText("Receipt");
  await expect(receipt.getByRole("cell").nth(3)).toHaveText("A-01");
  await expect(receipt.getByRole("cell").nth(4)).toHaveText("12");
  await expect(receipt.getByRole("cell").nth(5)).toHaveText("12");
  await expect(receipt.getByRole("cell").nth(6)).toHaveText("5.00");
  await expect(receipt.getByRole("cell").nth(7)).toHaveText("60.00");

  // Overview: edit the name (saved with the version read); the header follows.
  await page.getByRole("tab", { name: "Overview" }).click();
  await page.getByLabel("Name").fill(`Hex bolt M8x30 ${stamp}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Hex bolt M8x30 ${stamp}` })).toBeVisible();

  // The list finds it by SKU.
  await page.goto(`${BASE}/inventory/items?q=BOLT-${stamp}`);
  await expect(page.getByRole("table", { name: "Items" }).getByRole("row", { name: new RegExp(`BOLT-${stamp}`) })).toBeVisible();
});

test("the clerk (sales role, no inventory permission) has no Items entry and no items page", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeClerk);
  await page.goto(`${BASE}/crm/customers`);
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Items", exact: true })).toHaveCount(0);
  // The page streams behind the shell, so the answer is the not-found page rather than a 404 status.
  await page.goto(`${BASE}/inventory/items`);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Items" })).toHaveCount(0);
});

test("a viewer sees the items but no New item", async ({ page }) => {
  await signInOverHttp(page, "viewer@acme.test");
  await page.goto(`${BASE}/inventory/items`);
  await expect(page.getByRole("heading", { level: 1, name: "Items" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Items" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New item" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Items", exact: true })).toBeVisible();
});
