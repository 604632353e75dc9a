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

  test("the audit log and the number sequences follow the language switch", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Русский" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Журнал аудита" })).toBeVisible();
    await expect(page).toHaveTitle(/Журнал аудита/);
    const events = page.getByRole("table", { name: "События аудита" });
    await expect(events.getByRole("columnheader", { name: "Когда" })).toBeVisible();
    await expect(events.locator("tbody tr[data-row]").first()).toBeVisible();
    await expect(page.getByRole("group", { name: "Фильтры" }).getByRole("button", { name: "Пользователь", exact: true })).toBeVisible();
    // The range is an ICU message: Russian words, Russian digit grouping (a no-break space, never a comma).
    await expect(page.getByTestId("row-range")).toHaveText(/^1–\d+ из [\d\s]+$/);
    await expect(page.getByRole("navigation", { name: "Страницы" }).getByRole("button", { name: "Вперёд" })).toBeVisible();
    await page.getByRole("button", { name: "Проверить цепочку" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Цепочка цела" })).toContainText(/Цепочка цела — проверено [\d\s]+ событ/);

    await page.getByRole("navigation", { name: "Модули" }).getByRole("link", { name: "Нумерация документов" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Нумерация документов" })).toBeVisible();
    const sequences = page.getByRole("table", { name: "Нумерация документов" });
    await expect(sequences.getByRole("columnheader", { name: "Тип документа" })).toBeVisible();
    // Document types are translated by their registry key; data (formats, numbers) stays as it is.
    const salesOrder = sequences.getByRole("row", { name: /Заказ клиента/ });
    await expect(salesOrder).toContainText("SO-{YYYY}-{#####}");
    await expect(salesOrder).toContainText("Вся организация");
    await sequences.getByRole("button", { name: "Изменить нумерацию: Счёт" }).click();
    const dialog = page.getByRole("dialog", { name: "Нумерация: счёт" });
    await expect(dialog.getByLabel("Счётчик сбрасывается")).toBeVisible();
    await expect(dialog.getByLabel("Формат")).toBeVisible();
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
