"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { toast } from "sonner";

import { ChildTable } from "@/components/child-table/ChildTable";
import { CheckboxField, Form, SelectField, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { DialogPanel } from "@/components/ui/Dialog";
import { formatCountry } from "@/lib/format";
import { ISO_COUNTRY_CODES } from "@/server/modules/crm/countries";
import { ADDRESS_KINDS, ZCreateAddressInput, ZUpdateAddressInput } from "@/server/modules/crm/customer-details.schemas";
import { useTRPC } from "@/trpc/react";

import { ConfirmDelete } from "./ConfirmDelete";
import type { CustomerTabContext } from "./CustomerTabs";

type Address = inferOutput<ReturnType<typeof useTRPC>["crm"]["addresses"]["list"]>[number];

function oneLine(a: Address) {
  return [a.line1, a.line2, a.city, a.region, a.postalCode, a.countryCode].filter(Boolean).join(", ");
}

/** The customer's addresses: defaults first; add, edit, delete; default billing and shipping. */
export function CustomerAddressesTab({ customer, permissions, readOnly }: CustomerTabContext) {
  const t = useTranslations("crmCustomers.addresses");
  const trpc = useTRPC();
  const list = useQuery(trpc.crm.addresses.list.queryOptions({ customerId: customer.id }));
  const canManage = permissions.has("crm.customer.update") && !readOnly;

  return (
    <ChildTable
      label={t("title")}
      headingId="crm-addresses-title"
      query={list}
      rows={list.data}
      rowKey={(a) => a.id}
      item={(a) => (
        <>
          <span className="flex flex-wrap items-center gap-2 font-medium">
            {a.label ?? t(`kind.${a.kind}`)}
            <Badge variant="outline">{t(`kind.${a.kind}`)}</Badge>
            {a.isDefaultBilling ? <Badge>{t("defaultBilling")}</Badge> : null}
            {a.isDefaultShipping ? <Badge>{t("defaultShipping")}</Badge> : null}
          </span>
          <span className="text-muted-foreground">{oneLine(a)}</span>
        </>
      )}
      loadFailed={t("loadFailed")}
      empty={{ text: t("empty") }}
      canManage={canManage}
      addLabel={t("add")}
      editor={(address, close) => <AddressDialog customerId={customer.id} address={address} onDone={close} />}
      edit={{ label: (a) => t("edit", { address: a.line1 }) }}
      remove={{
        label: (a) => t("delete", { address: a.line1 }),
        confirm: (address, close) => <DeleteAddress address={address} customerId={customer.id} onDone={close} />,
      }}
    />
  );
}

function AddressDialog({ customerId, address, onDone }: { customerId: string; address: Address | null; onDone: () => void }) {
  const t = useTranslations("crmCustomers.addresses");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.crm.addresses.create.mutationOptions());
  const update = useMutation(trpc.crm.addresses.update.mutationOptions());
  const countries = useMemo(
    () => [...ISO_COUNTRY_CODES].map((c) => ({ value: c, label: formatCountry(c, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale)),
    [locale],
  );
  const values = {
    kind: address?.kind ?? ("billing" as const),
    label: address?.label ?? "",
    line1: address?.line1 ?? "",
    line2: address?.line2 ?? "",
    city: address?.city ?? "",
    region: address?.region ?? "",
    postalCode: address?.postalCode ?? "",
    countryCode: address?.countryCode ?? "",
    isDefaultBilling: address?.isDefaultBilling ?? false,
    isDefaultShipping: address?.isDefaultShipping ?? false,
  };
  const createForm = useZodForm(ZCreateAddressInput, { defaultValues: { ...values, customerId } });
  const updateForm = useZodForm(ZUpdateAddressInput, { defaultValues: { ...values, id: address?.id ?? "" } });
  const done = async () => {
    await queryClient.invalidateQueries(trpc.crm.addresses.list.queryFilter({ customerId }));
    toast.success(address ? t("saved") : t("added"));
    onDone();
  };
  const fields = (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="kind" label={t("kindLabel")} options={ADDRESS_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} placeholder={false} />
        <TextField name="label" label={t("label")} maxLength={100} />
      </div>
      <TextField name="line1" label={t("line1")} required maxLength={200} autoFocus />
      <TextField name="line2" label={t("line2")} maxLength={200} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="city" label={t("city")} maxLength={100} />
        <TextField name="region" label={t("region")} maxLength={100} />
        <TextField name="postalCode" label={t("postalCode")} maxLength={20} />
        <SelectField name="countryCode" label={t("country")} required options={countries} placeholder={t("countryPlaceholder")} />
      </div>
      <CheckboxField name="isDefaultBilling" label={t("isDefaultBilling")} description={t("defaultHint")} />
      <CheckboxField name="isDefaultShipping" label={t("isDefaultShipping")} />
      <div className="flex justify-end">
        <SubmitButton>{address ? t("save") : t("add")}</SubmitButton>
      </div>
    </>
  );
  return (
    <DialogPanel title={address ? t("editTitle") : t("addTitle")} side="right">
      {address ? (
        <Form form={updateForm} guardUnsavedChanges={false} onSubmit={async (v) => (await update.mutateAsync(v), done())}>
          {fields}
        </Form>
      ) : (
        <Form form={createForm} guardUnsavedChanges={false} onSubmit={async (v) => (await create.mutateAsync(v), done())}>
          {fields}
        </Form>
      )}
    </DialogPanel>
  );
}

function DeleteAddress({ address, customerId, onDone }: { address: Address; customerId: string; onDone: () => void }) {
  const t = useTranslations("crmCustomers.addresses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.crm.addresses.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.addresses.list.queryFilter({ customerId }));
        toast.success(t("deleted"));
        onDone();
      },
    }),
  );
  return (
    <ConfirmDelete
      title={t("deleteTitle", { address: address.line1 })}
      description={t("deleteDescription")}
      pending={remove.isPending}
      error={remove.error?.message}
      onCancel={onDone}
      onConfirm={() => remove.mutate({ id: address.id })}
    />
  );
}
