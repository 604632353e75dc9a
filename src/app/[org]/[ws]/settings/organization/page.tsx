import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { OrganizationSettings } from "@/components/settings/organization/OrganizationSettings";
import { TestMailCard } from "@/components/settings/TestMailCard";
import { createServerCaller } from "@/trpc/server";

import { loadWorkspaceScope } from "../../load-scope";

type Params = { params: Promise<{ org: string; ws: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { org, ws } = await params;
  const [{ organization }, t] = await Promise.all([loadWorkspaceScope(org, ws), getTranslations("orgSettings")]);
  return { title: t("metaTitle", { organization: organization.name }) };
}

export default async function OrganizationSettingsPage({ params }: Params) {
  const { org, ws } = await params;
  const { me, workspace } = await loadWorkspaceScope(org, ws);
  const caller = await createServerCaller({ org, ws });
  const organization = await caller.platform.organizations.get().catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND")) notFound();
    throw e;
  });
  const [t, td] = await Promise.all([getTranslations("orgSettings"), getTranslations("organizationSettings")]);
  const permissions = new Set(me.permissions);
  const canEditOrganization = permissions.has("platform.organization.update");
  const canEditSettings = permissions.has("settings.setting.update");
  const readOnly = !canEditOrganization && !canEditSettings;

  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("subtitle", { organization: organization.name })}</p>
        {readOnly ? <p className="text-sm text-muted-foreground">{t("readOnly")}</p> : null}
      </div>
      {/* useSearchParams (the tab in the URL) needs a Suspense boundary. */}
      <Suspense>
        <OrganizationSettings
          organization={organization}
          workspaceName={workspace.name}
          permissions={{
            canEditOrganization,
            canReadSettings: permissions.has("settings.setting.read"),
            canEditSettings,
          }}
          profileExtras={
            <>
              <AttachmentsPanel
                org={org}
                ws={ws}
                entityType="platform.organization"
                entityId={organization.id}
                title={td("documents.title")}
                description={td("documents.description")}
              />
              {canEditSettings ? <TestMailCard /> : null}
            </>
          }
        />
      </Suspense>
    </div>
  );
}
