import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

const thisYearIn = (timeZone: string) => new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).format(new Date());

test.describe("number sequences settings", () => {
  test("an owner lists sequences, previews a new format while typing, is stopped by a bad one, and saves", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Number sequences" }).click();
    await expectPath(page, "/acme/hq/settings/sequences");
    await expect(page.getByRole("heading", { level: 1, name: "Number sequences" })).toBeVisible();

    const year = thisYearIn("America/Chicago");
    const table = page.getByRole("table", { name: "Number sequences" });
    const salesOrder = table.getByRole("row", { name: /Sales order/ });
    await expect(salesOrder).toContainText("SO-{YYYY}-{#####}");
    await expect(salesOrder).toContainText(`SO-${year}-00001`);
    await expect(salesOrder).toContainText("Whole organization");
    // The demo CRM numbered its customers: the sequence is in use and its format can no longer change.
    const customer = table.getByRole("row", { name: /Customer/ });
    await expect(customer).toContainText(/CUST-\d{5}/);
    await expect(customer).toContainText("In use");

    await table.getByRole("button", { name: "Edit Sales quote sequence" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit sales quote numbers" });
    const format = dialog.getByLabel("Format");
    const preview = dialog.getByRole("status", { name: "Next number" });
    await expect(format).toHaveValue("SQ-{YYYY}-{#####}");
    await expect(format).toBeFocused();
    await expect(preview).toHaveText(`SQ-${year}-00001`);

    // A format without a counter is refused in place, and nothing is previewed.
    await format.fill("SQ-{YYYY}");
    // The error is tied to the field (aria-invalid + aria-describedby), so a screen reader reads it with the field.
    await expect(format).toHaveAccessibleDescription(/The format needs one counter token such as \{#####\}/);
    await expect(format).toHaveAttribute("aria-invalid", "true");
    await expect(preview).toHaveText("—");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeVisible();

    // A yearly reset needs the year in the number; switching the reset to "never" makes the same format valid.
    await format.fill("QT-{###}");
    await expect(format).toHaveAccessibleDescription(/A yearly reset needs \{YYYY\} or \{YY\}/);
    await dialog.getByLabel("Counter restarts").selectOption("never");
    await expect(format).not.toHaveAttribute("aria-invalid", "true");
    await expect(preview).toHaveText("QT-001");

    // The preview follows the typing, from the server.
    await dialog.getByLabel("Counter restarts").selectOption("yearly");
    await format.fill("QT-{YY}{MM}-{####}");
    await expect(preview).toHaveText(new RegExp(`^QT-${year.slice(2)}\\d{2}-0001$`));
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(table.getByRole("row", { name: /Sales quote/ })).toContainText("QT-{YY}{MM}-{####}");
    await expect(page.getByText("Sales quote numbers now look like QT-{YY}{MM}-{####}")).toBeVisible();

    // Escape closes the dialog without saving.
    await table.getByRole("button", { name: "Edit Invoice sequence" }).click();
    await page.getByRole("dialog").getByLabel("Format").fill("X-{YYYY}-{#}");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(table.getByRole("row", { name: /Invoice/ })).toContainText("INV-{YYYY}-{#####}");
  });

  test("saving over a colleague's change says so and offers a reload, instead of overwriting it", async ({ page, context }) => {
    // A sequence no module numbers yet (a used sequence's format is locked), so no other spec, in whatever order the
    // files run, can have used it: sales orders come with the sales module.
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/sequences");
    const table = page.getByRole("table", { name: "Number sequences" });
    await table.getByRole("button", { name: "Edit Sales order sequence" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Format").fill("ORD-{YYYY}-{#####}");

    // Meanwhile a colleague (another tab) changes the same sequence.
    const other = await context.newPage();
    await other.goto("/acme/hq/settings/sequences");
    await other.getByRole("table", { name: "Number sequences" }).getByRole("button", { name: "Edit Sales order sequence" }).click();
    await other.getByRole("dialog").getByLabel("Format").fill("SORD-{YYYY}-{#####}");
    await other.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(other.getByRole("dialog")).toBeHidden();
    await other.close();

    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByRole("alert")).toContainText("This record was changed by someone else");
    await dialog.getByRole("button", { name: "Reload" }).click();
    const table2 = page.getByRole("table", { name: "Number sequences" });
    await expect(table2.getByRole("row", { name: /Sales order/ })).toContainText("SORD-{YYYY}-{#####}");
    // Back to the default format, which e2e 20 expects.
    await table2.getByRole("button", { name: "Edit Sales order sequence" }).click();
    await page.getByRole("dialog").getByLabel("Format").fill("SO-{YYYY}-{#####}");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(table2.getByRole("row", { name: /Sales order/ })).toContainText("SO-{YYYY}-{#####}");
  });

  test("a manager reads without edit buttons; a sales clerk has no entry and is refused", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeManager);
    await page.goto("/acme/hq/settings/sequences");
    const table = page.getByRole("table", { name: "Number sequences" });
    await expect(table.getByRole("row", { name: /Purchase order/ })).toContainText("PO-{YYYY}-{#####}");
    await expect(table.getByRole("button", { name: /Edit/ })).toHaveCount(0);

    await page.context().clearCookies();
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq");
    await expect(page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Number sequences" })).toHaveCount(0);
    await page.goto("/acme/hq/settings/sequences");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("You do not have permission to see number sequences");
  });
});
