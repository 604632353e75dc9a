"use client";

import { useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";

import { AllSettings } from "./AllSettings";
import { LogoCard } from "./LogoCard";
import { ProfileForm } from "./ProfileForm";
import { RegionalForm } from "./RegionalForm";
import { SecurityForm } from "./SecurityForm";
import type { OrganizationData, OrganizationPermissions } from "./types";

const TABS = ["profile", "regional", "security", "all"] as const;
type Tab = (typeof TABS)[number];

/**
 * The organization settings page: Profile & branding (with the company documents and the test e-mail card passed
 * in as `profileExtras`), Regional, Security and All settings. The tab is kept in the URL (?tab=…).
 */
export function OrganizationSettings({
  organization,
  permissions,
  workspaceName,
  profileExtras,
}: {
  organization: OrganizationData;
  permissions: OrganizationPermissions;
  workspaceName: string;
  profileExtras: ReactNode;
}) {
  const t = useTranslations("orgSettings");
  const pathname = usePathname();
  const params = useSearchParams();
  const visible = TABS.filter((tab) => tab === "profile" || tab === "regional" || permissions.canReadSettings);
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && visible.includes(requested) ? requested : "profile";

  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next = new URLSearchParams(params.toString());
        if (value === "profile") next.delete("tab");
        else next.set("tab", value);
        const q = next.toString();
        // Only the URL changes (Next keeps useSearchParams in sync): no round trip to the server.
        window.history.replaceState(null, "", q ? `${pathname}?${q}` : pathname);
      }}
      className="grid gap-4"
    >
      <TabsList aria-label={t("title")}>
        {visible.map((v) => (
          <TabsTrigger key={v} value={v}>
            {t(`tabs.${v}`)}
          </TabsTrigger>
        ))}
      </TabsList>
      <TabsContent value="profile" className="grid gap-6">
        <ProfileForm organization={organization} canEdit={permissions.canEditOrganization} />
        <LogoCard organization={organization} canEdit={permissions.canEditOrganization} />
        {profileExtras}
      </TabsContent>
      <TabsContent value="regional">
        <RegionalForm organization={organization} canEdit={permissions.canEditOrganization} />
      </TabsContent>
      {permissions.canReadSettings ? (
        <>
          <TabsContent value="security">
            <SecurityForm canEdit={permissions.canEditSettings} />
          </TabsContent>
          <TabsContent value="all">
            <AllSettings canEdit={permissions.canEditSettings} workspaceName={workspaceName} />
          </TabsContent>
        </>
      ) : null}
    </Tabs>
  );
}
