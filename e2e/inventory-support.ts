// Helpers of the inventory specs: tRPC calls as the signed-in user in Acme's hq workspace, the fixtures they build
// through the API (a warehouse with a bin, an item), the item page's "Receive stock" dialog and the stock documents' form
// (an item picked on a line) and transitions.
import { expect, type Page } from "@playwright/test";

export const BASE = "/acme/hq";
export const HEADERS = { "x-tessera-org": "acme", "x-tessera-workspace": "hq", "content-type": "application/json" };

/** A short unique token for codes and names (base 36 of the current time, upper case). */
export const stampNow = () => Date.now().toString(36).toUpperCase();

/** A tRPC mutation; fails the test unless it succeeds. */
export async function call<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${procedure}`, { headers: HEADERS, data: { json: input } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A tRPC query; fails the test unless it succeeds. */
export async function query<T>(page: Page, procedure: string, input: unknown = null): Promise<T> {
  const res = await page.request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: HEADERS });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** The id of Acme's hq workspace. */
export async function hqWorkspaceId(page: Page): Promise<string> {
  const workspaces = await query<{ id: string; slug: string }[]>(page, "platform.workspaces.list");
  return workspaces.find((w) => w.slug === "hq")!.id;
}

/** A new warehouse in the hq workspace with one bin; returns both ids. */
export async function createWarehouseWithBin(page: Page, warehouse: { code: string; name: string }, binCode: string) {
  const created = await call<{ id: string }>(page, "inventory.warehouses.create", { workspaceId: await hqWorkspaceId(page), ...warehouse });
  const bin = await call<{ id: string }>(page, "inventory.locations.create", { warehouseId: created.id, code: binCode, kind: "bin" });
  return { warehouseId: created.id, binId: bin.id };
}

/** The id of the "pcs" unit. */
export async function pcsUnitId(page: Page): Promise<string> {
  const { units } = await query<{ units: { id: string; code: string }[] }>(page, "inventory.items.formOptions");
  return units.find((u) => u.code === "pcs")!.id;
}

/** A new item counted in pieces. */
export async function createItem(page: Page, input: { sku: string; name: string } & Record<string, unknown>) {
  return call<{ id: string; sku: string }>(page, "inventory.items.create", { baseUnitId: await pcsUnitId(page), ...input });
}

/** On the item page: receive through the "Receive stock" dialog (the warehouse by id or by label) and wait for it to close. */
export async function receiveOnItemPage(
  page: Page,
  sku: string,
  r: { warehouse: string | { label: string }; location: string; quantity: string; unitCost: string; lot?: string },
) {
  await page.getByRole("button", { name: "Receive stock" }).click();
  const receive = page.getByRole("dialog", { name: `Receive ${sku}` });
  await expect(receive.getByRole("button", { name: "Receive", exact: true })).toBeEnabled();
  await receive.getByLabel("Warehouse").selectOption(r.warehouse);
  await receive.getByLabel("Location").selectOption({ label: r.location });
  await receive.getByLabel("Quantity").fill(r.quantity);
  await receive.getByLabel("Unit cost").fill(r.unitCost);
  if (r.lot !== undefined) await receive.getByLabel("Lot").fill(r.lot);
  await receive.getByRole("button", { name: "Receive", exact: true }).click();
  await expect(receive).toBeHidden();
}

/** A stock document's line: its item chosen by SKU in the item combobox. */
export async function pickItem(page: Page, line: ReturnType<Page["getByRole"]>, sku: string) {
  await line.getByRole("combobox", { name: "Item" }).click();
  await page.getByPlaceholder(/search/i).last().fill(sku);
  await page.getByRole("option", { name: new RegExp(sku) }).click();
}

/** A stock document's transition (Post, Approve, …) confirmed in its dialog, then the status it leads to shown. */
export async function runTransition(page: Page, action: string, status: string) {
  await page.getByRole("group", { name: "Status" }).getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `${action}?` });
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(status, { exact: true }).first()).toBeVisible();
}
