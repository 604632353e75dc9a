"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { CheckIcon, LoaderCircleIcon, TriangleAlertIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useWatch } from "react-hook-form";

import { Form, SelectField, SubmitButton, TextField, useDebounced, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { CURRENCY_CODES } from "@/lib/money/currencies";
import { SLUG_PATTERN } from "@/lib/slug";
import { COUNTRIES, countryPack } from "@/server/kernel/regions/packs";
import { taxIdError } from "@/server/kernel/regions/tax-id";
import { ZCompleteOnboardingInput } from "@/server/modules/platform/platform.schemas";
import { useTRPC } from "@/trpc/react";

const ORG_FIELDS = ["name", "slug", "country", "legalName", "taxId", "baseCurrency", "timeZone", "locale", "fiscalYearStartMonth"] as const;
const noSubscribe = () => () => {};
const LOCALES = ["en-US", "en-GB", "en-IN", "ru-RU", "ru-KZ", "kk-KZ", "de-DE", "fr-FR", "es-ES"];

function displayName(locale: string, type: "region" | "language", code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Step 1: the organization (country pack pre-fills currency, time zone, locale); step 2: the first workspace. */
export function OnboardingWizard({ initialCountry }: { initialCountry: string }) {
  const t = useTranslations("onboarding");
  const uiLocale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const complete = useMutation(trpc.platform.onboarding.complete.mutationOptions());
  const pack = countryPack(initialCountry);
  const form = useZodForm(ZCompleteOnboardingInput, {
    defaultValues: {
      name: "",
      slug: "",
      country: initialCountry,
      legalName: "",
      taxId: "",
      baseCurrency: pack.currency,
      timeZone: pack.timeZone,
      locale: pack.locale,
      fiscalYearStartMonth: 1,
      workspace: { name: t("defaultWorkspace") },
    },
  });
  const [step, setStep] = useState<1 | 2>(1);
  const [slugEdited, setSlugEdited] = useState(false);
  // False while rendering on the server and hydrating, true afterwards.
  const mounted = useSyncExternalStore(noSubscribe, () => true, () => false);

  const [name, slug, country, timeZone, locale] = useWatch({ control: form.control, name: ["name", "slug", "country", "timeZone", "locale"] });
  const currentPack = countryPack(country);

  // Choosing a country pre-fills its defaults; the user may still change each of them.
  const lastCountry = useRef(initialCountry);
  useEffect(() => {
    if (country === lastCountry.current) return;
    lastCountry.current = country;
    const p = countryPack(country);
    form.setValue("baseCurrency", p.currency, { shouldDirty: true });
    form.setValue("timeZone", p.timeZone, { shouldDirty: true });
    form.setValue("locale", p.locale, { shouldDirty: true });
    if (form.getFieldState("taxId").error) void form.trigger("taxId");
  }, [country, form]);

  // The address follows the name until the user edits it; it is checked live either way.
  const debouncedName = useDebounced(name.trim(), 300);
  const suggested = useQuery({
    ...trpc.platform.onboarding.suggestSlug.queryOptions({ name: debouncedName }),
    enabled: !slugEdited && debouncedName.length > 0,
  });
  useEffect(() => {
    if (!slugEdited && suggested.data) form.setValue("slug", suggested.data.suggestion);
  }, [slugEdited, suggested.data, form]);
  const debouncedSlug = useDebounced(slug.trim().toLowerCase(), 300);
  const check = useQuery({
    ...trpc.platform.onboarding.suggestSlug.queryOptions({ slug: debouncedSlug }),
    enabled: debouncedSlug.length > 0 && SLUG_PATTERN.test(debouncedSlug),
  });
  const slugStatus =
    !slug || !SLUG_PATTERN.test(slug) ? null : debouncedSlug !== slug || check.isFetching ? "checking" : check.data ? (check.data.available ? "available" : "taken") : null;

  const options = useMemo(() => {
    const countries = COUNTRIES.map((c) => ({ value: c, label: displayName(uiLocale, "region", c) })).sort((a, b) => a.label.localeCompare(b.label, uiLocale));
    const currencies = CURRENCY_CODES.map((c) => ({ value: c, label: c }));
    const months = Array.from({ length: 12 }, (_, i) => ({
      value: String(i + 1),
      label: new Intl.DateTimeFormat(uiLocale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, i, 1))),
    }));
    return { countries, currencies, months };
  }, [uiLocale]);
  // The time-zone list differs between the server's and the browser's ICU: it is filled in after hydration.
  const timeZones = useMemo(() => {
    const all = mounted && typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return [...new Set(["UTC", timeZone, ...all])].map((z) => ({ value: z, label: z }));
  }, [mounted, timeZone]);
  const locales = useMemo(
    () => [...new Set([locale, ...LOCALES])].map((l) => ({ value: l, label: `${displayName(uiLocale, "language", l)} (${l})` })),
    [locale, uiLocale],
  );

  async function next() {
    const ok = await form.trigger([...ORG_FIELDS]);
    const values = form.getValues();
    const taxProblem = values.taxId ? taxIdError(values.country, values.taxId) : null;
    if (taxProblem) form.setError("taxId", { message: taxProblem }, { shouldFocus: true });
    if (slugStatus === "taken") form.setError("slug", { message: t("slugTaken") }, { shouldFocus: !taxProblem });
    if (ok && !taxProblem && slugStatus !== "taken") setStep(2);
  }

  return (
    <Form
      form={form}
      onSubmit={async (values) => {
        try {
          const done = await complete.mutateAsync(values);
          router.push(done.path);
          router.refresh();
        } catch (error) {
          const data = error instanceof TRPCClientError ? (error.data as { code?: string; fieldErrors?: Record<string, string[]> | null }) : null;
          // A taken address (someone was faster) is not an edit conflict: show it on the field, with the free one.
          if (data?.code === "CONFLICT" && data.fieldErrors?.slug) {
            setStep(1);
            form.setError("slug", { message: data.fieldErrors.slug[0] }, { shouldFocus: true });
            return;
          }
          if (data?.fieldErrors && Object.keys(data.fieldErrors).some((k) => (ORG_FIELDS as readonly string[]).includes(k))) setStep(1);
          throw error;
        }
      }}
    >
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {t("stepOf", { step, total: 2 })} · {step === 1 ? t("steps.organization") : t("steps.workspace")}
      </p>

      <fieldset hidden={step !== 1} className={step === 1 ? "grid gap-4" : "hidden"}>
        <legend className="sr-only">{t("steps.organization")}</legend>
        <TextField name="name" label={t("name")} required autoFocus autoComplete="organization" />
        <div className="grid gap-1">
          <TextField
            name="slug"
            label={t("slug")}
            required
            description={
              slugStatus === "checking" ? (
                <span className="inline-flex items-center gap-1">
                  <LoaderCircleIcon aria-hidden="true" className="size-3 animate-spin" />
                  {t("slugChecking")}
                </span>
              ) : slugStatus === "available" ? (
                <span className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400">
                  <CheckIcon aria-hidden="true" className="size-3" />
                  {t("slugAvailable")}
                </span>
              ) : slugStatus === "taken" ? (
                <span className="inline-flex items-center gap-1 text-destructive">
                  <TriangleAlertIcon aria-hidden="true" className="size-3" />
                  {t("slugTaken")}
                </span>
              ) : (
                t("slugHint", { url: `/${slug || "…"}` })
              )
            }
          />
          {slugStatus === "taken" && check.data ? (
            <Button
              type="button"
              variant="link"
              className="h-auto justify-start p-0"
              onClick={() => {
                form.setValue("slug", check.data.suggestion, { shouldValidate: true });
                form.clearErrors("slug");
              }}
            >
              {t("useSuggestion", { suggestion: check.data.suggestion })}
            </Button>
          ) : null}
        </div>
        <SlugEditTracker onEdit={() => setSlugEdited(true)} />
        <SelectField name="country" label={t("country")} required options={options.countries} placeholder={false} />
        <TextField name="legalName" label={t("legalName")} autoComplete="organization" />
        <TextField
          name="taxId"
          label={currentPack.taxId ? t("taxIdLabel", { label: currentPack.taxId.label }) : t("taxId")}
          description={currentPack.taxId ? t("taxIdExample", { example: currentPack.taxId.example }) : t("taxIdFree")}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField name="baseCurrency" label={t("baseCurrency")} required options={options.currencies} placeholder={false} />
          <SelectField name="timeZone" label={t("timeZone")} required options={timeZones} placeholder={false} />
          <SelectField name="locale" label={t("locale")} required options={locales} placeholder={false} />
          <SelectField name="fiscalYearStartMonth" label={t("fiscalYearStartMonth")} required options={options.months} placeholder={false} />
        </div>
        <div className="flex justify-end">
          <Button type="button" onClick={() => void next()}>
            {t("next")}
          </Button>
        </div>
      </fieldset>

      <fieldset hidden={step !== 2} className={step === 2 ? "grid gap-4" : "hidden"}>
        <legend className="sr-only">{t("steps.workspace")}</legend>
        <p className="text-sm text-muted-foreground">{t("workspaceDescription")}</p>
        <TextField name="workspace.name" label={t("workspaceName")} required />
        <div className="flex justify-between gap-2">
          <Button type="button" variant="outline" onClick={() => setStep(1)}>
            {t("back")}
          </Button>
          <SubmitButton>{complete.isPending ? t("creating") : t("submit")}</SubmitButton>
        </div>
      </fieldset>
    </Form>
  );
}

/** Marks the address as edited by hand once the user types in it (then it no longer follows the name). */
function SlugEditTracker({ onEdit }: { onEdit: () => void }) {
  useEffect(() => {
    const input = document.querySelector<HTMLInputElement>('input[name="slug"]');
    if (!input) return;
    const handler = () => onEdit();
    input.addEventListener("input", handler);
    return () => input.removeEventListener("input", handler);
  }, [onEdit]);
  return null;
}
