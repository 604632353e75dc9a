"use client";

import { MenuIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";

import { Button } from "@/components/ui/Button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";

import { activeNavItem, navHref, useNavLabel, visibleNavItems } from "./nav";

type Props = { org: string; ws: string; permissions: string[]; features?: string[] };

/** Below `md` the sidebar collapses into this menu button. */
export function MobileNav({ org, ws, permissions, features }: Props) {
  const pathname = usePathname();
  const items = visibleNavItems(permissions, features);
  const active = activeNavItem(items, pathname, org, ws);
  const t = useTranslations("shell");
  const label = useNavLabel();

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label={t("openNavigation")}>
          <MenuIcon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-56">
        <DropdownMenuLabel>{t("modules")}</DropdownMenuLabel>
        {items.map((item) => {
          const Icon = item.icon;
          return (
            <DropdownMenuItem key={item.id} asChild>
              <Link href={navHref(item, org, ws)} aria-current={item.id === active?.id ? "page" : undefined}>
                <Icon aria-hidden="true" />
                {label(item)}
              </Link>
            </DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
