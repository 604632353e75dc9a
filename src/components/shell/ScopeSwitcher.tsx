"use client";

import { Building2Icon, CheckIcon, ChevronsUpDownIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/Button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";
import { orgPath, workspacePath } from "@/lib/urls";

import type { ShellData } from "./types";

type Props = Pick<ShellData, "organization" | "workspace" | "organizations" | "workspaces">;

/** Organization / workspace switcher: the user's organizations and the accessible workspaces of the current one. */
export function ScopeSwitcher({ organization, workspace, organizations, workspaces }: Props) {
  const t = useTranslations("shell");
  const types = useTranslations("workspaceTypes");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          className="h-9 max-w-[min(30rem,60vw)] justify-start gap-2 px-2"
          aria-label={t("switchWorkspace", { organization: organization.name, workspace: workspace.name })}
        >
          <Building2Icon aria-hidden="true" className="text-muted-foreground" />
          <span className="min-w-0 truncate font-semibold">{organization.name}</span>
          <span aria-hidden="true" className="text-muted-foreground">
            /
          </span>
          <span className="min-w-0 truncate">{workspace.name}</span>
          <ChevronsUpDownIcon aria-hidden="true" className="ml-1 text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuGroup>
          <DropdownMenuLabel>{t("workspacesIn", { organization: organization.name })}</DropdownMenuLabel>
          {workspaces.map((w) => {
            const current = w.slug === workspace.slug;
            return (
              <DropdownMenuItem key={w.slug} asChild>
                <Link href={workspacePath(organization.slug, w.slug)} aria-current={current ? "true" : undefined}>
                  <CheckIcon aria-hidden="true" className={current ? "opacity-100" : "opacity-0"} />
                  <span className="flex-1 truncate">{w.name}</span>
                  <span className="text-xs text-muted-foreground">
                    {w.status === "archived" ? t("archived") : types(w.type)}
                  </span>
                </Link>
              </DropdownMenuItem>
            );
          })}
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuGroup>
          <DropdownMenuLabel>{t("organizations")}</DropdownMenuLabel>
          {organizations.map((o) => {
            const current = o.slug === organization.slug;
            return (
              <DropdownMenuItem key={o.slug} asChild>
                <Link href={orgPath(o.slug)} aria-current={current ? "true" : undefined}>
                  <CheckIcon aria-hidden="true" className={current ? "opacity-100" : "opacity-0"} />
                  <span className="flex-1 truncate">{o.name}</span>
                </Link>
              </DropdownMenuItem>
            );
          })}
        </DropdownMenuGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
