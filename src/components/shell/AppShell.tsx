import { ArchiveIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { workspacePath } from "@/lib/urls";
import { brandCss, brandStyle } from "@/lib/branding";

import { Breadcrumbs } from "./Breadcrumbs";
import { CommandPalette } from "./CommandPalette";
import { MobileNav } from "./MobileNav";
import { ScopeSwitcher } from "./ScopeSwitcher";
import { Sidebar } from "./Sidebar";
import type { ShellData } from "./types";
import { UserMenu } from "./UserMenu";

export function AppShell({ data, children }: { data: ShellData; children: ReactNode }) {
  const { organization, workspace, permissions, features } = data;
  const t = useTranslations("shell");
  const tw = useTranslations("workspaces");
  const canSeeWorkspaces = permissions.includes("platform.workspace.read") || permissions.includes("platform.workspace.manage");
  const css = brandCss(organization.primaryColor);

  return (
    // The organization's primary color overrides the theme's accent for everything inside the shell.
    <div className="flex min-h-dvh" data-testid="app-shell" data-brand-color={organization.primaryColor ?? undefined} style={brandStyle(organization.primaryColor)}>
      {css ? <style data-testid="brand-style">{css}</style> : null}
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-2 focus:ring-ring focus:outline-none"
      >
        {t("skipToContent")}
      </a>
      <Sidebar org={organization.slug} ws={workspace.slug} permissions={permissions} features={features} organization={organization} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex print:hidden h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:px-6">
          <MobileNav org={organization.slug} ws={workspace.slug} permissions={permissions} features={features} />
          <ScopeSwitcher
            organization={organization}
            workspace={workspace}
            organizations={data.organizations}
            workspaces={data.workspaces}
          />
          <div className="flex-1" />
          <CommandPalette org={organization.slug} ws={workspace.slug} permissions={permissions} features={features} />
          <UserMenu user={data.user} org={organization.slug} ws={workspace.slug} isPlatformOperator={data.user.isPlatformOperator} />
        </header>
        <div className="border-b px-4 py-2 md:px-6 print:hidden">
          <Breadcrumbs organization={organization} workspace={workspace} permissions={permissions} features={features} />
        </div>
        {workspace.archived ? (
          // Archived workspaces are read-only (the server refuses every change); say so on every page of it.
          <div
            role="status"
            data-testid="archived-banner"
            className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 md:px-6 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100 print:hidden"
          >
            <ArchiveIcon aria-hidden="true" className="size-4 shrink-0" />
            <span className="font-medium">{tw("archivedBanner", { name: workspace.name })}</span>
            {canSeeWorkspaces ? (
              <Link href={workspacePath(organization.slug, workspace.slug, "settings", "workspaces")} className="underline underline-offset-4">
                {tw("archivedBannerLink")}
              </Link>
            ) : null}
          </div>
        ) : null}
        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-6 md:py-8 print:p-0">
          {children}
        </main>
      </div>
    </div>
  );
}
