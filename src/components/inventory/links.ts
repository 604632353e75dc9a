// Inventory deep links with the query parameters each page honours (DataTable URL state: `f.<filter>` repeated per
// value). The dashboard links every figure to the filtered list behind it through these.
import { workspacePath } from "@/lib/urls";

function withQuery(path: string, params: [string, string][]): string {
  const q = new URLSearchParams(params);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const many = (key: string, values: readonly string[] | undefined) => (values ?? []).map((v): [string, string] => [`f.${key}`, v]);

export const inventoryLinks = {
  dashboard: (org: string, ws: string) => workspacePath(org, ws, "inventory"),
  /** Reorder suggestions filtered by status (out_of_stock | low | reorder | in_stock), warehouse, category, item ids. */
  reorder: (org: string, ws: string, p: { status?: readonly string[]; warehouse?: string[]; category?: string[]; item?: string[] } = {}) =>
    withQuery(workspacePath(org, ws, "inventory", "reorder"), [...many("status", p.status), ...many("warehouse", p.warehouse), ...many("category", p.category), ...many("item", p.item)]),
  /** Reorder rules, optionally of one item (`?item=<id>` also works: the page turns it into the table's filter). */
  rules: (org: string, ws: string, p: { item?: string } = {}) =>
    withQuery(workspacePath(org, ws, "inventory", "reorder", "rules"), many("item", p.item ? [p.item] : [])),
  /** The valuation report (today unless `asOf`), grouped and filtered: a warehouse's dashboard value is its row there
   * (both attribute a transfer at its recorded unit cost). */
  valuation: (org: string, ws: string, p: { group?: "item" | "category" | "warehouse"; warehouse?: string[]; asOf?: string } = {}) =>
    withQuery(workspacePath(org, ws, "inventory", "valuation"), [
      ...many("group", p.group && p.group !== "item" ? [p.group] : []),
      ...many("warehouse", p.warehouse),
      ...many("asOf", p.asOf ? [p.asOf] : []),
    ]),
  /** The items list of a category. */
  items: (org: string, ws: string, p: { category?: string } = {}) =>
    withQuery(workspacePath(org, ws, "inventory", "items"), many("category", p.category ? [p.category] : [])),
  /** The adjustments list filtered by status, reason, warehouse and posted days (DataTable filters). */
  adjustments: (org: string, ws: string, p: { status?: readonly string[]; reason?: string[]; warehouse?: string[]; posted?: { from: string; to: string } } = {}) =>
    withQuery(workspacePath(org, ws, "inventory", "adjustments"), [
      ...many("status", p.status),
      ...many("reason", p.reason),
      ...many("warehouse", p.warehouse),
      ...many("posted", p.posted ? [`${p.posted.from}..${p.posted.to}`] : []),
    ]),
  /** The adjustments by reason report (its own URL parameters: from, to, warehouse, reason). */
  adjustmentsByReason: (org: string, ws: string, p: { from?: string; to?: string; warehouse?: string; reason?: string } = {}) =>
    withQuery(
      workspacePath(org, ws, "inventory", "adjustments", "by-reason"),
      (["from", "to", "warehouse", "reason"] as const).flatMap((k): [string, string][] => (p[k] ? [[k, p[k]]] : [])),
    ),
  /** An item's page, on a tab (overview | stock | ledger). */
  item: (org: string, ws: string, id: string, tab?: "stock" | "ledger") =>
    withQuery(workspacePath(org, ws, "inventory", "items", id), tab ? [["tab", tab]] : []),
};
