// The deals list's link parameters (crmLinks.deals, the dashboard's won/lost by month) as the DataTable's URL state
// (src/components/data-table/url-state.ts): stage → f.stage, owner → f.owner (me → the caller's membership),
// currency → f.currency, closedFrom/closedTo → f.closed=from..to. Other parameters are kept as they are.
const LINK_KEYS = ["stage", "owner", "currency", "closedFrom", "closedTo"];

export function dealsListParams(params: URLSearchParams, me: string | null): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (!LINK_KEYS.includes(k)) out.append(k, v);
  const stage = params.get("stage");
  if (stage) out.set("f.stage", stage);
  const owner = params.get("owner");
  if (owner === "me" ? me : owner) out.set("f.owner", owner === "me" ? me! : owner!);
  const currency = params.get("currency");
  if (currency) out.set("f.currency", currency.toUpperCase());
  const from = params.get("closedFrom") ?? "";
  const to = params.get("closedTo") ?? "";
  if (from || to) out.set("f.closed", `${from}..${to}`);
  return out;
}
