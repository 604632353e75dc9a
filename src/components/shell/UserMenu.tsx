"use client";

import { LanguagesIcon, LogOutIcon, MonitorIcon, MoonIcon, ShieldIcon, SunIcon, UserRoundIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTheme } from "next-themes";

import { Button } from "@/components/ui/Button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";
import { LOCALE_NAMES, LOCALES, matchLocale } from "@/i18n/config";
import { useLocaleSwitch } from "@/i18n/use-locale-switch";
import { initials } from "@/lib/format";
import { signOutAndLeave } from "@/lib/sign-out";
import { workspacePath } from "@/lib/urls";

import type { ShellData } from "./types";

export const THEMES = [
  { value: "light", icon: SunIcon },
  { value: "dark", icon: MoonIcon },
  { value: "system", icon: MonitorIcon },
] as const;

export function UserMenu({
  user,
  org,
  ws,
  isPlatformOperator = false,
}: Pick<ShellData, "user"> & { org: string; ws: string; isPlatformOperator?: boolean }) {
  const { theme, setTheme } = useTheme();
  const { locale, setLocale } = useLocaleSwitch({ saveToProfile: true });
  const t = useTranslations("shell");
  const tp = useTranslations("platformConsole");
  const tprofile = useTranslations("profile");

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-9 gap-2 px-1.5 md:px-2" aria-label={t("userMenu")}>
          <span
            aria-hidden="true"
            className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground"
          >
            {initials(user.name, user.email)}
          </span>
          <span className="hidden max-w-40 truncate text-sm lg:inline">{user.name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="grid gap-0.5 font-normal">
          <span className="truncate text-sm font-medium text-foreground">{user.name}</span>
          <span className="truncate text-xs text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href={workspacePath(org, ws, "profile")}>
            <UserRoundIcon aria-hidden="true" />
            {tprofile("menuLink")}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>{t("theme")}</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme ?? "system"} onValueChange={setTheme}>
          {THEMES.map(({ value, icon: Icon }) => (
            <DropdownMenuRadioItem key={value} value={value}>
              <Icon aria-hidden="true" />
              {t(`themes.${value}`)}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuLabel className="flex items-center gap-2">
          <LanguagesIcon aria-hidden="true" className="size-4" />
          {t("language")}
        </DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={locale}
          onValueChange={(value) => {
            const next = matchLocale(value);
            if (next) setLocale(next);
          }}
        >
          {LOCALES.map((value) => (
            <DropdownMenuRadioItem key={value} value={value} lang={value}>
              {LOCALE_NAMES[value]}
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        {isPlatformOperator ? (
          <>
            <DropdownMenuItem asChild>
              <Link href="/platform">
                <ShieldIcon aria-hidden="true" />
                {tp("userMenuLink")}
              </Link>
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        ) : null}
        <DropdownMenuItem onSelect={() => void signOutAndLeave()}>
          <LogOutIcon aria-hidden="true" />
          {t("signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
