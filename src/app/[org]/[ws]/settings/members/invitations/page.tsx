import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { loadWorkspaceScope } from "../../../load-scope";
import { MembersHeader } from "../MembersHeader";
import { InvitationsList } from "./InvitationsList";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("invitations");
  return { title: t("metaTitle") };
}

export default async function InvitationsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("auth.member.read")) notFound();
  const canManage = granted.has("auth.member.invite");

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <MembersHeader org={org} ws={ws} active="invitations" canInvite={canManage} canGrantOwner={me.roles.includes("owner")} />
      <InvitationsList canManage={canManage} />
    </div>
  );
}
