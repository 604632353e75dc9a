"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { CheckboxField, DialogFormActions, Form, NumberField, SelectField, SubmitButton, TextField, useZodForm } from "@/components/form";
import { DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { ITEM_STATUSES, ITEM_TYPES, ZCreateItemInput } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { categoryOptions } from "./tree-options";
import { useValidation, type ValidationT } from "./validation";

/** Choices the item forms need: categories (flattened tree) and the active units of measure. */
function useItemFormOptions() {
  const trpc = useTRPC();
  const categories = useQuery(trpc.inventory.categories.tree.queryOptions());
  const units = useQuery(trpc.inventory.items.formOptions.queryOptions(undefined, { staleTime: 60_000 }));
  return useMemo(
    () => ({
      isPending: categories.isPending || units.isPending,
      isError: categories.isError || units.isError,
      categories: categoryOptions(categories.data?.roots ?? []),
      units: (units.data?.units ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })),
    }),
    [categories.data, categories.isPending, categories.isError, units.data, units.isPending, units.isError],
  );
}

type ItemFormValues = {
  sku: string;
  name: string;
  type: (typeof ITEM_TYPES)[number];
  status?: (typeof ITEM_STATUSES)[number];
  categoryId: string;
  baseUnitId: string;
  listPrice: string;
  standardUnitCost: string;
  trackInventory: boolean;
  lotControl: boolean;
  serialControl: boolean;
};

/** The item's fields (shared by the create dialog and the Overview tab). */
function ItemFields({ options, withStatus, disabled, skuHint }: { options: ReturnType<typeof useItemFormOptions>; withStatus?: boolean; disabled?: boolean; skuHint?: string }) {
  const t = useTranslations("inventory");
  return (
    <div className="grid gap-3 sm:grid-cols-2">
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
    </div>
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
        <ItemFields options={options} skuHint={series ? tc("series.skuAssigned", { next: series.nextNumber }) : undefined} />
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

/** A stored 6-decimal price shown with at least 2 decimals: "0.900000" → "0.90", "5.123400" → "5.1234". */
const shortPrice = (v: string | null) => (v === null ? "" : v.replace(/(\.\d\d\d*?)0+$/, "$1"));

type ItemDetail = {
  id: string; version: number; sku: string; name: string; type: string; status: string; categoryId: string | null; baseUnitId: string;
  listPrice: string | null; standardUnitCost: string | null; trackInventory: boolean; lotControl: boolean; serialControl: boolean; archivedAt: Date | null;
};

/** On an existing item the SKU stays required (only a new item in a numbered category may leave it empty). */
const itemOverviewForm = (v: ValidationT) => ZCreateItemInput.extend({ sku: z.string().trim().min(1, v("enterSku")).max(64, v("maxChars", { max: 64 })) });

/** The Overview tab: the item's fields, saved with the version read (a stale one answers "changed by someone else"). */
export function ItemOverviewForm({ item, canManage }: { item: ItemDetail; canManage: boolean }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useItemFormOptions();
  const readOnly = !canManage || item.archivedAt !== null;
  const v = useValidation();
  const schema = useMemo(() => itemOverviewForm(v), [v]);
  const form = useZodForm(schema, {
    values: {
      sku: item.sku, name: item.name, type: item.type as ItemFormValues["type"], status: item.status as ItemFormValues["status"],
      categoryId: item.categoryId ?? "", baseUnitId: item.baseUnitId, listPrice: shortPrice(item.listPrice), standardUnitCost: shortPrice(item.standardUnitCost),
      trackInventory: item.trackInventory, lotControl: item.lotControl, serialControl: item.serialControl,
    },
  });
  const update = useMutation(trpc.inventory.items.update.mutationOptions());
  return (
    <Form
      form={form}
      className="grid gap-4"
      onReload={() => void queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }))}
      onSubmit={async (values) => {
        await update.mutateAsync({ ...values, id: item.id, version: item.version });
        await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
        await queryClient.invalidateQueries(trpc.inventory.items.list.pathFilter());
        toast.success(t("overview.saved"));
      }}
    >
      <ItemFields options={options} withStatus disabled={readOnly} />
      {readOnly ? null : (
        <div className="flex justify-end">
          <SubmitButton>{t("overview.save")}</SubmitButton>
        </div>
      )}
    </Form>
  );
}
