// Cycle counts of a serial-controlled item: three serials received at one bin; the count's Serials dialog takes two
// of them and an unknown one by scanning (Enter adds); review shows one missing and one extra (unknown, received
// at posting); post; the item's ledger shows the two count moves (−1 the missing serial, +1 the new one), on hand 3.
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, hqWorkspaceId, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("count a serial item with one missing and one unknown serial, post, and see the ledger", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);

  const hqId = await hqWorkspaceId(page);
  const warehouse = await call<{ id: string }>(page, "inventory.warehouses.create", { workspaceId: hqId, code: `SER-${stamp}`, name: `Serial warehouse ${stamp}` });
  const bin = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId: warehouse.id, code: "A-01", kind: "bin" });
  const sku = `CAB-${stamp}`;
  const item = await createItem(page, { sku, name: `Cabinet ${stamp}`, serialControl: true });
  for (const n of ["A", "B", "C"])
    await call(page, "inventory.stock.receive", { itemId: item.id, locationId: bin.id, quantity: "1", unitCost: "100", serialNumber: `${stamp}-${n}` });
  const count = await call<{ id: string; number: string }>(page, "inventory.counts.create", { warehouseId: warehouse.id });

  // The count page: the serial line shows its expected quantity and a Serials action.
  await page.goto(`${BASE}/inventory/counts/${count.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Cycle count ${count.number}` })).toBeVisible();
  const entry = page.getByRole("table", { name: "Count entry" });
  const row = entry.getByRole("row", { name: new RegExp(sku) });
  await expect(row.getByRole("cell").nth(5)).toHaveText("3");
  await row.getByRole("button", { name: `Serials for ${sku} @ A-01` }).click();
  const dialog = page.getByRole("dialog", { name: `Serials — ${sku} @ A-01` });
  const scan = dialog.getByLabel("Scan or type a serial number");
  for (const n of [`${stamp}-A`, `${stamp}-B`, `${stamp}-NEW`]) {
    await scan.fill(n);
    await scan.press("Enter");
  }
  await expect(dialog.getByLabel("Serial numbers found (one per line)")).toHaveValue(`${stamp}-A\n${stamp}-B\n${stamp}-NEW`);
  await expect(dialog.getByText("3 serials")).toBeVisible();
  await dialog.getByRole("button", { name: "Save serials" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("serial-counted")).toHaveText("3");

  // Review: one missing (C), one extra unknown (NEW).
  await page.getByRole("group", { name: "Count actions" }).getByRole("button", { name: "Review" }).click();
  await expect(page.getByRole("article", { name: /^Cycle count / }).getByTestId("status-badge")).toHaveText("In review");
  const serials = page.getByRole("article", { name: `Serials of ${sku} @ A-01` });
  await expect(serials.getByRole("list", { name: /Missing/ })).toHaveText(`${stamp}-C`);
  await expect(serials.getByRole("list", { name: /Found as expected/ }).getByRole("listitem")).toHaveText([`${stamp}-A`, `${stamp}-B`]);
  await expect(serials.getByRole("list", { name: /Extra/ })).toContainText(`${stamp}-NEW`);
  await expect(serials.getByRole("list", { name: /Extra/ })).toContainText("Unknown serial: posting receives it here");

  // Post, with confirmation.
  await page.getByRole("group", { name: "Count actions" }).getByRole("button", { name: "Post" }).click();
  const confirm = page.getByRole("dialog", { name: "Post?" });
  await confirm.getByRole("button", { name: "Post" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("article", { name: /^Cycle count / }).getByTestId("status-badge")).toHaveText("Posted");

  // The item: 3 on hand, and the ledger's two count moves (−1 for C, +1 for NEW).
  await page.goto(`${BASE}/inventory/items/${item.id}?tab=stock`);
  const level = page.getByRole("table", { name: "Stock by location" }).getByRole("row", { name: new RegExp(`SER-${stamp}\\s+A-01`) });
  await expect(level.getByRole("cell").nth(3)).toHaveText("3");
  await page.getByRole("tab", { name: "Ledger" }).click();
  const moves = page.getByRole("table", { name: "Stock ledger" }).getByRole("row", { name: /Count/ });
  await expect(moves).toHaveCount(2);
  const quantities = await Promise.all([0, 1].map((i) => moves.nth(i).getByRole("cell").nth(4).textContent()));
  expect(quantities.sort()).toEqual(["-1", "1"]);
});
