import { expect, test } from "@playwright/test";

import { DEMO, expectPath, submitSignInForm } from "./support";

// Runs first: landing depends on the last workspace visited, which later specs change.
const LANDINGS = [
  { email: DEMO.acmeOwner, path: "/acme/hq", workspace: "Headquarters" },
  { email: DEMO.acmeManager, path: "/acme/hq", workspace: "Headquarters" },
  { email: DEMO.acmeClerk, path: "/acme/hq", workspace: "Headquarters" },
  { email: DEMO.globexOwner, path: "/globex/main", workspace: "Main office" },
];

test.describe("sign in", () => {
  for (const { email, path, workspace } of LANDINGS) {
    test(`${email} lands in ${path}`, async ({ page }) => {
      await page.goto("/");
      await expectPath(page, "/sign-in");
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

      await submitSignInForm(page, email);

      await expectPath(page, path);
      await expect(page.getByRole("heading", { level: 1, name: workspace })).toBeVisible();
    });
  }

  test("an unauthenticated visit returns to the page after signing in", async ({ page }) => {
    await page.goto("/acme/hq");
    await expectPath(page, "/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/acme/hq");

    await submitSignInForm(page, DEMO.acmeOwner);

    await expectPath(page, "/acme/hq");
    await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();
  });

  test("a wrong password shows one generic message", async ({ page }) => {
    await page.goto("/sign-in");
    // The only failed attempt in the suite (lockout comes after five), so retries stay far from it.
    await submitSignInForm(page, DEMO.globexOwner, "not-the-password");

    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Invalid email or password.");
    await expectPath(page, "/sign-in");
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("an unknown e-mail gets the same message", async ({ page }) => {
    await page.goto("/sign-in");
    await submitSignInForm(page, "nobody@nowhere.test", "whatever-password");

    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Invalid email or password.");
  });

  test("a callbackUrl to another site is ignored", async ({ page }) => {
    await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fexample.com%2F");
    await submitSignInForm(page, DEMO.acmeOwner);

    await expectPath(page, "/acme/hq");
  });
});
