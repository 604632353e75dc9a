// Rows added to a form ("Add line", "Add a unit") start without errors: a new row shows one when the user leaves
// one of its fields (before any save; after a failed save, when a field changes) or saves; the errors already shown on
// the other rows stay as they were, and saving still shows every error. Checked on the stock documents' lines
// (adjustment and transfer) and the item Overview's units.
import { expect, test, type Locator, type Page } from "@playwright/test";

import { BASE, createItem, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

const invalid = (scope: Locator | Page) => scope.locator('[aria-invalid="true"]');

/** Signed in as the owner, on a new stock document's form; returns its line n. */
async function newDocument(page: Page, kind: "adjustments" | "transfers") {
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto(`${BASE}/inventory/${kind}/new`);
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  return (n: number) => page.getByRole("group", { name: `Line ${n}` });
}

test("stock adjustment: an added line shows no error until it is left or the draft is saved", async ({ page }) => {
  test.setTimeout(90_000);
  const line = await newDocument(page, "adjustments");

  // Before any save: adding a line flags neither the new line nor the first, untouched one.
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(line(2)).toBeVisible();
  await expect(line(2).getByRole("combobox", { name: "Item" })).toBeFocused();
  // (the array is re-checked after the render: give it the time to land before asserting nothing did)
  await page.waitForTimeout(500);
  await expect(invalid(page)).toHaveCount(0);
  // Leaving the new line's difference empty flags that field only.
  await line(2).getByLabel("Difference").focus();
  await page.keyboard.press("Tab");
  await expect(line(2).getByLabel("Difference")).toHaveAttribute("aria-invalid", "true");
  await expect(invalid(page)).toHaveCount(1);

  // Saving shows every error, on both lines.
  await page.getByRole("button", { name: "Save draft" }).click();
  for (const n of [1, 2]) {
    await expect(line(n).getByRole("combobox", { name: "Item" })).toHaveAttribute("aria-invalid", "true");
    await expect(line(n).getByLabel("Difference")).toHaveAttribute("aria-invalid", "true");
  }
  // Line 1's difference is fixed; its item stays flagged.
  await line(1).getByLabel("Difference").fill("1");
  await expect(line(1).getByLabel("Difference")).not.toHaveAttribute("aria-invalid", "true");

  // After the failed save, a third line still starts clean, and the errors of lines 1 and 2 stay as they were.
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(line(3)).toBeVisible();
  await expect(line(3).getByRole("combobox", { name: "Item" })).toBeFocused();
  await page.waitForTimeout(500);
  await expect(invalid(line(3))).toHaveCount(0);
  await expect(invalid(line(1))).toHaveCount(1);
  await expect(line(1).getByRole("combobox", { name: "Item" })).toHaveAttribute("aria-invalid", "true");
  await expect(invalid(line(2))).toHaveCount(2);
  // Once saved, the form checks a field as it changes (react-hook-form's reValidateMode): a difference typed and
  // erased is flagged; saving again flags the whole line.
  await line(3).getByLabel("Difference").fill("5");
  await line(3).getByLabel("Difference").fill("");
  await expect(line(3).getByLabel("Difference")).toHaveAttribute("aria-invalid", "true");
  await expect(line(3).getByRole("combobox", { name: "Item" })).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(line(3).getByRole("combobox", { name: "Item" })).toHaveAttribute("aria-invalid", "true");

  // Removing a line keeps the others' errors on their own lines.
  await page.getByRole("button", { name: "Remove line 2" }).click();
  await expect(line(3)).toHaveCount(0);
  await expect(invalid(line(1))).toHaveCount(1);
  await expect(invalid(line(2))).toHaveCount(2);
});

test("stock transfer: an added line starts without errors", async ({ page }) => {
  const line = await newDocument(page, "transfers");
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(line(2)).toBeVisible();
  await page.waitForTimeout(500);
  await expect(invalid(page)).toHaveCount(0);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(line(2).getByLabel("Quantity")).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(line(3)).toBeVisible();
  await page.waitForTimeout(500);
  await expect(invalid(line(3))).toHaveCount(0);
  await expect(line(1).getByLabel("Quantity")).toHaveAttribute("aria-invalid", "true");
});

test("item Overview: a unit added after a failed save starts without errors", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const item = await createItem(page, { sku: `ROWS-${stamp}`, name: `Rows ${stamp}` });
  await page.goto(`${BASE}/inventory/items/${item.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Rows ${stamp}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();

  // A unit added before any save is not flagged (its unit has the focus); leaving the unit empty flags it, and the
  // factor only once left too.
  await page.getByRole("button", { name: "Add a unit" }).click();
  await expect(page.getByLabel("Unit 1", { exact: true })).toBeFocused();
  await page.waitForTimeout(500);
  await expect(invalid(page)).toHaveCount(0);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Base units in one (unit 1)")).toBeFocused();
  await expect(page.getByLabel("Unit 1", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Base units in one (unit 1)")).not.toHaveAttribute("aria-invalid", "true");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Base units in one (unit 1)")).toHaveAttribute("aria-invalid", "true");
  // Saving flags the emptied name.
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Unit 1", { exact: true })).toHaveAttribute("aria-invalid", "true");

  // A second unit added now starts clean; the name and unit 1 stay flagged.
  await page.getByRole("button", { name: "Add a unit" }).click();
  await expect(page.getByLabel("Unit 2", { exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByLabel("Unit 2", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Base units in one (unit 2)")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Unit 1", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Base units in one (unit 1)")).toHaveAttribute("aria-invalid", "true");
  // Saving again flags it.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Unit 2", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Base units in one (unit 2)")).toHaveAttribute("aria-invalid", "true");
});
