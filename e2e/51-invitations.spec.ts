import { expect, test, type Page } from "@playwright/test";

import { DEMO, expectPath, setChecked, signInOverHttp, submitSignInForm } from "./support";

const INVITATIONS = "/acme/hq/settings/members/invitations";

const invitationsTable = (page: Page) => page.getByRole("table", { name: "Invitations" });
const invitationRow = (page: Page, email: string) => invitationsTable(page).locator("tbody tr[data-row]").filter({ hasText: email });

/** Invites `email` from the members page with the given role and workspace (not all workspaces). */
async function invite(page: Page, email: string, role: string, workspace: string) {
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("E-mail").fill(email);
  await setChecked(dialog.getByRole("group", { name: "Roles" }).getByLabel(role, { exact: true }), true);
  await setChecked(dialog.getByRole("group", { name: "Workspaces" }).getByLabel(workspace, { exact: true }), true);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
  await expect(dialog).toBeHidden();
}

/** Opens the invitation e-mail to `email` in the dev mailbox and reads the link from its text part. */
async function invitationLink(page: Page, email: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) }).filter({ hasText: "You are invited to join Acme Manufacturing" });
  await expect(async () => {
    await page.reload();
    await expect(row.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.first().getByRole("link", { name: /You are invited to join Acme Manufacturing/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "You are invited to join Acme Manufacturing on Tessera" })).toBeVisible();
  const html = page.frameLocator('iframe[title="HTML version"]');
  await expect(html.getByRole("paragraph").filter({ hasText: "Olivia Owner (owner@acme.test) invited you to join Acme Manufacturing" })).toBeVisible();
  const text = await page.getByRole("region", { name: "Text" }).innerText();
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link, "the invitation link in the e-mail").toBeTruthy();
  return new URL(link!).pathname;
}

test.describe("invitations", () => {
  test("the owner invites a new address as sales in hq; the new user accepts and sees only hq", async ({ page, browser }) => {
    test.slow(); // two browsers and the mail worker
    const email = `new.colleague+${Date.now()}@example.test`;
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/members");
    await invite(page, email, "Sales", "Headquarters");

    await page.getByRole("navigation", { name: "People" }).getByRole("link", { name: "Invitations" }).click();
    await expectPath(page, INVITATIONS);
    await expect(invitationRow(page, email)).toContainText("Pending");
    await expect(invitationRow(page, email)).toContainText("Sales");
    await expect(invitationRow(page, email)).toContainText("Headquarters");
    await expect(invitationRow(page, email)).toContainText("Olivia Owner");

    const path = await invitationLink(page, email);

    // A fresh browser: nobody is signed in.
    const context = await browser.newContext();
    const guest = await context.newPage();
    await guest.goto(path);
    await expect(guest.getByRole("heading", { level: 1, name: "Join Acme Manufacturing" })).toBeVisible();
    await expect(guest.getByText(`Olivia Owner invited ${email} to join Acme Manufacturing`)).toBeVisible();
    await guest.getByLabel("Your name").fill("Nora Newcomer");
    await guest.getByLabel("Password").fill("a long enough password");
    await guest.getByRole("button", { name: "Create account and join" }).click();

    await expectPath(guest, "/acme/hq");
    await expect(guest.getByRole("heading", { level: 1, name: "Headquarters" })).toBeVisible();
    await guest.getByRole("button", { name: /Switch workspace/ }).click();
    const menu = guest.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: /Headquarters/ })).toBeVisible();
    await expect(menu.getByRole("menuitem", { name: /East Branch/ })).toHaveCount(0);
    await guest.keyboard.press("Escape");

    // The link was single use.
    await guest.goto(path);
    await expect(guest.getByRole("heading", { level: 1, name: "Invitation already used" })).toBeVisible();
    await context.close();

    await page.goto(INVITATIONS);
    await expect(invitationRow(page, email)).toContainText("Accepted");
    await page.goto("/acme/hq/settings/members");
    await expect(page.getByRole("table", { name: "Members" }).locator("tbody tr[data-row]").filter({ hasText: email })).toContainText("Nora Newcomer");
  });

  test("the owner revokes an invitation and its link says revoked", async ({ page, browser }) => {
    test.slow(); // two browsers and the mail worker
    const email = `revoked+${Date.now()}@example.test`;
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto(INVITATIONS);
    await invite(page, email, "Viewer", "East Branch");
    await expect(invitationRow(page, email)).toContainText("Pending");
    const path = await invitationLink(page, email);

    await page.goto(INVITATIONS);
    await invitationRow(page, email).getByRole("button", { name: `Revoke the invitation to ${email}` }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke the invitation?" });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText(`Invitation to ${email} revoked`)).toBeVisible();
    await expect(invitationRow(page, email)).toContainText("Revoked");

    const context = await browser.newContext();
    const guest = await context.newPage();
    await guest.goto(path);
    await expect(guest.getByRole("heading", { level: 1, name: "Invitation revoked" })).toBeVisible();
    await expect(guest.getByText("This invitation to Acme Manufacturing was revoked.")).toBeVisible();
    await context.close();
  });

  test("an existing user signs in from the link and accepts; the owner edits their access, then removes them", async ({ page, browser }) => {
    test.slow(); // two browsers, sign-in, three dialogs
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq/settings/members");
    await invite(page, DEMO.globexOwner, "Viewer", "East Branch");
    const path = await invitationLink(page, DEMO.globexOwner);

    const context = await browser.newContext();
    const guest = await context.newPage();
    await guest.goto(path);
    await expect(guest.getByText(`An account for ${DEMO.globexOwner} exists.`)).toBeVisible();
    await guest.getByRole("link", { name: "Sign in to accept" }).click();
    await submitSignInForm(guest, DEMO.globexOwner);
    await expectPath(guest, path);
    await guest.getByRole("button", { name: "Accept the invitation" }).click();
    await expectPath(guest, "/acme/east");
    await expect(guest.getByRole("heading", { level: 1, name: "East Branch" })).toBeVisible();

    // The owner gives them Headquarters instead of East Branch.
    await page.goto("/acme/hq/settings/members");
    const rows = page.getByRole("table", { name: "Members" }).locator("tbody tr[data-row]");
    const row = rows.filter({ hasText: DEMO.globexOwner });
    await expect(row).toContainText("East Branch");
    await row.getByRole("button", { name: "Actions for Gulnara Owner" }).click();
    await page.getByRole("menuitem", { name: "Edit access" }).click();
    const edit = page.getByRole("dialog", { name: "Edit access of Gulnara Owner" });
    const workspaces = edit.getByRole("group", { name: "Workspaces" });
    await expect(workspaces.getByLabel("East Branch", { exact: true })).toBeChecked();
    await setChecked(workspaces.getByLabel("Headquarters", { exact: true }), true);
    await setChecked(workspaces.getByLabel("East Branch", { exact: true }), false);
    await edit.getByRole("button", { name: "Save access" }).click();
    await expect(page.getByText("Access of Gulnara Owner changed")).toBeVisible();
    await expect(row).toContainText("Headquarters");
    await guest.goto("/acme/east");
    await expect(guest.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();

    // The owner's own row: removing yourself is not offered.
    await rows.filter({ hasText: DEMO.acmeOwner }).getByRole("button", { name: "Actions for Olivia Owner" }).click();
    await expect(page.getByRole("menuitem", { name: "Remove" })).toBeDisabled();
    await expect(page.getByText("You cannot remove yourself.")).toBeVisible();
    await page.keyboard.press("Escape");

    await row.getByRole("button", { name: "Actions for Gulnara Owner" }).click();
    await page.getByRole("menuitem", { name: "Remove" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove Gulnara Owner?" });
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Gulnara Owner removed from the organization")).toBeVisible();
    await expect(row).toHaveCount(0);
    await guest.goto("/acme/hq");
    await expect(guest.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await context.close();
  });
});
