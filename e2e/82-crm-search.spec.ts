import { expect, test, type Page } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

/** Creates a customer of Acme over the HTTP API (tRPC, superjson envelope) as the signed-in user. */
async function createCustomer(page: Page, input: Record<string, unknown>): Promise<{ id: string; number: string; taxId: string | null }> {
  const res = await page.request.post("/api/trpc/crm.customers.create", {
    data: { json: input },
    headers: { "x-tessera-org": "acme", "content-type": "application/json" },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: { id: string; number: string; taxId: string | null } } } }).result.data.json;
}

test.describe("CRM search, custom fields and segments", () => {
  test("Ctrl+K finds a customer by part of its name and by its tax id, and opens it", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    const suffix = String(Date.now()).slice(-7);
    const customer = await createCustomer(page, { name: `Halcyon Orchard Supply ${suffix}`, taxId: `12-${suffix}`, email: `buyer${suffix}@halcyon.test` });
    await page.goto("/acme/hq");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog");
    await expect(palette).toBeVisible();
    await page.keyboard.type("orchard sup");
    const hit = palette.getByRole("option", { name: new RegExp(`Halcyon Orchard Supply ${suffix}`) });
    await expect(hit).toBeVisible();
    await expect(hit).toContainText(customer.number);
    await expect(hit).toContainText("Customers");
    await hit.click();
    // The customer page belongs to another part of the CRM; the palette navigates to its address.
    await expectPath(page, `/acme/hq/crm/customers/${customer.id}`);

    await page.goto("/acme/hq");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.keyboard.press("Control+k");
    await page.keyboard.type(`12-${suffix}`);
    const byTaxId = palette.getByRole("option", { name: new RegExp(`Halcyon Orchard Supply ${suffix}`) });
    await expect(byTaxId).toBeVisible();
    await expect(byTaxId).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expectPath(page, `/acme/hq/crm/customers/${customer.id}`);
  });

  test("custom field definitions: add a select field, see it listed, archive it", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/crm-fields");
    await expect(page.getByRole("heading", { level: 1, name: "Custom fields" })).toBeVisible();
    const suffix = String(Date.now()).slice(-6);

    await page.getByRole("button", { name: /Add field/ }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a custom field" });
    await dialog.getByLabel("Label").fill(`Region ${suffix}`);
    await dialog.getByLabel("Key").fill("Bad Key");
    await dialog.getByLabel("Type").selectOption("select");
    await dialog.getByLabel("Options").fill("North\nSouth");
    await dialog.getByRole("button", { name: "Save" }).click();
    // The server's field error lands on the key.
    await expect(dialog.getByText(/Use lowercase letters/)).toBeVisible();
    await dialog.getByLabel("Key").fill(`region_${suffix}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    const table = page.getByRole("table", { name: "Custom fields" });
    const row = table.getByRole("row", { name: new RegExp(`Region ${suffix}`) });
    await expect(row).toContainText(`region_${suffix}`);
    await expect(row).toContainText("Choice from a list");
    await expect(row).toContainText("North, South");

    // The preview shows the field as the customer form will, and the server checks the value.
    const preview = page.getByRole("region", { name: "Preview" });
    await preview.getByLabel(`Region ${suffix}`).selectOption("South");
    await preview.getByRole("button", { name: "Check values" }).click();
    await expect(preview.getByRole("status")).toContainText(`"region_${suffix}":"South"`);
    await row.getByRole("button", { name: `Archive Region ${suffix}` }).click();
    await expect(row).toContainText("Archived");
    await expect(row.getByRole("button", { name: `Restore Region ${suffix}` })).toBeVisible();
  });

  test("segments: build a filter, see the member count, open the customers list filtered by it", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    const suffix = String(Date.now()).slice(-6);
    await createCustomer(page, { name: `Segmentable Gold ${suffix}`, tier: "gold", status: "active", tags: [`e2e${suffix}`] });
    await createCustomer(page, { name: `Segmentable Silver ${suffix}`, tier: "silver", status: "active", tags: [`e2e${suffix}`] });

    await page.goto("/acme/hq/crm/segments");
    await expect(page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
    await page.getByRole("button", { name: "New segment" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New segment" });
    await dialog.getByLabel("Name").fill(`Gold e2e ${suffix}`);
    await dialog.getByRole("group", { name: "Tier" }).getByRole("checkbox", { name: "Gold" }).check();
    await dialog.getByRole("group", { name: "Status" }).getByRole("checkbox", { name: "Active", exact: true }).check();
    await dialog.getByLabel("Tags").fill(`e2e${suffix}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole("table", { name: "Segments" }).getByRole("row", { name: new RegExp(`Gold e2e ${suffix}`) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("1");

    // Edit: widen to silver too; the count follows.
    await row.getByRole("button", { name: `Edit Gold e2e ${suffix}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit Gold e2e ${suffix}` });
    await expect(edit.getByRole("group", { name: "Tier" }).getByRole("checkbox", { name: "Gold" })).toBeChecked();
    await edit.getByRole("group", { name: "Tier" }).getByRole("checkbox", { name: "Silver" }).check();
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(row.getByRole("cell").nth(1)).toHaveText("2");

    const link = row.getByRole("link", { name: `Show the customers of Gold e2e ${suffix}` });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/acme\/hq\/crm\/customers\?f\.segment=[0-9a-f-]{36}$/);
  });
});
