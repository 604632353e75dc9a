"use client";

import { useTranslations } from "next-intl";

import { ErrorState } from "@/components/ErrorState";
import { StatusPage } from "@/components/StatusPage";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("status.error");
  return (
    <StatusPage title={t("title")}>
      <ErrorState error={error} retry={retry} />
    </StatusPage>
  );
}
