// Keyboard use of the stock documents' lines editor: Alt+Enter adds a line after the current one and puts the focus
// on its item, Alt+Delete removes the current line and keeps the focus in the line that takes its place, Ctrl+S saves
// the draft. Done on an adjustment, by keyboard only once the first line is filled.
import { expect, test } from "@playwright/test";

import { BASE, createItem, pickItem, query, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

test("lines editor: Alt+Enter adds a line, Alt+Delete removes one, Ctrl+S saves the draft", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const first = await createItem(page, { sku: `KEY1-${stamp}`, name: `Keyed one ${stamp}` });
  const second = await createItem(page, { sku: `KEY2-${stamp}`, name: `Keyed two ${stamp}` });
  const warehouses = await query<{ rows: { id: string; code: string }[] }>(page, "inventory.warehouses.list", {});
  const main = warehouses.rows.find((w) => w.code === "MAIN")!;

  await page.goto(`${BASE}/inventory/adjustments/new`);
  await expect(page.getByRole("heading", { level: 1, name: "New stock adjustment" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await expect(page.getByText(/Alt\+Enter adds a line/)).toBeVisible();
  await page.getByLabel("Warehouse").selectOption(main.id);
  await page.getByLabel("Reason").selectOption({ label: "Found" });
  const line = (n: number) => page.getByRole("group", { name: `Line ${n}` });
  await pickItem(page, line(1), first.sku);
  await line(1).getByLabel("Location").selectOption({ label: "A-01" });
  await line(1).getByLabel("Difference").fill("1");

  // Alt+Enter in the difference: a second line, its item focused.
  await line(1).getByLabel("Difference").press("Alt+Enter");
  await expect(line(2)).toBeVisible();
  await expect(line(2).getByRole("combobox", { name: "Item" })).toBeFocused();
  await page.keyboard.press("Enter"); // opens the item search from the focused combobox
  await page.getByPlaceholder(/search/i).last().fill(second.sku);
  await page.getByRole("option", { name: new RegExp(second.sku) }).click();
  await line(2).getByLabel("Location").selectOption({ label: "A-02" });
  await line(2).getByLabel("Difference").fill("2");

  // Alt+Enter on line 1 inserts between: the new line is line 2, the second item's line becomes line 3.
  await line(1).getByLabel("Difference").press("Alt+Enter");
  await expect(line(3)).toBeVisible();
  await expect(line(2).getByRole("combobox", { name: "Item" })).toBeFocused();
  await expect(line(3).getByRole("combobox", { name: "Item" })).toContainText(second.sku);
  // Alt+Delete removes the empty line; the second item's line takes its place and its item has the focus.
  await page.keyboard.press("Alt+Delete");
  await expect(line(3)).toHaveCount(0);
  await expect(line(2).getByRole("combobox", { name: "Item" })).toContainText(second.sku);
  await expect(line(2).getByRole("combobox", { name: "Item" })).toBeFocused();
  // Alt+Delete in a difference keeps the focus on the difference of the line that moves up.
  await line(1).getByLabel("Difference").press("Alt+Enter");
  await line(2).getByLabel("Difference").press("Alt+Delete");
  await expect(line(2).getByLabel("Difference")).toBeFocused();
  await expect(line(2).getByLabel("Difference")).toHaveValue("2");
  await expect(line(3)).toHaveCount(0);

  // Ctrl+S saves the draft with the two lines.
  await page.keyboard.press("Control+s");
  await expect(page.getByRole("heading", { level: 1, name: "Stock adjustment" })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(first.sku).first()).toBeVisible();
  await expect(page.getByText(second.sku).first()).toBeVisible();
});
