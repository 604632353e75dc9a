"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { ErrorState } from "@/components/ErrorState";
import { useFormat } from "@/components/format/FormatProvider";
import { Form, SelectField, SubmitButton, TextareaField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { DescriptionItem } from "@/components/ui/DescriptionItem";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { describeValue } from "@/components/settings/organization/AllSettings";
import { Skeleton } from "@/components/ui/Skeleton";
import { ZSetOverrideInput, ZSuspendOrganizationInput } from "@/server/modules/platform/console.schemas";
import { useTRPC } from "@/trpc/react";

const ZReasonForm = ZSuspendOrganizationInput.pick({ reason: true });
const ZOverrideForm = ZSetOverrideInput.pick({ reason: true }).extend({ enabled: z.enum(["on", "off"]) });

type Dialogs =
  | { kind: "suspend" }
  | { kind: "cancel" }
  | { kind: "override"; feature: string; name: string; enabled: boolean }
  | null;

/** One organization, read-only, with the operator's actions: suspend / reactivate, plan and status, feature overrides. */
export function OrganizationDetail({ id }: { id: string }) {
  const t = useTranslations("platformConsole.detail");
  const ts = useTranslations("platformConsole.status");
  const tc = useTranslations("common");
  const to = useTranslations("orgSettings");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.platform.organizations.detail.queryOptions({ id }));
  const plans = useQuery(trpc.platform.plans.list.queryOptions());
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [planId, setPlanId] = useState("");

  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.platform.organizations.detail.queryFilter({ id }));
    await queryClient.invalidateQueries(trpc.platform.organizations.list.pathFilter());
  };
  const onError = (e: { message: string }) => toast.error(e.message);
  const reactivate = useMutation(trpc.platform.organizations.reactivate.mutationOptions({ onSuccess: async () => { toast.success(t("reactivated")); await refresh(); }, onError }));
  const changePlan = useMutation(trpc.platform.subscriptions.changePlan.mutationOptions({ onSuccess: async () => { toast.success(t("planChanged")); await refresh(); }, onError }));
  const transition = useMutation(trpc.platform.subscriptions.transition.mutationOptions({ onSuccess: async () => { toast.success(t("subscriptionChanged")); await refresh(); }, onError }));
  const removeOverride = useMutation(trpc.platform.overrides.remove.mutationOptions({ onSuccess: async () => { toast.success(t("overrideRemoved")); await refresh(); }, onError }));

  if (detail.isPending)
    return (
      <div role="status" aria-label={tc("loading")} className="mx-auto grid max-w-6xl gap-4">
        <Skeleton className="h-10 w-1/3" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  if (detail.isError) return <div className="mx-auto max-w-6xl"><ErrorState error={detail.error} retry={() => void detail.refetch()} /></div>;

  const d = detail.data;
  const o = d.organization;
  const when = (v: Date | null | undefined) => (v ? format.dateTime(v, { dateStyle: "medium" }) : null);
  const limit = (used: number, max: number | null) => (max === null ? t("usage.unlimited", { used }) : t("usage.of", { used, max }));

  return (
    <div className="mx-auto grid max-w-6xl gap-4">
      <Link href="/platform" className="text-sm text-muted-foreground hover:text-foreground">
        {t("back")}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{o.name}</h1>
        <Badge variant={o.status === "active" ? "secondary" : "destructive"}>{ts(`organization.${o.status}`)}</Badge>
        <div className="flex-1" />
        {o.status === "active" ? (
          <Button variant="destructive" onClick={() => setDialog({ kind: "suspend" })}>
            {t("suspend.action")}
          </Button>
        ) : (
          <Button onClick={() => reactivate.mutate({ id })} disabled={reactivate.isPending}>
            {t("reactivate")}
          </Button>
        )}
      </div>
      {o.status === "suspended" ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          {t("suspendedBanner", { reason: o.suspensionReason ?? "", at: when(o.suspendedAt) ?? "", by: o.suspendedBy?.email ?? "—" })}
        </p>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader><CardTitle>{t("profile.title")}</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid gap-3 sm:grid-cols-2">
              <DescriptionItem label={t("profile.slug")} value={o.slug} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.legalName")} value={o.legalName} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.country")} value={o.country} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.taxId")} value={o.taxId} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.baseCurrency")} value={o.baseCurrency} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.timeZone")} value={o.timeZone} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.locale")} value={o.locale} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.fiscalYearStart")} value={String(o.fiscalYearStartMonth)} notSet={tc("notSet")} />
              <DescriptionItem label={t("profile.createdAt")} value={when(o.createdAt)} notSet={tc("notSet")} />
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader><CardTitle>{t("usage.title")}</CardTitle></CardHeader>
          <CardContent>
            <dl className="grid gap-3 sm:grid-cols-2">
              <DescriptionItem label={t("usage.users")} value={limit(d.usage.users.used, d.usage.users.limit)} notSet={tc("notSet")} />
              <DescriptionItem label={t("usage.workspaces")} value={limit(d.usage.workspaces.used, d.usage.workspaces.limit)} notSet={tc("notSet")} />
              <DescriptionItem label={t("usage.documents")} value={limit(d.usage.documents.used, d.usage.documents.limit)} notSet={tc("notSet")} />
            </dl>
          </CardContent>
        </Card>

        <Card>
          <CardHeader><CardTitle>{t("subscription.title")}</CardTitle></CardHeader>
          <CardContent className="grid gap-4">
            {d.subscription ? (
              <dl className="grid gap-3 sm:grid-cols-2">
                <DescriptionItem label={t("subscription.plan")} value={d.subscription.plan.name} notSet={tc("notSet")} />
                <DescriptionItem label={t("subscription.status")} value={ts(`subscription.${d.subscription.status}`)} notSet={tc("notSet")} />
                <DescriptionItem label={t("subscription.trialEndsAt")} value={when(d.subscription.trialEndsAt)} notSet={tc("notSet")} />
                <DescriptionItem
                  label={t("subscription.period")}
                  value={`${when(d.subscription.currentPeriodStart)} – ${when(d.subscription.currentPeriodEnd)}`}
                  notSet={tc("notSet")}
                />
                <DescriptionItem label={t("subscription.cancelledAt")} value={when(d.subscription.cancelledAt)} notSet={tc("notSet")} />
              </dl>
            ) : (
              <p className="text-sm text-muted-foreground">{t("subscription.none")}</p>
            )}
            <div className="flex flex-wrap items-end gap-2">
              <div className="grid gap-1.5">
                <label htmlFor="platform-change-plan" className="text-sm font-medium">{t("subscription.changePlan")}</label>
                <select
                  id="platform-change-plan"
                  value={planId}
                  onChange={(e) => setPlanId(e.target.value)}
                  className="h-9 rounded-md border border-input bg-background px-3 text-sm"
                >
                  <option value="">{t("subscription.choosePlan")}</option>
                  {(plans.data ?? []).filter((p) => p.active).map((p) => (
                    <option key={p.id} value={p.id}>{p.name}</option>
                  ))}
                </select>
              </div>
              <Button variant="outline" disabled={!planId || changePlan.isPending} onClick={() => changePlan.mutate({ organizationId: id, planId })}>
                {t("subscription.applyPlan")}
              </Button>
            </div>
            {d.subscription?.transitions.length ? (
              <div className="flex flex-wrap gap-2">
                {d.subscription.transitions.map((tr) => (
                  <Button
                    key={tr.name}
                    variant={tr.name === "cancel" ? "destructive" : "outline"}
                    disabled={transition.isPending}
                    onClick={() => (tr.requiresReason ? setDialog({ kind: "cancel" }) : transition.mutate({ organizationId: id, transition: tr.name }))}
                  >
                    {t(`subscription.transitions.${tr.name}`)}
                  </Button>
                ))}
              </div>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader><CardTitle>{t("settings.title")}</CardTitle></CardHeader>
          <CardContent className="grid gap-3 text-sm">
            <div>
              <h3 className="font-medium">{t("settings.workspaces")}</h3>
              <ul className="text-muted-foreground">
                {d.workspaces.map((w) => (
                  <li key={w.id}>{w.name} ({w.slug}) · {w.type} · {w.status}</li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="font-medium">{t("settings.currencies")}</h3>
              <p className="text-muted-foreground">{d.settings.currencies.map((c) => (c.isBase ? `${c.code} (${t("settings.base")})` : c.code)).join(", ") || "—"}</p>
            </div>
            <div>
              <h3 className="font-medium">{t("settings.values")}</h3>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-muted-foreground">
                {d.settings.values.map((v) => (
                  <div key={v.key} className="contents">
                    <dt>{to(`keys.${v.key}` as "keys.security.passwordMinLength")}</dt>
                    <dd>
                      {describeValue(to, v.key, v.value)} <span className="text-xs">({to(`source.${v.source}`)})</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
            <div>
              <h3 className="font-medium">{t("settings.sequences")}</h3>
              <ul className="text-muted-foreground">
                {d.settings.sequences.map((s) => (
                  <li key={`${s.documentType}-${s.workspaceId ?? "org"}`}>{s.documentType}: <span className="font-mono">{s.format}</span></li>
                ))}
              </ul>
            </div>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader><CardTitle>{t("features.title")}</CardTitle></CardHeader>
        <CardContent>
          <table className="w-full text-sm" aria-label={t("features.title")}>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th className="py-2 pr-4 font-medium">{t("features.feature")}</th>
                <th className="py-2 pr-4 font-medium">{t("features.enabled")}</th>
                <th className="py-2 pr-4 font-medium">{t("features.override")}</th>
                <th className="py-2 font-medium"><span className="sr-only">{t("features.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {d.features.map((f) => (
                <tr key={f.key} className="border-b">
                  <td className="py-2 pr-4 font-medium">{f.name}</td>
                  <td className="py-2 pr-4">{f.enabled ? t("features.yes") : t("features.no")}</td>
                  <td className="py-2 pr-4 text-muted-foreground">
                    {f.override ? t("features.overrideText", { state: f.override.enabled ? t("features.on") : t("features.off"), reason: f.override.reason, by: f.override.by?.email ?? "—" }) : "—"}
                  </td>
                  <td className="flex justify-end gap-2 py-2">
                    <Button size="sm" variant="outline" aria-label={t("features.setFor", { name: f.name })} onClick={() => setDialog({ kind: "override", feature: f.key, name: f.name, enabled: !f.enabled })}>
                      {t("features.set")}
                    </Button>
                    {f.override ? (
                      <Button size="sm" variant="ghost" aria-label={t("features.removeFor", { name: f.name })} disabled={removeOverride.isPending} onClick={() => removeOverride.mutate({ organizationId: id, feature: f.key as "api_keys" })}>
                        {t("features.remove")}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Dialog open={dialog !== null} onOpenChange={(open) => !open && setDialog(null)}>
        {dialog?.kind === "suspend" ? <SuspendDialog id={id} name={o.name} onDone={async () => { setDialog(null); await refresh(); }} /> : null}
        {dialog?.kind === "cancel" ? <CancelDialog organizationId={id} onDone={async () => { setDialog(null); await refresh(); }} /> : null}
        {dialog?.kind === "override" ? <OverrideDialog organizationId={id} feature={dialog.feature} name={dialog.name} enabled={dialog.enabled} onDone={async () => { setDialog(null); await refresh(); }} /> : null}
      </Dialog>
    </div>
  );
}

function SuspendDialog({ id, name, onDone }: { id: string; name: string; onDone: () => Promise<void> }) {
  const t = useTranslations("platformConsole.detail.suspend");
  const trpc = useTRPC();
  const form = useZodForm(ZReasonForm, { defaultValues: { reason: "" } });
  const suspend = useMutation(trpc.platform.organizations.suspend.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("title", { name })}</DialogTitle>
      <DialogDescription>{t("description")}</DialogDescription>
      <Form form={form} guardUnsavedChanges={false} onSubmit={async (v) => { await suspend.mutateAsync({ id, reason: v.reason }); toast.success(t("done", { name })); await onDone(); }}>
        <TextareaField name="reason" label={t("reason")} required maxLength={1000} />
        <DialogFooter>
          <SubmitButton variant="destructive">{t("confirm")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}

function CancelDialog({ organizationId, onDone }: { organizationId: string; onDone: () => Promise<void> }) {
  const t = useTranslations("platformConsole.detail.cancel");
  const trpc = useTRPC();
  const form = useZodForm(ZReasonForm, { defaultValues: { reason: "" } });
  const transition = useMutation(trpc.platform.subscriptions.transition.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("title")}</DialogTitle>
      <DialogDescription>{t("description")}</DialogDescription>
      <Form form={form} guardUnsavedChanges={false} onSubmit={async (v) => { await transition.mutateAsync({ organizationId, transition: "cancel", reason: v.reason }); toast.success(t("done")); await onDone(); }}>
        <TextareaField name="reason" label={t("reason")} required maxLength={1000} />
        <DialogFooter>
          <SubmitButton variant="destructive">{t("confirm")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}

function OverrideDialog({ organizationId, feature, name, enabled, onDone }: { organizationId: string; feature: string; name: string; enabled: boolean; onDone: () => Promise<void> }) {
  const t = useTranslations("platformConsole.detail.overrideDialog");
  const trpc = useTRPC();
  const form = useZodForm(ZOverrideForm, { defaultValues: { reason: "", enabled: enabled ? "on" : "off" } });
  const set = useMutation(trpc.platform.overrides.set.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("title", { name })}</DialogTitle>
      <DialogDescription>{t("description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (v) => {
          await set.mutateAsync({ organizationId, feature: feature as "api_keys", enabled: v.enabled === "on", reason: v.reason });
          toast.success(t("done", { name }));
          await onDone();
        }}
      >
        <SelectField name="enabled" label={t("state")} placeholder={false} options={[{ value: "on", label: t("on") }, { value: "off", label: t("off") }]} />
        <TextareaField name="reason" label={t("reason")} required maxLength={500} />
        <DialogFooter>
          <SubmitButton>{t("confirm")}</SubmitButton>
        </DialogFooter>
      </Form>
    </DialogContent>
  );
}
