import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { ItemsImport } from "@/components/inventory/import/ItemsImport";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const [{ organization }, t] = await Promise.all([loadWorkspaceScope(org, ws), getTranslations("inventoryImport")]);
  return { title: t("metaTitle", { organization: organization.name }) };
}

/** /{org}/{ws}/inventory/items/import — the items import stepper (inventory.item.manage; opening stock rows also need inventory.stock.move). */
export default async function ItemsImportPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  if (!permissions.has("inventory.item.manage")) notFound();
  const t = await getTranslations("inventoryImport");
  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      {/* The import id lives in the URL (?id=…), read with useSearchParams: needs a Suspense boundary. */}
      <Suspense>
        <ItemsImport org={org} ws={ws} canUpdate />
      </Suspense>
    </div>
  );
}
