import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

test.describe("sign out", () => {
  test("from the user menu", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");

    await page.getByRole("button", { name: "User menu" }).click();
    await expect(page.getByRole("menu")).toContainText(DEMO.acmeOwner);
    await page.getByRole("menuitem", { name: "Sign out" }).click();

    await expectPath(page, "/sign-in");
    await page.goto("/acme/hq");
    await expectPath(page, "/sign-in");
  });

  test("from the sign-out page", async ({ page }) => {
    await signInOverHttp(page, DEMO.globexOwner);
    await page.goto("/sign-out");
    await expect(page.getByText(`You are signed in as ${DEMO.globexOwner}.`)).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();

    await expectPath(page, "/sign-in");
    await page.goto("/globex/main");
    await expectPath(page, "/sign-in");
  });
});
