import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

test.describe("company documents", () => {
  test("the owner uploads a document on the organization page, downloads it and deletes it", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Organization" }).click();
    await expectPath(page, "/acme/hq/settings/organization");

    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: "Organization" })).toBeVisible();
    const profile = main.getByRole("region", { name: "Profile" });
    await expect(profile).toContainText("Acme Manufacturing");
    await expect(profile).toContainText("America/Chicago");

    const docs = main.getByRole("region", { name: "Company documents" });
    await expect(docs.getByText("No files yet.")).toBeVisible();

    const content = `%PDF-1.4\n% certificate ${Date.now()}\n`;
    await docs.getByLabel("Choose files to attach").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: Buffer.from(content) });
    const link = docs.getByRole("link", { name: "certificate.pdf", exact: true });
    await expect(link).toBeVisible();
    await expect(docs.getByRole("row", { name: /certificate\.pdf/ })).toContainText("Olivia Owner");

    const downloading = page.waitForEvent("download");
    await docs.getByRole("link", { name: "Download certificate.pdf" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("certificate.pdf");
    expect(await readFile((await download.path())!, "utf8")).toBe(content);

    // A type outside the allow-list is refused with a clear message and nothing is listed.
    await docs.getByLabel("Choose files to attach").setInputFiles({ name: "page.html", mimeType: "text/html", buffer: Buffer.from("<p>hi</p>") });
    await expect(docs.getByRole("alert")).toContainText("cannot be attached");
    await expect(docs.getByRole("link", { name: "page.html" })).toHaveCount(0);

    await docs.getByRole("button", { name: "Delete certificate.pdf" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete this file?" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(docs.getByText("No files yet.")).toBeVisible();
    await expect(link).toHaveCount(0);
  });

  test("a clerk sees the profile but not the documents", async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeClerk);
    await page.goto("/acme/hq/settings/organization");
    const docs = page.getByRole("region", { name: "Company documents" });
    await expect(docs.getByRole("alert")).toContainText("You do not have permission");
    await expect(docs.getByRole("button", { name: "Upload file" })).toHaveCount(0);
  });
});
