import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

/**
 * The user menu's switch also saves the language on the user's profile: switch back (and wait for the save) so the
 * next specs signing in as this user see English.
 */
async function backToEnglish(page: Page) {
  await page.getByRole("button", { name: "Меню пользователя" }).click();
  const saved = page.waitForResponse((r) => r.url().includes("profile.update") && r.ok());
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await saved;
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
}

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
    const saved = page.waitForResponse((r) => r.url().includes("profile.update") && r.ok());
    await page.getByRole("menuitemradio", { name: "English" }).click();
    await saved;

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
    await page.keyboard.press("Escape");
    await backToEnglish(page);
  });

  test("the organization page and its company documents follow the language switch", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/organization");
    await expect(page.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitemradio", { name: "Русский" }).click();

    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: "Организация" })).toBeVisible();
    await expect(page).toHaveTitle(/Организация · Acme Manufacturing/);
    await expect(page.getByRole("navigation", { name: "Модули" }).getByRole("link", { name: "Организация" })).toHaveAttribute("aria-current", "page");
    const profile = main.getByRole("region", { name: "Профиль" });
    await expect(profile.getByText("Юридическое название")).toBeVisible();
    await expect(profile.getByText("Базовая валюта")).toBeVisible();
    // Country names are words on the screen: they follow the UI language.
    await expect(profile).toContainText("Соединенные Штаты (US)");

    const docs = main.getByRole("region", { name: "Документы компании" });
    await expect(docs.getByText("Файлов пока нет.")).toBeVisible();
    await docs.getByLabel("Выберите файлы для вложения").setInputFiles({ name: "устав.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% charter\n") });
    await expect(page.getByText("Файл устав.pdf вложен")).toBeVisible();
    const files = docs.getByRole("table", { name: "Документы компании" });
    await expect(files.getByRole("columnheader", { name: "Кто загрузил" })).toBeVisible();
    await expect(files.getByRole("row", { name: /устав\.pdf/ })).toContainText("Olivia Owner");
    await expect(docs.getByRole("link", { name: "Скачать устав.pdf" })).toBeVisible();

    // A 415 is explained in Russian, not with the server's English message.
    await docs.getByLabel("Выберите файлы для вложения").setInputFiles({ name: "page.html", mimeType: "text/html", buffer: Buffer.from("<p>hi</p>") });
    await expect(docs.getByRole("alert")).toContainText("page.html: Файлы этого типа (text/html) нельзя вложить.");
    await docs.getByRole("button", { name: "Скрыть" }).click();

    await docs.getByRole("button", { name: "Удалить устав.pdf" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Удалить этот файл?" });
    await expect(dialog).toContainText("Файл устав.pdf будет удалён из этой записи.");
    await dialog.getByRole("button", { name: "Удалить" }).click();
    await expect(page.getByText("Файл удалён")).toBeVisible();
    await expect(docs.getByText("Файлов пока нет.")).toBeVisible();
    await backToEnglish(page);
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
