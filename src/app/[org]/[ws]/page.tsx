import type { Metadata } from "next";
import { LayoutGridIcon } from "lucide-react";
import { getLocale, getTranslations } from "next-intl/server";

import { Badge } from "@/components/ui/Badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { DescriptionItem } from "@/components/ui/DescriptionItem";
import { formatCountry, formatCurrency } from "@/lib/format";

import { loadWorkspaceScope } from "./load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const { organization, workspace } = await loadWorkspaceScope(org, ws);
  return { title: `${workspace.name} · ${organization.name}` };
}

export default async function WorkspaceHomePage({ params }: Params) {
  const { org, ws } = await params;
  const { organization, workspace } = await loadWorkspaceScope(org, ws);
  // Names of countries and currencies follow the UI language; numbers and dates follow the organization (useFormat).
  const locale = await getLocale();
  const t = await getTranslations("workspaceHome");
  const types = await getTranslations("workspaceTypes");
  const notSet = (await getTranslations("common"))("notSet");

  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
        <Badge variant="secondary">{types(workspace.type)}</Badge>
      </div>

      <Card aria-labelledby="about-heading">
        <CardHeader>
          <CardTitle id="about-heading">{t("about")}</CardTitle>
          <CardDescription>{t("aboutDescription")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6 md:grid-cols-2">
          <section aria-labelledby="org-heading" className="grid content-start gap-3">
            <h3 id="org-heading" className="text-sm font-semibold">
              {t("organization")}
            </h3>
            <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
              <DescriptionItem label={t("name")} value={organization.name} notSet={notSet} />
              <DescriptionItem label={t("legalName")} value={organization.legalName} notSet={notSet} />
              <DescriptionItem label={t("country")} value={formatCountry(organization.country, locale)} notSet={notSet} />
              <DescriptionItem label={t("baseCurrency")} value={formatCurrency(organization.baseCurrency, locale)} notSet={notSet} />
              <DescriptionItem label={t("timeZone")} value={organization.timeZone} notSet={notSet} />
            </dl>
          </section>
          <section aria-labelledby="ws-heading" className="grid content-start gap-3">
            <h3 id="ws-heading" className="text-sm font-semibold">
              {t("workspace")}
            </h3>
            <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
              <DescriptionItem label={t("name")} value={workspace.name} notSet={notSet} />
              <DescriptionItem label={t("type")} value={types(workspace.type)} notSet={notSet} />
            </dl>
          </section>
        </CardContent>
      </Card>

      <Card aria-labelledby="modules-heading">
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <LayoutGridIcon aria-hidden="true" className="size-6" />
          </span>
          <h2 id="modules-heading" className="text-base font-semibold">
            {t("modulesTitle")}
          </h2>
          <p className="max-w-md text-sm text-muted-foreground">
            {t("modulesBody")}
          </p>
        </CardContent>
      </Card>
    </div>
  );
}
