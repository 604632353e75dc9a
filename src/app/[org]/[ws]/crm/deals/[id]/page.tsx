import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { DealView } from "@/components/crm/DealView";

import { loadWorkspaceScope } from "../../../load-scope";
import { isUuid } from "@/lib/uuid";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDeals");
  return { title: t("metaDeal") };
}

export default async function DealPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("crm.deal.read") || !isUuid(id)) notFound();
  return (
    <div className="mx-auto grid max-w-6xl gap-4">
      <DealView id={id} org={org} ws={ws} canManage={granted.has("crm.deal.manage")} />
    </div>
  );
}
