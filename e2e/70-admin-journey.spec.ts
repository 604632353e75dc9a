import { expect, test, type Page } from "@playwright/test";

import { expectPath, linkFromMailbox, setChecked, signInOverHttp, submitSignInForm } from "./support";

// The administration journey end to end, across the slices that build it: a founder signs up and verifies through
// the dev mailbox, onboards a company, adds a workspace and invites a colleague into it; the colleague accepts as a
// new user and sees only that workspace; the founder builds a custom role and the colleague's menu changes; a
// platform operator suspends the organization and the colleague is signed out.

const OPERATOR = "operator@tessera.test";

const modules = (page: Page) => page.getByRole("navigation", { name: "Modules" });

test("sign up → verify → onboard → invite → accept → custom role changes the menu → suspension signs the colleague out", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const founder = `founder-${stamp}@example.test`;
  const colleague = `colleague-${stamp}@example.test`;
  const orgName = `Journey ${stamp}`;
  const org = `journey-${stamp}`;

  // 1. Sign up and verify the address through the dev mailbox.
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Frida Founder");
  await page.getByLabel("Email").fill(founder);
  await page.getByLabel("Password").fill("founder password 1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expectPath(page, "/verify-email/pending");
  await page.goto(await linkFromMailbox(browser, founder, "Verify your e-mail address for Tessera"));
  await expect(page.getByText(`Your address ${founder} is verified.`)).toBeVisible();
  await page.goto("/sign-in");
  await submitSignInForm(page, founder, "founder password 1");
  await expectPath(page, "/onboarding");

  // 2. Onboarding: a US company with its first workspace; the founder lands in it as owner.
  await page.getByLabel("Organization name").fill(orgName);
  await expect(page.getByLabel("Address")).toHaveValue(org);
  await page.getByLabel("Country").selectOption("US");
  await expect(page.getByLabel("Base currency")).toHaveValue("USD");
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Workspace name").fill("Main office");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expectPath(page, `/${org}/main-office`);

  // 3. A second workspace, the only one the colleague will get.
  await page.goto(`/${org}/main-office/settings/workspaces`);
  await page.getByRole("button", { name: "New workspace" }).click();
  const create = page.getByRole("dialog", { name: "New workspace" });
  await create.getByLabel("Name").fill("Warehouse");
  await create.getByLabel("Type").selectOption({ label: "Branch" });
  await create.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Workspace Warehouse created")).toBeVisible();

  // 4. Invite the colleague as Viewer in Warehouse only.
  await page.goto(`/${org}/main-office/settings/members`);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const invite = page.getByRole("dialog", { name: "Invite a member" });
  await invite.getByLabel("E-mail").fill(colleague);
  await setChecked(invite.getByRole("group", { name: "Roles" }).getByLabel("Viewer", { exact: true }), true);
  await setChecked(invite.getByRole("group", { name: "Workspaces" }).getByLabel("Warehouse", { exact: true }), true);
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${colleague}`)).toBeVisible();

  // 5. The colleague accepts as a new user in a fresh browser and sees only Warehouse.
  const link = await linkFromMailbox(browser, colleague, `You are invited to join ${orgName}`, /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/);
  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByRole("heading", { level: 1, name: `Join ${orgName}` })).toBeVisible();
  await guest.getByLabel("Your name").fill("Carl Colleague");
  await guest.getByLabel("Password").fill("colleague password 2");
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expectPath(guest, `/${org}/warehouse`);
  await guest.getByRole("button", { name: /^Switch workspace/ }).click();
  await expect(guest.getByRole("menu").getByRole("menuitem", { name: /Warehouse/ })).toBeVisible();
  await expect(guest.getByRole("menu").getByRole("menuitem", { name: /Main office/ })).toHaveCount(0);
  await guest.keyboard.press("Escape");
  await guest.goto(`/${org}/main-office`);
  await expect(guest.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  // A viewer does not see the people of the organization.
  await guest.goto(`/${org}/warehouse`);
  await expect(modules(guest).getByRole("link", { name: "Home" })).toBeVisible();
  await expect(modules(guest).getByRole("link", { name: "Members" })).toHaveCount(0);

  // 6. The founder builds a custom role that may see the members, and gives it to the colleague.
  await page.goto(`/${org}/main-office/settings/roles/new`);
  await page.getByLabel("Name").fill("People viewer");
  await page.getByRole("checkbox", { name: "Members: Read" }).click();
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByText("Role People viewer created")).toBeVisible();
  await page.goto(`/${org}/main-office/settings/members`);
  await page.getByRole("button", { name: "Actions for Carl Colleague" }).click();
  await page.getByRole("menuitem", { name: "Edit access" }).click();
  const edit = page.getByRole("dialog", { name: "Edit access of Carl Colleague" });
  await setChecked(edit.getByRole("group", { name: "Roles" }).getByLabel("People viewer", { exact: true }), true);
  await edit.getByRole("button", { name: "Save access" }).click();
  await expect(page.getByText("Access of Carl Colleague changed")).toBeVisible();

  // The colleague's menu now has Members, and the page opens.
  await guest.reload();
  await modules(guest).getByRole("link", { name: "Members" }).click();
  await expectPath(guest, `/${org}/warehouse/settings/members`);
  await expect(guest.getByRole("table", { name: "Members" })).toContainText("Frida Founder");

  // 7. A platform operator suspends the organization: the colleague's next navigation explains and signs them out.
  const opContext = await browser.newContext();
  const operator = await opContext.newPage();
  await signInOverHttp(operator, OPERATOR);
  await operator.goto("/platform");
  await operator.getByPlaceholder("Search by name or address…").fill(org);
  const rows = operator.getByRole("table", { name: "Organizations" }).locator("tbody tr[data-row]");
  await expect(rows).toHaveCount(1);
  await rows.first().getByText(orgName, { exact: true }).click();
  await operator.getByRole("button", { name: "Suspend", exact: true }).click();
  const suspend = operator.getByRole("dialog", { name: `Suspend ${orgName}?` });
  await suspend.getByLabel("Reason shown to the members").fill("Trial abuse under review");
  await suspend.getByRole("button", { name: "Suspend organization" }).click();
  await expect(suspend).toBeHidden();
  await opContext.close();

  await guest.goto(`/${org}/warehouse`);
  await expectPath(guest, `/suspended/${org}`);
  await expect(guest.getByText(`${orgName} is suspended: Trial abuse under review`)).toBeVisible();
  await expect(guest.getByText("You have been signed out.")).toBeVisible();
  await guest.goto(`/${org}/warehouse`);
  await expect(guest).toHaveURL(/\/sign-in/);
  await context.close();
});
