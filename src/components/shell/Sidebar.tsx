"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";

import { workspacePath } from "@/lib/urls";
import { cn } from "@/lib/utils";

import { Logo } from "./Logo";
import { activeNavItem, navHref, useNavLabel, visibleNavItems } from "./nav";

type Props = {
  org: string;
  ws: string;
  permissions: string[];
  features?: string[];
  organization?: { name: string; logoUrl?: string | null };
};

/** The module list, shown as a fixed column from `md` up (the top bar's menu button replaces it below). */
export function Sidebar({ org, ws, permissions, features, organization }: Props) {
  const pathname = usePathname();
  const items = visibleNavItems(permissions, features);
  const active = activeNavItem(items, pathname, org, ws);
  const t = useTranslations("shell");
  const label = useNavLabel();

  return (
    <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col border-r border-sidebar-border bg-sidebar text-sidebar-foreground md:flex print:hidden">
      <div className="flex h-14 items-center border-b border-sidebar-border px-4">
        <Link
          href={workspacePath(org, ws)}
          aria-label={t("homeLink")}
          className="rounded-md focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
        >
          {organization ? (
            <span className="flex min-w-0 items-center gap-2 font-semibold tracking-tight">
              {organization.logoUrl ? (
                // A member-only route, not an optimizable static asset.
                // eslint-disable-next-line @next/next/no-img-element
                <img
                  src={organization.logoUrl}
                  alt={t("organizationLogo", { organization: organization.name })}
                  className="size-7 shrink-0 rounded object-contain"
                  data-testid="sidebar-logo"
                />
              ) : (
                <Logo compact />
              )}
              <span className="truncate" data-testid="sidebar-organization">
                {organization.name}
              </span>
            </span>
          ) : (
            <Logo />
          )}
        </Link>
      </div>
      <nav aria-label={t("modules")} className="flex-1 overflow-y-auto p-2">
        <ul className="grid gap-0.5">
          {items.map((item) => {
            const isActive = item.id === active?.id;
            const Icon = item.icon;
            return (
              <li key={item.id}>
                <Link
                  href={navHref(item, org, ws)}
                  aria-current={isActive ? "page" : undefined}
                  className={cn(
                    "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors outline-none",
                    "hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-ring",
                    isActive && "bg-sidebar-accent text-sidebar-accent-foreground",
                  )}
                >
                  <Icon aria-hidden="true" className="size-4 shrink-0" />
                  {label(item)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}
