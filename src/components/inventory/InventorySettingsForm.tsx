"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

import { Form, NumberField, SubmitButton, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { ZDocumentSettingsInput } from "@/server/modules/inventory/documents.schemas";
import { useTRPC } from "@/trpc/react";

/** Inventory settings: the approval thresholds of stock adjustments and transfers (organization level). */
export function InventorySettingsForm() {
  const t = useTranslations("inventorySettings");
  const trpc = useTRPC();
  const settings = useQuery(trpc.inventory.documentSettings.get.queryOptions());
  if (settings.isPending) return <Skeleton className="h-64 w-full" aria-busy="true" aria-label={t("title")} />;
  if (settings.isError)
    return (
      <div className="grid justify-items-center gap-2 py-6">
        <p role="alert" className="text-sm text-destructive">
          {t("loadFailed")}
        </p>
        <Button variant="outline" onClick={() => void settings.refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  return <ThresholdsForm initial={settings.data} />;
}

function ThresholdsForm({ initial }: { initial: { quantityThreshold: string; valueThreshold: string } }) {
  const t = useTranslations("inventorySettings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZDocumentSettingsInput, { defaultValues: initial });
  const update = useMutation(trpc.inventory.documentSettings.update.mutationOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("approvalTitle")}</CardTitle>
        <CardDescription>{t("approvalDescription")}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form
          form={form}
          className="grid max-w-md gap-4"
          onSubmit={async (v) => {
            const saved = await update.mutateAsync(v);
            form.reset(saved);
            await queryClient.invalidateQueries(trpc.inventory.pathFilter());
            toast.success(t("saved"));
          }}
        >
          <NumberField name="quantityThreshold" label={t("quantityThreshold")} description={t("quantityHint")} />
          <NumberField name="valueThreshold" label={t("valueThreshold")} description={t("valueHint")} />
          <div>
            <SubmitButton>{t("save")}</SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}
