import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { FormatProvider } from "@/components/format/FormatProvider";
import { AppShell } from "@/components/shell/AppShell";
import type { ShellData } from "@/components/shell/types";
import { organizationLogoUrl } from "@/lib/branding";
import { signInUrl, workspacePath } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";
import { recordWorkspaceVisit } from "@/server/modules/platform/landing.service";

import { loadWorkspaceScope } from "./load-scope";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string; ws: string }>;
}) {
  const { org, ws } = await params;

  const user = await getSessionUser();
  if (!user) redirect(signInUrl(workspacePath(org, ws)));
  if (!user.emailVerified) redirect("/verify-email/pending");

  const { me, organization, workspace, workspaces } = await loadWorkspaceScope(org, ws);
  // Only after the scope is verified: `/` brings the user back here next time.
  await recordWorkspaceVisit(user.id, organization.slug, workspace.slug);

  const data: ShellData = {
    user: { name: me.user.name, email: me.user.email, isPlatformOperator: me.user.isPlatformOperator },
    organization: {
      slug: organization.slug,
      name: organization.name,
      primaryColor: organization.primaryColor,
      logoUrl: organizationLogoUrl(organization.slug, organization.logoSha256),
    },
    workspace: { slug: workspace.slug, name: workspace.name, archived: workspace.status === "archived" },
    organizations: me.memberships.map((m) => ({ slug: m.organization.slug, name: m.organization.name })),
    workspaces: workspaces.map((w) => ({ slug: w.slug, name: w.name, type: w.type, status: w.status })),
    permissions: me.permissions,
    features: me.features,
  };

  return (
    // The user's time-zone override wins over the organization's for dates; numbers and money keep the organization's locale.
    <FormatProvider locale={organization.locale} timeZone={me.user.timeZone ?? organization.timeZone} currency={organization.baseCurrency}>
      <AppShell data={data}>{children}</AppShell>
    </FormatProvider>
  );
}
