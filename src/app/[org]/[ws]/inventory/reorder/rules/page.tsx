import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { ReorderRulesList, ReorderTabs } from "@/components/inventory/ReorderPages";
import { inventoryLinks } from "@/components/inventory/links";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("inventoryReorder");
  return { title: t("rules.metaTitle") };
}

/** Reorder rules (read: inventory.stock.read; change: inventory.reorder.manage). `?item=<id>` shows one item's rules. */
export default async function ReorderRulesPage({ params, searchParams }: Params) {
  const { org, ws } = await params;
  const { item } = await searchParams;
  // The item page links here with ?item=<id>: the table's own filter parameter is f.item.
  if (typeof item === "string" && /^[0-9a-f-]{36}$/i.test(item)) redirect(inventoryLinks.rules(org, ws, { item }));
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("inventory.stock.read")) notFound();
  const t = await getTranslations("inventoryReorder");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("rules.subtitle")}</p>
      </div>
      <Suspense>
        <ReorderTabs />
        <ReorderRulesList canManage={me.permissions.includes("inventory.reorder.manage")} />
      </Suspense>
    </div>
  );
}
