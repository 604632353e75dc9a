"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn, signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { ZAcceptInvitationNewInput } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

/** A full page load into the organization, so the shell starts with the new membership and no stale queries. */
function go(path: string) {
  window.location.assign(path);
}

/** Signed in as the invited address: one button. */
export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("invitations.accept");
  const trpc = useTRPC();
  const accept = useMutation(trpc.invitations.accept.mutationOptions({ onSuccess: (r) => go(r.path) }));
  return (
    <>
      {accept.error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {accept.error.message}
        </p>
      ) : null}
      <Button className="w-full" onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess} aria-busy={accept.isPending || undefined}>
        {t("acceptAction")}
      </Button>
    </>
  );
}

/** No account yet for the invited address: name and password, then signed in and into the organization. */
export function AcceptAsNewUser({ token, email }: { token: string; email: string }) {
  const t = useTranslations("invitations.accept");
  const trpc = useTRPC();
  const acceptNew = useMutation(trpc.invitations.acceptNew.mutationOptions());
  const form = useZodForm(ZAcceptInvitationNewInput, { defaultValues: { token, name: "", password: "" } });
  const [signInFailed, setSignInFailed] = useState(false);
  return (
    <Form
      form={form}
      guardUnsavedChanges={false}
      onSubmit={async (values) => {
        const r = await acceptNew.mutateAsync(values);
        const res = await signIn("credentials", { redirect: false, email: r.email, password: values.password });
        if (!res || res.error || !res.ok) {
          setSignInFailed(true);
          return;
        }
        go(r.path);
      }}
    >
      {signInFailed ? (
        <p role="alert" className="text-sm text-destructive">
          {t("joinedSignIn")}
        </p>
      ) : null}
      <p className="text-sm text-muted-foreground">{t("newAccount")}</p>
      <div className="grid gap-2">
        <Label htmlFor="invite-email">{t("email")}</Label>
        <Input id="invite-email" type="email" value={email} readOnly autoComplete="username" />
      </div>
      <TextField name="name" label={t("name")} autoComplete="name" required autoFocus />
      <TextField name="password" type="password" label={t("password")} autoComplete="new-password" description={t("passwordHint")} required />
      <SubmitButton className="w-full">{t("createAction")}</SubmitButton>
    </Form>
  );
}

/** Signed in as someone else: sign out and come back to this invitation. */
export function SignOutAndReturn({ to }: { to: string }) {
  const t = useTranslations("invitations.accept");
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="outline"
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        signOut({ redirect: false })
          .then(() => go(to))
          .catch(() => setPending(false));
      }}
    >
      {t("signOutAction")}
    </Button>
  );
}
