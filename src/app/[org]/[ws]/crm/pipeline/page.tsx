import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { PipelineBoard } from "@/components/crm/PipelineBoard";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDeals");
  return { title: t("metaPipeline") };
}

export default async function PipelinePage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("crm.deal.read")) notFound();
  return (
    <div className="mx-auto grid max-w-[1600px] gap-4">
      <PipelineBoard org={org} ws={ws} canManage={granted.has("crm.deal.manage")} />
    </div>
  );
}
