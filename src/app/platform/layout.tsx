import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";

import { SignOutButton } from "@/components/auth/SignOutButton";
import { Logo } from "@/components/shell/Logo";
import { signInUrl } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";

/** The platform console's own frame (not the organization shell). Operators only: anyone else gets a 404. */
export default async function PlatformLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect(signInUrl("/platform"));
  if (!user.isPlatformOperator) notFound();
  const t = await getTranslations("platformConsole");
  const links = [
    { href: "/platform", label: t("nav.organizations") },
    { href: "/platform/plans", label: t("nav.plans") },
    { href: "/platform/features", label: t("nav.features") },
    { href: "/platform/audit", label: t("nav.audit") },
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center gap-6 border-b px-4 md:px-6">
        <Link href="/platform" aria-label={t("homeLink")}>
          <Logo compact />
        </Link>
        <span className="text-sm font-semibold">{t("title")}</span>
        <nav aria-label={t("nav.label")} className="flex gap-4 text-sm">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-muted-foreground hover:text-foreground focus-visible:underline">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="flex-1" />
        <span className="hidden text-sm text-muted-foreground md:inline">{user.email}</span>
        <SignOutButton variant="ghost" size="sm" />
      </header>
      <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-6">
        {children}
      </main>
    </div>
  );
}
