import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { DealView } from "@/components/crm/DealView";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDeals");
  return { title: t("metaDeal") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function DealPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("crm.deal.read") || !UUID.test(id)) notFound();
  return (
    <div className="mx-auto grid max-w-6xl gap-4">
      <DealView id={id} org={org} ws={ws} canManage={granted.has("crm.deal.manage")} />
    </div>
  );
}
