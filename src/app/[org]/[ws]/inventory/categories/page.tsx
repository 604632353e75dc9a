import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { CategoriesEditor } from "@/components/inventory/CategoriesEditor";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryCategories");
  return { title: t("metaTitle") };
}

export default async function CategoriesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("inventory.item.read")) notFound();
  const t = await getTranslations("inventoryCategories");
  return (
    <div className="mx-auto grid max-w-5xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      <CategoriesEditor canManage={granted.has("inventory.item.manage")} />
    </div>
  );
}
