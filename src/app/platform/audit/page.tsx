import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { PlatformAuditLog } from "@/components/platform/PlatformAuditLog";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("platformConsole.audit");
  return { title: t("metaTitle") };
}

export default async function PlatformAuditPage() {
  const t = await getTranslations("platformConsole.audit");
  return (
    <div className="mx-auto grid max-w-5xl gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <PlatformAuditLog />
    </div>
  );
}
