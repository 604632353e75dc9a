// Inventory items: the list's "New item" form (a duplicate SKU answers on the SKU field), the item page, receiving
// stock into a location through the "Receive stock" dialog, then the Stock tab (12 on hand) and the Ledger tab (the
// receipt, balance 12); a viewer (inventory reads only) sees the list without "New item".
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, hqWorkspaceId, pcsUnitId, query, receiveOnItemPage, stampNow } from "./inventory-support";
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

test("the Overview edits the whole item master; a repeated specification answers on its row", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const successor = await createItem(page, { sku: `PUMP2-${stamp}`, name: `Pump mk2 ${stamp}` });
  const item = await createItem(page, { sku: `PUMP1-${stamp}`, name: `Pump ${stamp}` });
  const { units } = await query<{ units: { id: string; code: string }[] }>(page, "inventory.items.formOptions");
  const kg = units.find((u) => u.code === "kg")!.id;

  await page.goto(`${BASE}/inventory/items/${item.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Pump ${stamp}` })).toBeVisible();
  await page.getByLabel("Description").fill("Centrifugal pump for clean water");
  await page.getByLabel("Tags").fill("pumps, water");
  // Units: bought by the kilogram (1 kg = 40 pieces).
  await page.getByRole("button", { name: "Add a unit" }).click();
  await expect(page.getByLabel("Unit 1", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Unit 1", { exact: true }).selectOption(kg);
  await page.getByLabel("Base units in one (unit 1)").fill("40");
  await page.getByLabel("Purchase unit").selectOption(kg);
  await page.getByLabel("Barcodes").fill(`46${stamp}1, 46${stamp}2`);
  await page.getByLabel("Make or buy").selectOption("buy");
  await page.getByLabel("Lead time").fill("14");
  await page.getByLabel("Tax category").selectOption({ label: "IL — Illinois sales tax (6.25%)" });
  await page.getByLabel("Weight").fill("7.5");
  await page.getByLabel("Length").fill("40");
  await page.getByLabel("Width").fill("25");
  await page.getByLabel("Height").fill("30");
  await page.getByLabel("Shelf life").fill("365");
  // Two specifications, the second with the first one's name: refused on its own row.
  await page.getByRole("button", { name: "Add a specification" }).click();
  await page.getByLabel("Name of specification 1").fill("Power");
  await page.getByLabel("Value of specification 1").fill("750 W");
  await page.getByRole("button", { name: "Add a specification" }).click();
  await page.getByLabel("Name of specification 2").fill("power");
  await page.getByLabel("Value of specification 2").fill("230 V");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Name of specification 2")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText('"power" is listed twice')).toBeVisible();
  await page.getByLabel("Name of specification 2").fill("Voltage");
  // Discontinued, replaced by the mk2 (picked by keyboard in the item search).
  await page.getByLabel("Status").selectOption("discontinued");
  await page.getByRole("combobox", { name: "Replaced by" }).click();
  await page.getByPlaceholder(/search/i).last().fill(`PUMP2-${stamp}`);
  await page.getByRole("option", { name: new RegExp(`PUMP2-${stamp}`) }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Item saved")).toBeVisible();

  const saved = await query<Record<string, unknown>>(page, "inventory.items.get", { id: item.id });
  expect(saved).toMatchObject({
    description: "Centrifugal pump for clean water", tags: ["pumps", "water"], purchaseUnitId: kg, conversions: [{ unitId: kg, factor: "40.000000" }],
    barcodes: [`46${stamp}1`, `46${stamp}2`], makeOrBuy: "buy", leadTimeDays: 14, taxRate: { code: "IL" }, weight: "7.5000", length: "40.0000",
    width: "25.0000", height: "30.0000", shelfLifeDays: 365, specifications: { Power: "750 W", Voltage: "230 V" }, status: "discontinued",
    replacedBy: { id: successor.id, sku: `PUMP2-${stamp}` }, version: 2,
  });

  // After a reload the form shows what was saved.
  await page.reload();
  await expect(page.getByLabel("Description")).toHaveValue("Centrifugal pump for clean water");
  await expect(page.getByLabel("Tags")).toHaveValue("pumps, water");
  await expect(page.getByLabel("Base units in one (unit 1)")).toHaveValue("40");
  await expect(page.getByLabel("Lead time")).toHaveValue("14");
  await expect(page.getByLabel("Weight")).toHaveValue("7.5");
  await expect(page.getByLabel("Value of specification 2")).toHaveValue("230 V");
  await expect(page.getByRole("combobox", { name: "Replaced by" })).toContainText(`PUMP2-${stamp}`);
  // Active again: the replacement field goes, and saving clears it.
  await page.getByLabel("Status").selectOption("active");
  await expect(page.getByRole("combobox", { name: "Replaced by" })).toHaveCount(0);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Item saved")).toBeVisible();
  await expect.poll(async () => (await query<{ replacedBy: unknown; status: string }>(page, "inventory.items.get", { id: item.id })).replacedBy).toBeNull();
});
