import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { WarehousePage } from "@/components/inventory/WarehousePage";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryWarehouses");
  return { title: t("metaTitleOne") };
}

export default async function WarehouseDetailPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  return (
    <div className="mx-auto grid max-w-5xl gap-4">
      <WarehousePage id={id} canManage={me.permissions.includes("inventory.warehouse.manage")} listPath={workspacePath(org, ws, "inventory", "warehouses")} />
    </div>
  );
}
