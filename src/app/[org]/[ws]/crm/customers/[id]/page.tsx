import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { CustomerPage } from "@/components/crm/CustomerPage";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmCustomers");
  return { title: t("metaTitleOne") };
}

export default async function CustomerDetailPage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!me.permissions.includes("crm.customer.read")) notFound();
  return (
    <Suspense>
      <CustomerPage id={id} org={org} ws={ws} permissions={[...me.permissions]} listPath={workspacePath(org, ws, "crm", "customers")} />
    </Suspense>
  );
}
