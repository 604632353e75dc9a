import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";

import { SignOutButton } from "@/components/auth/SignOutButton";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/Card";
import { getSessionUser } from "@/server/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signOut");
  return { title: t("title") };
}

export default async function SignOutPage() {
  const user = await getSessionUser();
  const t = await getTranslations("auth.signOut");

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>
          {user ? t("signedInAs", { email: user.email }) : t("notSignedIn")}
        </CardDescription>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        {t("explanation")}
      </CardContent>
      <CardFooter className="gap-2">
        {user ? (
          <>
            <SignOutButton className="flex-1" />
            <Button asChild variant="outline" className="flex-1">
              <Link href="/">{t("cancel")}</Link>
            </Button>
          </>
        ) : (
          <Button asChild className="flex-1">
            <Link href="/sign-in">{t("signIn")}</Link>
          </Button>
        )}
      </CardFooter>
    </Card>
  );
}
