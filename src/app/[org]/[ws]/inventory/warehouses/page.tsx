import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { WarehousesList } from "@/components/inventory/WarehousesList";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryWarehouses");
  return { title: t("metaTitle") };
}

export default async function WarehousesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me, workspaces } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryWarehouses");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
      </div>
      <Suspense>
        <WarehousesList
          basePath={workspacePath(org, ws, "inventory", "warehouses")}
          canManage={granted.has("inventory.warehouse.manage")}
          workspaces={workspaces.map((w) => ({ id: w.id, name: w.name }))}
        />
      </Suspense>
    </div>
  );
}
