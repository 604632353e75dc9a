// Cycle counts: receive 10 of a new item through the item page's "Receive stock" dialog, create a count of its
// warehouse ("New count"), enter 8 with the keyboard, review the difference (−2, value −4.00), post it, then see the
// item's stock at 8 and the count move in its ledger; the count list shows it posted.
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, hqWorkspaceId, receiveOnItemPage, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("receive stock, count it, review the difference, post, and see the count move", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);

  // A warehouse with one bin and an item, through the API (warehouses have no screens yet).
  const hqId = await hqWorkspaceId(page);
  const warehouse = await call<{ id: string }>(page, "inventory.warehouses.create", { workspaceId: hqId, code: `CNT-${stamp}`, name: `Count warehouse ${stamp}` });
  await call(page, "inventory.locations.create", { warehouseId: warehouse.id, code: "A-01", kind: "bin" });
  const sku = `NUT-${stamp}`;
  const item = await createItem(page, { sku, name: `Hex nut ${stamp}` });

  // Receive 10 at 2.00 on the item page.
  await page.goto(`${BASE}/inventory/items/${item.id}`);
  await receiveOnItemPage(page, sku, { warehouse: warehouse.id, location: "A-01", quantity: "10", unitCost: "2.00" });

  // The count list, through the navigation.
  await page.getByRole("link", { name: "Cycle counts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cycle counts" })).toBeVisible();
  await page.getByRole("button", { name: "New count" }).click();
  const create = page.getByRole("dialog", { name: "New cycle count" });
  await expect(create.getByRole("button", { name: "Create count" })).toBeEnabled();
  await create.getByLabel("Warehouse").selectOption(warehouse.id);
  await create.getByRole("button", { name: "Create count" }).click();

  // The count page: one line, expected 10; type 8 and Enter.
  await expect(page.getByRole("heading", { level: 1, name: /^Cycle count CNT-\d{5}$/ })).toBeVisible();
  const number = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Cycle count ", "");
  const entry = page.getByRole("table", { name: "Count entry" });
  const input = entry.getByLabel(`Counted quantity for ${sku} @ A-01`);
  await expect(entry.getByRole("row", { name: new RegExp(sku) }).getByRole("cell").nth(5)).toHaveText("10");
  await input.fill("8");
  await input.press("Enter");
  await expect(page.getByRole("definition").nth(1)).toHaveText("1");
  await expect(page.getByRole("definition").nth(2)).toHaveText("0");
  await expect(input).toHaveValue("8");
  // The totals that compare with on hand follow once the entries pause (line-cache.ts TOTALS_REFRESH_DELAY_MS).
  await expect(page.getByRole("definition").nth(3)).toHaveText("1");
  await expect(page.getByRole("definition").nth(4)).toHaveText(/^-4\.00$/);

  // Review: the snapshot difference and the adjustment are −2, value impact −4.00.
  await page.getByRole("group", { name: "Count actions" }).getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("article", { name: /^Cycle count / }).getByTestId("status-badge")).toHaveText("In review");
  const review = page.getByRole("table", { name: "Count differences" });
  const row = review.getByRole("row", { name: new RegExp(sku) });
  await expect(row.getByRole("cell")).toHaveText(["A-01", sku, "—", "10", "8", "-2", "10", "-2", "2.00", "-4.00"]);
  await expect(review.getByRole("row", { name: /Total value impact/ })).toContainText("-4.00");

  // Post, with confirmation.
  await page.getByRole("group", { name: "Count actions" }).getByRole("button", { name: "Post" }).click();
  const confirm = page.getByRole("dialog", { name: "Post?" });
  await confirm.getByRole("button", { name: "Post" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("article", { name: /^Cycle count / }).getByTestId("status-badge")).toHaveText("Posted");
  await expect(page.getByRole("group", { name: "Count actions" }).getByRole("button")).toHaveCount(0);
  // Who posted it and when: on the page, and on the printed count sheet.
  await expect(page.getByTestId("count-posted-by")).toHaveText(/^Posted by Olivia Owner on .*\d/);
  await expect(page.getByTestId("count-sheet")).toContainText(/Posted by Olivia Owner on .*\d/);

  // The list shows it posted with one difference.
  await page.getByRole("link", { name: "Cycle counts" }).first().click();
  const listRow = page.getByRole("table", { name: "Cycle counts" }).getByRole("row", { name: new RegExp(number) });
  await expect(listRow).toContainText("Posted");
  await expect(listRow).toContainText(`CNT-${stamp}`);

  // The item: 8 on hand, and the ledger's count move (−2, balance 8).
  await page.goto(`${BASE}/inventory/items/${item.id}?tab=stock`);
  const level = page.getByRole("table", { name: "Stock by location" }).getByRole("row", { name: new RegExp(`CNT-${stamp}\\s+A-01`) });
  await expect(level.getByRole("cell")).toHaveText([`CNT-${stamp}`, "A-01", "—", "8", "0", "8"]);
  await page.getByRole("tab", { name: "Ledger" }).click();
  const move = page.getByRole("table", { name: "Stock ledger" }).getByRole("row", { name: /Count/ });
  await expect(move).toHaveCount(1);
  await expect(move.getByRole("cell").nth(1)).toHaveText("Count");
  await expect(move.getByRole("cell").nth(2)).toHaveText("A-01");
  await expect(move.getByRole("cell").nth(4)).toHaveText("-2");
  await expect(move.getByRole("cell").nth(5)).toHaveText("8");
});
