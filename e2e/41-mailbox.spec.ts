import { expect, test } from "@playwright/test";

import { DEMO, signInOverHttp } from "./support";

test("a test message is queued, delivered by the worker, and shown in the dev mailbox", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto("/dev/mailbox");
  await expect(page.getByRole("heading", { level: 1, name: "Dev mailbox" })).toBeVisible();

  await page.getByRole("button", { name: "Send me a test message" }).click();
  await expect(page.getByRole("status")).toContainText("Queued");

  const row = page.getByRole("row", { name: /owner@acme\.test/ }).filter({ hasText: "Tessera test message" });
  await expect(async () => {
    await page.reload();
    await expect(row.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  await row.first().getByRole("link", { name: "Tessera test message" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tessera test message" })).toBeVisible();
  await expect(page.getByText("owner@acme.test")).toBeVisible();
  const htmlPart = page.frameLocator('iframe[title="HTML version"]');
  await expect(htmlPart.getByRole("heading", { name: "Tessera test message" })).toBeVisible();
  await expect(htmlPart.getByText("sent by the dev mailbox")).toBeVisible();
  await expect(page.getByRole("region", { name: "Text" })).toContainText("If you can read it, e-mail delivery works.");
});

test("an administrator sends a test e-mail from the organization settings; a clerk has no such button", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeOwner);
  const rows = page.getByRole("row", { name: /owner@acme\.test/ }).filter({ hasText: "Tessera test message" });
  await page.goto("/dev/mailbox");
  await expect(page.getByRole("heading", { level: 1, name: "Dev mailbox" })).toBeVisible();
  const before = await rows.count();

  await page.goto("/acme/hq/settings/organization");
  const card = page.getByRole("region", { name: "Outgoing e-mail" });
  await card.getByRole("button", { name: "Send a test e-mail" }).click();
  await expect(page.getByText("Test e-mail queued for owner@acme.test")).toBeVisible();

  // The worker delivers it; the dev mailbox (newest first, reading the same transport) shows who asked for it.
  await page.goto("/dev/mailbox");
  await expect(async () => {
    await page.reload();
    expect(await rows.count()).toBe(before + 1);
  }).toPass({ timeout: 20_000 });
  await rows.first().getByRole("link", { name: "Tessera test message" }).click();
  await expect(page.frameLocator('iframe[title="HTML version"]').getByText("sent by the settings of Acme Manufacturing")).toBeVisible();

  await page.context().clearCookies();
  await signInOverHttp(page, DEMO.acmeClerk);
  await page.goto("/acme/hq/settings/organization");
  await expect(page.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a test e-mail" })).toHaveCount(0);
});
