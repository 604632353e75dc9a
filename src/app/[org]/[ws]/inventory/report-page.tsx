import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense, type ReactNode } from "react";

import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../load-scope";

type Report = "stock" | "valuation" | "trace" | "byReason";

/** The `generateMetadata` of an inventory report page: its title. */
export function reportMetadata(report: Report) {
  return async function generateMetadata(): Promise<Metadata> {
    const t = await getTranslations("inventoryReports");
    return { title: t(`${report}.title`) };
  };
}

/**
 * An inventory report page (stock, valuation, lot trace, adjustments by reason): for members who read stock only, its title and subtitle
 * over the report, which gets the inventory base path.
 */
export async function ReportPage({ params, report, children }: { params: Promise<{ org: string; ws: string }>; report: Report; children: (basePath: string, slugs: { org: string; ws: string }) => ReactNode }) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryReports");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t(`${report}.title`)}</h1>
        <p className="text-sm text-muted-foreground">{t(`${report}.subtitle`)}</p>
      </div>
      {/* URL state (useSearchParams needs a Suspense boundary). */}
      <Suspense>{children(workspacePath(org, ws, "inventory"), { org, ws })}</Suspense>
    </div>
  );
}
