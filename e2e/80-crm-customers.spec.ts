import { readFile } from "node:fs/promises";

import { expect, test, type Page } from "@playwright/test";

import { parseCsv } from "../tests/helpers/csv";

import { DEMO, signInOverHttp } from "./support";

const CUSTOMERS = "/acme/hq/crm/customers";

const customersTable = (page: Page) => page.getByRole("table", { name: "Customers" });
const bodyRows = (page: Page) => customersTable(page).locator("tbody tr[data-row]");

async function applyEnumFilter(page: Page, label: string, option: string) {
  await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: label, exact: true }).click();
  const editor = page.getByRole("dialog", { name: `Filter by ${label}` });
  await editor.getByLabel(option, { exact: true }).check();
  await editor.getByRole("button", { name: "Apply" }).click();
}

test.describe("crm customers", () => {
  test("the owner creates a gold customer with a contact and an address, filters by tier and exports exactly the filtered rows", async ({ page }) => {
    test.slow(); // a whole journey: create, transition, contact, address, list, filter, export
    const name = `Zephyr Works ${Date.now().toString(36)}`;
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Customers", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
    await expect(bodyRows(page).first()).toBeVisible(); // the demo CRM

    // Create: every field is on the form; the tax id is checked by the country pack (US EIN) with the error in place.
    await page.getByRole("link", { name: "New customer" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New customer" })).toBeVisible();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await page.getByLabel("Tier").selectOption("gold");
    await page.getByLabel("Tax id").fill("123");
    await page.getByLabel("E-mail").fill("buyer@zephyr.example");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByLabel("Tax id")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Tax id").fill("12-3456789");
    await page.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText(/CUST-\d{5} · Gold · Company/)).toBeVisible();

    // The status machine's transitions are the header's buttons.
    await page.getByRole("button", { name: "Qualify" }).click();
    await page.getByRole("dialog", { name: "Qualify?" }).getByRole("button", { name: "Qualify" }).click();
    await expect(page.getByRole("group", { name: "Customer actions" }).getByRole("button", { name: "Qualify" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Activate" })).toBeVisible();

    // A contact, primary.
    await page.getByRole("tab", { name: "Contacts" }).click();
    await expect(page.getByText("No contacts yet.")).toBeVisible();
    await page.getByRole("button", { name: "Add contact" }).click();
    const contact = page.getByRole("dialog", { name: "New contact" });
    await contact.getByLabel("First name").fill("Ada");
    await contact.getByLabel("Last name").fill("Lovelace");
    await contact.getByLabel("Position").fill("CFO");
    await contact.getByLabel("Primary contact").check();
    await contact.getByRole("button", { name: "Add contact" }).click();
    await expect(contact).toBeHidden();
    const contacts = page.getByRole("table", { name: "Contacts" });
    await expect(contacts.getByRole("row").filter({ hasText: "Ada Lovelace" })).toContainText("Primary");

    // An address, default billing; a bad country is refused in place.
    await page.getByRole("tab", { name: "Addresses" }).click();
    await expect(page.getByText("No addresses yet.")).toBeVisible();
    await page.getByRole("button", { name: "Add address" }).click();
    const address = page.getByRole("dialog", { name: "New address" });
    await address.getByLabel("Street address").fill("1 Lake Shore Dr");
    await address.getByLabel("City").fill("Chicago");
    await address.getByRole("button", { name: "Add address" }).click();
    await expect(address.getByLabel("Country")).toHaveAttribute("aria-invalid", "true");
    await address.getByLabel("Country").selectOption("US");
    await address.getByLabel("Default billing address").check();
    await address.getByRole("button", { name: "Add address" }).click();
    await expect(address).toBeHidden();
    const addresses = page.getByRole("list", { name: "Addresses" });
    await expect(addresses).toContainText("1 Lake Shore Dr, Chicago, US");
    await expect(addresses).toContainText("Default billing");

    // The list, filtered by tier Gold, holds the new customer; the CSV export holds exactly the filtered rows.
    await page.getByRole("link", { name: "Back to customers" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
    await applyEnumFilter(page, "Tier", "Gold");
    await expect(page).toHaveURL(/f\.tier=gold/);
    await expect(bodyRows(page).filter({ hasText: name })).toHaveCount(1);
    const link = page.getByRole("link", { name: "Export CSV" });
    const href = new URL((await link.getAttribute("href"))!, "http://x");
    expect(href.pathname).toBe("/api/export/crm.customers");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const [header, ...rows] = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, "")));
    const col = (h: string) => header!.indexOf(h);
    expect([...new Set(rows.map((r) => r[col("Tier")]))]).toEqual(["gold"]);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(50); // one page of the table holds every filtered row
    // The table shows exactly the exported rows (East Branch customers included: the list is organization-wide).
    await expect(bodyRows(page)).toHaveCount(rows.length);
    for (const r of rows) await expect(bodyRows(page).filter({ hasText: r[col("Number")]! })).toHaveCount(1);
    await expect(bodyRows(page).filter({ hasNotText: "Gold" })).toHaveCount(0);
    expect(rows.some((r) => r[col("Name")] === name)).toBe(true);

    // The "Gold tier" built-in view is the same state.
    await expect(page.getByRole("button", { name: /Gold tier/ })).toBeVisible();
  });

  test("the manager reads customers but has no way to create one", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto(CUSTOMERS);
    await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
    await expect(bodyRows(page).first()).toBeVisible();
    await expect(page.getByRole("link", { name: "New customer" })).toHaveCount(0);
    await page.goto(`${CUSTOMERS}/new`);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });
});
