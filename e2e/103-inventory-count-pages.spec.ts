// A count with more lines than a page: the server answers 100 lines at a time (inventory.counts.lines) with the lists'
// pagination; Enter on a page's last line saves it and goes on to the next page's first line (↑ back); a smaller page
// size; the search runs in SQL over every line (a line on page 3 is found) and goes back to the first page; "only
// uncounted" keeps a line just counted on screen. (A stocktake of a warehouse has tens of thousands of lines: only a
// page is loaded.)
import { expect, test } from "@playwright/test";

import { call, createItem, createWarehouseWithBin, stampNow, BASE } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("count page: 130 lines in server pages of 100, Enter crosses to the next page, page size, search, only uncounted", async ({ page }) => {
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
  const pagination = page.getByRole("navigation", { name: "Pagination" });
  await pagination.getByRole("button", { name: "Next" }).click();
  await expect(input("L101")).toHaveValue("2");

  // 25 per page: back to the first page; page 3 holds L051–L075.
  await pagination.getByLabel("Rows per page").selectOption("25");
  await expect(range).toHaveText("1–25 of 130");
  await expect(entry.getByRole("row")).toHaveCount(26);
  await expect(input("L060")).toHaveCount(0);
  await pagination.getByRole("button", { name: "Next" }).click();
  await expect(range).toHaveText("26–50 of 130");
  await pagination.getByRole("button", { name: "Page 3" }).click();
  await expect(range).toHaveText("51–75 of 130");
  await expect(input("L060")).toBeVisible();
  await pagination.getByRole("button", { name: "Page 1" }).click();
  await expect(range).toHaveText("1–25 of 130");

  // The search runs over all 130 lines (on the server) and starts from the first page: L060 of page 3, then L120–L129.
  const search = page.getByLabel("Find a line");
  await search.fill("L060");
  await expect(entry.getByRole("row")).toHaveCount(2);
  await expect(input("L060")).toBeVisible();
  await expect(range).toHaveCount(0); // 1 line: no pagination
  await search.fill("L12");
  await expect(entry.getByRole("row")).toHaveCount(11);
  await expect(input("L120")).toBeVisible();
  await expect(input("L129")).toBeVisible();
  await expect(range).toHaveCount(0); // 10 lines: no pagination

  // Only uncounted: 128 lines; a line counted there stays on screen (and in the total) until the filter changes.
  await search.fill("");
  await page.getByLabel("Only uncounted").check();
  await expect(range).toHaveText("1–25 of 128");
  await expect(input("L100")).toHaveCount(0);
  await input("L001").fill("1");
  await input("L001").press("Enter");
  await expect(input("L002")).toBeFocused();
  await expect(page.getByRole("definition").nth(1)).toHaveText("3"); // the header's counted total
  await expect(input("L001")).toHaveValue("1");
  await expect(range).toHaveText("1–25 of 128");
  await page.getByLabel("Only uncounted").uncheck();
  await page.getByLabel("Only uncounted").check();
  await expect(range).toHaveText("1–25 of 127");
  await expect(input("L001")).toHaveCount(0);
});
