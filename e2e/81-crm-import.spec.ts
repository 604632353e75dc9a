// The customers import end to end: a 1,000-row CSV with exactly 3 bad rows is uploaded, mapped (suggested from the
// headers), checked; the error report lists exactly those rows; the dry run and the background commit with its
// progress lead to "Import finished", and the 997 customers are in the data (crm.customers.list over HTTP).
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { DEMO, expectPath, signInOverHttp } from "./support";

const query = (path: string, input: unknown = null) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

function csv(token: string): string {
  const lines = ["Name,E-mail,Phone,Tier,Tags,Contact first name,Contact last name"];
  for (let i = 1; i <= 1000; i++) {
    let name = `Imported ${token} ${i}`;
    let email = `c${i}.${token}@import.test`;
    let tier = i % 3 === 0 ? "gold" : "standard";
    // Exactly three bad rows: data lines 100, 500 and 900 are file rows 101, 501 and 901 (the header is row 1).
    if (i === 100) email = "not-an-email";
    if (i === 500) tier = "diamond";
    if (i === 900) name = "";
    lines.push(`${name},${email},+1 555 01${String(i).padStart(4, "0")},${tier},e2e;import,First${i},Last${i}`);
  }
  return lines.join("\r\n") + "\r\n";
}

test("the owner imports 1,000 customers with 3 bad rows: the report lists exactly them, the rest are imported", async ({ page }) => {
  test.setTimeout(180_000);
  const token = Date.now().toString(36);
  await signInOverHttp(page, DEMO.acmeOwner);
  await page.goto("/acme/hq/crm/customers");
  await page.getByRole("main").getByRole("link", { name: "Import", exact: true }).click();
  await expectPath(page, "/acme/hq/crm/customers/import");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Import customers" })).toBeVisible();
  await expect(main.getByRole("navigation", { name: "Import steps" }).locator('[aria-current="step"]')).toHaveText(/Upload/);

  // Upload
  await main.getByLabel("File to import").setInputFiles({ name: `customers-${token}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv(token), "utf8") });
  await main.getByRole("button", { name: "Upload", exact: true }).click();

  // Mapping: suggested from the English headers; the user could change any of it.
  await expect(main.getByRole("heading", { name: "Map the columns" })).toBeVisible();
  await expect(main.getByLabel("Name *")).toHaveValue("0");
  await expect(main.getByLabel("E-mail", { exact: true })).toHaveValue("1");
  await expect(main.getByLabel("Contact last name")).toHaveValue("6");
  await expect(main.getByLabel("Notes")).toHaveValue("");
  await expect(main.getByRole("table", { name: "First rows of the file" })).toContainText(`Imported ${token} 1`);
  await main.getByRole("button", { name: "Check all rows" }).click();

  // Validation: every row checked in the background; counts and the first errors.
  await expect(main.getByRole("heading", { name: "Validation" })).toBeVisible({ timeout: 60_000 });
  await expect(main.getByTestId("count-total")).toHaveText("1,000");
  await expect(main.getByTestId("count-error-rows")).toHaveText("3");
  const errors = main.getByRole("table", { name: "Errors" });
  await expect(errors.getByRole("row")).toHaveCount(4);
  await expect(errors).toContainText("Enter a valid e-mail address");

  // The downloadable report lists exactly the three bad rows.
  const downloading = page.waitForEvent("download");
  await main.getByRole("link", { name: "Download the error report" }).click();
  const download = await downloading;
  const report = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(report[0]).toBe("row,column,message");
  expect(report.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["101,E-mail", "501,Tier", "901,Name"]);

  // Dry run, then the commit as a background job with its progress.
  await expect(main.getByTestId("dry-create")).toHaveText("997");
  await expect(main.getByTestId("dry-update")).toHaveText("0");
  await expect(main.getByTestId("dry-invalid")).toHaveText("3");
  await main.getByRole("button", { name: "Import 997 rows" }).click();
  await expect(main.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 120_000 });
  await expect(main.getByTestId("done-created")).toHaveText("997");
  await expect(main.getByTestId("done-skipped")).toHaveText("0");
  await expect(main.getByTestId("done-failed")).toHaveText("3");
  await expect(main.getByRole("link", { name: "Open the customers" })).toHaveAttribute("href", "/acme/hq/crm/customers");

  // The same file again: every row matches what the first run wrote (by e-mail), the dry run says so, nothing to create.
  await main.getByRole("button", { name: "Import another file" }).click();
  const history = main.getByRole("table", { name: "Import history" });
  const firstRow = history.getByRole("row").filter({ hasText: `customers-${token}.csv` });
  await expect(firstRow).toHaveCount(1);
  await expect(firstRow).toContainText("Done");
  await expect(firstRow).toContainText("997");
  await expect(firstRow.getByRole("link", { name: `Download the error report of customers-${token}.csv` })).toHaveText(/3 errors/);
  await main.getByLabel("File to import").setInputFiles({ name: `again-${token}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv(token), "utf8") });
  await main.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(main.getByText("The mapping saved for these columns is applied.")).toBeVisible();
  await main.getByRole("button", { name: "Check all rows" }).click();
  await expect(main.getByTestId("dry-create")).toHaveText("0", { timeout: 60_000 });
  await expect(main.getByRole("list", { name: "Matched existing customers" }).getByRole("listitem")).toHaveText(["Update by e-mail: 0 · unchanged: 997"]);

  // Back to the start: both imports in the history, newest first; opening the first shows its summary.
  await main.getByRole("button", { name: "Start over" }).click();
  const rows = history.getByRole("row");
  await expect(rows.nth(1)).toContainText(`again-${token}.csv`);
  await expect(rows.nth(1)).toContainText("Checked");
  await history.getByRole("link", { name: `Summary: customers-${token}.csv` }).click();
  await expect(main.getByRole("heading", { name: "Import finished" })).toBeVisible();
  await expect(main.getByTestId("done-created")).toHaveText("997");

  // The customers are in the data: the list procedure finds the 997 rows of this file and none of the bad ones.
  const res = await page.request.get(query("crm.customers.list", { q: token, perPage: 100 }), { headers: { "x-tessera-org": "acme" } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { result: { data: { json: { rows: { name: string; email: string; tier: string }[]; total: number } } } };
  expect(body.result.data.json.total).toBe(997);
  const found = await page.request.get(query("crm.customers.list", { q: `c3.${token}@import.test`, perPage: 10 }), { headers: { "x-tessera-org": "acme" } });
  const one = ((await found.json()) as typeof body).result.data.json.rows;
  expect(one.map((r) => [r.name, r.tier])).toEqual([[`Imported ${token} 3`, "gold"]]);
  const bad = await page.request.get(query("crm.customers.list", { q: `c100.${token}@`, perPage: 10 }), { headers: { "x-tessera-org": "acme" } });
  expect(((await bad.json()) as typeof body).result.data.json.rows).toEqual([]);
});

test("a manager (reads customers, cannot create them) does not see the import", async ({ page }) => {
  await signInOverHttp(page, DEMO.acmeManager);
  await page.goto("/acme/hq/crm/customers");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Import", exact: true })).toHaveCount(0);
  // The page streams behind the shell, so the answer is the not-found page rather than a 404 status.
  await page.goto("/acme/hq/crm/customers/import");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});
