import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

test.describe("workspace shell", () => {
  test("the workspace home shows the organization and the workspace", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");

    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();
    const about = main.getByRole("region", { name: "About this workspace" });
    await expect(about).toContainText("Acme Manufacturing, Inc.");
    await expect(about).toContainText("United States (US)");
    await expect(about).toContainText("US Dollar (USD)");
    await expect(about).toContainText("America/Chicago");
    await expect(main.getByRole("heading", { name: "Modules will appear here as they are enabled" })).toBeVisible();

    await expect(page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Home" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    await expect(crumbs).toContainText("Acme Manufacturing");
    await expect(crumbs.getByRole("link", { name: "Headquarters" })).toBeVisible();
  });

  test("a manager switches from one workspace to another", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto("/acme/hq");

    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await expect(page.getByRole("menuitem", { name: /Headquarters/ })).toHaveAttribute("aria-current", "true");
    await page.getByRole("menuitem", { name: /East Branch/ }).click();

    await expectPath(page, "/acme/east");
    await expect(page.getByRole("heading", { level: 1, name: "East Branch" })).toBeVisible();

    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await expect(page.getByRole("menuitem", { name: /East Branch/ })).toHaveAttribute("aria-current", "true");
    // Back to where the manager started, so the remembered workspace stays /acme/hq.
    await page.getByRole("menuitem", { name: /Headquarters/ }).click();
    await expectPath(page, "/acme/hq");
    await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();
  });

  test("the switcher lists only what the user may open", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq");

    await page.getByRole("button", { name: /Switch workspace/ }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: /Headquarters/ })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: /East Branch/ })).toHaveCount(0);
    await expect(menu.getByRole("menuitem", { name: /Acme Manufacturing/ })).toHaveAttribute("aria-current", "true");
    await expect(menu.getByRole("menuitem", { name: /Globex/ })).toHaveCount(0);
  });

  test("a clerk cannot open a workspace outside the membership", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/east");

    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });

  test("another organization looks exactly like one that does not exist", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);

    const foreign = await page.goto("/globex/main");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    expect(foreign?.status()).toBe(404);

    const unknown = await page.goto("/no-such-org/main");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    expect(unknown?.status()).toBe(404);

    await page.goto("/globex");
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });

  test("an organization link opens its first workspace", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme");

    await expectPath(page, "/acme/hq");
  });

  test("the theme toggle switches the dark class on <html>", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    const html = page.locator("html");

    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);

    await page.reload();
    await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);

    await page.getByRole("button", { name: "User menu" }).click();
    await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
  });

  test("keyboard users can skip to the content and open menus", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();

    const userMenu = page.getByRole("button", { name: "User menu" });
    await userMenu.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menu")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
    await expect(userMenu).toBeFocused();
  });

  test("on a narrow screen the sidebar becomes a menu button", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");

    await expect(page.getByRole("navigation", { name: "Modules" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("menuitem", { name: "Home" }).click();
    await expectPath(page, "/acme/hq");
  });
});
