import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../load-scope";
import { MembersHeader } from "./MembersHeader";
import { MembersList } from "./MembersList";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("members");
  return { title: t("metaTitle") };
}

export default async function MembersPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  // Same answer as for a foreign scope: the page does not exist for this user (the procedures check again).
  if (!granted.has("auth.member.read")) notFound();
  const canManage = granted.has("auth.member.invite");
  const isOwner = me.roles.includes("owner");

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <MembersHeader org={org} ws={ws} active="members" canInvite={canManage} canGrantOwner={isOwner} />
      <MembersList canManage={canManage} viewer={{ userId: me.user.id, isOwner }} />
    </div>
  );
}
