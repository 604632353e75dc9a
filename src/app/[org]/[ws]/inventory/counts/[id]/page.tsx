import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { CountPage } from "@/components/inventory/CountPage";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryCounts");
  return { title: t("metaTitleOne") };
}

export default async function CountDetailPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  return (
    <Suspense>
      <CountPage id={id} permissions={[...me.permissions]} listPath={workspacePath(org, ws, "inventory", "counts")} />
    </Suspense>
  );
}
