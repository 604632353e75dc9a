"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { toast } from "sonner";

import { CheckboxField, DialogFormActions, Form, NumberField, SelectField, TextField, useZodForm } from "@/components/form";
import { DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { ITEM_STATUSES, ITEM_TYPES, ZCreateItemInput } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { categoryOptions } from "./tree-options";

/** Choices the item forms need: categories (flattened tree), the active units of measure and tax rates. */
export function useItemFormOptions() {
  const trpc = useTRPC();
  const categories = useQuery(trpc.inventory.categories.tree.queryOptions());
  const units = useQuery(trpc.inventory.items.formOptions.queryOptions(undefined, { staleTime: 60_000 }));
  return useMemo(
    () => ({
      isPending: categories.isPending || units.isPending,
      isError: categories.isError || units.isError,
      categories: categoryOptions(categories.data?.roots ?? []),
      units: (units.data?.units ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
      unitCodes: new Map((units.data?.units ?? []).map((u) => [u.id, u.code])),
      taxRates: units.data?.taxRates ?? [],
    }),
    [categories.data, categories.isPending, categories.isError, units.data, units.isPending, units.isError],
  );
}

export type ItemFormOptions = ReturnType<typeof useItemFormOptions>;

/** The item's main fields (the create dialog; the Overview tab's first section). */
export function ItemFields({ options, withStatus, disabled, skuHint }: { options: ItemFormOptions; withStatus?: boolean; disabled?: boolean; skuHint?: string }) {
  const t = useTranslations("inventory");
  return (
    <>
      <TextField name="sku" label={t("fields.sku")} required={!skuHint} description={skuHint} maxLength={64} disabled={disabled} />
      <TextField name="name" label={t("fields.name")} required maxLength={200} disabled={disabled} />
      <SelectField name="type" label={t("fields.type")} options={ITEM_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} placeholder={false} disabled={disabled} />
      {withStatus ? (
        <SelectField name="status" label={t("fields.status")} options={ITEM_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) }))} placeholder={false} disabled={disabled} />
      ) : null}
      <SelectField name="categoryId" label={t("fields.category")} options={options.categories} placeholder={t("fields.noCategory")} disabled={disabled} />
      <SelectField name="baseUnitId" label={t("fields.baseUnit")} options={options.units} placeholder={t("fields.chooseUnit")} required disabled={disabled} />
      <NumberField name="listPrice" label={t("fields.listPrice")} disabled={disabled} />
      <NumberField name="standardUnitCost" label={t("fields.standardUnitCost")} disabled={disabled} />
      <div className="grid gap-2 sm:col-span-2">
        <CheckboxField name="trackInventory" label={t("fields.trackInventory")} disabled={disabled} />
        <CheckboxField name="lotControl" label={t("fields.lotControl")} disabled={disabled} />
        <CheckboxField name="serialControl" label={t("fields.serialControl")} disabled={disabled} />
      </div>
    </>
  );
}

/** "New item": SKU, name, type, category, base unit, prices, tracking; server errors land on their fields. */
export function CreateItemDialog({ onDone }: { onDone: (item: { id: string } | null) => void }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useItemFormOptions();
  const form = useZodForm(ZCreateItemInput, {
    defaultValues: {
      sku: "", name: "", type: "product", categoryId: "", baseUnitId: "", listPrice: "", standardUnitCost: "",
      trackInventory: true, lotControl: false, serialControl: false,
    },
  });
  const create = useMutation(trpc.inventory.items.create.mutationOptions());
  // A category with a part-number series numbers the item when the SKU is left empty.
  const tc = useTranslations("inventoryCategories");
  const tree = useQuery(trpc.inventory.categories.tree.queryOptions());
  const categoryId = form.watch("categoryId");
  const series = useMemo(() => (categoryId ? findSeries(tree.data?.roots ?? [], categoryId) : null), [tree.data, categoryId]);
  return (
    <DialogContent className="sm:max-w-2xl">
      <DialogTitle>{t("create.title")}</DialogTitle>
      <DialogDescription>{t("create.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          const item = await create.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.items.list.pathFilter());
          toast.success(t("create.done", { sku: item.sku }));
          onDone(item);
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <ItemFields options={options} skuHint={series ? tc("series.skuAssigned", { next: series.nextNumber }) : undefined} />
        </div>
        <DialogFormActions submit={t("create.submit")} />
      </Form>
    </DialogContent>
  );
}

type SeriesNode = { id: string; series: { nextNumber: string } | null; children: readonly SeriesNode[] };
function findSeries(nodes: readonly SeriesNode[], id: string): { nextNumber: string } | null {
  for (const n of nodes) {
    if (n.id === id) return n.series;
    const inner = findSeries(n.children, id);
    if (inner) return inner;
  }
  return null;
}
