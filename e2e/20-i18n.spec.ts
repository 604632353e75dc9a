import { expect, test } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

test.describe("language", () => {
  test("switching to Russian persists across a reload, and switching back restores English", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    const html = page.locator("html");
    await expect(html).toHaveAttribute("lang", "en");
    await expect(page.getByRole("region", { name: "About this workspace" })).toBeVisible();

    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Русский" }).click();

    await expect(page.getByRole("region", { name: "Об этом рабочем пространстве" })).toBeVisible();
    await expect(html).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("navigation", { name: "Модули" }).getByRole("link", { name: "Главная" })).toBeVisible();
    const cookie = (await page.context().cookies()).find((c) => c.name === "NEXT_LOCALE");
    expect(cookie?.value).toBe("ru");
    // Remembered for a year, not for the session.
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);

    await page.reload();
    await expect(page.getByRole("heading", { name: "Здесь появятся модули, когда их подключат" })).toBeVisible();
    await expect(html).toHaveAttribute("lang", "ru");

    await page.getByRole("button", { name: "Меню пользователя" }).click();
    await expect(page.getByRole("menuitemradio", { name: "Русский" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("menuitemradio", { name: "English" }).click();

    await expect(page.getByRole("region", { name: "About this workspace" })).toBeVisible();
    await expect(html).toHaveAttribute("lang", "en");
    await page.reload();
    await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  });

  test("inside an organization its locale applies until the user chooses", async ({ page }) => {
    await signInOverHttp(page, DEMO.globexOwner);
    await page.goto("/globex/main");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await expect(page.getByRole("region", { name: "Об этом рабочем пространстве" })).toBeVisible();
    // Numbers and names follow the organization; the sign-out page outside it follows the browser (English).
    await page.goto("/sign-out");
    await expect(page.getByRole("heading", { level: 1, name: "Sign out" })).toBeVisible();
  });
});

test.describe("language from the browser", () => {
  test.use({ locale: "ru-RU" });

  test("the sign-in page follows Accept-Language", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1, name: "Вход" })).toBeVisible();
    await expect(page.getByLabel("Пароль")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  });
});
