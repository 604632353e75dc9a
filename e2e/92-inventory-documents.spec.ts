// Inventory documents: the owner receives stock through the item page, transfers part of it from bin
// with a transfer document, writes one unit off with an adjustment, and sees both in the item's ledger and stock.
// With an approval threshold (Inventory settings), an adjustment above it is submitted by the owner, who may not
// approve it (four eyes), and is approved and posted by the manager. A posted document shows (and prints) who posted
// it and when. Adjustment reasons come from the list of Settings → Inventory: the owner adds one there and uses it.
import { expect, test, type Page } from "@playwright/test";

import { BASE, call, createItem, pickItem, query, receiveOnItemPage, runTransition, stampNow } from "./inventory-support";
import { DEMO, signInOverHttp } from "./support";

/** The id of one of the organization's adjustment reasons (the defaults: DAMAGED, FOUND, …). */
async function reasonId(page: Page, code: string): Promise<string> {
  const reasons = await query<{ id: string; code: string }[]>(page, "inventory.adjustmentReasons.list", {});
  return reasons.find((r) => r.code === code)!.id;
}

test("receive, transfer between bins, adjust a difference, see the item ledger", async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const item = await createItem(page, { sku: `DOC-${stamp}`, name: `Doc widget ${stamp}`, standardUnitCost: "5" });
  const warehouses = await query<{ rows: { id: string; code: string }[] }>(page, "inventory.warehouses.list", {});
  const main = warehouses.rows.find((w) => w.code === "MAIN")!;

  // Receive 10 into A-01 on the item page.
  await page.goto(`${BASE}/inventory/items/${item.id}`);
  await receiveOnItemPage(page, item.sku, { warehouse: main.id, location: "A-01", quantity: "10", unitCost: "5.00" });

  // A transfer of 4 from.
  await page.goto(`${BASE}/inventory/transfers`);
  await expect(page.getByRole("heading", { level: 1, name: "Stock transfers" })).toBeVisible();
  await page.getByRole("link", { name: "New transfer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New stock transfer" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await page.getByLabel("From warehouse").selectOption(main.id);
  await page.getByLabel("To warehouse").selectOption(main.id);
  const tline = page.getByRole("group", { name: "Line 1" });
  await pickItem(page, tline, item.sku);
  await tline.getByLabel("From location").selectOption({ label: "A-01" });
  await tline.getByLabel("To location").selectOption({ label: "A-02" });
  await tline.getByLabel("Quantity").fill("4");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stock transfer" })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  await runTransition(page, "Post", "Posted");
  await expect(page.getByRole("link", { name: "Item ledger" })).toBeVisible();
  // Who posted it and when, on the page and its printout.
  await expect(page.getByTestId("document-posted-by")).toHaveText(/^Posted by Olivia Owner on .*\d/);

  // The list shows it, filtered by status in the URL.
  await page.goto(`${BASE}/inventory/transfers?f.status=posted`);
  const transfers = page.getByRole("table", { name: "Stock transfers" });
  await expect(transfers.getByRole("row", { name: /MAIN → MAIN/ }).first()).toContainText("Posted");
  await expect(transfers.getByRole("row", { name: /Draft/ })).toHaveCount(0);

  // A reason of its own in Settings → Inventory: added, then listed as active.
  const reasonName = `Dropped ${stamp}`;
  await page.goto(`${BASE}/settings/inventory`);
  await page.getByRole("button", { name: "Add reason" }).click();
  const add = page.getByRole("dialog", { name: "Add an adjustment reason" });
  await add.getByLabel("Code").fill(`DROP-${stamp}`);
  await add.getByLabel("Name").fill(reasonName);
  await add.getByRole("button", { name: "Save" }).click();
  await expect(add).toBeHidden();
  const reasonsTable = page.getByRole("table", { name: "Adjustment reasons" });
  await expect(reasonsTable.getByRole("row", { name: new RegExp(reasonName) })).toContainText("Active");
  // It comes last; moved up by keyboard it trades places with the one before, and the focus stays on its button.
  const names = async () => (await reasonsTable.locator("tbody tr td:nth-child(2)").allInnerTexts()).map((n) => n.trim());
  const before = await names();
  expect(before.at(-1)).toBe(reasonName);
  await expect(page.getByRole("button", { name: `Move ${reasonName} down` })).toBeDisabled();
  const up = page.getByRole("button", { name: `Move ${reasonName} up` });
  await up.focus();
  await page.keyboard.press("Enter");
  await expect.poll(names).toEqual([...before.slice(0, -2), reasonName, before.at(-2)!]);
  await expect(up).toBeFocused();
  // Edited here while someone else renames it: saving says so and changes nothing; Reload shows their name.
  await reasonsTable.getByRole("row", { name: new RegExp(reasonName) }).getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: /Edit/ });
  const mine = (await query<{ id: string; code: string; version: number }[]>(page, "inventory.adjustmentReasons.list", {})).find((r) => r.code === `DROP-${stamp}`)!;
  await call(page, "inventory.adjustmentReasons.update", { id: mine.id, version: mine.version, code: mine.code, name: `${reasonName} (theirs)` });
  await edit.getByLabel("Name").fill(`${reasonName} (mine)`);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("alert")).toContainText("changed by someone else");
  await edit.getByRole("button", { name: "Reload" }).click();
  await expect(edit.getByLabel("Name")).toHaveValue(`${reasonName} (theirs)`);
  await edit.getByLabel("Name").fill(reasonName);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(reasonsTable.getByRole("row", { name: new RegExp(reasonName) })).toBeVisible();

  // An adjustment of −1 in A-02 (one dropped), with that reason.
  await page.goto(`${BASE}/inventory/adjustments/new`);
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await page.getByLabel("Warehouse").selectOption(main.id);
  await page.getByLabel("Reason").selectOption({ label: reasonName });
  const aline = page.getByRole("group", { name: "Line 1" });
  await pickItem(page, aline, item.sku);
  await aline.getByLabel("Location").selectOption({ label: "A-02" });
  await aline.getByLabel("Difference").fill("-1");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stock adjustment" })).toBeVisible();
  await expect(page.getByText(reasonName, { exact: true })).toBeVisible();
  // Edit the draft: the difference becomes −2.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await page.getByRole("group", { name: "Line 1" }).getByLabel("Difference").fill("-2");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stock adjustment" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "-2", exact: true })).toBeVisible();
  await runTransition(page, "Post", "Posted");

  // The item's ledger: the receipt, the transfer and the adjustment; stock 6 in A-01, 2 in A-02.
  await page.getByRole("link", { name: "Item ledger" }).click();
  const ledger = page.getByRole("table", { name: "Stock ledger" });
  await expect(ledger.getByRole("row", { name: /Receipt/ })).toHaveCount(1);
  await expect(ledger.getByRole("row", { name: /Transfer/ })).toHaveCount(1);
  await expect(ledger.getByRole("row", { name: /Adjustment/ })).toHaveCount(1);
  await page.getByRole("tab", { name: "Stock" }).click();
  const stock = page.getByRole("table", { name: "Stock by location" });
  await expect(stock.getByRole("row", { name: /MAIN\s+A-01/ }).getByRole("cell").nth(3)).toHaveText("6");
  await expect(stock.getByRole("row", { name: /MAIN\s+A-02/ }).getByRole("cell").nth(3)).toHaveText("2");
});

test("an adjustment above the approval threshold is approved by another user", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const item = await createItem(page, { sku: `DOC-${stamp}`, name: `Doc widget ${stamp}`, standardUnitCost: "5" });
  const warehouses = await query<{ rows: { id: string; code: string }[] }>(page, "inventory.warehouses.list", {});
  const main = warehouses.rows.find((w) => w.code === "MAIN")!;
  const tree = await query<{ roots: { id: string; code: string }[] }>(page, "inventory.locations.tree", { warehouseId: main.id });
  const a01 = tree.roots.find((l) => l.code === "A-01")!;

  // Inventory settings: approval above 5 units.
  await page.goto(`${BASE}/settings/inventory`);
  await expect(page.getByRole("heading", { level: 1, name: "Inventory settings" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();
  await page.getByLabel("Quantity threshold").fill("5");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Inventory settings saved.")).toBeVisible();

  try {
    const doc = await call<{ id: string; number: string }>(page, "inventory.adjustments.create", {
      warehouseId: main.id, reasonId: await reasonId(page, "FOUND"), lines: [{ itemId: item.id, locationId: a01.id, quantity: "20", unitCost: "5" }],
    });
    await page.goto(`${BASE}/inventory/adjustments/${doc.id}`);
    await expect(page.getByText(/Above the approval threshold/)).toBeVisible();
    const fourEyes = page.getByText("You created or submitted this document: another approver must approve it.");
    // A draft's Post is blocked by the threshold, not by four eyes: no four-eyes notice yet.
    await expect(fourEyes).toHaveCount(0);
    await runTransition(page, "Submit for approval", "Pending approval");
    // Four eyes: the owner submitted it and gets no Approve button — and the notice once.
    await expect(fourEyes).toHaveCount(1);
    await expect(page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);

    // The manager approves it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const manager = await context.newPage();
    await signInOverHttp(manager, DEMO.acmeManager);
    await manager.goto(`${BASE}/inventory/adjustments?status=pending_approval`);
    await manager.getByRole("table", { name: "Stock adjustments" }).getByRole("row", { name: new RegExp(doc.number) }).click();
    await expect(manager.getByRole("heading", { level: 1, name: "Stock adjustment" })).toBeVisible();
    await runTransition(manager, "Approve", "Posted");
    await context.close();

    await page.reload();
    await expect(page.getByText("Posted", { exact: true }).first()).toBeVisible();
    // Approving posted it: the manager is the poster (and the approver), the owner the submitter.
    await expect(page.getByTestId("document-posted-by")).toHaveText(/^Posted by Max Manager on .*\d/);
    await expect(page.locator("dd").filter({ hasText: /^Max Manager · / })).toHaveCount(1); // approved by
    await page.emulateMedia({ media: "print" });
    await expect(page.getByTestId("document-posted-by")).toBeVisible();
    await page.emulateMedia({ media: "screen" });
    const stock = await query<{ rows: { onHand: string }[] }>(page, "inventory.stock.onHand", { filters: { item: { type: "enum", values: [item.id] } }, perPage: 10 });
    expect(stock.rows.map((r) => r.onHand)).toEqual(["20"]);
  } finally {
    await call(page, "inventory.documentSettings.update", { quantityThreshold: "", valueThreshold: "" });
  }
});

test("a draft whose location was archived since shows it marked and cannot be posted", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = stampNow();
  await signInOverHttp(page, DEMO.acmeOwner);
  const item = await createItem(page, { sku: `ARCL-${stamp}`, name: `Archived bin widget ${stamp}`, standardUnitCost: "5" });
  const warehouses = await query<{ rows: { id: string; code: string }[] }>(page, "inventory.warehouses.list", {});
  const main = warehouses.rows.find((w) => w.code === "MAIN")!;
  const code = `X-${stamp}`.slice(0, 40);
  const bin = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId: main.id, code, kind: "bin" });
  const doc = await call<{ id: string }>(page, "inventory.adjustments.create", {
    warehouseId: main.id, reasonId: await reasonId(page, "FOUND"), lines: [{ itemId: item.id, locationId: bin.id, quantity: "1", unitCost: "5" }],
  });
  await call(page, "inventory.locations.archive", { id: bin.id, archived: true });

  await page.goto(`${BASE}/inventory/adjustments/${doc.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Stock adjustment" })).toBeVisible();
  await expect(page.getByText(/A line's location was archived after the draft was saved/)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`MAIN/${code}`) })).toContainText("archived");
  // Posting refuses it, naming the line.
  await page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Post", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Post?" });
  await dialog.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByText(`Line 1: location MAIN/${code} is archived; choose another location`).first()).toBeVisible();
  if (await dialog.isVisible()) await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // The editor keeps it as the line's current choice, marked.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const location = page.getByRole("group", { name: "Line 1" }).getByLabel("Location");
  await expect(location).toHaveValue(bin.id);
  await expect(location.locator("option:checked")).toHaveText(`${code} (archived)`);
});
