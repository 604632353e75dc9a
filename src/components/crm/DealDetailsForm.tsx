"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { z } from "zod";

import { DateField, Form, MoneyField, SelectField, SubmitButton, TextField, useZodForm } from "@/components/form";
import { LEAD_SOURCES, ZUpdateDealInput } from "@/server/modules/crm/deals.schemas";
import { useTRPC } from "@/trpc/react";

import type { DealSectionProps } from "./DealSections";

const ZForm = ZUpdateDealInput.omit({ competitors: true, source: true }).extend({ competitorsText: z.string().max(2000), source: z.string() });

/** The deal's editable fields; read-only without crm.deal.manage or when archived. The value is locked by lines. */
export function DealDetailsForm({ deal, canManage }: DealSectionProps) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const owners = useQuery(trpc.crm.deals.owners.queryOptions());
  const update = useMutation(trpc.crm.deals.update.mutationOptions());
  const readOnly = !canManage || !!deal.archivedAt;
  const form = useZodForm(ZForm, {
    values: {
      id: deal.id,
      version: deal.version,
      name: deal.name,
      value: deal.value,
      expectedCloseDate: deal.expectedCloseDate ?? "",
      ownerMembershipId: deal.ownerMembershipId ?? "",
      source: deal.source ?? "",
      competitorsText: deal.competitors.join(", "),
    },
  });
  return (
    <Form
      form={form}
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={async ({ competitorsText, source, value, ...rest }) => {
        await update.mutateAsync({
          ...rest,
          ...(deal.lines.length ? {} : { value }),
          source: (source || null) as (typeof LEAD_SOURCES)[number] | null,
          competitors: competitorsText.split(",").map((s) => s.trim()).filter(Boolean),
        });
        await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
        toast.success(t("deal.saved"));
      }}
    >
      <TextField name="name" label={t("fields.name")} required disabled={readOnly} />
      <MoneyField name="value" currency={deal.currency} label={t("fields.value")} disabled={readOnly || deal.lines.length > 0} description={deal.lines.length ? t("deal.linesHint") : undefined} />
      <DateField name="expectedCloseDate" label={t("fields.expectedCloseDate")} disabled={readOnly} />
      <SelectField
        name="ownerMembershipId"
        label={t("fields.owner")}
        disabled={readOnly}
        options={[{ value: "", label: t("fields.noOwner") }, ...(owners.data?.members ?? []).map((m) => ({ value: m.id, label: m.name }))]}
        placeholder={false}
      />
      <SelectField
        name="source"
        label={t("fields.source")}
        disabled={readOnly}
        options={[{ value: "", label: t("fields.noSource") }, ...LEAD_SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))]}
        placeholder={false}
      />
      <TextField name="competitorsText" label={t("fields.competitors")} description={t("fields.competitorsHint")} disabled={readOnly} />
      {readOnly ? null : (
        <div className="sm:col-span-2">
          <SubmitButton>{t("deal.save")}</SubmitButton>
        </div>
      )}
    </Form>
  );
}
