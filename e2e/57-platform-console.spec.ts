import { expect, test, type Page } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp, submitSignInForm } from "./support";

const OPERATOR = "operator@tessera.test";
const REASON = "Unpaid invoices since March";

const orgRows = (page: Page) => page.getByRole("table", { name: "Organizations" }).locator("tbody tr[data-row]");

test.describe("platform console", () => {
  test("a non-operator opening /platform gets the not-found page", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/platform");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Organizations" })).toHaveCount(0);
  });

  test("the operator suspends Globex with a reason, its owner sees why, and the operator reactivates it", async ({ page, browser }) => {
    // Two users, four sign-ins and the whole round trip: more than the default 30 s on a shared machine.
    test.slow();
    // Globex's owner is already signed in elsewhere.
    const ownerContext = await browser.newContext();
    const owner = await ownerContext.newPage();
    await signInOverHttp(owner, DEMO.globexOwner);
    await owner.goto("/globex/main");
    await expect(owner.getByRole("heading", { level: 1, name: "Not found" })).toHaveCount(0);

    await signInOverHttp(page, OPERATOR);
    await page.goto("/");
    await expectPath(page, "/platform");
    await expect(page.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
    await page.getByPlaceholder("Search by name or address…").fill("globex");
    await expect(orgRows(page)).toHaveCount(1);
    const globex = orgRows(page).first();
    await expect(globex).toContainText("Team");
    await expect(globex).toContainText("Trial");
    await expect(globex).toContainText("Active");
    await globex.getByText("Globex", { exact: true }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Globex" })).toBeVisible();
    await page.getByRole("button", { name: "Suspend", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Suspend Globex?" });
    await dialog.getByLabel("Reason shown to the members").fill(REASON);
    await dialog.getByRole("button", { name: "Suspend organization" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("alert").filter({ hasText: REASON })).toBeVisible();

    // The signed-in owner's next navigation explains, and (Globex being their only organization) ends the session.
    await owner.goto("/globex/main");
    await expectPath(owner, "/suspended/globex");
    await expect(owner.getByText(`Globex is suspended: ${REASON}`)).toBeVisible();
    await expect(owner.getByText("You have been signed out.")).toBeVisible();

    // Signing in again lands on the same explanation instead of an empty app.
    await owner.goto("/sign-in");
    await submitSignInForm(owner, DEMO.globexOwner);
    await expectPath(owner, "/suspended/globex");
    await expect(owner.getByText(`Globex is suspended: ${REASON}`)).toBeVisible();

    await page.getByRole("button", { name: "Reactivate" }).click();
    await expect(page.getByText("The organization is active again.")).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: REASON })).toHaveCount(0);

    await owner.goto("/sign-in");
    await submitSignInForm(owner, DEMO.globexOwner);
    await expectPath(owner, "/globex/main");
    await ownerContext.close();
  });

  test("the operator edits the plan ↔ feature matrix and reads the feature catalog", async ({ page }) => {
    await signInOverHttp(page, OPERATOR);
    await page.goto("/platform");
    await page.getByRole("navigation", { name: "Platform console" }).getByRole("link", { name: "Plans" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
    const matrix = page.getByRole("table", { name: "Plans and their features" });
    await expect(matrix.getByRole("checkbox", { name: "Business includes Audit export" })).toBeChecked();
    const freeApiKeys = matrix.getByRole("checkbox", { name: "Free includes API keys" });
    await expect(freeApiKeys).not.toBeChecked();
    await freeApiKeys.click();
    await expect(page.getByText("The plan's features were saved.").first()).toBeVisible();
    await expect(freeApiKeys).toBeChecked();
    await page.reload();
    await expect(freeApiKeys).toBeChecked();
    await freeApiKeys.click();
    await expect(freeApiKeys).not.toBeChecked();

    // A plan with a bad price answers in place.
    await page.getByRole("button", { name: "New plan" }).click();
    const form = page.getByRole("dialog", { name: "New plan" });
    await form.getByLabel("Name").fill("Enterprise");
    await form.getByLabel("Key").fill("enterprise");
    await form.getByLabel("Monthly price").fill("abc");
    await form.getByRole("button", { name: "Save plan" }).click();
    await expect(form.getByText("Enter a price such as 49 or 49.90")).toBeVisible();
    await form.getByLabel("Monthly price").fill("999");
    await form.getByRole("button", { name: "Save plan" }).click();
    await expect(form).toBeHidden();
    await expect(matrix.getByRole("row").filter({ hasText: "Enterprise" })).toContainText("Unlimited");

    await page.getByRole("navigation", { name: "Platform console" }).getByRole("link", { name: "Features" }).click();
    await expect(page.getByRole("table", { name: "Features" }).getByRole("row").filter({ hasText: "audit_export" })).toContainText("Audit export");

    // The catalog changes above are in the platform's own audit trail, newest first, with the operator.
    await page.getByRole("navigation", { name: "Platform console" }).getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("table", { name: "Platform audit events" }).getByRole("row").nth(1)).toContainText(/Plan created.*enterprise/);
  });
});
