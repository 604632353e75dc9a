import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../../load-scope";
import { RoleEditor } from "./RoleEditor";
import { isUuid } from "@/lib/uuid";

type Params = { params: Promise<{ org: string; ws: string; id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("roles");
  return { title: t("editor.metaTitle") };
}

export default async function RolePage({ params }: Params) {
  const { org, ws, id } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  const canManage = granted.has("auth.role.manage");
  if ((!granted.has("auth.member.read") && !canManage) || (id === "new" && !canManage) || (id !== "new" && !isUuid(id))) notFound();
  // Owners may grant anything; everyone else only what they hold (the server checks again).
  const available = me.roles.includes("owner") ? null : me.permissions;
  return <RoleEditor org={org} ws={ws} id={id === "new" ? null : id} canManage={canManage} available={available} />;
}
