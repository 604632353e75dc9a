// The item page completed: an item with two variants (size S / M, generated from the attribute), stock received into a
// bin for one variant (the Receive dialog asks for the variant) and part of it transferred to another bin (the transfer
// line asks for the variant too, as does a count's "Add found item"), a substitute, the item found by its barcode with
// Ctrl+K, archive and restore (the read-only banner), and delete refused with the server's message.
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, hqWorkspaceId, pickItem, runTransition, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("variants, receiving a variant, a substitute, Ctrl+K by barcode, archive / restore, delete refused", async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = stampNow();
  const sku = `TEE-${stamp}`;
  const barcode = `BC${stamp}`;
  await signInOverHttp(page, DEMO.acmeOwner);

  // A bin in the hq workspace, the item (with its barcode) and the item that will be its substitute.
  const hqId = await hqWorkspaceId(page);
  const warehouse = await call<{ id: string }>(page, "inventory.warehouses.create", { workspaceId: hqId, code: `E96-${stamp}`, name: `E2E 96 ${stamp}` });
  await call(page, "inventory.locations.create", { warehouseId: warehouse.id, code: "BIN-1", kind: "bin" });
  const bin2 = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId: warehouse.id, code: "BIN-2", kind: "bin" });
  const item = await createItem(page, { sku, name: `T-shirt ${stamp}`, barcodes: [barcode] });
  await createItem(page, { sku: `SUB-${stamp}`, name: `Polo shirt ${stamp}` });

  // Variants: generated from "size: S, M".
  await page.goto(`${BASE}/inventory/items/${item.id}?tab=variants`);
  await expect(page.getByRole("heading", { level: 1, name: `T-shirt ${stamp}` })).toBeVisible();
  await expect(page.getByText("No variants.", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Generate variants" }).click();
  const generate = page.getByRole("dialog", { name: "Generate variants" });
  await expect(generate.getByRole("button", { name: /Create/ })).toBeEnabled();
  await generate.getByLabel("Attributes and values").fill("size: S, M");
  await expect(generate.getByRole("list", { name: "Variants to create" }).getByRole("listitem")).toHaveCount(2);
  await generate.getByRole("button", { name: "Create 2 variants" }).click();
  await expect(generate).toBeHidden();
  const variants = page.getByRole("table", { name: "Variants" });
  await expect(variants.getByRole("row", { name: new RegExp(`${sku}-S`) })).toBeVisible();
  await expect(variants.getByRole("row", { name: new RegExp(`${sku}-M`) })).toBeVisible();

  // Receive 5 of size S into BIN-1: the dialog asks for the variant.
  await page.getByRole("button", { name: "Receive stock" }).click();
  const receive = page.getByRole("dialog", { name: `Receive ${sku}` });
  await expect(receive.getByRole("button", { name: "Receive", exact: true })).toBeEnabled();
  await receive.getByLabel("Variant").selectOption({ label: `${sku}-S — size: S` });
  await receive.getByLabel("Warehouse").selectOption(warehouse.id);
  await receive.getByLabel("Location").selectOption({ label: "BIN-1" });
  await receive.getByLabel("Quantity").fill("5");
  await receive.getByLabel("Unit cost").fill("4.00");
  await receive.getByRole("button", { name: "Receive", exact: true }).click();
  await expect(receive).toBeHidden();
  const small = variants.getByRole("row", { name: new RegExp(`${sku}-S`) });
  await expect(small.getByRole("cell").nth(4)).toHaveText("5");
  await expect(variants.getByRole("row", { name: new RegExp(`${sku}-M`) }).getByRole("cell").nth(4)).toHaveText("0");
  await page.getByRole("tab", { name: "Stock" }).click();
  await expect(page.getByRole("table", { name: "Stock by location" }).getByRole("row", { name: new RegExp(`E96-${stamp}\\s+BIN-1\\s+${sku}-S`) })).toBeVisible();

  // 2 of size S moved to BIN-2 by a stock transfer: its line asks for the variant, and saving without one says so.
  await page.goto(`${BASE}/inventory/transfers/new`);
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await page.getByLabel("From warehouse").selectOption(warehouse.id);
  await page.getByLabel("To warehouse").selectOption(warehouse.id);
  const line = page.getByRole("group", { name: "Line 1" });
  await pickItem(page, line, sku);
  await expect(line.getByLabel("Variant")).toBeVisible();
  await line.getByLabel("From location").selectOption({ label: "BIN-1" });
  await line.getByLabel("To location").selectOption({ label: "BIN-2" });
  await line.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(line.getByText(`${sku} has variants: choose one`)).toBeVisible();
  await line.getByLabel("Variant").selectOption({ label: `${sku}-S — size: S` });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stock transfer" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lines" })).toContainText(`Variant: ${sku}-S`);
  await runTransition(page, "Post", "Posted");
  await page.goto(`${BASE}/inventory/items/${item.id}`);
  await page.getByRole("tab", { name: "Stock" }).click();
  const byLocation = page.getByRole("table", { name: "Stock by location" });
  await expect(byLocation.getByRole("row", { name: new RegExp(`E96-${stamp}\\s+BIN-1\\s+${sku}-S\\s.*\\b3\\b`) })).toBeVisible();
  await expect(byLocation.getByRole("row", { name: new RegExp(`E96-${stamp}\\s+BIN-2\\s+${sku}-S\\s.*\\b2\\b`) })).toBeVisible();

  // A count of BIN-2 finds a size M there: "Add found item" asks for the variant, and the line shows it.
  const count = await call<{ id: string }>(page, "inventory.counts.create", { warehouseId: warehouse.id, locationId: bin2.id });
  await page.goto(`${BASE}/inventory/counts/${count.id}`);
  await page.getByRole("button", { name: "Add found item" }).click();
  const found = page.getByRole("dialog", { name: "Add a found item" });
  await pickItem(page, found, sku);
  await found.getByLabel("Variant").selectOption({ label: `${sku}-M — size: M` });
  await found.getByLabel("Counted quantity").fill("1");
  await found.getByRole("button", { name: "Add line" }).click();
  await expect(found).toBeHidden();
  await expect(page.getByRole("cell", { name: `${sku} / ${sku}-M`, exact: true })).toBeVisible();
  await page.goto(`${BASE}/inventory/items/${item.id}`);

  // A substitute, chosen by SKU.
  await page.getByRole("tab", { name: "Substitutes" }).click();
  await expect(page.getByText("No substitutes yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add substitute" }).click();
  const add = page.getByRole("dialog", { name: `Add a substitute for ${sku}` });
  await expect(add.getByRole("button", { name: "Add substitute" })).toBeEnabled();
  await add.getByRole("combobox", { name: "Substitute item" }).click();
  await page.keyboard.type(`SUB-${stamp}`);
  await expect(page.getByRole("option", { name: new RegExp(`SUB-${stamp}`) })).toBeVisible();
  await page.keyboard.press("Enter");
  await add.getByLabel("Kind").selectOption("preferred");
  await add.getByRole("button", { name: "Add substitute" }).click();
  await expect(add).toBeHidden();
  const substitute = page.getByRole("table", { name: "Substitutes" }).getByRole("row", { name: new RegExp(`SUB-${stamp}`) });
  await expect(substitute).toContainText("Preferred");

  // Where used: no bill of materials yet; History shows the variants.
  await page.getByRole("tab", { name: "Where used" }).click();
  await expect(page.getByText("Used in no bill of materials — bills of materials come with manufacturing.")).toBeVisible();
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByText(`Variant ${sku}-S added`)).toBeVisible();

  // Ctrl+K: the barcode finds the item from another page.
  await page.goto(`${BASE}/inventory/items`);
  await expect(page.getByRole("heading", { level: 1, name: "Items" })).toBeVisible();
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog");
  await expect(palette).toBeVisible();
  await page.keyboard.type(barcode);
  const hit = palette.getByRole("option", { name: new RegExp(`${sku} — T-shirt ${stamp}`) });
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/inventory/items/${item.id}`));
  await expect(page.getByRole("heading", { level: 1, name: `T-shirt ${stamp}` })).toBeVisible();

  // Archive: read-only with the banner; restore.
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByText("This item is archived: it is read-only and its stock cannot move.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Receive stock" })).toHaveCount(0);
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByText("This item is archived: it is read-only and its stock cannot move.")).toBeHidden();
  await expect(page.getByRole("button", { name: "Receive stock" })).toBeVisible();

  // Delete is refused: the item has stock moves.
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${sku}?` });
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(confirm.getByRole("alert")).toHaveText(`${sku} has stock moves and cannot be deleted; archive it instead.`);
  await expect(confirm.getByRole("button", { name: "Archive instead" })).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: `T-shirt ${stamp}` })).toBeVisible();
});
