import { expect, test } from "@playwright/test";

import { expectPath, linkFromMailbox, submitSignInForm } from "./support";

test("sign up, verify through the mailbox, onboard a Kazakh company as its owner, then reset the password", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const email = `founder-${stamp}@example.test`;
  const password = "first password 123";
  const newPassword = "second password 456";

  // Sign up from the sign-in page.
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expectPath(page, "/sign-up");
  await page.getByLabel("Your name").fill("Aigerim Founder");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectPath(page, "/verify-email/pending");
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // Signing in works before verification, but lands on "Check your inbox"; onboarding sends the user back there.
  await page.getByRole("link", { name: "Sign in" }).click();
  await submitSignInForm(page, email, password);
  await expectPath(page, "/verify-email/pending");
  await expect(page.getByText("Verify your e-mail address before you create or open an organization.")).toBeVisible();
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText("A new link is on its way.", { exact: false })).toBeVisible();
  await page.goto("/onboarding");
  await expectPath(page, "/verify-email/pending");

  // Verify with the link from the mail.
  // Two verification mails (the first and the resent one): the newest link is the valid one.
  const verifyLink = await linkFromMailbox(browser, email, "Verify your e-mail address for Tessera", undefined, 2);
  await page.goto(verifyLink);
  await expect(page.getByText(`Your address ${email} is verified.`)).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await expectPath(page, "/onboarding");

  // Onboarding: Kazakhstan pre-fills KZT and Asia/Almaty; a wrong BIN is refused on its field.
  const orgName = `Ромашка ${stamp}`;
  await page.getByLabel("Organization name").fill(orgName);
  await expect(page.getByLabel("Address")).toHaveValue(`romashka-${stamp}`);
  await expect(page.getByText("This address is available.")).toBeVisible();
  await page.getByLabel("Country").selectOption({ label: "Kazakhstan" });
  await expect(page.getByLabel("Base currency")).toHaveValue("KZT");
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Almaty");
  await expect(page.getByLabel("Language and formats")).toHaveValue("ru-KZ");
  // Defaults can be changed: keep English formats for this test.
  await page.getByLabel("Language and formats").selectOption("en-US");
  await page.getByLabel("Legal name").fill(`ТОО «Ромашка ${stamp}»`);
  await page.getByLabel("Tax id").fill("971240001316");
  await page.getByLabel("Fiscal year starts in").selectOption({ label: "April" });
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Enter a valid 12-digit BIN/IIN")).toBeVisible();
  await expect(page.getByLabel("Tax id")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Tax id").fill("971240001315");
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page.getByLabel("Workspace name")).toHaveValue("Main office");
  await page.getByLabel("Workspace name").fill("Almaty HQ");
  await page.getByRole("button", { name: "Create organization" }).click();

  // Lands in the new workspace, as its owner (the owner's settings are in the menu).
  await expectPath(page, `/romashka-${stamp}/almaty-hq`);
  await expect(page.getByText(orgName).first()).toBeVisible();
  await page.goto(`/romashka-${stamp}/almaty-hq/settings/members`);
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) })).toContainText("Owner");

  // Forgot password → mail → reset → the old password is refused, the new one works.
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expectPath(page, "/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(`If an account exists for ${email}, a reset link is on its way.`, { exact: false })).toBeVisible();

  const resetLink = await linkFromMailbox(browser, email, "Reset your Tessera password");
  await page.goto(resetLink);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed and every session is signed out.")).toBeVisible();

  // The link works once.
  await page.goto(resetLink);
  await page.getByLabel("New password").fill("third password 789");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This link is invalid or has expired" })).toBeVisible();

  await page.goto("/sign-in");
  await submitSignInForm(page, email, password);
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password." })).toBeVisible();
  await submitSignInForm(page, email, newPassword);
  await expectPath(page, `/romashka-${stamp}/almaty-hq`);
});
