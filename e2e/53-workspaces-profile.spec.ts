import { expect, test, type Page } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

const WORKSPACES = "/acme/hq/settings/workspaces";

const workspacesTable = (page: Page) => page.getByRole("table", { name: "Workspaces" });
const rowOf = (page: Page, name: string) => workspacesTable(page).locator("tbody tr[data-row]").filter({ hasText: name });

/** The workspace names the switcher offers. */
async function switcherWorkspaces(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: /^Switch workspace/ }).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const group = menu.getByRole("group").first();
  const names = (await group.getByRole("menuitem").allInnerTexts()).map((t) => t.split("\n")[0]!.trim());
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  return names;
}

/** Opens a row's action menu and picks an item. A dialog that just closed hands focus back to the
 * trigger it came from, and the table re-renders after router.refresh: either can dismiss a menu opened in
 * that instant, even between the item showing and the click. Open it again and click until the click lands. */
async function rowAction(page: Page, workspace: string, action: string) {
  const item = page.getByRole("menuitem", { name: action });
  await expect(async () => {
    if (!(await item.isVisible())) await page.getByRole("button", { name: `Actions for ${workspace}` }).click();
    await item.click({ timeout: 2_000 });
  }).toPass();
}

test.describe("workspaces", () => {
  test("the owner creates West, renames it, archives it (read-only, gone from the switcher) and restores it", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation").getByRole("link", { name: "Workspaces" }).click();
    await expectPath(page, WORKSPACES);
    await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
    await expect(rowOf(page, "Headquarters")).toHaveCount(1);

    // Create: the address is suggested from the name.
    await page.getByRole("button", { name: "New workspace" }).click();
    const create = page.getByRole("dialog", { name: "New workspace" });
    await create.getByLabel("Name").fill("West");
    await expect(create.getByLabel("Address")).toHaveValue("west");
    await create.getByLabel("Type").selectOption({ label: "Branch" });
    await create.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByText("Workspace West created")).toBeVisible();
    await expect(create).toBeHidden();
    await expect(rowOf(page, "West")).toContainText("Branch");
    await expect(rowOf(page, "West")).toContainText("Active");
    // The shell re-renders after the change (router.refresh): wait for the switcher to follow.
    await expect(async () => expect(await switcherWorkspaces(page)).toContain("West")).toPass();

    // The same address again is refused on the field.
    await page.getByRole("button", { name: "New workspace" }).click();
    await create.getByLabel("Name").fill("Other");
    await create.getByLabel("Address").fill("west");
    await create.getByRole("button", { name: "Create workspace" }).click();
    await expect(create.getByText(/already used by another workspace/)).toBeVisible();
    await create.getByRole("button", { name: "Cancel" }).click();

    // Rename and change type; the address stays.
    await rowAction(page, "West", "Rename or change type");
    const edit = page.getByRole("dialog", { name: "Edit workspace West" });
    await edit.getByLabel("Name").fill("West Coast");
    await edit.getByLabel("Type").selectOption({ label: "Division" });
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Workspace West Coast saved")).toBeVisible();
    await expect(edit).toBeHidden();
    await expect(rowOf(page, "West Coast")).toContainText("Division");
    await expect(rowOf(page, "West Coast")).toContainText("west");

    // Archive: gone from the switcher, still reachable by URL with the read-only banner.
    await rowAction(page, "West Coast", "Archive");
    await page.getByRole("dialog", { name: "Archive West Coast?" }).getByRole("button", { name: "Archive workspace" }).click();
    await expect(page.getByText("West Coast archived")).toBeVisible();
    await expect(rowOf(page, "West Coast")).toContainText("Archived");
    await expect(async () => expect(await switcherWorkspaces(page)).not.toContain("West Coast")).toPass();

    await page.goto("/acme/west");
    await expect(page.getByRole("heading", { level: 1, name: "West Coast" })).toBeVisible();
    const banner = page.getByTestId("archived-banner");
    await expect(banner).toContainText("Workspace West Coast is archived and read-only.");

    // Restore from its own settings page.
    await banner.getByRole("link", { name: "Manage workspaces" }).click();
    await expectPath(page, "/acme/west/settings/workspaces");
    await rowAction(page, "West Coast", "Restore");
    await page.getByRole("dialog", { name: "Restore West Coast?" }).getByRole("button", { name: "Restore workspace" }).click();
    await expect(page.getByText("West Coast restored")).toBeVisible();
    await expect(rowOf(page, "West Coast")).toContainText("Active");
    await expect(page.getByTestId("archived-banner")).toHaveCount(0);
    await expect(async () => expect(await switcherWorkspaces(page)).toContain("West Coast")).toPass();
  });

  test("the clerk has no Workspaces management actions", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto(WORKSPACES);
    await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New workspace" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
  });
});

test.describe("my profile", () => {
  test("Русский chosen in the user menu is saved as the language on My profile and follows to another device", async ({ page, browser }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto("/acme/hq");
    await page.getByRole("button", { name: "User menu" }).click();
    const saved = page.waitForResponse((r) => r.url().includes("profile.update") && r.ok());
    await page.getByRole("menuitemradio", { name: "Русский" }).click();
    // The switch is instant (the cookie); the override is saved alongside.
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await saved;

    await page.getByRole("button", { name: "Меню пользователя" }).click();
    await page.getByRole("menuitem", { name: "Мой профиль" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Мой профиль" })).toBeVisible();
    const language = page.getByRole("combobox", { name: "Язык" });
    await expect(language).toHaveValue("ru");
    await expect(language.locator("option:checked")).toHaveText("Русский");

    // Another browser (no language cookie) follows after sign-in.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInOverHttp(otherPage, DEMO.acmeManager);
    await otherPage.goto("/acme/hq");
    await expect(otherPage.locator("html")).toHaveAttribute("lang", "ru");
    await other.close();

    // Back to the organization's language for the other tests.
    await language.selectOption({ index: 0 });
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My profile" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("the language override turns the UI Russian; signing out other sessions ends the second browser's", async ({ page, browser }) => {
    // A second browser, signed in as the same user.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signInOverHttp(otherPage, DEMO.acmeManager);
    await otherPage.goto("/acme/hq");
    await expect(otherPage.getByRole("button", { name: "User menu" })).toBeVisible();

    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto("/acme/hq");
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await expectPath(page, "/acme/hq/profile");
    await expect(page.getByRole("heading", { level: 1, name: "My profile" })).toBeVisible();
    await expect(page.getByLabel("E-mail")).toHaveValue(DEMO.acmeManager);

    const sessions = page.getByRole("table", { name: "Active sessions" });
    await expect(sessions.locator("tbody tr")).not.toHaveCount(0);
    await expect(sessions.locator("tbody tr[data-current]")).toContainText("This device");
    expect(await sessions.locator("tbody tr").count()).toBeGreaterThanOrEqual(2);

    // Language: Русский. The form is hydrated once its Save button is enabled: a choice made before that is lost
    // when React takes over the select.
    await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();
    await page.getByRole("combobox", { name: "Language" }).selectOption({ label: "Русский" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Мой профиль" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    await page.reload();
    await expect(page.getByRole("navigation", { name: "Модули" }).getByRole("link", { name: "Главная" })).toBeVisible();

    // Sign out the other sessions: the second browser is signed out on its next navigation.
    await page.getByRole("button", { name: "Завершить другие сеансы" }).click();
    await expect(page.getByText(/Заверш\S+ \d+ друг/)).toBeVisible();
    await expect(page.getByRole("table", { name: "Активные сеансы" }).locator("tbody tr")).toHaveCount(1);
    await otherPage.goto("/acme/hq/settings/workspaces");
    await expectPath(otherPage, "/sign-in");
    await other.close();

    // This one stays signed in; back to the organization's language.
    await page.reload();
    await expect(page.getByRole("button", { name: "Сохранить" })).toBeEnabled();
    const language = page.getByRole("combobox", { name: "Язык" });
    await language.selectOption({ index: 0 });
    await expect(language.locator("option:checked")).toHaveText(/^Как в организации/);
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My profile" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
