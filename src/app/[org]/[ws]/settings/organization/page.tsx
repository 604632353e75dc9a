import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { TestMailCard } from "@/components/settings/TestMailCard";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { DescriptionItem } from "@/components/ui/DescriptionItem";
import { formatCountry, formatCurrency } from "@/lib/format";
import { createServerCaller } from "@/trpc/server";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const [{ organization }, t] = await Promise.all([loadWorkspaceScope(org, ws), getTranslations("organizationSettings")]);
  return { title: t("metaTitle", { organization: organization.name }) };
}

export default async function OrganizationSettingsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const caller = await createServerCaller({ org, ws });
  const organization = await caller.platform.organizations.get().catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND")) notFound();
    throw e;
  });
  // Country and currency names are words on the screen: they follow the UI language, not the organization's locale.
  const [t, tc, locale] = await Promise.all([getTranslations("organizationSettings"), getTranslations("common"), getLocale()]);
  const notSet = tc("notSet");

  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>

      <Card aria-labelledby="profile-heading">
        <CardHeader>
          <CardTitle id="profile-heading">{t("profile.title")}</CardTitle>
          <CardDescription>{t("profile.description")}</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-2 text-sm md:grid-cols-[minmax(8rem,auto)_1fr_minmax(8rem,auto)_1fr]">
            <DescriptionItem label={t("profile.name")} notSet={notSet} value={organization.name} />
            <DescriptionItem label={t("profile.legalName")} notSet={notSet} value={organization.legalName} />
            <DescriptionItem label={t("profile.country")} notSet={notSet} value={formatCountry(organization.country, locale)} />
            <DescriptionItem label={t("profile.baseCurrency")} notSet={notSet} value={formatCurrency(organization.baseCurrency, locale)} />
            <DescriptionItem label={t("profile.timeZone")} notSet={notSet} value={organization.timeZone} />
            <DescriptionItem label={t("profile.locale")} notSet={notSet} value={organization.locale} />
            <DescriptionItem label={t("profile.taxId")} notSet={notSet} value={organization.taxId} />
          </dl>
        </CardContent>
      </Card>

      <AttachmentsPanel
        org={org}
        ws={ws}
        entityType="platform.organization"
        entityId={organization.id}
        title={t("documents.title")}
        description={t("documents.description")}
      />

      {me.permissions.includes("settings.setting.update") ? <TestMailCard /> : null}
    </div>
  );
}
