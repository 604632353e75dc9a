"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { toast } from "sonner";

import { ComboboxField, DateField, Form, MoneyField, SelectField, SubmitButton, TextField, useZodForm, type ComboboxOption } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { OPEN_STAGES, ZCreateDealInput } from "@/server/modules/crm/deals.schemas";
import { useTRPC } from "@/trpc/react";

export type CreatedDeal = { id: string; number: string; name: string };

/** "New deal": name, customer (a record picker, or fixed by `customerId`), stage, value, expected close. */
export function CreateDealDialog({ customerId, onDone }: { customerId?: string; onDone: (deal: CreatedDeal | null) => void }) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const currency = format.currency ?? "USD";
  const form = useZodForm(ZCreateDealInput, {
    defaultValues: { name: "", customerId: customerId ?? "", stage: "lead", value: "", currency, expectedCloseDate: "" },
  });
  const create = useMutation(trpc.crm.deals.create.mutationOptions());
  const search = useCallback(
    async (q: string): Promise<ComboboxOption[]> => {
      const r = await queryClient.fetchQuery(trpc.crm.customers.list.queryOptions({ q: q || undefined, perPage: 20 }));
      return r.rows.map((c) => ({ value: c.id, label: c.name, description: c.number }));
    },
    [queryClient, trpc],
  );
  return (
    <DialogContent>
      <DialogTitle>{t("create.title")}</DialogTitle>
      <DialogDescription>{t("create.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        onSubmit={async (values) => {
          const deal = await create.mutateAsync({ ...values, value: values.value || undefined });
          await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
          toast.success(t("create.done", { number: deal.number }));
          onDone(deal);
        }}
        className="grid gap-3"
      >
        <TextField name="name" label={t("fields.name")} required />
        {customerId ? null : <ComboboxField name="customerId" label={t("fields.customer")} search={search} required placeholder={t("create.pickCustomer")} />}
        <SelectField name="stage" label={t("fields.stage")} options={OPEN_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} placeholder={false} />
        <MoneyField name="value" currency={currency} label={t("fields.value")} />
        <DateField name="expectedCloseDate" label={t("fields.expectedCloseDate")} />
        <SubmitButton>{t("create.submit")}</SubmitButton>
      </Form>
    </DialogContent>
  );
}
