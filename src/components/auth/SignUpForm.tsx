"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { ZSignUpInput } from "@/server/modules/auth/auth.schemas";
import { useTRPC } from "@/trpc/react";

/**
 * Sign-up: creates the account and goes to "Check your inbox", signed out. It does not sign in: succeeding for a new
 * address and failing for a taken one would tell which addresses have accounts.
 */
export function SignUpForm() {
  const t = useTranslations("signup.signUp");
  const router = useRouter();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const form = useZodForm(ZSignUpInput, { defaultValues: { name: "", email: "", password: "" } });

  return (
    <Form
      form={form}
      guardUnsavedChanges={false}
      onSubmit={async (values) => {
        await signUp.mutateAsync(values);
        router.replace(`/verify-email/pending?email=${encodeURIComponent(values.email)}`);
      }}
    >
      <TextField name="name" label={t("name")} required autoComplete="name" autoFocus />
      <TextField name="email" type="email" label={t("email")} required autoComplete="username" />
      <TextField name="password" type="password" label={t("password")} description={t("passwordHint")} required autoComplete="new-password" />
      <SubmitButton className="w-full">{t("submit")}</SubmitButton>
    </Form>
  );
}
