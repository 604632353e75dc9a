import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../../../load-scope";
import { CustomerActivity } from "./CustomerActivity";

type Params = { params: Promise<{ org: string; ws: string; customerId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmActivities.customer");
  return { title: t("metaTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One customer's activities, summary and timeline (the customer page mounts the same components). */
export default async function Page({ params }: Params) {
  const { org, ws, customerId } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!UUID.test(customerId) || !me.permissions.includes("crm.activity.read") || !me.permissions.includes("crm.customer.read")) notFound();
  return <CustomerActivity customerId={customerId} canLog={me.permissions.includes("crm.activity.manage")} />;
}
