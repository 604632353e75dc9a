"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOutIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { ErrorState } from "@/components/ErrorState";
import { Form, SelectField, SubmitButton, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Skeleton } from "@/components/ui/Skeleton";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALE_NAMES, LOCALES, type AppLocale } from "@/i18n/config";
import { signOutAndLeave } from "@/lib/sign-out";
import { ZChangePasswordInput, ZUpdateProfileInput } from "@/server/modules/auth/profile.schemas";
import { useTRPC } from "@/trpc/react";

type Profile = { id: string; email: string; name: string; locale: string | null; timeZone: string | null };

// The form keeps "" for "the organization's"; the procedure takes null.
const ZProfileForm = ZUpdateProfileInput.extend({
  locale: z.union([z.enum(LOCALES), z.literal("")]),
  timeZone: z.string(),
});

/** This device follows the language saved in the profile at once (the cookie is the device's choice, see src/i18n). */
function rememberLanguage(locale: AppLocale | null) {
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = locale
    ? `${LOCALE_COOKIE}=${locale}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${secure}`
    : `${LOCALE_COOKIE}=; path=/; max-age=0; samesite=lax${secure}`;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

export function ProfileCard({ profile, organization }: { profile: Profile; organization: { locale: string; timeZone: string } }) {
  const t = useTranslations("profile.details");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const zones = useMemo(() => {
    const all = timeZones();
    return profile.timeZone && !all.includes(profile.timeZone) ? [profile.timeZone, ...all] : all;
  }, [profile.timeZone]);
  const form = useZodForm(ZProfileForm, {
    defaultValues: { name: profile.name, locale: (profile.locale ?? "") as AppLocale | "", timeZone: profile.timeZone ?? "" },
  });
  const update = useMutation(trpc.profile.update.mutationOptions());

  return (
    <Card aria-labelledby="profile-details-heading">
      <CardHeader>
        <CardTitle id="profile-details-heading">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          form={form}
          onSubmit={async (values) => {
            const saved = await update.mutateAsync({
              name: values.name,
              locale: values.locale === "" ? null : values.locale,
              timeZone: values.timeZone === "" ? null : values.timeZone,
            });
            form.reset({ name: saved.name, locale: (saved.locale ?? "") as AppLocale | "", timeZone: saved.timeZone ?? "" });
            rememberLanguage((saved.locale as AppLocale | null) ?? null);
            toast.success(t("saved"));
            router.refresh();
          }}
        >
          <div className="grid gap-4 md:grid-cols-2">
            <TextField name="name" label={t("name")} required autoComplete="name" />
            <div className="grid content-start gap-1.5">
              <Label htmlFor="profile-email">{t("email")}</Label>
              <Input id="profile-email" value={profile.email} readOnly aria-describedby="profile-email-hint" />
              <p id="profile-email-hint" className="text-xs text-muted-foreground">
                {t("emailHint")}
              </p>
            </div>
            <SelectField
              name="locale"
              label={t("language")}
              placeholder={false}
              options={[
                { value: "", label: `${t("organizationDefault")} (${organization.locale})` },
                ...LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
              ]}
            />
            <SelectField
              name="timeZone"
              label={t("timeZone")}
              placeholder={false}
              options={[{ value: "", label: `${t("organizationDefault")} (${organization.timeZone})` }, ...zones.map((z) => ({ value: z, label: z }))]}
            />
          </div>
          <div className="flex justify-end">
            <SubmitButton>{common("save")}</SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

export function PasswordCard() {
  const t = useTranslations("profile.password");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = useMemo(
    () =>
      ZChangePasswordInput.extend({ repeat: z.string() }).refine((v) => v.newPassword === v.repeat, { path: ["repeat"], message: t("mismatch") }),
    [t],
  );
  const form = useZodForm(schema, { defaultValues: { currentPassword: "", newPassword: "", repeat: "" } });
  const change = useMutation(trpc.profile.changePassword.mutationOptions());

  return (
    <Card aria-labelledby="profile-password-heading">
      <CardHeader>
        <CardTitle id="profile-password-heading">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          form={form}
          guardUnsavedChanges={false}
          onSubmit={async (values) => {
            const r = await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
            form.reset({ currentPassword: "", newPassword: "", repeat: "" });
            toast.success(t("changed", { count: r.otherSessionsEnded }));
            await queryClient.invalidateQueries(trpc.profile.sessions.list.queryFilter());
          }}
        >
          <div className="grid gap-4 md:grid-cols-3">
            <TextField name="currentPassword" type="password" label={t("current")} required autoComplete="current-password" />
            <TextField name="newPassword" type="password" label={t("new")} required autoComplete="new-password" />
            <TextField name="repeat" type="password" label={t("repeat")} required autoComplete="new-password" />
          </div>
          <div className="flex justify-end">
            <SubmitButton>{t("submit")}</SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

export function SessionsCard() {
  const t = useTranslations("profile.sessions");
  const common = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.profile.sessions.list.queryOptions());
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.profile.sessions.list.queryFilter());
  const onError = (e: { message: string }) => toast.error(t("failed", { message: e.message }));
  const revoke = useMutation(trpc.profile.sessions.revoke.mutationOptions({ onSuccess: async () => (toast.success(t("revoked")), await refresh()), onError }));
  const others = useMutation(
    trpc.profile.sessions.signOutOthers.mutationOptions({
      onSuccess: async (r) => (toast.success(t("signedOutOthers", { count: r.revoked })), await refresh()),
      onError,
    }),
  );
  const everywhere = useMutation(trpc.profile.signOutEverywhere.mutationOptions({ onSuccess: () => signOutAndLeave(), onError }));

  return (
    <Card aria-labelledby="profile-sessions-heading">
      <CardHeader>
        <CardTitle id="profile-sessions-heading">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {sessions.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label={common("loading")}>
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} retry={() => void sessions.refetch()} />
        ) : (
          <div className="overflow-x-auto rounded-md border">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("device")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("ip")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("createdAt")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("lastSeenAt")}</th>
                  <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">{t("actions")}</span></th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => {
                  const device = s.device ?? t("unknownDevice");
                  const lastSeen = format.dateTime(s.lastSeenAt, WHEN);
                  return (
                    <tr key={s.id} className="border-t" data-current={s.current || undefined}>
                      <td className="px-3 py-2">
                        <span className="font-medium" title={s.userAgent ?? undefined}>{device}</span>
                        {s.current ? <Badge variant="secondary" className="ml-2">{t("thisDevice")}</Badge> : null}
                      </td>
                      <td className="px-3 py-2 font-mono text-xs">{s.ip ?? t("unknownIp")}</td>
                      <td className="px-3 py-2 whitespace-nowrap"><time dateTime={s.createdAt.toISOString()}>{format.dateTime(s.createdAt, WHEN)}</time></td>
                      <td className="px-3 py-2 whitespace-nowrap"><time dateTime={s.lastSeenAt.toISOString()}>{lastSeen}</time></td>
                      <td className="px-3 py-2 text-right">
                        {s.current ? null : (
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={t("revokeLabel", { device, lastSeen })}
                            disabled={revoke.isPending}
                            onClick={() => revoke.mutate({ id: s.id })}
                          >
                            {t("revoke")}
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="outline" onClick={() => others.mutate()} disabled={others.isPending} aria-busy={others.isPending || undefined}>
            {t("signOutOthers")}
          </Button>
          <Button variant="destructive" onClick={() => setConfirmEverywhere(true)}>
            <LogOutIcon aria-hidden="true" />
            {t("signOutEverywhere")}
          </Button>
        </div>
      </CardContent>
      <Dialog open={confirmEverywhere} onOpenChange={setConfirmEverywhere}>
        <DialogContent>
          <DialogTitle>{t("everywhereTitle")}</DialogTitle>
          <DialogDescription>{t("everywhereDescription")}</DialogDescription>
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirmEverywhere(false)} disabled={everywhere.isPending}>
              {common("cancel")}
            </Button>
            <Button variant="destructive" onClick={() => everywhere.mutate()} disabled={everywhere.isPending} aria-busy={everywhere.isPending || undefined}>
              {t("everywhereConfirm")}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
