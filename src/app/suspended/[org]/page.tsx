import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { SignOutButton } from "@/components/auth/SignOutButton";
import { EndSessionNotice } from "@/components/platform/EndSessionNotice";
import { StatusPage } from "@/components/StatusPage";
import { Button } from "@/components/ui/Button";
import { signInUrl, suspendedPath } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";
import { loadSuspendedOrganizations, resolveLandingPath } from "@/server/modules/platform/landing.service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("platformConsole.suspended");
  return { title: t("metaTitle") };
}

/**
 * "<Organization> is suspended: <reason>." for its members (anyone else: not found). When it was the member's only
 * organization their session ends here; otherwise they can go on to another one.
 */
export default async function SuspendedPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const user = await getSessionUser();
  if (!user) redirect(signInUrl(suspendedPath(org)));
  const suspended = (await loadSuspendedOrganizations(user.id)).find((o) => o.slug === org);
  if (!suspended) notFound();
  const elsewhere = await resolveLandingPath(user.id);
  const t = await getTranslations("platformConsole.suspended");
  const contact = process.env.PLATFORM_SUPPORT_EMAIL;

  return (
    <StatusPage title={t("title", { name: suspended.name })}>
      <p className="text-muted-foreground" role="status">
        {suspended.reason ? t("reason", { name: suspended.name, reason: suspended.reason }) : t("noReason", { name: suspended.name })}
      </p>
      <p className="text-sm text-muted-foreground">{contact ? t("contactEmail", { email: contact }) : t("contact")}</p>
      {elsewhere || user.isPlatformOperator ? (
        <div className="flex gap-2">
          <Button asChild>
            <Link href={elsewhere ?? "/platform"}>{t("continue")}</Link>
          </Button>
          <SignOutButton variant="outline" />
        </div>
      ) : (
        <EndSessionNotice />
      )}
    </StatusPage>
  );
}
