import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { createServerCaller } from "@/trpc/server";

import { loadWorkspaceScope } from "../load-scope";
import { PasswordCard, ProfileCard, SessionsCard } from "./ProfileCards";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("profile");
  return { title: t("metaTitle") };
}

/** My profile: user-level (every member reaches it from the user menu); the procedures act on the signed-in user only. */
export default async function ProfilePage({ params }: Params) {
  const { org, ws } = await params;
  const { organization } = await loadWorkspaceScope(org, ws);
  const caller = await createServerCaller({ org, ws });
  const [profile, t] = await Promise.all([caller.profile.get(), getTranslations("profile")]);

  return (
    <div className="mx-auto grid max-w-4xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <ProfileCard profile={profile} organization={{ locale: organization.locale, timeZone: organization.timeZone }} />
      <PasswordCard />
      <SessionsCard />
    </div>
  );
}
