"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { ZRequestPasswordResetInput } from "@/server/modules/auth/auth.schemas";
import { useTRPC } from "@/trpc/react";

export function ForgotPasswordForm() {
  const t = useTranslations("signup.forgot");
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const form = useZodForm(ZRequestPasswordResetInput, { defaultValues: { email: "" } });
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (sentTo)
    return (
      <p role="status" className="text-sm">
        {t("sent", { email: sentTo })}
      </p>
    );
  return (
    <Form
      form={form}
      guardUnsavedChanges={false}
      onSubmit={async (values) => {
        await request.mutateAsync(values);
        setSentTo(values.email);
      }}
    >
      <TextField name="email" type="email" label={t("email")} required autoComplete="username" autoFocus />
      <SubmitButton className="w-full">{t("submit")}</SubmitButton>
    </Form>
  );
}
