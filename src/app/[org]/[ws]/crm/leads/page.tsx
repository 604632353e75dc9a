import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { LeadsList } from "@/components/crm/LeadsList";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmDeals");
  return { title: t("metaLeads") };
}

export default async function LeadsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("crm.lead.read")) notFound();
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <LeadsList
        org={org}
        ws={ws}
        canManage={granted.has("crm.lead.manage")}
        canCreateCustomer={granted.has("crm.customer.create")}
        canCreateDeal={granted.has("crm.deal.manage")}
      />
    </div>
  );
}
