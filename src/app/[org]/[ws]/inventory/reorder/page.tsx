import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { ReorderSuggestionsList, ReorderTabs } from "@/components/inventory/ReorderPages";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryReorder");
  return { title: t("metaTitle") };
}

/** Reorder suggestions (inventory.stock.read): `?f.status=low&f.warehouse=<id>…` filter it (DataTable URL state). */
export default async function ReorderPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryReorder");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      <Suspense>
        <ReorderTabs />
        <ReorderSuggestionsList canExport />
      </Suspense>
    </div>
  );
}
