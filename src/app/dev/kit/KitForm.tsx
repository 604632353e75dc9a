"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { toast } from "sonner";
import { z } from "zod";

import {
  CheckboxField,
  ComboboxField,
  DateField,
  FileField,
  Form,
  MoneyField,
  NumberField,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useZodForm,
  type ComboboxOption,
} from "@/components/form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";

const WORKSPACES: ComboboxOption[] = [
  { value: "hq", label: "Headquarters", description: "hq" },
  { value: "east", label: "East Branch", description: "east" },
  { value: "west", label: "West Branch", description: "west" },
  { value: "lab", label: "Research Lab", description: "lab" },
];

export function KitForm() {
  const t = useTranslations("devKit");
  const f = useTranslations("form");

  const schema = useMemo(
    () =>
      z.object({
        name: z.string().trim().min(1, t("nameRequired")).max(200),
        quantity: z
          .string()
          .regex(/^\d+(\.\d{1,4})?$/, f("invalidNumber"))
          .refine((v) => !/^0+(\.0+)?$/.test(v), t("quantityPositive")),
        price: z.string().regex(/^\d+(\.\d+)?$/, f("invalidNumber")),
        currency: z.enum(["USD", "EUR", "JPY", "KWD"]),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, t("dateRequired")),
        category: z.string().min(1, t("categoryRequired")),
        workspace: z.string({ error: t("workspaceRequired") }).min(1, t("workspaceRequired")),
        notes: z.string().max(500),
        terms: z.boolean().refine((v) => v, t("termsRequired")),
        file: z.custom<File | null>((v) => v === null || (typeof File !== "undefined" && v instanceof File)),
      }),
    [t, f],
  );

  const form = useZodForm(schema, {
    defaultValues: {
      name: "",
      quantity: "",
      price: "",
      currency: "USD",
      date: "",
      category: "",
      workspace: "",
      notes: "",
      terms: false,
      file: null,
    },
  });

  // Stands in for a tRPC search query: async, filtered on the "server".
  const search = useCallback(async (q: string) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const needle = q.trim().toLowerCase();
    return WORKSPACES.filter((w) => !needle || w.label.toLowerCase().includes(needle) || w.value.includes(needle));
  }, []);

  return (
    <Card aria-labelledby="kit-form-title" className="print:hidden">
      <CardHeader>
        <CardTitle id="kit-form-title" as="h2">
          {t("formTitle")}
        </CardTitle>
      </CardHeader>
      <CardContent>
        <Form
          form={form}
          aria-labelledby="kit-form-title"
          onSubmit={(values) => {
            toast.success(t("saved"));
            form.reset(values);
          }}
          className="grid gap-5 md:grid-cols-2"
        >
          <TextField name="name" label={t("name")} description={t("nameDescription")} required />
          <NumberField name="quantity" label={t("quantity")} required />
          <MoneyField name="price" label={t("price")} currencyName="currency" currencies={["USD", "EUR", "JPY", "KWD"]} required />
          <DateField name="date" label={t("date")} required />
          <SelectField
            name="category"
            label={t("category")}
            required
            options={[
              { value: "goods", label: t("categories.goods") },
              { value: "services", label: t("categories.services") },
            ]}
          />
          <ComboboxField name="workspace" label={t("workspace")} search={search} required />
          <TextareaField name="notes" label={t("notes")} className="md:col-span-2" />
          <FileField name="file" label={t("file")} maxBytes={5 * 1024 * 1024} />
          <CheckboxField name="terms" label={t("terms")} required className="self-end" />
          <div className="md:col-span-2">
            <SubmitButton />
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}
