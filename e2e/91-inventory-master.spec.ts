// Inventory master data: a warehouse with a zone and a bin through the warehouses screens (archiving a bin that holds
// stock is refused), the categories editor (a subcategory created by keyboard, a category moved up by keyboard and
// dragged onto another) and an item created without a SKU in a category with a part-number series (SKU …-0001).
import { expect, test } from "@playwright/test";

import { BASE, call, hqWorkspaceId, query, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("create a warehouse with a zone and a bin; a bin holding stock cannot be archived", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const hqId = await hqWorkspaceId(page);

  await page.goto(`${BASE}/inventory/warehouses`);
  await expect(page.getByRole("heading", { level: 1, name: "Warehouses" })).toBeVisible();
  const table = page.getByRole("table", { name: "Warehouses" });
  await expect(table.getByRole("row", { name: /OVERFLOW/ })).toBeVisible();

  await page.getByRole("button", { name: "New warehouse" }).click();
  const dialog = page.getByRole("dialog", { name: "New warehouse" });
  await expect(dialog.getByRole("button", { name: "Create warehouse" })).toBeEnabled();
  await dialog.getByLabel("Workspace").selectOption(hqId);
  await dialog.getByLabel("Code").fill(`W${stamp}`);
  await dialog.getByLabel("Name").fill(`Warehouse ${stamp}`);
  await dialog.getByRole("button", { name: "Create warehouse" }).click();

  // The warehouse page: no locations yet; add a zone, then a bin inside it from the zone's actions.
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`W${stamp}`) })).toBeVisible();
  await expect(page.getByText("No locations yet")).toBeVisible();
  await page.getByRole("button", { name: "Add location" }).click();
  const newZone = page.getByRole("dialog", { name: "New location" });
  await expect(newZone.getByRole("button", { name: "Create location" })).toBeEnabled();
  await newZone.getByLabel("Code").fill("Z1");
  await newZone.getByLabel("Kind").selectOption("zone");
  await newZone.getByRole("button", { name: "Create location" }).click();
  await expect(newZone).toBeHidden();
  const tree = page.getByRole("tree", { name: `Locations of W${stamp}` });
  await expect(tree.getByRole("treeitem", { name: "Z1" })).toBeVisible();

  await page.getByRole("button", { name: "Actions for Z1" }).click();
  await page.getByRole("menuitem", { name: "Add location inside" }).click();
  const newBin = page.getByRole("dialog", { name: "New location" });
  await expect(newBin.getByRole("button", { name: "Create location" })).toBeEnabled();
  await newBin.getByLabel("Code").fill("BIN-1");
  await newBin.getByLabel("Name").fill("Top shelf");
  await newBin.getByRole("button", { name: "Create location" }).click();
  await expect(newBin).toBeHidden();
  const bin = tree.getByRole("treeitem", { name: "Z1" }).getByRole("treeitem", { name: "BIN-1 — Top shelf" });
  await expect(bin).toBeVisible();
  await expect(bin).toHaveAttribute("aria-level", "2");

  // Stock in the bin: archiving it is refused with a clear message.
  const locations = await query<{ roots: { id: string; code: string; children: { id: string; code: string }[] }[]; warehouse: { id: string } }>(page, "inventory.locations.tree", {
    warehouseId: new URL(page.url()).pathname.split("/").pop(),
  });
  const binId = locations.roots[0]!.children[0]!.id;
  const options = await query<{ units: { id: string; code: string }[] }>(page, "inventory.items.formOptions");
  const item = await call<{ id: string }>(page, "inventory.items.create", { sku: `WH-${stamp}`, name: "Stocked item", baseUnitId: options.units.find((u) => u.code === "pcs")!.id });
  await call(page, "inventory.stock.receive", { itemId: item.id, locationId: binId, quantity: "2", unitCost: "1" });
  await page.getByRole("button", { name: "Actions for BIN-1" }).click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(page.getByText(`BIN-1 still holds stock (WH-${stamp}: 2): move it to another location before archiving BIN-1.`)).toBeVisible();
  await expect(bin).toBeVisible();
});

test("categories: create a subcategory by keyboard, move one up by keyboard, drag one onto another", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto(`${BASE}/inventory/categories`);
  await expect(page.getByRole("heading", { level: 1, name: "Categories" })).toBeVisible();
  const tree = page.getByRole("tree", { name: "Categories" });
  await expect(tree.getByRole("treeitem", { name: "Conveyor parts (CONV-PRT)" })).toBeVisible();

  const alpha = `Alpha ${stamp} (A-${stamp})`;
  const beta = `Beta ${stamp} (B-${stamp})`;
  for (const [name, code] of [[`Alpha ${stamp}`, `A-${stamp}`], [`Beta ${stamp}`, `B-${stamp}`]] as const) {
    await page.getByRole("button", { name: "New category" }).click();
    const dialog = page.getByRole("dialog", { name: "New category" });
    await expect(dialog.getByRole("button", { name: "Create category" })).toBeEnabled();
    await dialog.getByLabel("Code").fill(code);
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create category" }).click();
    await expect(dialog).toBeHidden();
    await expect(tree.getByRole("treeitem", { name: `${name} (${code})` })).toBeVisible();
  }

  // By keyboard: Alpha's actions menu → "Add subcategory", type, Enter.
  await page.getByRole("button", { name: `Actions for Alpha ${stamp}` }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Add subcategory" })).toBeFocused();
  await page.keyboard.press("Enter");
  const child = page.getByRole("dialog", { name: "New category" });
  await expect(child.getByRole("button", { name: "Create category" })).toBeEnabled();
  await expect(child.getByLabel("Parent category")).toHaveValue(/.+/);
  await child.getByLabel("Code").focus();
  await page.keyboard.type(`C-${stamp}`);
  await page.keyboard.press("Tab");
  await page.keyboard.type(`Child ${stamp}`);
  await page.keyboard.press("Enter");
  await expect(child).toBeHidden();
  await expect(tree.getByRole("treeitem", { name: alpha }).getByRole("treeitem", { name: `Child ${stamp} (C-${stamp})` })).toBeVisible();

  // By keyboard: Beta (last) moves up above Alpha.
  // (Only this test's roots: another test may add its own at the same time.)
  const rootNames = async () =>
    (await tree.locator(':scope > [role="treeitem"]').evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""))).filter((n) => n.includes(stamp));
  expect(await rootNames()).toEqual([alpha, beta]);
  await page.getByRole("button", { name: `Move Beta ${stamp} up` }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(rootNames).toEqual([beta, alpha]);

  // Drag and drop: Beta onto Alpha puts it inside Alpha.
  const row = (label: string) => tree.getByRole("treeitem", { name: label }).locator(":scope > div").first();
  await row(beta).dragTo(row(alpha), { sourcePosition: { x: 40, y: 12 } });
  await expect(tree.getByRole("treeitem", { name: alpha }).getByRole("treeitem", { name: beta })).toBeVisible();
  await expect.poll(rootNames).toEqual([alpha]);
});

test("an item created without a SKU in a numbered category gets the series' first number", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto(`${BASE}/inventory/categories`);
  await page.getByRole("button", { name: "New category" }).click();
  const dialog = page.getByRole("dialog", { name: "New category" });
  await expect(dialog.getByRole("button", { name: "Create category" })).toBeEnabled();
  await dialog.getByLabel("Code").fill(`NUM-${stamp}`);
  await dialog.getByLabel("Name").fill(`Numbered ${stamp}`);
  await dialog.getByLabel("Part-number series").fill(`N${stamp}-{####}`);
  await dialog.getByRole("button", { name: "Create category" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("treeitem", { name: `Numbered ${stamp} (NUM-${stamp})` }).getByText(`Series N${stamp}-{####}`)).toBeVisible();

  const options = await query<{ units: { id: string; code: string }[] }>(page, "inventory.items.formOptions");
  await page.goto(`${BASE}/inventory/items`);
  await page.getByRole("button", { name: "New item" }).click();
  const create = page.getByRole("dialog", { name: "New item" });
  await expect(create.getByRole("button", { name: "Create item" })).toBeEnabled();
  await create.getByLabel("Category").selectOption({ label: `Numbered ${stamp} (NUM-${stamp})` });
  await expect(create.getByText(`SKU assigned from the series on save (next: N${stamp}-0001)`)).toBeVisible();
  await create.getByLabel("Name").fill(`Numbered part ${stamp}`);
  await create.getByLabel("Base unit").selectOption(options.units.find((u) => u.code === "pcs")!.id);
  await create.getByRole("button", { name: "Create item" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Numbered part ${stamp}` })).toBeVisible();
  await expect(page.getByLabel("SKU")).toHaveValue(`N${stamp}-0001`);
});
