import { expect, test } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

test.describe("UI kit (/dev/kit)", () => {
  test.beforeEach(async ({ page }) => {
    // The print dialog would block a headless browser.
    await page.addInitScript(() => {
      window.print = () => undefined;
    });
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/dev/kit");
    await expect(page.getByRole("heading", { level: 1, name: "UI kit" })).toBeVisible();
  });

  test("the form shows field errors in place and clears them as they are fixed", async ({ page }) => {
    const form = page.getByRole("form", { name: "Form fields" });
    await form.getByRole("button", { name: "Save" }).click();

    const name = form.getByLabel("Name");
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAttribute("aria-required", "true");
    await expect(name).toBeFocused();
    await expect(form.getByText("Enter a name")).toBeVisible();
    await expect(form.getByText("Choose a category")).toBeVisible();
    await expect(form.getByText("Choose a workspace")).toBeVisible();
    await expect(form.getByText("Accept the terms to continue")).toBeVisible();
    // The error is the control's description for screen readers.
    await expect(name).toHaveAccessibleDescription(/Enter a name/);

    await name.fill("Bracket");
    await expect(form.getByText("Enter a name")).toHaveCount(0);
    await form.getByLabel("Quantity").fill("0");
    await form.getByLabel("Quantity").blur();
    await expect(form.getByText("Enter a quantity greater than zero")).toBeVisible();
    await form.getByLabel("Quantity").fill("2,5");
    await expect(form.getByLabel("Quantity")).toHaveValue("2.5");

    await form.getByLabel("Price").fill("12.5");
    await form.getByLabel("Price").blur();
    await expect(form.getByLabel("Price")).toHaveValue("12.50");
    await form.getByRole("combobox", { name: "Currency" }).selectOption("JPY");
    await form.getByLabel("Price").fill("12.5");
    await form.getByLabel("Price").blur();
    await expect(form.getByText("Enter an amount with at most no decimals")).toBeVisible();
    await form.getByLabel("Price").fill("1250");

    await form.getByLabel("Delivery date").fill("2026-12-01");
    await form.getByLabel("Category").selectOption("goods");

    await form.getByRole("combobox", { name: "Workspace" }).click();
    await page.keyboard.type("east");
    await expect(page.getByRole("option", { name: /East Branch/ })).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(form.getByRole("combobox", { name: "Workspace" })).toContainText("East Branch");

    await form.getByRole("checkbox", { name: "I accept the terms" }).check();
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved (nothing was sent anywhere).")).toBeVisible();
  });

  test("the lines editor recomputes totals as lines change", async ({ page }) => {
    const total = page.getByTestId("document-total");
    // 10 × 12.50 + 20 % tax = 150.00; 2 × 80 − 10 % = 144.00.
    await expect(total).toHaveText("$294.00");

    await page.getByLabel("Quantity, Line 1").fill("20");
    await expect(total).toHaveText("$444.00");
    await expect(page.getByTestId("line-amount").first()).toHaveText("$300.00");

    await page.getByRole("button", { name: "Add line" }).click();
    await expect(page.getByLabel("Description, Line 3")).toBeFocused();
    await page.keyboard.type("Bolts");
    await page.getByLabel("Unit price, Line 3").fill("0.35");
    await page.getByLabel("Quantity, Line 3").fill("100");
    await expect(total).toHaveText("$479.00");

    // Alt+↑ moves the line up with the keyboard; the totals stay.
    await page.getByLabel("Description, Line 3").focus();
    await page.keyboard.press("Alt+ArrowUp");
    await expect(page.getByLabel("Description, Line 2")).toHaveValue("Bolts");
    await expect(page.getByLabel("Description, Line 2")).toBeFocused();

    await page.getByRole("button", { name: "Remove line 3" }).click();
    await expect(page.getByTestId("document-line")).toHaveCount(2);
    await expect(total).toHaveText("$335.00");
  });

  test("a transition asks for confirmation and a reason, then changes the status and the history", async ({ page }) => {
    await expect(page.getByTestId("status-badge")).toHaveText("Draft");
    await page.getByRole("button", { name: "Cancel quote" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel quote?" });
    await dialog.getByRole("button", { name: "Cancel quote" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Enter a reason");
    await dialog.getByLabel("Reason").fill("Customer withdrew");
    await dialog.getByRole("button", { name: "Cancel quote" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("status-badge")).toHaveText("Cancelled");
    await expect(page.getByLabel("Quantity, Line 1")).toHaveCount(0);

    await page.getByRole("tab", { name: "History" }).click();
    await expect(page.getByText("Status changed from Draft to Cancelled")).toBeVisible();
    await expect(page.getByText("Reason: Customer withdrew")).toBeVisible();

    await page.getByRole("button", { name: "Print" }).click();
    await expect(page.getByText("Print recorded.")).toBeVisible();
  });
});

test("unsaved changes ask before an in-app link leaves the page", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto("/dev/kit");
  const form = page.getByRole("form", { name: "Form fields" });
  await form.getByLabel("Notes").fill("Half-typed");

  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Go to your home page" }).click();
  await expect.poll(() => asked).toEqual(["You have unsaved changes. Leave this page and discard them?"]);
  await expect(page).toHaveURL(/\/dev\/kit$/);
  await expect(form.getByLabel("Notes")).toHaveValue("Half-typed");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("link", { name: "Go to your home page" }).click();
  await expect(page).toHaveURL(/\/acme\/hq$/);
});
