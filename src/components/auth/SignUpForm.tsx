"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { ZSignUpInput } from "@/server/modules/auth/auth.schemas";
import { useTRPC } from "@/trpc/react";

/** Sign-up: creates the account, signs in (unverified) and goes to "Check your inbox". */
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
        // The answer is the same for a taken address; signing in then simply fails and the page stays neutral.
        const res = await signIn("credentials", { redirect: false, email: values.email, password: values.password }).catch(() => null);
        const query = res?.ok && !res.error ? "" : `?email=${encodeURIComponent(values.email)}`;
        router.replace(`/verify-email/pending${query}`);
        router.refresh();
      }}
    >
      <TextField name="name" label={t("name")} required autoComplete="name" autoFocus />
      <TextField name="email" type="email" label={t("email")} required autoComplete="username" />
      <TextField name="password" type="password" label={t("password")} description={t("passwordHint")} required autoComplete="new-password" />
      <SubmitButton className="w-full">{t("submit")}</SubmitButton>
    </Form>
  );
}
