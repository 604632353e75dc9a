import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";

import { SignInForm } from "@/components/auth/SignInForm";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { safeCallbackUrl } from "@/lib/urls";
import { getSessionUser } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signIn");
  return { title: t("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl, expired } = await searchParams;
  const destination = safeCallbackUrl(callbackUrl);
  // After an organization's session timeout the token may still be valid: sign in again instead of bouncing back.
  const sessionExpired = expired === "1";

  if (!sessionExpired && (await getSessionUser())) redirect(destination ?? "/");
  const [t, ts, links] = await Promise.all([getTranslations("auth.signIn"), getTranslations("orgSettings"), getTranslations("signup.links")]);

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
        {sessionExpired ? (
          <p role="status" className="text-sm text-muted-foreground">
            {ts("sessionExpired")}
          </p>
        ) : null}
      </CardHeader>
      <CardContent>
        <SignInForm callbackUrl={destination} />
      </CardContent>
      <CardFooter className="flex-col gap-2 text-sm">
        <Link href="/forgot-password" className="underline underline-offset-4">
          {links("forgotPassword")}
        </Link>
        <p className="text-muted-foreground">
          {links("noAccount")}{" "}
          <Link href="/sign-up" className="font-medium text-foreground underline underline-offset-4">
            {links("createAccount")}
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
