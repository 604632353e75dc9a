import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

test.describe("command palette", () => {
  test("Ctrl+K finds a workspace by name and navigates with the keyboard only", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto("/acme/hq");
    await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog");
    await expect(palette).toBeVisible();
    await expect(palette.getByRole("option", { name: "Home" })).toBeVisible();
    await expect(palette.getByRole("option", { name: "Sign out" })).toBeVisible();

    await page.keyboard.type("East");
    const hit = palette.getByRole("option", { name: /East Branch/ });
    await expect(hit).toBeVisible();
    await expect(hit).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");

    await expectPath(page, "/acme/east");
    await expect(page.getByRole("heading", { level: 1, name: "East Branch" })).toBeVisible();
    await expect(palette).toBeHidden();

    // Back home through the palette's navigation group (the remembered workspace stays /acme/hq for other specs).
    await page.keyboard.press("Control+k");
    await page.keyboard.type("nothing-matches-this");
    await expect(palette.getByText("No results.")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(palette).toBeHidden();

    await page.getByRole("button", { name: "Search and commands" }).click();
    await page.keyboard.type("Head");
    await palette.getByRole("option", { name: /Headquarters/ }).click();
    await expectPath(page, "/acme/hq");

    await page.keyboard.press("Control+k");
    await page.keyboard.type("Home");
    await expect(palette.getByRole("option", { name: "Home" })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expectPath(page, "/acme/hq");
    await expect(palette).toBeHidden();
  });

  test("record search never shows what the member cannot open", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq");
    await page.keyboard.press("Control+k");
    await page.keyboard.type("Branch");
    const palette = page.getByRole("dialog");
    await expect(palette.getByText("No results.")).toBeVisible();
    await expect(palette.getByRole("option", { name: /East Branch/ })).toHaveCount(0);
  });
});
