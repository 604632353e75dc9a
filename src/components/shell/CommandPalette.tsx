"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { CheckIcon, FileSearchIcon, LanguagesIcon, LoaderCircleIcon, LogOutIcon, SearchIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTheme } from "next-themes";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

import { useDebounced } from "@/components/form/ComboboxField";
import { Button } from "@/components/ui/Button";
import { LOCALE_NAMES, LOCALES } from "@/i18n/config";
import { useLocaleSwitch } from "@/i18n/use-locale-switch";
import { signOutAndLeave } from "@/lib/sign-out";
import { useTRPC } from "@/trpc/react";

import { navHref, useNavLabel, visibleNavItems } from "./nav";
import { THEMES } from "./UserMenu";

type Props = { org: string; ws: string; permissions: string[]; features?: string[] };

const itemClass =
  "flex cursor-default items-center gap-2 rounded-sm px-2 py-2 text-sm outline-none select-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground [&_svg]:size-4 [&_svg]:shrink-0";
const groupClass =
  "[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-muted-foreground";

function matches(text: string, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  return !q || text.toLocaleLowerCase().includes(q);
}

/**
 * Ctrl+K / Cmd+K (or the search button in the top bar): jump to a module, run an action (theme, language, sign
 * out), or open a record found by the modules' search providers (`platform.search`).
 */
export function CommandPalette({ org, ws, permissions, features }: Props) {
  const t = useTranslations("palette");
  const shell = useTranslations("shell");
  const searchLabels = useTranslations("search");
  const navLabel = useNavLabel();
  const router = useRouter();
  const trpc = useTRPC();
  const { theme, setTheme } = useTheme();
  const { locale, setLocale } = useLocaleSwitch({ saveToProfile: true });
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 200);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const records = useQuery({ ...trpc.platform.search.queryOptions({ q }), enabled: open && q.length > 0, staleTime: 10_000 });
  const searching = query.trim().length > 0 && (q !== query.trim() || records.isFetching);

  const close = () => {
    setOpen(false);
    setQuery("");
  };
  const run = (action: () => void) => () => {
    close();
    action();
  };

  const navItems = visibleNavItems(permissions, features).filter((item) => matches(navLabel(item), query));
  const themeItems = THEMES.filter(({ value }) => matches(t("switchToTheme", { theme: shell(`themes.${value}`) }), query));
  const localeItems = LOCALES.filter((value) => matches(t("switchToLanguage", { language: LOCALE_NAMES[value] }), query));
  const showSignOut = matches(t("signOut"), query);
  const hits = q && !searching ? (records.data?.groups ?? []) : [];
  const nothing =
    !searching && navItems.length + themeItems.length + localeItems.length + (showSignOut ? 1 : 0) + hits.length === 0;

  return (
    <>
      <Button
        variant="outline"
        className="h-9 w-9 justify-start gap-2 px-2 text-muted-foreground sm:w-56"
        aria-label={shell("openCommandPalette")}
        aria-keyshortcuts="Control+K Meta+K"
        onClick={() => setOpen(true)}
      >
        <SearchIcon aria-hidden="true" />
        <span className="hidden flex-1 text-left sm:inline">{shell("commandPaletteHint")}</span>
        <kbd aria-hidden="true" className="hidden rounded border bg-muted px-1.5 font-mono text-[10px] sm:inline">
          Ctrl K
        </kbd>
      </Button>
      <Command.Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        label={t("title")}
        shouldFilter={false}
        loop
        overlayClassName="fixed inset-0 z-50 bg-black/40"
        contentClassName="fixed top-[15vh] left-1/2 z-50 w-[calc(100%-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg border bg-popover text-popover-foreground shadow-xl"
      >
        <div className="flex items-center gap-2 border-b px-3">
          <SearchIcon aria-hidden="true" className="size-4 text-muted-foreground" />
          <Command.Input
            value={query}
            onValueChange={setQuery}
            placeholder={t("placeholder")}
            className="h-11 w-full bg-transparent text-sm outline-none placeholder:text-muted-foreground"
          />
          {searching ? <LoaderCircleIcon aria-hidden="true" className="size-4 animate-spin text-muted-foreground" /> : null}
        </div>
        <Command.List className="max-h-[60vh] overflow-y-auto p-1">
          {nothing ? <div className="px-2 py-6 text-center text-sm text-muted-foreground">{t("empty")}</div> : null}
          {navItems.length > 0 ? (
            <Command.Group heading={t("navigation")} className={groupClass}>
              {navItems.map((item) => {
                const Icon = item.icon;
                return (
                  <Command.Item key={item.id} value={`nav:${item.id}`} className={itemClass} onSelect={run(() => router.push(navHref(item, org, ws)))}>
                    <Icon aria-hidden="true" />
                    {navLabel(item)}
                  </Command.Item>
                );
              })}
            </Command.Group>
          ) : null}
          {query.trim() ? (
            <Command.Group heading={t("records")} className={groupClass}>
              {searching ? (
                <Command.Loading>
                  <div className="px-2 py-2 text-sm text-muted-foreground">{t("searching")}</div>
                </Command.Loading>
              ) : records.isError ? (
                <div className="px-2 py-2 text-sm text-muted-foreground">{t("searchFailed")}</div>
              ) : (
                hits.flatMap((group) =>
                  group.hits.map((hit) => (
                    <Command.Item key={`${group.id}:${hit.id}`} value={`record:${group.id}:${hit.id}`} className={itemClass} onSelect={run(() => router.push(hit.href))}>
                      <FileSearchIcon aria-hidden="true" className="text-muted-foreground" />
                      <span className="grid min-w-0 flex-1">
                        <span className="truncate">{hit.title}</span>
                        {hit.subtitle ? <span className="truncate text-xs text-muted-foreground">{hit.subtitle}</span> : null}
                      </span>
                      <span className="text-xs text-muted-foreground">
                        {searchLabels.has(group.id as "workspaces") ? searchLabels(group.id as "workspaces") : group.label}
                      </span>
                    </Command.Item>
                  )),
                )
              )}
            </Command.Group>
          ) : null}
          {themeItems.length + localeItems.length > 0 || showSignOut ? (
            <Command.Group heading={t("actions")} className={groupClass}>
              {themeItems.map(({ value, icon: Icon }) => (
                <Command.Item key={value} value={`theme:${value}`} className={itemClass} onSelect={run(() => setTheme(value))}>
                  <Icon aria-hidden="true" />
                  <span className="flex-1">{t("switchToTheme", { theme: shell(`themes.${value}`) })}</span>
                  <Current active={theme === value} />
                </Command.Item>
              ))}
              {localeItems.map((value) => (
                <Command.Item key={value} value={`locale:${value}`} className={itemClass} onSelect={run(() => setLocale(value))}>
                  <LanguagesIcon aria-hidden="true" />
                  <span className="flex-1">{t("switchToLanguage", { language: LOCALE_NAMES[value] })}</span>
                  <Current active={locale === value} />
                </Command.Item>
              ))}
              {showSignOut ? (
                <Command.Item value="sign-out" className={itemClass} onSelect={run(() => void signOutAndLeave())}>
                  <LogOutIcon aria-hidden="true" />
                  {t("signOut")}
                </Command.Item>
              ) : null}
            </Command.Group>
          ) : null}
        </Command.List>
      </Command.Dialog>
    </>
  );
}

function Current({ active }: { active: boolean }): ReactNode {
  return active ? <CheckIcon aria-hidden="true" className="text-muted-foreground" /> : null;
}
