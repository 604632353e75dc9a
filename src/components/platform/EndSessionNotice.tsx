"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useState } from "react";

import { Button } from "@/components/ui/Button";

/** Ends the session of a member whose only organization is suspended, then offers to sign in again. */
export function EndSessionNotice() {
  const t = useTranslations("platformConsole.suspended");
  const [done, setDone] = useState(false);
  useEffect(() => {
    let live = true;
    void signOut({ redirect: false }).finally(() => live && setDone(true));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="grid justify-items-center gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {done ? t("signedOut") : t("signingOut")}
      </p>
      {done ? (
        <Button asChild variant="outline">
          <Link href="/sign-in">{t("signInAgain")}</Link>
        </Button>
      ) : null}
    </div>
  );
}
