// CRM activities: log an activity on a customer (its activity page's panel), log another from "My activities" with
// the customer picker, see both as due today, complete one with an outcome and a next action, find it under Done;
// then open the CRM dashboard and follow the "due today" figure to the list behind it.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const BASE = "/acme/hq";

/** Creates a customer over the HTTP API (the customer pages are another part of the CRM). */
async function createCustomer(page: Page, name: string): Promise<string> {
  const res = await page.request.post("/api/trpc/crm.customers.create", {
    headers: { "x-tessera-org": "acme", "x-tessera-workspace": "hq", "content-type": "application/json" },
    data: { json: { name } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
}

/** A few minutes from now as the browser's datetime-local value (today in any zone but within minutes of midnight). */
const soon = (page: Page) =>
  page.evaluate(() => {
    const d = new Date(Date.now() + 5 * 60_000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });

test("log activities on a customer, see them due today, complete one, follow the dashboard figure", async ({ page }) => {
  test.setTimeout(90_000); // five pages and three dialogs on a busy machine
  const stamp = Date.now().toString(36);
  const customer = `Activity Co ${stamp}`;
  await signInOverHttp(page, DEMO.acmeOwner);
  const id = await createCustomer(page, customer);

  // 1. The customer page's Activities tab: panel and timeline; log a call due in a few minutes.
  await page.goto(`${BASE}/crm/customers/${id}?tab=activities`);
  await expect(page.getByRole("heading", { level: 1, name: customer })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Activities" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("No activities yet.")).toBeVisible();
  await page.getByRole("button", { name: "Log activity" }).click();
  let dialog = page.getByRole("dialog", { name: "Log an activity" });
  await dialog.getByLabel("Type").selectOption("call");
  await dialog.getByLabel("Subject").fill(`Renewal call ${stamp}`);
  await dialog.getByLabel("Due").fill(await soon(page));
  await dialog.getByRole("button", { name: "Log activity" }).click();
  await expect(page.getByText("Activity logged").last()).toBeVisible(); // the previous toast may still be on screen
  const panel = page.getByRole("region", { name: "Activities" });
  await expect(panel.getByText(`Renewal call ${stamp}`)).toBeVisible();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByText(`Call: Renewal call ${stamp}`)).toBeVisible();
  await expect(timeline.getByText("Customer created")).toBeVisible();

  // 2. My activities (from the sidebar): log a second one with the customer picker.
  await page.getByRole("navigation").getByRole("link", { name: "My activities" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My activities" })).toBeVisible();
  await page.getByRole("button", { name: "Log activity" }).click();
  dialog = page.getByRole("dialog", { name: "Log an activity" });
  await dialog.getByRole("combobox", { name: "Record" }).click();
  await page.keyboard.type(stamp);
  await expect(page.getByRole("option", { name: new RegExp(customer) })).toBeVisible();
  await page.keyboard.press("Enter");
  await dialog.getByLabel("Type").selectOption("meeting");
  await dialog.getByLabel("Subject").fill(`Kick-off ${stamp}`);
  await dialog.getByLabel("Due").fill(await soon(page));
  await dialog.getByRole("button", { name: "Log activity" }).click();
  await expect(page.getByText("Activity logged").last()).toBeVisible(); // the previous toast may still be on screen

  // 3. Due today shows both, with the customer.
  await page.getByRole("navigation", { name: "Quick filters" }).getByRole("link", { name: "Due today" }).click();
  await expect(page.getByRole("link", { name: "Due today" })).toHaveAttribute("aria-current", "page");
  const table = page.getByRole("table", { name: "Activities" });
  const call = table.locator("tbody tr").filter({ hasText: `Renewal call ${stamp}` });
  await expect(call).toContainText(customer);
  await expect(table.locator("tbody tr").filter({ hasText: `Kick-off ${stamp}` })).toHaveCount(1);

  // 4. Complete the call from its row with an outcome and a next action (a new task).
  await call.getByRole("button", { name: `Complete “Renewal call ${stamp}”` }).click();
  dialog = page.getByRole("dialog", { name: "Complete the activity" });
  await dialog.getByLabel("Outcome").fill("Renewal agreed");
  await dialog.getByLabel("Next action", { exact: true }).fill(`Send contract ${stamp}`);
  await dialog.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByText("Activity completed; the next action is a new task")).toBeVisible();
  await expect(table.locator("tbody tr").filter({ hasText: `Renewal call ${stamp}` })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Quick filters" }).getByRole("link", { name: "Done" }).click();
  const done = table.locator("tbody tr").filter({ hasText: `Renewal call ${stamp}` });
  await expect(done).toContainText("Done");
  await page.getByRole("navigation", { name: "Quick filters" }).getByRole("link", { name: "Open" }).click();
  await expect(table.locator("tbody tr").filter({ hasText: `Send contract ${stamp}` })).toHaveCount(1);

  // 5. The dashboard: the "due today" figure opens the list behind it.
  await page.getByRole("navigation").getByRole("link", { name: "CRM dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CRM dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Lead: \d+ deals?$/ })).toBeVisible();
  await page.getByRole("link", { name: /activit(y|ies) due today$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My activities" })).toBeVisible();
  await expect(page).toHaveURL(/f\.state=today/);
  await expect(page.getByRole("link", { name: "Due today" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("table", { name: "Activities" }).locator("tbody tr").filter({ hasText: `Kick-off ${stamp}` })).toHaveCount(1);
});

test("the manager reads the dashboard and activities but cannot log", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeManager);
  await page.goto(`${BASE}/crm/activities`);
  await expect(page.getByRole("heading", { level: 1, name: "My activities" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log activity" })).toHaveCount(0);
  await page.goto(`${BASE}/crm`);
  await expect(page.getByRole("heading", { level: 1, name: "CRM dashboard" })).toBeVisible();
});
