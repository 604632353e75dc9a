import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { AdjustmentReasonsCard } from "@/components/inventory/AdjustmentReasonsCard";
import { InventorySettingsForm } from "@/components/inventory/InventorySettingsForm";
import { StockCheckCard } from "@/components/inventory/StockCheckCard";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventorySettings");
  return { title: t("metaTitle") };
}

/**
 * Inventory settings (inventory.settings.manage): adjustment reasons, approval thresholds of stock documents, the
 * stock consistency check.
 */
export default async function InventorySettingsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.settings.manage")) notFound();
  const t = await getTranslations("inventorySettings");
  return (
    <div className="mx-auto grid max-w-3xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      <AdjustmentReasonsCard />
      <InventorySettingsForm />
      <StockCheckCard />
    </div>
  );
}
