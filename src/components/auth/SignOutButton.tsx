"use client";

import { LogOutIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Button, type ButtonProps } from "@/components/ui/Button";
import { signOutAndLeave } from "@/lib/sign-out";

export function SignOutButton(props: Omit<ButtonProps, "onClick" | "children">) {
  const [pending, setPending] = useState(false);
  const t = useTranslations("auth.signOut");
  return (
    <Button
      {...props}
      disabled={pending}
      onClick={() => {
        setPending(true);
        signOutAndLeave().catch(() => setPending(false));
      }}
    >
      <LogOutIcon aria-hidden="true" />
      {t("submit")}
    </Button>
  );
}
