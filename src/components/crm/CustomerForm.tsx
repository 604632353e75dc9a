"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { toast } from "sonner";

import {
  ComboboxField,
  Form,
  ListField,
  MoneyField,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useZodForm,
  type ComboboxOption,
} from "@/components/form";
import { MaskedField } from "@/components/masking/Masked";
import { customFieldDefaults, CustomFieldsEditor, type CustomFieldDefinition } from "./CustomFieldsEditor";
import { Skeleton } from "@/components/ui/Skeleton";
import { CUSTOMER_INITIAL_STATUSES, CUSTOMER_TIERS, CUSTOMER_TYPES, ZCreateCustomerInput, ZUpdateCustomerInput } from "@/server/modules/crm/crm.schemas";
import { useTRPC } from "@/trpc/react";

type Trpc = ReturnType<typeof useTRPC>;
export type CustomerFormOptions = inferOutput<Trpc["crm"]["customers"]["formOptions"]>;
export type CustomerDetail = inferOutput<Trpc["crm"]["customers"]["get"]>;
type Customer = CustomerDetail;

/** Loads the form's choices (owners, workspaces, payment terms, currencies) once per page. */
export function useCustomerFormOptions() {
  const trpc = useTRPC();
  return useQuery(trpc.crm.customers.formOptions.queryOptions(undefined, { staleTime: 60_000 }));
}

/** The organization's active custom field definitions for customers (crm.customFields.list). */
function useCustomFieldDefinitions() {
  const trpc = useTRPC();
  const q = useQuery(trpc.crm.customFields.list.queryOptions({}, { staleTime: 60_000 }));
  return { ...q, active: (q.data?.rows ?? []).filter((d) => !d.archivedAt) as CustomFieldDefinition[] };
}

function useOwnerSearch(options: CustomerFormOptions | undefined) {
  return useCallback(
    async (q: string): Promise<ComboboxOption[]> => {
      const needle = q.trim().toLowerCase();
      return (options?.owners ?? [])
        .filter((o) => !needle || o.name.toLowerCase().includes(needle) || o.email.toLowerCase().includes(needle))
        .slice(0, 50)
        .map((o) => ({ value: o.id, label: o.name, description: o.email }));
    },
    [options],
  );
}

type SensitiveField = "taxId" | "email" | "phone";

/**
 * The fields shared by create and edit (everything but the status and the workspace). `masked`: the fields this
 * member sees masked (crm.sensitive.view, kernel/masking) with the value to show — read-only, never submitted.
 */
function CustomerFields({
  options,
  ownerSelected,
  customFields,
  masked = {},
}: {
  options: CustomerFormOptions;
  ownerSelected: ComboboxOption | null;
  customFields: CustomFieldDefinition[];
  masked?: Partial<Record<SensitiveField, string | null>>;
}) {
  const t = useTranslations("crmCustomers");
  const search = useOwnerSearch(options);
  const currencies = options.currencies.map((c) => c.code);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name="type" label={t("fields.type")} options={CUSTOMER_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} placeholder={false} />
        <SelectField name="tier" label={t("fields.tier")} options={CUSTOMER_TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))} placeholder={false} />
        <TextField name="name" label={t("fields.name")} required maxLength={200} />
        <TextField name="legalName" label={t("fields.legalName")} maxLength={300} />
        {"taxId" in masked ? (
          <MaskedField label={t("fields.taxId")} value={masked.taxId} />
        ) : (
          <TextField name="taxId" label={t("fields.taxId")} description={t("fields.taxIdHint")} maxLength={50} />
        )}
        <TextField name="industry" label={t("fields.industry")} maxLength={100} />
        {"email" in masked ? (
          <MaskedField label={t("fields.email")} value={masked.email} />
        ) : (
          <TextField name="email" type="email" label={t("fields.email")} autoComplete="off" />
        )}
        {"phone" in masked ? <MaskedField label={t("fields.phone")} value={masked.phone} /> : <TextField name="phone" type="tel" label={t("fields.phone")} maxLength={50} />}
        <TextField name="website" type="url" label={t("fields.website")} maxLength={300} />
        <ComboboxField
          name="ownerMembershipId"
          label={t("fields.owner")}
          search={search}
          selected={ownerSelected}
          placeholder={t("fields.ownerPlaceholder")}
          disabled={options.me.ownOnly}
        />
        <MoneyField name="creditLimit" currencyName="creditCurrency" currencies={currencies} label={t("fields.creditLimit")} />
        <SelectField
          name="paymentTermId"
          label={t("fields.paymentTerms")}
          options={options.paymentTerms.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))}
          placeholder={t("fields.none")}
        />
      </div>
      <ListField name="tags" label={t("fields.tags")} description={t("fields.tagsHint")} />
      <TextareaField name="notes" label={t("fields.notes")} rows={4} maxLength={5000} />
      {customFields.length ? (
        <fieldset className="grid gap-3">
          <legend className="mb-2 text-sm font-medium">{t("fields.customFields")}</legend>
          <CustomFieldsEditor name="customFields" definitions={customFields} />
        </fieldset>
      ) : null}
    </>
  );
}

function ownerOption(options: CustomerFormOptions, id: string | null | undefined): ComboboxOption | null {
  const o = id ? options.owners.find((x) => x.id === id) : undefined;
  return o ? { value: o.id, label: o.name, description: o.email } : null;
}

/** New customer: every field, the initial status (lead / prospect / active) and where it lives. */
export function CreateCustomerForm({ onCreated }: { onCreated: (c: { id: string }) => void }) {
  const t = useTranslations("crmCustomers");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useCustomerFormOptions();
  const create = useMutation(trpc.crm.customers.create.mutationOptions());
  const fields = useCustomFieldDefinitions();
  if (options.isPending || fields.isPending) return <Skeleton className="h-96 w-full" />;
  if (options.isError || !options.data || fields.isError)
    return (
      <p role="alert" className="text-sm text-destructive">
        {t("loadFailed")}
      </p>
    );
  const opts = options.data;
  return (
    <CreateForm
      options={opts}
      customFields={fields.active}
      onSubmit={async (values) => {
        const c = await create.mutateAsync(values);
        await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
        toast.success(t("created", { name: c.name }));
        onCreated(c);
      }}
      submitLabel={t("create")}
    />
  );
}

function CreateForm({
  options,
  customFields,
  onSubmit,
  submitLabel,
}: {
  options: CustomerFormOptions;
  customFields: CustomFieldDefinition[];
  onSubmit: (v: ReturnType<typeof ZCreateCustomerInput.parse>) => Promise<void>;
  submitLabel: string;
}) {
  const t = useTranslations("crmCustomers");
  const base = options.currencies.find((c) => c.isBase)?.code ?? options.currencies[0]?.code ?? "";
  const form = useZodForm(ZCreateCustomerInput, {
    defaultValues: {
      type: "company",
      name: "",
      legalName: "",
      status: "lead",
      taxId: "",
      email: "",
      phone: "",
      website: "",
      industry: "",
      tier: "standard",
      ownerMembershipId: options.me.ownOnly ? options.me.membershipId : "",
      creditLimit: "",
      creditCurrency: base,
      paymentTermId: options.paymentTerms.find((p) => p.isDefault)?.id ?? "",
      tags: [],
      notes: "",
      workspaceId: "",
      customFields: customFieldDefaults(customFields),
    },
  });
  return (
    <Form form={form} onSubmit={onSubmit} aria-label={t("newTitle")}>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="status"
          label={t("fields.status")}
          options={CUSTOMER_INITIAL_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) }))}
          placeholder={false}
        />
        <SelectField
          name="workspaceId"
          label={t("fields.workspace")}
          description={t("fields.workspaceHint")}
          options={[{ value: "", label: t("fields.organizationWide") }, ...options.workspaces.map((w) => ({ value: w.id, label: w.name }))]}
          placeholder={false}
        />
      </div>
      <CustomerFields
        options={options}
        customFields={customFields}
        ownerSelected={ownerOption(options, options.me.ownOnly ? options.me.membershipId : null)}
      />
      <div className="flex justify-end">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}

/** The Overview tab: every field of the customer, saved with the version read (CONFLICT when stale). */
export function EditCustomerForm({ customer, options, readOnly }: { customer: Customer; options: CustomerFormOptions; readOnly: boolean }) {
  const t = useTranslations("crmCustomers");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.crm.customers.update.mutationOptions());
  const fields = useCustomFieldDefinitions();
  // Fields this member sees masked: shown read-only with the masked value, left out of the form's values.
  const masked = Object.fromEntries(customer.masked.map((f) => [f, customer[f as SensitiveField]])) as Partial<Record<SensitiveField, string | null>>;
  const isMasked = (f: SensitiveField) => f in masked;
  const form = useZodForm(ZUpdateCustomerInput, {
    values: {
      id: customer.id,
      version: customer.version,
      type: customer.type,
      name: customer.name,
      legalName: customer.legalName ?? "",
      taxId: isMasked("taxId") ? undefined : (customer.taxId ?? ""),
      email: isMasked("email") ? undefined : (customer.email ?? ""),
      phone: isMasked("phone") ? undefined : (customer.phone ?? ""),
      website: customer.website ?? "",
      industry: customer.industry ?? "",
      tier: customer.tier,
      ownerMembershipId: customer.ownerMembershipId ?? "",
      creditLimit: customer.creditLimit ?? "",
      creditCurrency: customer.creditCurrency ?? options.currencies.find((c) => c.isBase)?.code ?? "",
      paymentTermId: customer.paymentTermId ?? "",
      tags: customer.tags,
      notes: customer.notes ?? "",
      customFields: customFieldDefaults(fields.active, customer.customFields),
    },
    resetOptions: { keepDirtyValues: false },
  });
  return (
    <Form
      form={form}
      aria-label={t("overview")}
      onReload={() => void queryClient.invalidateQueries(trpc.crm.customers.get.queryFilter({ id: customer.id }))}
      onSubmit={async (values) => {
        // A limit cleared keeps no currency requirement; an untouched currency without a limit is sent as none.
        const sent = { ...values, creditCurrency: values.creditLimit ? values.creditCurrency : null };
        for (const f of customer.masked) delete (sent as Partial<Record<string, unknown>>)[f];
        const next = await update.mutateAsync(sent);
        queryClient.setQueryData(trpc.crm.customers.get.queryKey({ id: customer.id }), next);
        await queryClient.invalidateQueries(trpc.crm.customers.list.pathFilter());
        await queryClient.invalidateQueries(trpc.crm.customers.history.queryFilter({ id: customer.id }));
        toast.success(t("saved"));
      }}
    >
      <fieldset disabled={readOnly} className="grid gap-4">
        <CustomerFields options={options} customFields={fields.active} ownerSelected={ownerOption(options, customer.ownerMembershipId)} masked={masked} />
      </fieldset>
      {readOnly ? null : (
        <div className="flex justify-end">
          <SubmitButton>{t("save")}</SubmitButton>
        </div>
      )}
    </Form>
  );
}
