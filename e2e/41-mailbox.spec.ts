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
