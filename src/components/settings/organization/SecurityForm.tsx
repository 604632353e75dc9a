"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, Form, NumberField, SubmitButton, TextareaField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { SETTINGS, ZEmailDomain, type EffectiveSetting, type SettingKey } from "@/server/kernel/settings/registry";
import { useTRPC } from "@/trpc/react";

import { asFieldError, useSettingValues } from "./use-settings";

const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "Enter a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Between ${min} and ${max}`);

const ZSecurityForm = z.object({
  passwordMinLength: whole(8, 128),
  passwordRequireDigit: z.boolean(),
  passwordRequireSymbol: z.boolean(),
  sessionTimeoutMinutes: whole(15, 43200),
  lockoutThreshold: whole(3, 20),
  maskPhones: z.boolean(),
  maskEmails: z.boolean(),
  maskTaxIds: z.boolean(),
  // Errors stay on the text area itself (not on an array index the field cannot show).
  allowedEmailDomains: z.string().transform((text, ctx) => {
    const list = [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))];
    const bad = list.find((d) => !ZEmailDomain.safeParse(d).success);
    if (bad) ctx.addIssue({ code: "custom", message: `"${bad}" is not a domain such as example.com` });
    else if (list.length > 50) ctx.addIssue({ code: "custom", message: "At most 50 domains" });
    return list;
  }),
});
type SecurityOut = z.output<typeof ZSecurityForm>;

const FIELDS = {
  passwordMinLength: "security.passwordMinLength",
  passwordRequireDigit: "security.passwordRequireDigit",
  passwordRequireSymbol: "security.passwordRequireSymbol",
  sessionTimeoutMinutes: "security.sessionTimeoutMinutes",
  lockoutThreshold: "security.lockoutThreshold",
  allowedEmailDomains: "security.allowedEmailDomains",
  maskPhones: "security.maskPhones",
  maskEmails: "security.maskEmails",
  maskTaxIds: "security.maskTaxIds",
} as const satisfies Record<keyof SecurityOut, SettingKey>;

function valueOf(rows: EffectiveSetting[], key: SettingKey): unknown {
  return rows.find((r) => r.key === key)?.value ?? SETTINGS[key].default;
}

/** Password policy, session timeout, lockout threshold and invitation domains (organization-level settings). */
export function SecurityForm({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("orgSettings");
  const tc = useTranslations("common");
  const { query } = useSettingValues();

  return (
    <Card aria-labelledby="security-heading">
      <CardHeader>
        <CardTitle id="security-heading">{t("security.title")}</CardTitle>
        <CardDescription>{t("security.description")}</CardDescription>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <div className="grid gap-3" aria-busy="true" aria-label={tc("loading")}>
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-24 w-full" />
          </div>
        ) : query.isError ? (
          <div role="alert" className="flex items-center gap-3 text-sm">
            {t("all.loadFailed")}
            <Button type="button" size="sm" variant="outline" onClick={() => void query.refetch()}>
              {tc("tryAgain")}
            </Button>
          </div>
        ) : (
          <SecurityFields rows={query.data.rows} canEdit={canEdit && query.data.canUpdate} />
        )}
      </CardContent>
    </Card>
  );
}

function SecurityFields({ rows, canEdit }: { rows: EffectiveSetting[]; canEdit: boolean }) {
  const t = useTranslations("orgSettings.security");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const { invalidate } = useSettingValues();
  const current = {
    passwordMinLength: String(valueOf(rows, FIELDS.passwordMinLength)),
    passwordRequireDigit: valueOf(rows, FIELDS.passwordRequireDigit) === true,
    passwordRequireSymbol: valueOf(rows, FIELDS.passwordRequireSymbol) === true,
    sessionTimeoutMinutes: String(valueOf(rows, FIELDS.sessionTimeoutMinutes)),
    lockoutThreshold: String(valueOf(rows, FIELDS.lockoutThreshold)),
    allowedEmailDomains: (valueOf(rows, FIELDS.allowedEmailDomains) as string[]).join("\n"),
    maskPhones: valueOf(rows, FIELDS.maskPhones) === true,
    maskEmails: valueOf(rows, FIELDS.maskEmails) === true,
    maskTaxIds: valueOf(rows, FIELDS.maskTaxIds) === true,
  };
  const form = useZodForm(ZSecurityForm, { defaultValues: current });
  const set = useMutation(trpc.settings.values.set.mutationOptions());

  async function save(values: SecurityOut) {
    // One setting at a time, only those that changed; a refusal lands on its own field.
    for (const [field, key] of Object.entries(FIELDS) as [keyof SecurityOut, SettingKey][]) {
      const before = valueOf(rows, key);
      const after = values[field];
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      try {
        await set.mutateAsync({ key, scope: "organization", value: after });
      } catch (error) {
        await invalidate();
        throw asFieldError(error, field);
      }
    }
    await invalidate();
    form.reset({ ...values, passwordMinLength: String(values.passwordMinLength), sessionTimeoutMinutes: String(values.sessionTimeoutMinutes), lockoutThreshold: String(values.lockoutThreshold), allowedEmailDomains: values.allowedEmailDomains.join("\n") });
    toast.success(t("saved"));
  }

  return (
    <Form form={form} onSubmit={save} aria-labelledby="security-heading">
      <fieldset className="grid gap-4 md:grid-cols-3" disabled={!canEdit}>
        <legend className="mb-2 text-sm font-medium">{t("passwordTitle")}</legend>
        <NumberField name="passwordMinLength" label={t("passwordMinLength")} disabled={!canEdit} />
        <CheckboxField name="passwordRequireDigit" label={t("passwordRequireDigit")} disabled={!canEdit} />
        <CheckboxField name="passwordRequireSymbol" label={t("passwordRequireSymbol")} disabled={!canEdit} />
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        <NumberField name="sessionTimeoutMinutes" label={t("sessionTimeout")} description={t("sessionTimeoutHelp")} disabled={!canEdit} />
        <NumberField name="lockoutThreshold" label={t("lockoutThreshold")} description={t("lockoutThresholdHelp")} disabled={!canEdit} />
      </div>
      <TextareaField name="allowedEmailDomains" label={t("allowedDomains")} description={t("allowedDomainsHelp")} rows={4} disabled={!canEdit} />
      {/* Field masking (kernel/masking): organization-level switches per class of sensitive value. */}
      <fieldset className="grid gap-3" disabled={!canEdit} aria-describedby="privacy-help">
        <legend className="mb-1 text-sm font-medium">{t("privacyTitle")}</legend>
        <p id="privacy-help" className="text-sm text-muted-foreground">
          {t("privacyHelp")}
        </p>
        <div className="grid gap-4 md:grid-cols-3">
          <CheckboxField name="maskPhones" label={t("maskPhones")} disabled={!canEdit} />
          <CheckboxField name="maskEmails" label={t("maskEmails")} disabled={!canEdit} />
          <CheckboxField name="maskTaxIds" label={t("maskTaxIds")} disabled={!canEdit} />
        </div>
      </fieldset>
      {canEdit ? (
        <div className="flex justify-end">
          <SubmitButton>{tc("save")}</SubmitButton>
        </div>
      ) : null}
    </Form>
  );
}
