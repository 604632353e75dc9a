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
  const { callbackUrl } = await searchParams;
  const destination = safeCallbackUrl(callbackUrl);

  if (await getSessionUser()) redirect(destination ?? "/");
  const t = await getTranslations("auth.signIn");
  const links = await getTranslations("signup.links");

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
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
