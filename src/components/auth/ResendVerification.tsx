"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { useTRPC } from "@/trpc/react";

/** "Send the link again": signed in, to the account's own address; signed out, to the address typed. */
export function ResendVerification({ signedIn, email: initialEmail }: { signedIn: boolean; email: string | null }) {
  const t = useTranslations("signup.pending");
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  const [email, setEmail] = useState(initialEmail ?? "");
  const [status, setStatus] = useState<"idle" | "sent" | "throttled" | "failed">("idle");
  const inputId = useId();

  return (
    <form
      className="grid gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setStatus("idle");
        try {
          await resend.mutateAsync(signedIn ? {} : { email });
          setStatus("sent");
        } catch (error) {
          setStatus(error instanceof TRPCClientError && error.data?.code === "TOO_MANY_REQUESTS" ? "throttled" : "failed");
        }
      }}
    >
      {signedIn ? null : (
        <div className="grid gap-2">
          <Label htmlFor={inputId}>{t("email")}</Label>
          <Input id={inputId} type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
      )}
      <Button type="submit" variant="outline" disabled={resend.isPending} aria-busy={resend.isPending || undefined}>
        {resend.isPending ? <LoaderCircleIcon aria-hidden="true" className="animate-spin" /> : null}
        {t("resend")}
      </Button>
      <p role="status" className="text-sm text-muted-foreground">
        {status === "sent" ? t("resent") : null}
      </p>
      {status === "throttled" || status === "failed" ? (
        <p role="alert" className="text-sm text-destructive">
          {t(status)}
        </p>
      ) : null}
    </form>
  );
}
