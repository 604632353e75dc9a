import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { NewCustomer } from "@/components/crm/NewCustomer";
import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmCustomers");
  return { title: t("newTitle") };
}

export default async function NewCustomerPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  if (!new Set(me.permissions).has("crm.customer.create")) notFound();
  const t = await getTranslations("crmCustomers");
  return (
    <div className="mx-auto grid max-w-4xl gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">{t("newTitle")}</h1>
      <NewCustomer basePath={workspacePath(org, ws, "crm", "customers")} />
    </div>
  );
}
