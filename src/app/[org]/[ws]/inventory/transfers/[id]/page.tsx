import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { StockDocumentPage } from "@/components/inventory/documents/StockDocumentPage";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryDocuments");
  return { title: t("transfer.one") };
}

export default async function TransferDetailPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  return <StockDocumentPage kind="transfer" id={id} listPath={workspacePath(org, ws, "inventory", "transfers")} itemsPath={workspacePath(org, ws, "inventory", "items")} permissions={[...me.permissions]} />;
}
