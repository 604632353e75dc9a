"use client";

import { useTranslations } from "next-intl";

import { ErrorState } from "@/components/ErrorState";

// Keeps the app shell (sidebar, switcher) around a failed page.
export default function WorkspaceError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("status.error");
  return (
    <div className="mx-auto grid max-w-5xl justify-items-center gap-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <ErrorState error={error} retry={retry} />
    </div>
  );
}
