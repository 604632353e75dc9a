import { readFile } from "node:fs/promises";

import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";

import { parseCsv } from "../tests/helpers/csv";

import { DEMO, signInOverHttp } from "./support";

const AUDIT = "/acme/hq/settings/audit";

const auditTable = (page: Page) => page.getByRole("table", { name: "Audit events" });
/** Body rows (the header row has no data-row attribute). */
const bodyRows = (page: Page) => auditTable(page).locator("tbody tr[data-row]");

async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = await auditTable(page).locator("thead th").allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === header);
  expect(index, `column ${header} in ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  return bodyRows(page).evaluateAll((rows, i) => rows.map((r) => (r.children[i] as HTMLElement).innerText.trim()), index);
}

async function applyEnumFilter(page: Page, label: string, option: string) {
  await page.getByRole("group", { name: "Filters" }).getByRole("button", { name: label, exact: true }).click();
  const editor = page.getByRole("dialog", { name: `Filter by ${label}` });
  await editor.getByLabel(option, { exact: true }).check();
  await editor.getByRole("button", { name: "Apply" }).click();
}

test.describe("audit log", () => {
  test.beforeEach(async ({ page }) => {
    await signInOverHttp(page, DEMO.acmeOwner);
  });

  test("is in the sidebar; filters narrow the rows and survive a reload; back undoes a filter; headers sort", async ({ page }) => {
    await page.goto("/acme/hq");
    await page.getByRole("navigation", { name: "Modules" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(bodyRows(page).first()).toBeVisible();
    const before = await columnTexts(page, "Table");
    expect(new Set(before).size, "the seeded trail touches several tables").toBeGreaterThan(1);
    await expect(page.getByTestId("row-range")).toContainText(/^1–\d+ of [\d,]+/);

    await applyEnumFilter(page, "Table", "auth.roles");
    await expect(page).toHaveURL(/f\.table=auth\.roles/);
    await expect.poll(async () => [...new Set(await columnTexts(page, "Table"))]).toEqual(["auth.roles"]);

    await applyEnumFilter(page, "Action", "insert");
    await expect(page).toHaveURL(/f\.action=insert/);
    await expect.poll(async () => [...new Set(await columnTexts(page, "Action"))]).toEqual(["insert"]);

    await page.reload();
    await expect(page.getByRole("button", { name: "Table: auth.roles" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Action: insert" })).toBeVisible();
    await expect(bodyRows(page).first()).toBeVisible();
    expect([...new Set(await columnTexts(page, "Table"))]).toEqual(["auth.roles"]);

    await page.goBack();
    await expect(page.getByRole("button", { name: "Action: insert" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Table: auth.roles" })).toBeVisible();

    await page.getByRole("button", { name: "Remove filter Table" }).click();
    await expect(page).not.toHaveURL(/f\.table/);

    // Sorting by a column outside the keyset switches to numbered pages.
    await auditTable(page).getByRole("button", { name: "Table" }).click();
    await expect(page).toHaveURL(/sort=table/);
    await expect(auditTable(page).getByRole("columnheader", { name: "Table" })).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(async () => {
      const t = await columnTexts(page, "Table");
      return t.join("\n") === [...t].sort((a, b) => (a === "—" ? 1 : b === "—" ? -1 : a < b ? -1 : a > b ? 1 : 0)).join("\n");
    }).toBe(true);
  });

  test("a saved view re-applies as the default, and the diff panel shows old → new for the change it caused", async ({ page }) => {
    await page.goto(`${AUDIT}?f.table=auth.roles&sort=-createdAt`);
    await expect(bodyRows(page).first()).toBeVisible();

    await page.getByRole("button", { name: "Views" }).click();
    await page.getByRole("menuitem", { name: "Save current view as…" }).click();
    const dialog = page.getByRole("dialog", { name: "Save view" });
    await dialog.getByLabel("View name").fill("Roles only");
    await dialog.getByRole("button", { name: "Save view" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "View: Roles only" })).toBeVisible();

    // An update through the UI: making the view the default flips is_default.
    await page.getByRole("button", { name: "View: Roles only" }).click();
    await page.getByRole("menuitem", { name: "Set “Roles only” as default" }).click();
    await expect(page.getByText("“Roles only” opens by default")).toBeVisible();

    // Opening the list without URL state applies the default view.
    await page.goto(AUDIT);
    await expect(page).toHaveURL(/f\.table=auth\.roles/);
    await expect(page.getByRole("button", { name: "Table: auth.roles" })).toBeVisible();
    await expect(page.getByRole("button", { name: "View: Roles only" })).toBeVisible();

    // That update is in the trail: open it with the keyboard and read the diff.
    await page.goto(`${AUDIT}?f.table=settings.saved_views&f.action=update`);
    const first = bodyRows(page).first();
    await expect(first).toBeVisible();
    await first.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: /update settings\.saved_views/ });
    await expect(panel).toBeVisible();
    const isDefault = panel.getByRole("table", { name: "Changes" }).getByRole("row", { name: /is_default/ });
    await expect(isDefault.locator("del")).toHaveText("false");
    await expect(isDefault.locator("ins")).toHaveText("true");
    await expect(panel).toContainText("owner@acme.test");
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
  });

  test("pages by cursor: Next and Previous, the browser's back button, the range label", async ({ page }) => {
    await page.goto(`${AUDIT}?perPage=10`);
    const range = page.getByTestId("row-range");
    await expect(range).toHaveText(/^1–10 of [\d,]+$/);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(range).toHaveText(/^11–20/);
    const second = await columnTexts(page, "Record");
    await page.getByRole("button", { name: "Previous" }).click();
    await expect(range).toHaveText(/^1–10 of/);
    expect(await columnTexts(page, "Record")).not.toEqual(second);
    await page.goBack();
    await expect(range).toHaveText(/^11–20/);
    expect(await columnTexts(page, "Record")).toEqual(second);
  });

  test("verifying the chain says it is intact", async ({ page }) => {
    await page.goto(AUDIT);
    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Intact" })).toContainText(/Intact — [\d,]+ events checked/);
  });

  test("CSV export of a filtered list downloads the filtered rows", async ({ page }) => {
    await page.goto(`${AUDIT}?f.table=auth.roles`);
    await expect(bodyRows(page).first()).toBeVisible();
    const link = page.getByRole("link", { name: "Export CSV" });
    const href = new URL((await link.getAttribute("href"))!, "http://x");
    expect(href.pathname).toBe("/api/export/audit.events");
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ format: "csv", org: "acme", ws: "hq" });
    expect(JSON.parse(href.searchParams.get("input")!)).toEqual({ filters: { table: { type: "enum", values: ["auth.roles"] } }, perPage: 50 });

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const csv = parseCsv(await readFile((await download.path())!, "utf8").then((t) => t.replace(/^\uFEFF/, "")));
    const [header, ...rows] = csv;
    const tableColumn = header!.findIndex((h) => /^table$/i.test(h.trim()));
    expect(tableColumn, `a Table column in ${header!.join(", ")}`).toBeGreaterThanOrEqual(0);
    expect(rows.length).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => r[tableColumn]))]).toEqual(["auth.roles"]);
  });

  test("XLSX export of a filtered list downloads a workbook with the filtered rows", async ({ page }) => {
    await page.goto(`${AUDIT}?f.table=auth.roles`);
    await expect(bodyRows(page).first()).toBeVisible();
    const link = page.getByRole("link", { name: "Export XLSX" });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0]!;
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ""));
    const tableColumn = header.findIndex((h) => /^table$/i.test(h.trim()));
    expect(tableColumn, `a Table column in ${header.join(", ")}`).toBeGreaterThan(0);
    const tables = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) tables.add(String(row.getCell(tableColumn).value));
    });
    expect(sheet.rowCount).toBeGreaterThan(1);
    expect([...tables]).toEqual(["auth.roles"]);
  });
});
