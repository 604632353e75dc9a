import { expect, test } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const DARK = /(^|\s)dark(\s|$)/;

test("the theme chosen in the command palette persists across reloads and shows in the user menu", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto("/acme/hq");
  const html = page.locator("html");
  await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();

  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog");
  await expect(palette).toBeVisible();
  await page.keyboard.type("dark");
  await page.getByRole("option", { name: "Theme: Dark" }).click();
  await expect(palette).toBeHidden();
  await expect(html).toHaveClass(DARK);

  await page.reload();
  await expect(html).toHaveClass(DARK);
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(html).not.toHaveClass(DARK);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();
  await expect(html).not.toHaveClass(DARK);
});
