import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../load-scope";
import { RolesList } from "./RolesList";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("roles");
  return { title: t("metaTitle") };
}

export default async function RolesPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("auth.member.read") && !granted.has("auth.role.manage")) notFound();
  const t = await getTranslations("roles");

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <RolesList org={org} ws={ws} canManage={granted.has("auth.role.manage")} />
    </div>
  );
}
