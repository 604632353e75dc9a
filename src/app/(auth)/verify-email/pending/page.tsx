import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { ResendVerification } from "@/components/auth/ResendVerification";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { getSessionUser } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signup.pending");
  return { title: t("metaTitle") };
}

/**
 * "Check your inbox": where sign-up ends, and where an unverified user is sent instead of onboarding or an
 * organization. Signed out (sign-up with a taken address), it stays neutral and resends to the address typed.
 */
export default async function VerifyEmailPendingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (user?.emailVerified) redirect("/");
  const query = (await searchParams).email;
  const email = user?.email ?? (typeof query === "string" && query.length <= 254 ? query : null);
  const t = await getTranslations("signup.pending");
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>{email ? t("sentTo", { email }) : t("sentGeneric")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {user ? <p className="text-sm text-muted-foreground">{t("blocked")}</p> : null}
        <ResendVerification signedIn={!!user} email={email} />
      </CardContent>
      <CardFooter className="justify-center">
        {user ? (
          <SignOutButton variant="ghost" />
        ) : (
          <Link href="/sign-in" className="text-sm underline underline-offset-4">
            {t("signIn")}
          </Link>
        )}
      </CardFooter>
    </Card>
  );
}
