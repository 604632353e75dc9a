"use client";

import { useMutation } from "@tanstack/react-query";
import { MailIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { useTRPC } from "@/trpc/react";

/** "Outgoing e-mail": sends the signed-in administrator a test message through the real delivery path. */
export function TestMailCard() {
  const t = useTranslations("organizationSettings.mail");
  const trpc = useTRPC();
  const send = useMutation(
    trpc.settings.mail.sendTest.mutationOptions({
      onSuccess: ({ to }) => toast.success(t("sent", { to })),
      onError: (error) => toast.error(t("failed", { error: error.message })),
    }),
  );
  return (
    <Card aria-labelledby="mail-heading">
      <CardHeader>
        <CardTitle id="mail-heading">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <Button type="button" variant="outline" onClick={() => send.mutate()} disabled={send.isPending} aria-busy={send.isPending || undefined}>
          <MailIcon aria-hidden="true" />
          {send.isPending ? t("sending") : t("send")}
        </Button>
      </CardContent>
    </Card>
  );
}
