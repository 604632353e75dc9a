import { expect, test, type Page } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

const ROLES = "/acme/hq/settings/roles";
const API_KEYS = "/acme/hq/settings/api-keys";

const rolesTable = (page: Page) => page.getByRole("table", { name: "Roles" });
const roleRow = (page: Page, name: string) => rolesTable(page).getByRole("row").filter({ has: page.getByRole("rowheader").getByRole("link", { name, exact: true }) });
const query = (path: string, input: unknown = null) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

test.describe("roles and API keys", () => {
  test("the owner builds a custom role in the permission matrix and clones Viewer", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation").getByRole("link", { name: "Roles" }).click();
    await expectPath(page, ROLES);
    await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
    await expect(roleRow(page, "Owner")).toContainText("System");

    await page.getByRole("link", { name: "New role" }).click();
    await expectPath(page, `${ROLES}/new`);
    await page.getByLabel("Name").fill("Auditor");
    await page.getByLabel("Description").fill("Reads and checks the audit trail");
    await page.getByLabel("Record scope").selectOption({ label: "Their workspaces" });
    // Select all of one module, then one extra cell of another (its group becomes indeterminate).
    const audit = page.getByRole("checkbox", { name: "Select all: Audit" });
    await audit.focus();
    await page.keyboard.press("Space");
    await expect(audit).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("checkbox", { name: "Audit events: Export" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("checkbox", { name: "Members: Read" }).click();
    await expect(page.getByRole("checkbox", { name: "Select all: People and access" })).toHaveAttribute("aria-checked", "mixed");
    await expect(page.getByRole("checkbox", { name: "Members: Read" })).toHaveAttribute("title", "See the people in the organization");
    await page.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByText("Role Auditor created")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Auditor" })).toBeVisible();
    await expect(page).toHaveURL(/\/settings\/roles\/[0-9a-f-]{36}$/);

    await page.getByRole("link", { name: "All roles" }).click();
    await expectPath(page, ROLES);
    const auditor = roleRow(page, "Auditor");
    await expect(auditor).toContainText("Custom");
    // Audit: read, export, verify + Members: read.
    await expect(auditor.getByRole("cell").nth(2)).toHaveText("4");
    await expect(auditor).toContainText("Their workspaces");

    // A system role is read-only: its page offers "Clone to edit"; the list clones it too.
    await roleRow(page, "Viewer").getByRole("link", { name: "Viewer" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Viewer" })).toBeVisible();
    await expect(page.getByLabel("Name")).toBeDisabled();
    await expect(page.getByRole("checkbox", { name: "Organization: Read" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
    await page.getByRole("button", { name: "Clone to edit" }).click();
    const dialog = page.getByRole("dialog", { name: "Clone Viewer" });
    await expect(dialog.getByLabel("Name")).toHaveValue("Viewer (copy)");
    await dialog.getByRole("button", { name: "Clone" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Viewer (copy)" })).toBeVisible();
    await expect(page.getByLabel("Name")).toBeEnabled();
    await expect(page.getByRole("checkbox", { name: "Organization: Read" })).toHaveAttribute("aria-checked", "true");
    await page.getByRole("link", { name: "All roles" }).click();
    await expect(roleRow(page, "Viewer (copy)")).toContainText("Custom");
  });

  test("the owner creates an API key, calls the API with it, and revokes it", async ({ page, request }) => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation").getByRole("link", { name: "API keys" }).click();
    await expectPath(page, API_KEYS);
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill("Reporting script");
    await dialog.getByRole("checkbox", { name: "Audit events: Read" }).click();
    await dialog.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await dialog.getByRole("button", { name: "Create key" }).click();

    const reveal = page.getByRole("dialog", { name: "Key Reporting script created" });
    await expect(reveal.getByRole("note")).toContainText("only time the key is shown");
    const field = reveal.getByLabel("API key");
    await expect(field).toHaveValue(/^tsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(page.getByText("Key copied to the clipboard")).toBeVisible();
    const key = await page.evaluate(() => navigator.clipboard.readText());
    expect(key).toBe(await field.inputValue());
    await reveal.getByRole("button", { name: "I have copied the key" }).click();
    await expect(reveal).toBeHidden();

    const table = page.getByRole("table", { name: "API keys" });
    const row = table.getByRole("row").filter({ hasText: "Reporting script" });
    await expect(row).toContainText("Active");
    await expect(row).toContainText(`${key.slice(0, 16)}_…`);
    await expect(row).not.toContainText(key);

    // The key alone (no cookie, no organization header) reads the audit log of its organization.
    const auth = { authorization: `Bearer ${key}` };
    const ok = await request.get(query("audit.events.list", {}), { headers: auth });
    expect(ok.status()).toBe(200);
    // … and nothing its scopes do not cover.
    expect((await request.get(query("platform.organizations.get"), { headers: auth })).status()).toBe(403);

    await row.getByRole("button", { name: "Revoke key Reporting script" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke Reporting script?" });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText("Key Reporting script revoked")).toBeVisible();
    await expect(row).toContainText("Revoked");

    const refused = await request.get(query("audit.events.list", {}), { headers: auth });
    expect(refused.status()).toBe(401);
    expect(JSON.stringify(await refused.json())).toContain("This API key has been revoked.");
  });

  test("the clerk sees neither page", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq");
    await expect(page.getByRole("navigation").getByRole("link", { name: "API keys" })).toHaveCount(0);
    await page.goto(API_KEYS);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });
});
