import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { NewStockDocument } from "@/components/inventory/documents/NewStockDocument";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryDocuments");
  return { title: t("newPage.adjustment") };
}

export default async function NewAdjustmentPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.adjust")) notFound();
  return <NewStockDocument kind="adjustment" listPath={workspacePath(org, ws, "inventory", "adjustments")} />;
}
