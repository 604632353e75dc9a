"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";

import { Form, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { DescriptionItem } from "@/components/ui/DescriptionItem";
import { brandStyle } from "@/lib/branding";
import { formatCountry, formatCurrency } from "@/lib/format";
import { ZUpdateOrganizationInput } from "@/server/modules/platform/platform.schemas";
import { useTRPC } from "@/trpc/react";

import type { OrganizationData } from "./types";

const ZProfileForm = ZUpdateOrganizationInput.pick({
  version: true,
  name: true,
  legalName: true,
  taxId: true,
  primaryColor: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  region: true,
  postalCode: true,
});

const ADDRESS_FIELDS = ["addressLine1", "addressLine2", "city", "region", "postalCode"] as const;

/** The form's values of a saved organization (null text becomes ""). */
function valuesOf(o: OrganizationData) {
  return {
    version: o.version,
    name: o.name,
    legalName: o.legalName ?? "",
    taxId: o.taxId ?? "",
    primaryColor: o.primaryColor ?? "",
    addressLine1: o.addressLine1 ?? "",
    addressLine2: o.addressLine2 ?? "",
    city: o.city ?? "",
    region: o.region ?? "",
    postalCode: o.postalCode ?? "",
  };
}

/** The postal address on one line: street lines, then "postal code city", region and country. */
function formatAddress(o: OrganizationData, country: string): string | null {
  if (!ADDRESS_FIELDS.some((k) => o[k])) return null;
  const place = [o.postalCode, o.city].filter(Boolean).join(" ");
  return [o.addressLine1, o.addressLine2, place, o.region, country].filter(Boolean).join(", ");
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Name, legal name, tax id (checked by the country's rules on the server), the postal address and the primary color.
 * Members who cannot edit see the fields disabled and the address as text.
 */
export function ProfileForm({ organization, canEdit }: { organization: OrganizationData; canEdit: boolean }) {
  const t = useTranslations("orgSettings");
  const tc = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const defaults = valuesOf(organization);
  const form = useZodForm(ZProfileForm, { defaultValues: defaults });
  // Another tab of this page saved (a new version arrived with the refreshed page): take it unless editing.
  useEffect(() => {
    if (form.getValues("version") !== organization.version && !form.formState.isDirty) form.reset(defaults);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organization.version]);
  const color = useWatch({ control: form.control, name: "primaryColor" }) as string | null | undefined;
  const validColor = typeof color === "string" && HEX.test(color) ? color.toLowerCase() : null;
  const update = useMutation(
    trpc.platform.organizations.update.mutationOptions({
      onSuccess: (saved) => {
        form.reset(valuesOf(saved));
        toast.success(t("profile.saved"));
        // The shell (name, accent color) is rendered by the server layout.
        router.refresh();
      },
    }),
  );
  const country = formatCountry(organization.country, locale);

  return (
    <Card aria-labelledby="profile-heading">
      <CardHeader>
        <CardTitle id="profile-heading">{t("profile.title")}</CardTitle>
        <CardDescription>{t("profile.description", { organization: organization.name })}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <Form form={form} onSubmit={(values) => update.mutateAsync(values)} aria-labelledby="profile-heading">
          <div className="grid gap-4 md:grid-cols-2">
            <TextField name="name" label={t("profile.name")} required disabled={!canEdit} autoComplete="organization" />
            <TextField name="legalName" label={t("profile.legalName")} description={t("profile.legalNameHelp")} disabled={!canEdit} />
            <TextField name="taxId" label={t("profile.taxId")} description={t("profile.taxIdHelp", { country })} disabled={!canEdit} autoComplete="off" />
            <div className="grid gap-2">
              <div className="flex items-end gap-2">
                <TextField
                  name="primaryColor"
                  label={t("branding.primaryColor")}
                  description={t("branding.primaryColorHelp")}
                  disabled={!canEdit}
                  placeholder="#1f6feb"
                  autoComplete="off"
                  className="flex-1 [&_input]:font-mono"
                />
              </div>
              <div className="flex items-center gap-3">
                <input
                  type="color"
                  aria-label={t("branding.pickColor")}
                  disabled={!canEdit}
                  value={validColor ?? "#4f46e5"}
                  onChange={(e) => form.setValue("primaryColor", e.target.value, { shouldDirty: true, shouldValidate: true })}
                  className="h-9 w-12 cursor-pointer rounded border bg-background p-1 disabled:cursor-not-allowed"
                />
                <span className="text-xs text-muted-foreground">{t("branding.preview")}</span>
                <span
                  style={brandStyle(validColor)}
                  className="inline-flex h-8 items-center rounded-md bg-primary px-3 text-xs font-medium text-primary-foreground"
                  aria-hidden="true"
                >
                  {t("branding.previewButton")}
                </span>
              </div>
            </div>
          </div>
          {canEdit ? (
            <fieldset className="grid gap-4 md:grid-cols-2">
              <legend className="mb-2 text-sm font-medium">{t("profile.address")}</legend>
              <p className="-mt-2 text-xs text-muted-foreground md:col-span-2">{t("profile.addressHelp", { country })}</p>
              <TextField name="addressLine1" label={t("profile.addressLine1")} autoComplete="address-line1" />
              <TextField name="addressLine2" label={t("profile.addressLine2")} autoComplete="address-line2" />
              <TextField name="city" label={t("profile.city")} autoComplete="address-level2" />
              <TextField name="region" label={t("profile.region")} autoComplete="address-level1" />
              <TextField name="postalCode" label={t("profile.postalCode")} autoComplete="postal-code" />
            </fieldset>
          ) : null}
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-2 text-sm md:grid-cols-[minmax(8rem,auto)_1fr_minmax(8rem,auto)_1fr]">
            <DescriptionItem label={t("profile.country")} notSet={tc("notSet")} value={country} />
            <DescriptionItem label={t("profile.baseCurrency")} notSet={tc("notSet")} value={formatCurrency(organization.baseCurrency, locale)} />
            <DescriptionItem label={t("profile.timeZone")} notSet={tc("notSet")} value={organization.timeZone} />
            <DescriptionItem label={t("profile.locale")} notSet={tc("notSet")} value={organization.locale} />
            {canEdit ? null : (
              <DescriptionItem label={t("profile.address")} notSet={tc("notSet")} value={formatAddress(organization, country)} />
            )}
          </dl>
          <p className="text-xs text-muted-foreground">
            {t("profile.fixedHelp")} {t("profile.regionalHint")}
          </p>
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
