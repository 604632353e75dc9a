"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { DateField, NumberField, SelectField, TextField } from "@/components/form";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

export type CustomFieldDefinition = {
  key: string;
  label: string;
  kind: "text" | "number" | "date" | "select";
  options: string[];
  required: boolean;
  archivedAt?: Date | string | null;
};

/**
 * The form values of `customFields` for the definitions: every active definition's key present ("" when empty, so
 * server field errors at `customFields.<key>` land on the field), numbers as strings, unknown keys kept as they are.
 * Use it for the form's `defaultValues.customFields`.
 */
export function customFieldDefaults(definitions: readonly CustomFieldDefinition[], values: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const d of definitions) {
    const v = values[d.key];
    out[d.key] = v === undefined || v === null ? "" : d.kind === "number" ? String(v) : v;
  }
  return out;
}

/**
 * The custom fields of a record inside a `<Form>` (form kit): one field per active definition of the organization
 * (crm.customFields.list), named `<name>.<key>` — text, number (decimal string), date (yyyy-mm-dd) or select. The
 * server validates the values (crm.customers.create|update) and answers field errors at `customFields.<key>`.
 *
 * Mount it in a form whose schema has `customFields` and whose default values come from `customFieldDefaults`:
 *   <CustomFieldsEditor name="customFields" />
 * Pass `definitions` to skip the query (e.g. when the page already loaded them).
 */
export function CustomFieldsEditor({
  name = "customFields",
  definitions,
  disabled,
}: {
  name?: string;
  definitions?: readonly CustomFieldDefinition[];
  disabled?: boolean;
}) {
  const t = useTranslations("crmFields.editor");
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.crm.customFields.list.queryOptions({}), enabled: definitions === undefined });
  const defs = definitions ?? query.data?.rows;

  if (!defs) {
    if (query.isError) return <p role="alert" className="text-sm text-destructive">{t("loadFailed")}</p>;
    return (
      <div aria-busy="true" aria-label={t("loading")} className="grid gap-3">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
      </div>
    );
  }
  const active = defs.filter((d) => !d.archivedAt);
  if (active.length === 0) return <p className="text-sm text-muted-foreground">{t("none")}</p>;

  return (
    <fieldset className="grid gap-4 sm:grid-cols-2" disabled={disabled}>
      <legend className="sr-only">{t("legend")}</legend>
      {active.map((d) => {
        const field = `${name}.${d.key}`;
        switch (d.kind) {
          case "text":
            return <TextField key={d.key} name={field} label={d.label} required={d.required} autoComplete="off" />;
          case "number":
            return <NumberField key={d.key} name={field} label={d.label} required={d.required} />;
          case "date":
            return <DateField key={d.key} name={field} label={d.label} required={d.required} />;
          case "select":
            return <SelectField key={d.key} name={field} label={d.label} required={d.required} options={d.options.map((o) => ({ value: o, label: o }))} />;
        }
      })}
    </fieldset>
  );
}
