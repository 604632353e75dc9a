"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { ZResetPasswordInput } from "@/server/modules/auth/auth.schemas";
import { useTRPC } from "@/trpc/react";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("signup.reset");
  const trpc = useTRPC();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());
  // The token is not a field: its "invalid or expired" error belongs in the form-level alert.
  const form = useZodForm(ZResetPasswordInput.pick({ password: true }), { defaultValues: { password: "" } });
  const [done, setDone] = useState(false);

  if (done)
    return (
      <div className="grid gap-4">
        <p role="status" className="text-sm">
          {t("success")}
        </p>
        <Button asChild>
          <Link href="/sign-in">{t("signIn")}</Link>
        </Button>
      </div>
    );
  return (
    <Form
      form={form}
      guardUnsavedChanges={false}
      onSubmit={async (values) => {
        await reset.mutateAsync({ token, password: values.password });
        // Every session has ended on the server; drop this browser's cookie too.
        await signOut({ redirect: false }).catch(() => undefined);
        setDone(true);
      }}
    >
      <TextField name="password" type="password" label={t("password")} description={t("passwordHint")} required autoComplete="new-password" autoFocus />
      <SubmitButton className="w-full">{t("submit")}</SubmitButton>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="underline underline-offset-4">
          {t("requestNew")}
        </Link>
      </p>
    </Form>
  );
}
