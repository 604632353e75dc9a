import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { OrganizationsTable } from "@/components/platform/OrganizationsTable";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("platformConsole.organizations");
  return { title: t("metaTitle") };
}

export default async function PlatformOrganizationsPage() {
  const t = await getTranslations("platformConsole.organizations");
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <OrganizationsTable />
    </div>
  );
}
