import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { DealsList } from "@/components/crm/DealsList";
import { workspacePath } from "@/lib/urls";
import { createServerCaller } from "@/trpc/server";

import { loadWorkspaceScope } from "../../load-scope";
import { dealsListParams } from "./link-params";

type Params = { params: Promise<{ org: string; ws: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDeals");
  return { title: t("list.metaTitle") };
}

export default async function DealsPage({ params, searchParams }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("crm.deal.read")) notFound();
  const base = workspacePath(org, ws, "crm", "deals");

  // The dashboard's links (crmLinks.deals: ?stage=&owner=&currency=&closedFrom=&closedTo=) become the table's URL
  // state (f.stage=, f.owner=, f.currency=, f.closed=from..to) — one redirect, so the list, its saved views and
  // export all read one format. owner=me is the caller's membership.
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) sp.append(k, x);
  if (["stage", "owner", "currency", "closedFrom", "closedTo"].some((k) => sp.has(k))) {
    const meId = sp.get("owner") === "me" ? (await (await createServerCaller({ org, ws })).crm.deals.owners()).me : null;
    redirect(`${base}?${dealsListParams(sp, meId).toString()}`);
  }

  const t = await getTranslations("crmDeals.list");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      {/* The DataTable keeps its state in the URL (useSearchParams needs a Suspense boundary). */}
      <Suspense>
        <DealsList basePath={base} canExport={granted.has("crm.deal.read")} />
      </Suspense>
    </div>
  );
}
