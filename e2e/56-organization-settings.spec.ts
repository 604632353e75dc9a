import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const PAGE = "/acme/hq/settings/organization";
// A 1×1 PNG: the server checks the bytes, not only the declared type.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const primaryOf = (page: Page) => page.getByTestId("app-shell").evaluate((el) => getComputedStyle(el).getPropertyValue("--primary").trim());

test.describe("organization settings", () => {
  test("the owner edits the profile and branding, security settings and a workspace-level setting", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto(PAGE);
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
    const originalPrimary = await primaryOf(page);

    // Profile: legal name and primary color; the shell's accent follows.
    const profile = main.getByRole("region", { name: "Profile" });
    await expect(profile).toContainText("Country and currency cannot change after the organization is created");
    await profile.getByLabel("Legal name").fill("Acme Manufacturing Holdings, Inc.");
    await profile.getByLabel("Primary color", { exact: true }).fill("#0f766e");
    // The postal address (the country is the organization's).
    const address = profile.getByRole("group", { name: "Postal address" });
    await address.getByLabel("Address line 1").fill("  500 Industrial Way ");
    await address.getByLabel("City").fill("Springfield");
    await address.getByLabel("Region / state").fill("IL");
    await address.getByLabel("Postal code").fill("62701");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Organization profile saved")).toBeVisible();
    await expect.poll(() => primaryOf(page)).toBe("#0f766e");
    expect(originalPrimary).not.toBe("#0f766e");
    await page.reload();
    await expect(profile.getByLabel("Legal name")).toHaveValue("Acme Manufacturing Holdings, Inc.");
    await expect(address.getByLabel("Address line 1")).toHaveValue("500 Industrial Way");
    await expect(address.getByLabel("Postal code")).toHaveValue("62701");
    // Too long a line is refused on its field.
    await address.getByLabel("Postal code").fill("1".repeat(21));
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(address.getByText("At most 20 characters")).toBeVisible();
    await address.getByLabel("Postal code").fill("62701");
    await expect.poll(() => primaryOf(page)).toBe("#0f766e");

    // A bad color is refused in place.
    await profile.getByLabel("Primary color", { exact: true }).fill("teal");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(profile.getByText("Use a color such as #1f6feb")).toBeVisible();
    await profile.getByLabel("Primary color", { exact: true }).fill("#0f766e");

    // Logo: uploaded, then shown in the sidebar next to the organization's name.
    const logo = main.getByRole("region", { name: "Logo" });
    await logo.getByLabel("Upload logo").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    await expect(logo.getByRole("alert")).toContainText("SVG logos are not accepted");
    await logo.getByLabel("Upload logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await expect(page.getByText("Logo updated")).toBeVisible();
    const sidebarLogo = page.getByTestId("sidebar-logo");
    await expect(sidebarLogo).toBeVisible();
    await expect(sidebarLogo).toHaveAttribute("alt", "Acme Manufacturing logo");
    await expect.poll(() => sidebarLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await expect(page.getByTestId("sidebar-organization")).toHaveText("Acme Manufacturing");

    // Security: allowed invitation domains (a wrong entry is refused on the field).
    await main.getByRole("tab", { name: "Security" }).click();
    const security = main.getByRole("region", { name: "Security" });
    const domains = security.getByLabel("Allowed e-mail domains for invitations");
    await expect(domains).toHaveValue("");
    await domains.fill("acme.test\nnot a domain");
    await security.getByRole("button", { name: "Save" }).click();
    await expect(security.getByText('"not" is not a domain such as example.com')).toBeVisible();
    await domains.fill("acme.test\nacme-partners.com");
    await security.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Security settings saved")).toBeVisible();

    // All settings: the domains come from the organization; a value set for this workspace, then reset.
    await main.getByRole("tab", { name: "All settings" }).click();
    await expect(page).toHaveURL(/tab=all/);
    const table = main.getByRole("table", { name: "All settings" });
    const domainsRow = table.getByRole("row", { name: /Allowed invitation domains/ });
    await expect(domainsRow).toContainText("acme.test, acme-partners.com");
    await expect(domainsRow.getByTestId("setting-source")).toHaveText("Organization");

    const payment = table.getByRole("row", { name: /Default payment days/ });
    await expect(payment.getByTestId("setting-source")).toHaveText("Global");
    await payment.getByRole("button", { name: "Set Default payment days for this workspace" }).click();
    const dialog = page.getByRole("dialog", { name: /Default payment days — workspace/ });
    await dialog.getByLabel("Value").fill("400");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("At most 365")).toBeVisible();
    await dialog.getByLabel("Value").fill("14");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(payment.getByTestId("setting-source")).toHaveText("This workspace");
    await expect(payment).toContainText("14 days");
    await payment.getByRole("button", { name: "Reset Default payment days (workspace)" }).click();
    await expect(payment.getByTestId("setting-source")).toHaveText("Global");
    await expect(payment).toContainText("30 days");

    // Leave the demo organization as it was for the other specs.
    await domainsRow.getByRole("button", { name: "Reset Allowed invitation domains (organization)" }).click();
    await expect(domainsRow.getByTestId("setting-source")).toHaveText("Global");
    await main.getByRole("tab", { name: "Profile & branding" }).click();
    await logo.getByRole("button", { name: "Remove logo" }).click();
    await expect(page.getByText("Logo removed")).toBeVisible();
    await expect(page.getByTestId("sidebar-logo")).toHaveCount(0);
    await profile.getByLabel("Legal name").fill("Acme Manufacturing, Inc.");
    await profile.getByLabel("Primary color", { exact: true }).fill("");
    for (const field of ["Address line 1", "City", "Region / state", "Postal code"]) await address.getByLabel(field).fill("");
    await profile.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Organization profile saved")).toBeVisible();
    await expect.poll(() => primaryOf(page)).toBe(originalPrimary);
  });

  test("a manager sees the settings read-only", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto(PAGE);
    const main = page.getByRole("main");
    await expect(main.getByText("You can see these settings but not change them.")).toBeVisible();
    const profile = main.getByRole("region", { name: "Profile" });
    await expect(profile.getByLabel("Legal name")).toBeDisabled();
    // The address is shown as text, not as fields.
    await expect(profile.getByText("Postal address")).toBeVisible();
    await expect(profile.getByLabel("Address line 1")).toHaveCount(0);
    await expect(profile.getByRole("button", { name: "Save" })).toHaveCount(0);
    await expect(main.getByRole("region", { name: "Logo" }).getByRole("button", { name: "Upload logo" })).toHaveCount(0);
    await main.getByRole("tab", { name: "All settings" }).click();
    const table = main.getByRole("table", { name: "All settings" });
    await expect(table.getByRole("row", { name: /Lockout threshold/ })).toContainText("5 attempts");
    await expect(table.getByRole("button", { name: /^Set / })).toHaveCount(0);
  });
});
