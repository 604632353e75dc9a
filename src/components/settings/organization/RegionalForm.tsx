"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { Form, SelectField, SubmitButton, useDebounced, useZodForm } from "@/components/form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { createFormat } from "@/lib/format";
import { ZUpdateOrganizationInput } from "@/server/modules/platform/platform.schemas";
import { useTRPC } from "@/trpc/react";

import type { OrganizationData } from "./types";

// The month comes from a <select> as a string.
const ZRegionalForm = ZUpdateOrganizationInput.pick({ version: true, locale: true, timeZone: true }).extend({
  fiscalYearStartMonth: z.coerce.number().int().min(1, "Choose a month").max(12, "Choose a month"),
});

const LOCALES = ["en-US", "en-GB", "en-IN", "ru-RU", "ru-KZ", "kk-KZ", "hi-IN", "de-DE", "fr-FR", "es-ES", "it-IT", "pt-BR", "pl-PL", "tr-TR", "zh-CN", "ja-JP"];

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

const SAMPLE_INSTANT = new Date("2026-03-31T14:05:00Z");

/** Locale, time zone and fiscal year start, with a live preview of how dates and numbers will look. */
export function RegionalForm({ organization, canEdit }: { organization: OrganizationData; canEdit: boolean }) {
  const t = useTranslations("orgSettings.regional");
  const tc = useTranslations("common");
  const uiLocale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const defaults = {
    version: organization.version,
    locale: organization.locale,
    timeZone: organization.timeZone,
    fiscalYearStartMonth: String(organization.fiscalYearStartMonth),
  };
  const form = useZodForm(ZRegionalForm, { defaultValues: defaults });
  // The profile tab saved (a new version arrived with the refreshed page): take it unless editing.
  useEffect(() => {
    if (form.getValues("version") !== organization.version && !form.formState.isDirty) form.reset(defaults);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organization.version]);
  const [locale, timeZone] = useWatch({ control: form.control, name: ["locale", "timeZone"] }) as [string, string];
  const candidate = useDebounced({ locale, timeZone }, 150);

  const localeOptions = useMemo(() => {
    const list = LOCALES.includes(organization.locale) ? LOCALES : [organization.locale, ...LOCALES];
    return list.map((l) => {
      let name = l;
      try {
        name = new Intl.DisplayNames([uiLocale], { type: "language" }).of(l) ?? l;
      } catch {
        /* keep the code */
      }
      return { value: l, label: `${name} (${l})` };
    });
  }, [organization.locale, uiLocale]);
  const zoneOptions = useMemo(() => timeZones(organization.timeZone).map((z) => ({ value: z, label: z.replaceAll("_", " ") })), [organization.timeZone]);
  const monthOptions = useMemo(
    () =>
      Array.from({ length: 12 }, (_, i) => ({
        value: String(i + 1),
        label: new Intl.DateTimeFormat(uiLocale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2026, i, 1))),
      })),
    [uiLocale],
  );

  const preview = useMemo(() => {
    try {
      const f = createFormat({ locale: candidate.locale, timeZone: candidate.timeZone });
      return {
        date: f.date("2026-03-31"),
        dateTime: f.dateTime(SAMPLE_INSTANT),
        number: f.number("1234567.891", { maximumFractionDigits: 3 }),
        money: f.money("1234567.5", organization.baseCurrency),
      };
    } catch {
      return null;
    }
  }, [candidate.locale, candidate.timeZone, organization.baseCurrency]);

  const update = useMutation(
    trpc.platform.organizations.update.mutationOptions({
      onSuccess: (saved) => {
        form.reset({ version: saved.version, locale: saved.locale, timeZone: saved.timeZone, fiscalYearStartMonth: String(saved.fiscalYearStartMonth) });
        toast.success(t("saved"));
        router.refresh();
      },
    }),
  );

  return (
    <Card aria-labelledby="regional-heading">
      <CardHeader>
        <CardTitle id="regional-heading">{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form form={form} onSubmit={(values) => update.mutateAsync(values)} aria-labelledby="regional-heading">
          <div className="grid gap-4 md:grid-cols-3">
            <SelectField name="locale" label={t("locale")} options={localeOptions} placeholder={false} disabled={!canEdit} />
            <SelectField name="timeZone" label={t("timeZone")} options={zoneOptions} placeholder={false} disabled={!canEdit} />
            <SelectField name="fiscalYearStartMonth" label={t("fiscalYearStart")} options={monthOptions} placeholder={false} disabled={!canEdit} />
          </div>
          <section aria-labelledby="regional-preview" className="grid gap-2 rounded-md bg-muted/50 p-3">
            <h3 id="regional-preview" className="text-xs font-medium text-muted-foreground">
              {t("previewTitle")}
            </h3>
            {preview ? (
              <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-sm" data-testid="regional-preview">
                <dt className="text-muted-foreground">{t("previewDate")}</dt>
                <dd>{preview.date}</dd>
                <dt className="text-muted-foreground">{t("previewDateTime")}</dt>
                <dd>{preview.dateTime}</dd>
                <dt className="text-muted-foreground">{t("previewNumber")}</dt>
                <dd className="tabular-nums">{preview.number}</dd>
                <dt className="text-muted-foreground">{t("previewMoney", { currency: organization.baseCurrency })}</dt>
                <dd className="tabular-nums">{preview.money}</dd>
              </dl>
            ) : (
              <p className="text-sm">{t("previewInvalid")}</p>
            )}
          </section>
          {canEdit ? (
            <div className="flex justify-end">
              <SubmitButton>{tc("save")}</SubmitButton>
            </div>
          ) : null}
        </Form>
      </CardContent>
    </Card>
  );
}
