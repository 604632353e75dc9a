import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { SignUpForm } from "@/components/auth/SignUpForm";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { getSessionUser } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signup.signUp");
  return { title: t("title") };
}

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/");
  const t = await getTranslations("signup.signUp");
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm />
      </CardContent>
      <CardFooter className="justify-center gap-1 text-sm text-muted-foreground">
        {t("haveAccount")}
        <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
          {t("signIn")}
        </Link>
      </CardFooter>
    </Card>
  );
}
