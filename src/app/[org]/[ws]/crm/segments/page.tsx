import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { SegmentsPage } from "@/components/crm/SegmentsPage";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmFields.segments");
  return { title: t("title") };
}

/** Customer segments: saved filters with their member counts; crm.settings.manage creates and edits them. */
export default async function CrmSegmentsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  if (!permissions.has("crm.customer.read")) notFound();
  const t = await getTranslations("crmFields.segments");
  return (
    <div className="mx-auto grid max-w-6xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <SegmentsPage org={org} ws={ws} canEdit={permissions.has("crm.settings.manage")} canReadMembers={permissions.has("auth.member.read")} />
    </div>
  );
}
