"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { z } from "zod";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { CheckboxField, DialogFormActions, Form, SelectField, TextField, useZodForm } from "@/components/form";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { countScopeText, type CountScope } from "@/server/modules/inventory/count-scope";
import { COUNTS_LIST, COUNTS_LIST_KEY, LIST_LIVE_DIFFERENCES_MAX } from "@/server/modules/inventory/counts.schemas";
import { useTRPC } from "@/trpc/react";

import { activeLocationOptions, categoryOptions } from "./tree-options";
import { useValidation, type ValidationT } from "./validation";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["counts"]["list"]>;

export const COUNT_STATUSES = ["counting", "review", "posted", "cancelled"] as const;
export const COUNT_STATUS_TONE: Record<string, StatusTone> = { counting: "info", review: "warning", posted: "success", cancelled: "neutral" };

/** The count's scope text (count-scope.ts, the same as the export's) with the words in the user's language. */
export function scopeText(t: (key: "scopeAll" | "scopeSubtree", values?: Record<string, string>) => string, c: CountScope) {
  return countScopeText(c, { subtree: (code) => t("scopeSubtree", { code }), wholeWarehouse: t("scopeAll") });
}

/** The cycle count list: keyset pages by number (newest first), filters status and warehouse, export, "New count". */
export function CountsList({ basePath, canCount }: { basePath: string; canCount: boolean }) {
  const t = useTranslations("inventoryCounts");
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "number", header: t("columns.number"), cell: (r) => <span className="font-mono text-sm">{r.number}</span>, className: "whitespace-nowrap", hideable: false },
      { id: "warehouse", header: t("columns.warehouse"), cell: (r) => r.warehouseCode },
      { id: "scope", header: t("columns.scope"), cell: (r) => scopeText(t, r) },
      {
        id: "status",
        header: t("columns.status"),
        cell: (r) => (
          <span className="inline-flex items-center gap-2">
            <StatusBadge label={t(`status.${r.status as "counting"}`)} tone={COUNT_STATUS_TONE[r.status] ?? "neutral"} />
            {r.blind ? <span className="text-xs text-muted-foreground">{t("blindTag")}</span> : null}
          </span>
        ),
      },
      { id: "lines", header: t("columns.lines"), cell: (r) => <span className="tabular-nums">{format.number(r.lineCount)}</span>, className: "text-right" },
      { id: "counted", header: t("columns.counted"), cell: (r) => <span className="tabular-nums">{format.number(r.countedCount)}</span>, className: "text-right" },
      {
        id: "differences",
        header: t("columns.differences"),
        cell: (r) =>
          r.differenceCount === null ? (
            <span title={r.differenceHidden === "large" ? t("hiddenLarge", { max: LIST_LIVE_DIFFERENCES_MAX }) : t("hiddenBlind")}>—</span>
          ) : (
            <span className="tabular-nums">{format.number(r.differenceCount)}</span>
          ),
        className: "text-right",
      },
      { id: "createdAt", header: t("columns.created"), cell: (r) => format.dateTime(new Date(r.createdAt), { dateStyle: "medium" }), hiddenByDefault: true },
    ],
    [t, format],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: COUNT_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) })) },
      { id: "warehouse", label: t("filters.warehouse"), options: (warehouses.data?.rows ?? []).map((w) => ({ value: w.id, label: w.code })) },
    ],
    [t, warehouses.data],
  );

  return (
    <>
      <DataTable
        listKey={COUNTS_LIST_KEY}
        label={t("tableLabel")}
        spec={COUNTS_LIST}
        procedure={trpc.inventory.counts.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => r.number}
        rowHref={(r) => `${basePath}/${r.id}`}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        exportKey={COUNTS_LIST_KEY}
        toolbar={canCount ? <Button onClick={() => setCreating(true)}>{t("new")}</Button> : null}
      />
      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? (
          <NewCountDialog
            onDone={(id) => {
              setCreating(false);
              if (id) router.push(`${basePath}/${id}`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

const newCountForm = (v: ValidationT) => z.object({
  warehouseId: z.uuid(v("chooseWarehouse")),
  locationId: z.string(),
  locationCodeFrom: z.string().trim().max(50, v("maxChars", { max: 50 })),
  locationCodeTo: z.string().trim().max(50, v("maxChars", { max: 50 })),
  categoryId: z.string(),
  blind: z.boolean(),
  note: z.string().trim().max(1000, v("maxChars", { max: 1000 })),
});

/** "New count": warehouse, optionally a location (its subtree), a location code range and a category (its subtree), blind. */
function NewCountDialog({ onDone }: { onDone: (id?: string) => void }) {
  const t = useTranslations("inventoryCounts");
  const trpc = useTRPC();
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const categories = useQuery(trpc.inventory.categories.tree.queryOptions());
  const v = useValidation();
  const schema = useMemo(() => newCountForm(v), [v]);
  const form = useZodForm(schema, { defaultValues: { warehouseId: "", locationId: "", locationCodeFrom: "", locationCodeTo: "", categoryId: "", blind: false, note: "" } });
  const warehouseId = useWatch({ control: form.control, name: "warehouseId" });
  useEffect(() => form.resetField("locationId", { defaultValue: "" }), [warehouseId, form]);
  const locations = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId }, { enabled: /^[0-9a-f-]{36}$/i.test(warehouseId ?? "") }));
  const locationChoices = useMemo(() => [{ value: "", label: t("create.wholeWarehouse") }, ...activeLocationOptions(locations.data?.roots ?? [])], [locations.data, t]);
  const categoryChoices = useMemo(() => [{ value: "", label: t("create.allCategories") }, ...categoryOptions(categories.data?.roots ?? [])], [categories.data, t]);
  const create = useMutation(trpc.inventory.counts.create.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("create.title")}</DialogTitle>
      <DialogDescription>{t("create.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (v) => {
          const count = await create.mutateAsync({
            warehouseId: v.warehouseId, locationId: v.locationId || undefined, locationCodeFrom: v.locationCodeFrom || undefined,
            locationCodeTo: v.locationCodeTo || undefined, categoryId: v.categoryId || undefined, blind: v.blind, note: v.note || undefined,
          });
          onDone(count.id);
        }}
      >
        <SelectField
          name="warehouseId"
          label={t("create.warehouse")}
          required
          placeholder={warehouses.isPending ? t("loading") : t("create.chooseWarehouse")}
          options={(warehouses.data?.rows ?? []).map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` }))}
        />
        <SelectField name="locationId" label={t("create.location")} description={t("create.locationHint")} placeholder={false} options={locationChoices} disabled={!warehouseId} />
        <div className="grid grid-cols-2 gap-3">
          <TextField name="locationCodeFrom" label={t("create.codeFrom")} description={t("create.codeHint")} />
          <TextField name="locationCodeTo" label={t("create.codeTo")} />
        </div>
        <SelectField name="categoryId" label={t("create.category")} description={t("create.categoryHint")} placeholder={false} options={categoryChoices} />
        <CheckboxField name="blind" label={t("create.blind")} description={t("create.blindHint")} />
        <TextField name="note" label={t("create.note")} />
        <DialogFormActions submit={t("create.submit")} />
      </Form>
    </DialogContent>
  );
}
