import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { CustomFieldsPreview } from "@/components/crm/CustomFieldsPreview";
import { CustomFieldsSettings } from "@/components/crm/CustomFieldsSettings";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmFields.fields");
  return { title: t("title") };
}

/** Custom fields of customers: readers see the definitions, crm.settings.manage changes them. */
export default async function CrmFieldsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  if (!permissions.has("crm.customer.read")) notFound();
  const t = await getTranslations("crmFields.fields");
  return (
    <div className="mx-auto grid max-w-6xl gap-6">
      <div className="grid gap-1">
        <p className="text-sm text-muted-foreground">{t("settings")}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <CustomFieldsSettings canEdit={permissions.has("crm.settings.manage")} />
      <CustomFieldsPreview />
    </div>
  );
}
