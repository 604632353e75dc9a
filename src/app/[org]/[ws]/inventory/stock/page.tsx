import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { StockReport } from "@/components/inventory/StockReport";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryReports");
  return { title: t("stock.title") };
}

export default async function StockPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryReports");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("stock.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("stock.subtitle")}</p>
      </div>
      {/* URL state (useSearchParams needs a Suspense boundary). */}
      <Suspense>
        <StockReport basePath={workspacePath(org, ws, "inventory")} canExport={me.permissions.includes("inventory.stock.read")} />
      </Suspense>
    </div>
  );
}
