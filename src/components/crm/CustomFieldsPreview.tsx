"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { z } from "zod";

import { Form, SubmitButton, useZodForm } from "@/components/form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { useTRPC, useTRPCClient } from "@/trpc/react";

import { CustomFieldsEditor, customFieldDefaults } from "./CustomFieldsEditor";

const ZPreview = z.object({ customFields: z.record(z.string(), z.unknown()) });

/** The customer form's custom fields as members will see them, checked by the server like a real save. */
export function CustomFieldsPreview() {
  const t = useTranslations("crmFields.preview");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const list = useQuery(trpc.crm.customFields.list.queryOptions({}));
  if (!list.data || list.data.rows.length === 0) return null;
  // Remount the form when the definitions change, so its default values follow them.
  const key = list.data.rows.map((d) => `${d.id}:${d.version}`).join(",");
  return (
    <Card aria-label={t("title")}>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </CardHeader>
      <CardContent>
        <PreviewForm key={key} definitions={list.data.rows} check={(customFields) => client.crm.customFields.check.query({ customFields })} />
      </CardContent>
    </Card>
  );
}

function PreviewForm({
  definitions,
  check,
}: {
  definitions: Parameters<typeof customFieldDefaults>[0];
  check: (values: Record<string, unknown>) => Promise<{ customFields: Record<string, unknown> }>;
}) {
  const t = useTranslations("crmFields.preview");
  const [result, setResult] = useState<string | null>(null);
  const form = useZodForm(ZPreview, { defaultValues: { customFields: customFieldDefaults(definitions) } });
  return (
    <Form
      form={form}
      guardUnsavedChanges={false}
      onSubmit={async (values) => {
        setResult(null);
        const checked = await check(values.customFields);
        setResult(JSON.stringify(checked.customFields));
      }}
    >
      <CustomFieldsEditor definitions={definitions} />
      <div className="flex items-center gap-3">
        <SubmitButton>{t("check")}</SubmitButton>
        {result ? (
          <p role="status" className="text-sm text-muted-foreground">
            {t("valid", { values: result })}
          </p>
        ) : null}
      </div>
    </Form>
  );
}
