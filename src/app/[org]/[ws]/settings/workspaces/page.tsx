import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../load-scope";
import { WorkspacesList } from "./WorkspacesList";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("workspaces");
  return { title: t("metaTitle") };
}

export default async function WorkspacesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("platform.workspace.read") && !granted.has("platform.workspace.manage")) notFound();
  const t = await getTranslations("workspaces");

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <WorkspacesList org={org} canManage={granted.has("platform.workspace.manage")} />
    </div>
  );
}
