import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../load-scope";
import { CrmDashboard } from "./CrmDashboard";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDashboard");
  return { title: t("metaTitle") };
}

/** The CRM dashboard for managers (crm.deal.read); `?owner=me|<membership id>&currency=EUR` narrow it. */
export default async function Page({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("crm.deal.read")) notFound();
  return <CrmDashboard />;
}
