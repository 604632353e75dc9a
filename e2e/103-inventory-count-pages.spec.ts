// A count with more lines than a page: the entry table shows 100 lines at a time with the lists' pagination; Enter on
// a page's last line saves it and goes on to the next page's first line (↑ back); the search runs over every line and
// goes back to the first page. (A stocktake of a warehouse has tens of thousands of lines: only a page is rendered.)
import { expect, test } from "@playwright/test";

import { call, createItem, createWarehouseWithBin, stampNow, BASE } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("count page: 130 lines in pages of 100, Enter crosses to the next page, search from the first page", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const { warehouseId, binId } = await createWarehouseWithBin(page, { code: `PG${stamp}`.slice(0, 20), name: `Paged ${stamp}` }, "P-01");
  const item = await createItem(page, { sku: `PAGED-${stamp}`, name: `Paged lots ${stamp}`, lotControl: true });
  const lots = Array.from({ length: 130 }, (_, i) => `L${String(i + 1).padStart(3, "0")}`);
  for (let i = 0; i < lots.length; i += 10)
    await Promise.all(
      lots.slice(i, i + 10).map((lotNumber) => call(page, "inventory.stock.receive", { itemId: item.id, locationId: binId, quantity: "1", unitCost: "1.00", lotNumber })),
    );
  const count = await call<{ id: string; number: string }>(page, "inventory.counts.create", { warehouseId });

  await page.goto(`${BASE}/inventory/counts/${count.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Cycle count ${count.number}` })).toBeVisible();
  const entry = page.getByRole("table", { name: "Count entry" });
  const range = page.getByTestId("row-range");
  await expect(range).toHaveText("1–100 of 130");
  await expect(entry.getByRole("row")).toHaveCount(101); // the header and 100 lines
  const input = (lot: string) => page.getByLabel(`Counted quantity for ${item.sku} (${lot}) @ P-01`);
  await expect(input("L101")).toHaveCount(0);

  // Enter on the page's last line saves it and moves to the first line of the next page.
  await input("L100").fill("1");
  await input("L100").press("Enter");
  await expect(range).toHaveText("101–130 of 130");
  await expect(input("L101")).toBeFocused();
  await page.keyboard.type("2");
  await page.keyboard.press("ArrowUp"); // saves L101, back to L100 on the first page
  await expect(range).toHaveText("1–100 of 130");
  await expect(input("L100")).toBeFocused();
  await expect(input("L100")).toHaveValue("1");

  // The pagination's buttons; the saved quantity of L101 is there on the second page.
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("button", { name: "Next" }).click();
  await expect(input("L101")).toHaveValue("2");
  // The search runs over all 130 lines and starts from the first page: L120–L129.
  await page.getByLabel("Find a line").fill("L12");
  await expect(entry.getByRole("row")).toHaveCount(11);
  await expect(input("L120")).toBeVisible();
  await expect(input("L129")).toBeVisible();
  await expect(range).toHaveCount(0); // 10 lines: no pagination
});
