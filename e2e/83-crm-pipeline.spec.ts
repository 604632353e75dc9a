import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const column = (page: Page, stage: string) => page.locator(`section[data-stage="${stage}"]`);
const countOf = async (page: Page, stage: string) => Number((await page.getByTestId(`count-${stage}`).innerText()).match(/\d+/)?.[0] ?? NaN);

test.describe("crm pipeline", () => {
  test("the owner creates a deal, moves it across the kanban to Won (totals follow) and opens the deal page", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Pipeline" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Pipeline" })).toBeVisible();
    await expect(column(page, "lead").getByRole("article").first()).toBeVisible();

    // Create a deal from the pipeline.
    await page.getByRole("button", { name: "New deal" }).click();
    const dialog = page.getByRole("dialog", { name: "New deal" });
    await dialog.getByLabel("Name").fill("E2E turbine overhaul");
    await dialog.getByRole("combobox", { name: "Customer" }).click();
    await page.getByRole("listbox").getByRole("option").first().click();
    await dialog.getByLabel("Value").fill("1234.50");
    await dialog.getByLabel("Expected close").fill("2027-06-30");
    await dialog.getByRole("button", { name: "Create deal" }).click();
    await expect(page.getByText(/Deal DEAL-\d{5} created/)).toBeVisible();
    await expect(dialog).toBeHidden();
    const card = page.getByRole("article", { name: /E2E turbine overhaul/ });
    await expect(column(page, "lead").getByRole("article", { name: /E2E turbine overhaul/ })).toBeVisible();
    await expect(card).toContainText("20%");

    // The keyboard/menu alternative: Move to… Closing (probability takes the stage's cap).
    const leadBefore = await countOf(page, "lead");
    await card.getByRole("button", { name: /Move DEAL-\d{5} to another stage/ }).click();
    await page.getByRole("menuitem", { name: "Closing" }).click();
    await expect(column(page, "closing").getByRole("article", { name: /E2E turbine overhaul/ })).toBeVisible();
    await expect(card).toContainText("100%");
    await expect.poll(() => countOf(page, "lead")).toBe(leadBefore - 1);
    await expect(page.getByText(/DEAL-\d{5} moved to Closing/)).toBeVisible();

    // Drag it to Won: the won reason is asked (optional), the column's count and total change.
    const wonBefore = await countOf(page, "won");
    const wonTotalsBefore = await page.getByTestId("totals-won").innerText();
    const won = page.getByRole("dialog", { name: /Mark DEAL-\d{5} as won/ });
    await page.waitForLoadState("networkidle");
    await column(page, "won").scrollIntoViewIfNeeded();
    // Native drag and drop needs the pointer to travel over a settled board; retry the gesture, not the outcome.
    await expect(async () => {
      await card.dragTo(column(page, "won"));
      await expect(won).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await won.getByLabel("Why did we win? (optional)").fill("Fastest delivery");
    await won.getByRole("button", { name: "Mark as won" }).click();
    await expect(column(page, "won").getByRole("article", { name: /E2E turbine overhaul/ })).toBeVisible();
    await expect.poll(() => countOf(page, "won")).toBe(wonBefore + 1);
    // What the server holds (not just the optimistic board): after a reload the deal is still won.
    await expect(page.getByTestId("totals-won")).not.toHaveText(wonTotalsBefore);
    await page.waitForLoadState("networkidle");
    await page.reload();
    await expect(column(page, "won").getByRole("article", { name: /E2E turbine overhaul/ })).toBeVisible();
    await expect.poll(() => countOf(page, "won")).toBe(wonBefore + 1);
    await expect(page.getByTestId("totals-won")).not.toHaveText(wonTotalsBefore);

    // Lost asks for a reason (required) — cancelled here.
    await column(page, "won").getByRole("article", { name: /E2E turbine overhaul/ }).getByRole("button", { name: /Move DEAL-\d{5}/ }).click();
    await page.getByRole("menuitem", { name: "Lost" }).click();
    const lost = page.getByRole("dialog", { name: /Mark DEAL-\d{5} as lost/ });
    await lost.getByRole("button", { name: "Mark as lost" }).click();
    await expect(lost.getByText("Give a reason")).toBeVisible();
    await lost.getByRole("button", { name: "Cancel" }).click();
    await expect(column(page, "won").getByRole("article", { name: /E2E turbine overhaul/ })).toBeVisible();

    // The deal page: header, stage, history.
    await column(page, "won").getByRole("link", { name: /E2E turbine overhaul/ }).click();
    await expect(page).toHaveURL(/\/acme\/hq\/crm\/deals\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E turbine overhaul");
    await expect(page.getByTestId("status-badge")).toHaveText("Won");
    await expect(page.getByText("Closing → Won")).toBeVisible();
    await expect(page.getByText("Lead → Closing")).toBeVisible();
  });

  test("the owner converts a lead into a customer and a qualified deal", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/crm/leads");
    await expect(page.getByRole("heading", { level: 1, name: "Leads" })).toBeVisible();
    await page.getByRole("table", { name: "Leads" }).getByRole("row", { name: /Sofia Rossi/ }).click();
    const panel = page.getByRole("dialog", { name: "Lead Sofia Rossi" });
    await expect(panel).toContainText("Rossi Design");
    await panel.getByRole("button", { name: "Convert" }).click();
    const convert = page.getByRole("dialog", { name: "Convert Sofia Rossi" });
    await expect(convert.getByLabel("Customer name")).toHaveValue("Rossi Design");
    await convert.getByLabel("Deal name").fill("Rossi Design — showroom");
    await convert.getByRole("button", { name: "Convert lead" }).click();
    await expect(page.getByText(/Lead converted: CUST-\d{5} Rossi Design/)).toBeVisible();
    await expect(panel.getByTestId("status-badge").filter({ hasText: "Converted" })).toBeVisible();
    await expect(panel.getByRole("button", { name: "Convert" })).toHaveCount(0);

    await page.goto("/acme/hq/crm/pipeline");
    await expect(column(page, "qualified").getByRole("article", { name: /Rossi Design — showroom/ })).toBeVisible();
  });

  test("the filters live in the URL: reload, back / forward and a shared link keep them", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/crm/pipeline");
    const filters = page.getByRole("search", { name: "Pipeline filters" });
    const cards = page.getByRole("article");
    await expect(cards.filter({ hasText: "Welding cells" })).toBeVisible();

    // Currency EUR: only the two EUR deals of the demo; the URL says so, no reload happened.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await filters.getByLabel("Currency").selectOption("EUR");
    await expect(page).toHaveURL(/[?&]currency=EUR(&|$)/);
    await expect(cards.filter({ hasText: "Welding cells" })).toHaveCount(0);
    await expect(cards.filter({ hasText: "Press line upgrade" })).toBeVisible();
    await expect(cards.filter({ hasText: "Cold storage extension" })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await filters.getByLabel("Closing from").fill("2020-01-01");
    await expect(page).toHaveURL(/[?&]closeFrom=2020-01-01(&|$)/);

    // Reload: the filters and the filtered cards remain.
    await page.reload();
    await expect(filters.getByLabel("Currency")).toHaveValue("EUR");
    await expect(filters.getByLabel("Closing from")).toHaveValue("2020-01-01");
    await expect(cards.filter({ hasText: "Press line upgrade" })).toBeVisible();
    await expect(cards).toHaveCount(2);

    // A shared link (a fresh page of the same user) shows the same board.
    const shared = await page.context().newPage();
    await shared.goto(page.url());
    await expect(shared.getByRole("search", { name: "Pipeline filters" }).getByLabel("Currency")).toHaveValue("EUR");
    await expect(shared.getByRole("article")).toHaveCount(2);
    await shared.close();

    // Back: before the currency was chosen (the date was a replace of the same entry); forward: EUR again.
    await page.goBack();
    await expect(filters.getByLabel("Currency")).toHaveValue("");
    await expect(cards.filter({ hasText: "Welding cells" })).toBeVisible();
    await page.goForward();
    await expect(filters.getByLabel("Currency")).toHaveValue("EUR");
    await expect(cards.filter({ hasText: "Welding cells" })).toHaveCount(0);

    // Clear empties the URL's filters too.
    await filters.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/currency=|closeFrom=/);
    await expect(cards.filter({ hasText: "Welding cells" })).toBeVisible();
  });
});
