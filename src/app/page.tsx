import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { SignOutButton } from "@/components/auth/SignOutButton";
import { Logo } from "@/components/shell/Logo";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { getSessionUser } from "@/server/auth/session";
import { suspendedPath } from "@/lib/urls";
import { hasAnyMembership, loadSuspendedOrganizations, resolveLandingPath } from "@/server/modules/platform/landing.service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("landing");
  return { title: t("metaTitle") };
}

/**
 * `/` sends a signed-in user to their last (or first) workspace; an unverified user to "Check your inbox"; a user
 * with no organization to onboarding. The card below is for a user whose organizations are all out of reach.
 */
export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!user.emailVerified) redirect("/verify-email/pending");

  const landing = await resolveLandingPath(user.id);
  if (landing) redirect(landing);
  // No organization to open: one suspended by a platform operator is explained rather than silently missing.
  const suspended = await loadSuspendedOrganizations(user.id);
  if (suspended[0]) redirect(suspendedPath(suspended[0].slug));
  if (user.isPlatformOperator) redirect("/platform");
  if (!(await hasAnyMembership(user.id))) redirect("/onboarding");
  const t = await getTranslations("landing");

  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Logo />
      <main id="main-content" className="w-full max-w-md">
        <Card>
          <CardHeader>
            <CardTitle as="h1" className="text-xl">
              {t("noOrganization")}
            </CardTitle>
            <CardDescription>{t("signedInAs", { email: user.email })}</CardDescription>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {t("notAMember")}
          </CardContent>
          <CardFooter>
            <SignOutButton variant="outline" className="w-full" />
          </CardFooter>
        </Card>
      </main>
    </div>
  );
}
