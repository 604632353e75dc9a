import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { StatusPage } from "@/components/StatusPage";
import { Button } from "@/components/ui/Button";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status.notFound");
  return { title: t("title") };
}

// Also shown for organizations and workspaces the user may not see: "not a member" and "does not exist"
// look the same, so slugs cannot be probed.
export default async function NotFound() {
  const t = await getTranslations("status.notFound");
  return (
    <StatusPage code="404" title={t("title")}>
      <p className="text-sm text-muted-foreground">{t("body")}</p>
      <Button asChild>
        <Link href="/">{t("home")}</Link>
      </Button>
    </StatusPage>
  );
}
