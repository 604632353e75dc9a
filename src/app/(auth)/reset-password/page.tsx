import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { ResetPasswordForm } from "@/components/auth/ResetPasswordForm";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signup.reset");
  return { title: t("metaTitle") };
}

/** The link from the reset mail: `/reset-password?token=…`. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const t = await getTranslations("signup.reset");
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {typeof token === "string" && token ? (
          <ResetPasswordForm token={token} />
        ) : (
          <div className="grid gap-3">
            <p role="alert" className="text-sm text-destructive">
              {t("missing")}
            </p>
            <Link href="/forgot-password" className="text-sm underline underline-offset-4">
              {t("requestNew")}
            </Link>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
