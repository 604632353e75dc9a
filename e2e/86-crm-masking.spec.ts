// Field masking (ARCHITECTURE §7, kernel/masking): the Acme viewer (no crm.sensitive.view) sees a customer's phone
// and e-mail masked, with a lock and the reason, in the customers list and on the customer page, read-only; the owner
// sees them as they are. When the owner turns "Mask phone numbers" off in the security settings, the viewer sees
// phone numbers (e-mail addresses stay masked).
import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const BASE = "/acme/hq";
const VIEWER = "viewer@acme.test";
const HIDDEN = "Hidden by your organization's privacy settings";

async function call<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "x-tessera-org": "acme", "x-tessera-workspace": "hq", "content-type": "application/json" },
    data: { json: input },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function query<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
    headers: { "x-tessera-org": "acme", "x-tessera-workspace": "hq" },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

const customerRow = (page: Page, name: string) => page.getByRole("table", { name: "Customers" }).locator("tbody tr").filter({ hasText: name });

test("a viewer sees phone and e-mail masked; the owner sees them, and unmasks phone numbers in the settings", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const name = `Privacy Works ${stamp}`;
  const email = `buyer-${stamp}@privacy.example`;
  const phone = "+7 701 555-12-34";

  const owner = await (await browser.newContext()).newPage();
  const viewer = await (await browser.newContext()).newPage();
  await signInOverHttp(owner, DEMO.acmeOwner);
  await signInOverHttp(viewer, VIEWER);
  const customer = await call<{ id: string }>(owner, "crm.customers.create", { name, email, phone });

  try {
    // The owner: the real values, editable.
    await owner.goto(`${BASE}/crm/customers?q=${encodeURIComponent(name)}`);
    await expect(customerRow(owner, name)).toContainText(email);
    await expect(customerRow(owner, name).locator('[data-masked="true"]')).toHaveCount(0);
    await owner.goto(`${BASE}/crm/customers/${customer.id}`);
    await expect(owner.getByLabel("Phone")).toHaveValue(phone);
    await expect(owner.getByLabel("E-mail")).toHaveValue(email);
    await expect(owner.getByText(HIDDEN)).toHaveCount(0);

    // The viewer: masked, marked with a lock and the reason.
    await viewer.goto(`${BASE}/crm/customers?q=${encodeURIComponent(name)}`);
    const row = customerRow(viewer, name);
    await expect(row).toContainText(`b***@privacy.example`);
    await expect(row).not.toContainText(email);
    await expect(row.locator('[data-masked="true"]').first()).toHaveAttribute("title", HIDDEN);
    await viewer.goto(`${BASE}/crm/customers/${customer.id}`);
    await expect(viewer.getByLabel("Phone")).toHaveValue("+7 *** ***-12-34");
    await expect(viewer.getByLabel("Phone")).toHaveAttribute("readonly", "");
    await expect(viewer.getByLabel("E-mail")).toHaveValue("b***@privacy.example");
    await expect(viewer.getByText(HIDDEN).first()).toBeVisible();
    // The search does not find the customer by its phone digits for the viewer; by name it does.
    const search = async (q: string) => (await query<{ groups: { id: string; hits: { id: string }[] }[] }>(viewer, "crm.search", { q })).groups[0]!.hits.map((h) => h.id);
    expect(await search("7015551234")).not.toContain(customer.id);
    expect(await search(name)).toContain(customer.id);

    // The owner turns "Mask phone numbers" off.
    await owner.goto(`${BASE}/settings/organization?tab=security`);
    const security = owner.getByRole("form", { name: "Security" });
    await security.getByLabel("Mask phone numbers").uncheck();
    await security.getByRole("button", { name: "Save" }).click();
    await expect(owner.getByText("Security settings saved")).toBeVisible();

    // The viewer now sees the phone number, still not the e-mail address.
    await viewer.reload();
    await expect(viewer.getByLabel("Phone")).toHaveValue(phone);
    await expect(viewer.getByLabel("E-mail")).toHaveValue("b***@privacy.example");
  } finally {
    await call(owner, "settings.values.set", { key: "security.maskPhones", scope: "organization", value: true });
  }
});
