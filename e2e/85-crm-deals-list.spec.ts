// CRM deals list and the dashboard's links: a won deal is counted in this month's "won" figure, and following the
// figure opens the deals list filtered to exactly the deals behind it (stage won, closed this month, the currency);
// a pipeline-by-stage figure opens the board with the stage marked and the currency set; a lead is edited in its panel.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const BASE = "/acme/hq";

async function call<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "x-tessera-org": "acme", "x-tessera-workspace": "hq", "content-type": "application/json" },
    data: { json: input },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("follow the dashboard's won figure to the deals list and a stage figure to the pipeline", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  await signInOverHttp(page, DEMO.acmeOwner);
  const customer = await call<{ id: string }>(page, "crm.customers.create", { name: `Deals List Co ${stamp}` });
  const deal = await call<{ id: string; version: number }>(page, "crm.deals.create", { name: `Won e2e ${stamp}`, customerId: customer.id, stage: "closing", value: "5000" });
  await call(page, "crm.deals.moveStage", { id: deal.id, version: deal.version, stage: "won", wonReason: "e2e" });

  // 1. The dashboard: this month's won figure (the last month row) counts our deal.
  await page.goto(`${BASE}/crm`);
  const wonLost = page.getByRole("table", { name: "Won vs lost by month" });
  const won = wonLost.getByRole("link", { name: /: won \d+ deals?,/ }).last();
  const label = (await won.getAttribute("aria-label")) ?? "";
  const n = Number(/won (\d+) deal/.exec(label)?.[1]);
  expect(n).toBeGreaterThan(0);
  await won.click();

  // 2. The deals list, with the dashboard's filters as the table's own URL state.
  await expect(page.getByRole("heading", { level: 1, name: "Deals" })).toBeVisible();
  await expect(page).toHaveURL(/\/crm\/deals\?.*f\.stage=won/);
  await expect(page).toHaveURL(/f\.closed=\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}/);
  await expect(page).toHaveURL(/f\.currency=USD/);
  const table = page.getByRole("table", { name: "Deals" });
  await expect(table.getByRole("row", { name: new RegExp(`Won e2e ${stamp}`) })).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(n);
  await expect(table.getByTestId("status-badge").filter({ hasText: "Lost" })).toHaveCount(0);
  await expect(table.getByTestId("status-badge").filter({ hasText: "Won" })).toHaveCount(n);
  // The row opens the deal page.
  await table.getByRole("row", { name: new RegExp(`Won e2e ${stamp}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/crm/deals/${deal.id}$`));

  // 3. A pipeline-by-stage figure: the board opens with the stage marked and the dashboard's currency set.
  await page.goto(`${BASE}/crm`);
  const proposal = page.getByRole("link", { name: /^Proposal: \d+ deals?$/ });
  await proposal.click();
  await expect(page).toHaveURL(/\/crm\/pipeline\?stage=proposal/);
  await expect(page.locator('section[data-stage="proposal"][aria-current="true"]')).toBeVisible();
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expect(page.locator('section[aria-current="true"]')).toHaveCount(1);

  // 4. A deep link with owner=me and an expected-close range sets those filters.
  await page.goto(`${BASE}/crm/pipeline?owner=me&closeFrom=2026-01-01&closeTo=2030-12-31`);
  await expect(page.getByLabel("Closing from")).toHaveValue("2026-01-01");
  await expect(page.getByLabel("Owner")).not.toHaveValue("");
});

test("edit a lead in its side panel: field errors in place, then saved", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now().toString(36);
  await signInOverHttp(page, DEMO.acmeOwner);
  const name = `Edit Lead ${stamp}`;
  await call(page, "crm.leads.create", { name, companyName: "Before Ltd" });
  await page.goto(`${BASE}/crm/leads`);
  await page.getByRole("table", { name: "Leads" }).getByRole("row", { name: new RegExp(name) }).click();
  const panel = page.getByRole("dialog", { name: `Lead ${name}` });
  await expect(panel).toContainText("Before Ltd");
  await panel.getByRole("button", { name: "Edit lead" }).click();
  await panel.getByLabel("Name").fill("");
  await panel.getByLabel("E-mail").fill("not-an-email");
  await panel.getByRole("button", { name: "Save lead" }).click();
  await expect(panel.getByText("Enter a name")).toBeVisible();
  await expect(panel.getByText("Enter a valid e-mail address")).toBeVisible();
  await panel.getByLabel("Name").fill(name);
  await panel.getByLabel("E-mail").fill(`lead-${stamp}@example.test`);
  await panel.getByLabel("Company").fill("After Ltd");
  await panel.getByRole("button", { name: "Save lead" }).click();
  await expect(page.getByText("Lead saved")).toBeVisible();
  await expect(panel).toContainText("After Ltd");
  await expect(panel).toContainText(`lead-${stamp}@example.test`);
  await expect(panel.getByRole("button", { name: "Edit lead" })).toBeVisible();
});
