import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { workspacePath } from "@/lib/urls";

import { loadWorkspaceScope } from "../../load-scope";
import { MyActivities } from "./MyActivities";

type Props = { params: Promise<{ org: string; ws: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("crmActivities");
  return { title: t("metaTitle") };
}

/**
 * "My activities". Opened bare, it shows my open activities; the short links other pages use
 * (`?state=overdue&owner=me|<membership id>|all`, README "Links into the lists") become the table's own URL state.
 */
export default async function Page({ params, searchParams }: Props) {
  const { org, ws } = await params;
  const sp = await searchParams;
  const { me } = await loadWorkspaceScope(org, ws);
  const granted = new Set(me.permissions);
  if (!granted.has("crm.activity.read")) notFound();
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const state = one(sp.state);
  const owner = one(sp.owner);
  if (state !== undefined || owner !== undefined || Object.keys(sp).length === 0) {
    const q = new URLSearchParams();
    const who = owner ?? "me";
    if (who !== "all") q.append("f.owner", who);
    q.append("f.state", state || "open");
    redirect(`${workspacePath(org, ws, "crm", "activities")}?${q}`);
  }
  return <MyActivities canLog={granted.has("crm.activity.manage")} />;
}
