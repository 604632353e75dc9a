import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { OnboardingWizard } from "@/components/onboarding/OnboardingWizard";
import { Logo } from "@/components/shell/Logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { signInUrl } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("onboarding");
  return { title: t("metaTitle") };
}

/** Create an organization: the first one after sign-up, or another one later. Verified users only. */
export default async function OnboardingPage() {
  const user = await getSessionUser();
  if (!user) redirect(signInUrl("/onboarding"));
  if (!user.emailVerified) redirect("/verify-email/pending");
  const [t, locale] = await Promise.all([getTranslations("onboarding"), getLocale()]);

  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Logo />
      <main id="main-content" className="w-full max-w-2xl">
        <Card>
          <CardHeader>
            <CardTitle as="h1" className="text-xl">
              {t("title")}
            </CardTitle>
            <CardDescription>{t("description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <OnboardingWizard initialCountry={locale === "ru" ? "KZ" : "US"} />
          </CardContent>
        </Card>
        <p className="mt-4 text-center text-sm text-muted-foreground">
          {t("signedInAs", { email: user.email })} ·{" "}
          <Link href="/" className="underline underline-offset-4">
            {t("cancel")}
          </Link>
        </p>
      </main>
    </div>
  );
}
