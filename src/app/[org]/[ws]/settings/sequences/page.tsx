import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { SequencesSettings } from "@/components/settings/SequencesSettings";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const { organization } = await loadWorkspaceScope(org, ws);
  const t = await getTranslations("sequences");
  return { title: t("metaTitle", { organization: organization.name }) };
}

export default async function NumberSequencesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const permissions = new Set(me.permissions);
  const t = await getTranslations("sequences");

  return (
    <div className="mx-auto grid max-w-6xl gap-6">
      <div className="grid gap-1">
        <p className="text-sm text-muted-foreground">{t("settings")}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          {t("description", { yyyy: "{YYYY}", yy: "{YY}", mm: "{MM}", counter: "{#####}" })}
        </p>
      </div>
      {permissions.has("settings.sequence.read") ? (
        <SequencesSettings canEdit={permissions.has("settings.sequence.update")} />
      ) : (
        <p role="alert" className="rounded-md border p-4 text-sm">
          {t("forbidden")}
        </p>
      )}
    </div>
  );
}
