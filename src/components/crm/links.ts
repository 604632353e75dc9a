// The CRM's deep links with the query parameters each list page honours (src/server/modules/crm/README.md,
// "Links into the lists"). The dashboard links every number to the filtered list behind it through these.
import { workspacePath } from "@/lib/urls";

type Params = Record<string, string | null | undefined>;

function withQuery(path: string, params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const crmLinks = {
  dashboard: (org: string, ws: string) => workspacePath(org, ws, "crm"),
  /** My activities: state open | done | overdue | today | upcoming; owner a membership id or "me". */
  activities: (org: string, ws: string, p: { state?: string; owner?: string | null } = {}) =>
    withQuery(workspacePath(org, ws, "crm", "activities"), { state: p.state, owner: p.owner }),
  /** The pipeline board: open deals of a stage, closing between two dates (yyyy-mm-dd), of an owner, in a currency. */
  pipeline: (org: string, ws: string, p: { stage?: string; owner?: string | null; currency?: string; closeFrom?: string; closeTo?: string } = {}) =>
    withQuery(workspacePath(org, ws, "crm", "pipeline"), { stage: p.stage, owner: p.owner, currency: p.currency, closeFrom: p.closeFrom, closeTo: p.closeTo }),
  /** The deals list: won or lost deals closed between two dates (yyyy-mm-dd, the organization's days). */
  deals: (org: string, ws: string, p: { stage?: string; owner?: string | null; currency?: string; closedFrom?: string; closedTo?: string } = {}) =>
    withQuery(workspacePath(org, ws, "crm", "deals"), { stage: p.stage, owner: p.owner, currency: p.currency, closedFrom: p.closedFrom, closedTo: p.closedTo }),
  customer: (org: string, ws: string, id: string) => workspacePath(org, ws, "crm", "customers", id),
  deal: (org: string, ws: string, id: string) => workspacePath(org, ws, "crm", "deals", id),
  lead: (org: string, ws: string, id: string) => workspacePath(org, ws, "crm", "leads", id),
};
