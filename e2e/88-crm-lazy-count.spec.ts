import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

// The customers and deals lists count lazily: the rows come first (crm.*.list with withTotal: false), the total from
// crm.*.count once they are shown — "1–25 of … (counting)" meanwhile, then "1–25 of 42".
const CUSTOMERS = "/acme/hq/crm/customers";
const COUNT = /\/api\/trpc\/[^?]*crm\.customers\.count/;

const bodyRows = (page: Page) => page.getByRole("table", { name: "Customers" }).locator("tbody tr[data-row]");

test.describe("crm lists: lazy count", () => {
  test("the customers list shows its rows first, says it is counting, then shows the total; a page holding every row needs no count", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    // Hold the count until the rows are on screen, to see the state in between.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const counts: string[] = [];
    await page.route(COUNT, async (route) => {
      counts.push(route.request().url());
      await held;
      await route.continue();
    });
    await page.goto(`${CUSTOMERS}?perPage=25`);
    await expect(bodyRows(page)).toHaveCount(25);
    const range = page.getByTestId("row-range");
    await expect(range).toHaveText("1–25 of … (counting)");
    expect(counts.length).toBeGreaterThan(0);
    release();
    // Grouped digits ("1,047"): other specs import a thousand customers into the same organization.
    await expect(range).toHaveText(/^1–25 of [\d,]+$/);
    const shown = /of ([\d,]+)$/.exec((await range.textContent()) ?? "")![1]!;
    const total = Number(shown.replaceAll(",", ""));
    expect(total).toBeGreaterThan(25); // the demo's 42 customers and whatever other tests created

    // The next page reuses the count (same q and filters): no "counting" and no new count request.
    const before = counts.length;
    await page.getByRole("button", { name: "Next" }).click();
    await expect(range).toHaveText(new RegExp(`^26–\\d+ of ${shown}$`));
    expect(counts.length).toBe(before);

    // A search whose first page holds every row: its length is the total, no count asked.
    await page.unroute(COUNT);
    const late: string[] = [];
    await page.route(COUNT, async (route) => {
      late.push(route.request().url());
      await route.continue();
    });
    await page.getByRole("searchbox", { name: "Search" }).fill("Northwind");
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(range).toHaveText("1–1 of 1");
    expect(late).toEqual([]);
  });
});
