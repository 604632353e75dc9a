import { expect, test, type Page } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

const MEMBERS = "/acme/hq/settings/members";

const membersTable = (page: Page) => page.getByRole("table", { name: "Members" });
const bodyRows = (page: Page) => membersTable(page).locator("tbody tr[data-row]");
const clerkRow = (page: Page) => bodyRows(page).filter({ hasText: DEMO.acmeClerk });

async function applyEnumFilter(page: Page, label: string, option: string) {
  await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: label, exact: true }).click();
  const editor = page.getByRole("dialog", { name: `Filter by ${label}` });
  await editor.getByLabel(option, { exact: true }).check();
  await editor.getByRole("button", { name: "Apply" }).click();
}

test.describe("members", () => {
  test("the owner filters members, deactivates the clerk with a reason and reactivates them", async ({ page, browser }) => {
    // The clerk is signed in elsewhere and loses the organization on the next request.
    const clerkContext = await browser.newContext();
    const clerkPage = await clerkContext.newPage();
    await signInOverHttp(clerkPage, DEMO.acmeClerk);
    await clerkPage.goto("/acme/hq");
    await expect(clerkPage.getByRole("heading", { level: 1, name: "Not found" })).toHaveCount(0);

    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation").getByRole("link", { name: "Members" }).click();
    await expect(page).toHaveURL(new RegExp(`${MEMBERS}`));
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(bodyRows(page).filter({ hasText: DEMO.acmeOwner })).toHaveCount(1);

    await applyEnumFilter(page, "Role", "Sales");
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(clerkRow(page)).toContainText("Clara Clerk");
    await expect(clerkRow(page)).toContainText("Active");

    await page.getByRole("checkbox", { name: `Select Clara Clerk ${DEMO.acmeClerk}` }).check();
    const bulk = page.getByRole("region", { name: "Bulk actions" });
    await bulk.getByRole("button", { name: "Deactivate" }).click();
    const confirm = page.getByRole("dialog", { name: "Deactivate 1 member?" });
    await confirm.getByLabel("Reason (optional)").fill("On leave");
    await confirm.getByRole("button", { name: "Deactivate" }).click();
    await expect(page.getByText("1 member deactivated")).toBeVisible();
    await expect(confirm).toBeHidden();
    await expect(clerkRow(page)).toContainText("Suspended");
    // A succeeded action clears the selection (a refused one keeps it, below).
    await expect(bulk).toBeHidden();

    await clerkPage.reload();
    await expect(clerkPage.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();

    // Refused for the owner themselves: the server's reason is shown and nothing changes.
    await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: /Remove filter Role/ }).click();
    await page.getByRole("checkbox", { name: `Select Olivia Owner ${DEMO.acmeOwner}` }).check();
    await bulk.getByRole("button", { name: "Deactivate" }).click();
    const selfConfirm = page.getByRole("dialog", { name: "Deactivate 1 member?" });
    await selfConfirm.getByRole("button", { name: "Deactivate" }).click();
    await expect(selfConfirm.getByRole("alert")).toContainText("you cannot deactivate yourself");
    await selfConfirm.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("checkbox", { name: `Select Olivia Owner ${DEMO.acmeOwner}` }).uncheck();

    await applyEnumFilter(page, "Status", "Suspended");
    await expect(bodyRows(page)).toHaveCount(1);
    await page.getByRole("checkbox", { name: `Select Clara Clerk ${DEMO.acmeClerk}` }).check();
    await page.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Reactivate" }).click();
    await page.getByRole("dialog", { name: "Reactivate 1 member?" }).getByRole("button", { name: "Reactivate" }).click();
    await expect(page.getByText("1 member reactivated")).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(0);

    await clerkPage.reload();
    await expect(clerkPage.getByRole("heading", { level: 1, name: "Not found" })).toHaveCount(0);
    await clerkContext.close();
  });

  test("the clerk has no Members entry and cannot open the page", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq");
    await expect(page.getByRole("navigation").getByRole("link", { name: "Members" })).toHaveCount(0);
    // The page streams behind the shell, so the answer is the not-found page rather than a 404 status.
    await page.goto(MEMBERS);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  });
});
