"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

import { Button } from "@/components/ui/Button";

/** What an error boundary shows: a generic message plus the server's error id to quote to support. */
export function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  const t = useTranslations("status.error");

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="grid max-w-md justify-items-center gap-4 text-center">
      <p className="text-sm text-muted-foreground">{digest ? t("bodyWithId") : t("body")}</p>
      {digest ? (
        <p className="font-mono text-xs text-muted-foreground">
          <span className="select-all">{t("errorId", { id: digest })}</span>
        </p>
      ) : null}
      <Button onClick={() => retry()}>{t("tryAgain")}</Button>
    </div>
  );
}
