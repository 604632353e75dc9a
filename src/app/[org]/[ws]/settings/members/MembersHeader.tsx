import { getTranslations } from "next-intl/server";
import Link from "next/link";

import { cn } from "@/lib/utils";

import { InviteButton } from "./MemberDialogs";

/** Title, the Members / Invitations tabs (one page each: one URL-backed DataTable per page) and the Invite button. */
export async function MembersHeader({ org, ws, active, canInvite, canGrantOwner }: { org: string; ws: string; active: "members" | "invitations"; canInvite: boolean; canGrantOwner: boolean }) {
  const t = await getTranslations("members");
  const base = `/${org}/${ws}/settings/members`;
  const tabs = [
    { id: "members" as const, href: base, label: t("tabs.members") },
    { id: "invitations" as const, href: `${base}/invitations`, label: t("tabs.invitations") },
  ];
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-sm text-muted-foreground">{t("description")}</p>
        </div>
        {canInvite ? <InviteButton canGrantOwner={canGrantOwner} /> : null}
      </div>
      <nav aria-label={t("tabs.label")} className="inline-flex h-9 w-fit items-center gap-1 rounded-lg bg-muted p-1 text-muted-foreground">
        {tabs.map((tab) => (
          <Link
            key={tab.id}
            href={tab.href}
            aria-current={tab.id === active ? "page" : undefined}
            className={cn(
              "inline-flex items-center rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-ring",
              tab.id === active && "bg-background text-foreground shadow-sm",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
