import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { StockDocumentsList } from "@/components/inventory/documents/StockDocumentsList";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryDocuments");
  return { title: t("transfer.metaTitle") };
}

export default async function TransfersPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryDocuments");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("transfer.title")}</h1>
        <p className="text-sm text-muted-foreground">{t("transfer.subtitle")}</p>
      </div>
      <Suspense>
        <StockDocumentsList kind="transfer" basePath={workspacePath(org, ws, "inventory", "transfers")} canCreate={granted.has("inventory.stock.move")} />
      </Suspense>
    </div>
  );
}
