import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { InventoryDashboard } from "@/components/inventory/InventoryDashboard";

import { loadWorkspaceScope } from "../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryDashboard");
  return { title: t("metaTitle") };
}

/** The inventory dashboard, the landing page of the inventory group (inventory.stock.read). */
export default async function Page({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  return <InventoryDashboard />;
}
