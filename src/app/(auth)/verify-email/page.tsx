import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { VerifyEmail } from "@/components/auth/VerifyEmail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("signup.verify");
  return { title: t("metaTitle") };
}

/** The link from the verification mail: `/verify-email?token=…`. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const t = await getTranslations("signup.verify");
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1" className="text-xl">
          {t("title")}
        </CardTitle>
      </CardHeader>
      <CardContent>
        {typeof token === "string" && token ? (
          <VerifyEmail token={token} />
        ) : (
          <p role="alert" className="text-sm text-destructive">
            {t("missing")}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
