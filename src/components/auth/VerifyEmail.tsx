"use client";

import { useMutation } from "@tanstack/react-query";
import { LoaderCircleIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/Button";
import { useTRPC } from "@/trpc/react";

/**
 * Verifies the token from the link once the page runs in a browser (a mail scanner fetching the link does not run
 * scripts, so it cannot spend the single-use token), then offers to continue.
 */
export function VerifyEmail({ token }: { token: string }) {
  const t = useTranslations("signup.verify");
  const trpc = useTRPC();
  const verify = useMutation(trpc.account.verifyEmail.mutationOptions());
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  if (verify.isSuccess)
    return (
      <div className="grid gap-4">
        <p role="status" className="text-sm">
          {t("success", { email: verify.data.email })}
        </p>
        <Button asChild>
          <Link href="/">{t("continue")}</Link>
        </Button>
      </div>
    );
  if (verify.isError)
    return (
      <div className="grid gap-4">
        <p role="alert" className="text-sm text-destructive">
          {t("failed")}
        </p>
        <Button asChild variant="outline">
          <Link href="/verify-email/pending">{t("requestNew")}</Link>
        </Button>
      </div>
    );
  return (
    <p role="status" aria-busy="true" className="flex items-center gap-2 text-sm text-muted-foreground">
      <LoaderCircleIcon aria-hidden="true" className="size-4 animate-spin" />
      {t("verifying")}
    </p>
  );
}
