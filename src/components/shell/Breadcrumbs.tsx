"use client";

import { ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";

import { workspacePath } from "@/lib/urls";

import { activeNavItem, useNavLabel, visibleNavItems } from "./nav";
import type { ShellData } from "./types";

type Props = Pick<ShellData, "organization" | "workspace" | "permissions" | "features">;

/** Organization › Workspace › current module. */
export function Breadcrumbs({ organization, workspace, permissions, features }: Props) {
  const pathname = usePathname();
  const t = useTranslations("shell");
  const label = useNavLabel();
  const page = activeNavItem(visibleNavItems(permissions, features), pathname, organization.slug, workspace.slug);

  return (
    <nav aria-label={t("breadcrumb")} className="min-w-0">
      <ol className="flex min-w-0 items-center gap-1.5 text-sm text-muted-foreground">
        <li className="truncate">{organization.name}</li>
        <li aria-hidden="true">
          <ChevronRightIcon className="size-3.5" />
        </li>
        <li className="truncate">
          <Link
            href={workspacePath(organization.slug, workspace.slug)}
            className="rounded-sm hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
          >
            {workspace.name}
          </Link>
        </li>
        {page ? (
          <>
            <li aria-hidden="true">
              <ChevronRightIcon className="size-3.5" />
            </li>
            <li className="truncate font-medium text-foreground" aria-current="page">
              {label(page)}
            </li>
          </>
        ) : null}
      </ol>
    </nav>
  );
}
