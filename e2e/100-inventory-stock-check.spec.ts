// The stock consistency check as an admin action: on Settings → Inventory the owner runs it (by keyboard) after a
// receipt and a transfer, and sees that levels, cost positions and stock counters match the ledger.
import { expect, test } from "@playwright/test";

import { BASE, call, createItem, createWarehouseWithBin, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("the owner runs the stock consistency check from the inventory settings", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const { warehouseId, binId } = await createWarehouseWithBin(page, { code: `CHK-${stamp}`, name: `Checked warehouse ${stamp}` }, "K-01");
  const bin2 = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId, code: "K-02", kind: "bin" });
  const item = await createItem(page, { sku: `CHK-${stamp}`, name: `Checked widget ${stamp}` });
  await call(page, "inventory.stock.receive", { itemId: item.id, locationId: binId, quantity: "5", unitCost: "2.5" });
  await call(page, "inventory.stock.transfer", { itemId: item.id, fromLocationId: binId, toLocationId: bin2.id, quantity: "2" });

  await page.goto(`${BASE}/settings/inventory`);
  await expect(page.getByRole("heading", { level: 1, name: "Inventory settings" })).toBeVisible();
  const run = page.getByRole("button", { name: "Run the check" });
  await run.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Consistent" })).toContainText(
    "Consistent: levels, cost positions and stock counters match the ledger.",
    { timeout: 30_000 },
  );
  await expect(page.getByRole("table", { name: "Differences" })).toHaveCount(0);
});
