import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { ItemPage } from "@/components/inventory/ItemPage";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventory");
  return { title: t("metaTitleOne") };
}

export default async function ItemDetailPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.item.read")) notFound();
  return (
    <Suspense>
      <ItemPage id={id} permissions={[...me.permissions]} listPath={workspacePath(org, ws, "inventory", "items")} org={org} ws={ws} />
    </Suspense>
  );
}
