"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { ComboboxField, DialogFormActions, Form, NumberField, SelectField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { cn } from "@/lib/utils";
import {
  REORDER_RULES_LIST,
  REORDER_RULES_LIST_KEY,
  REORDER_STATUSES,
  REORDER_SUGGESTIONS_LIST,
  REORDER_SUGGESTIONS_LIST_KEY,
  ZReorderRuleFields,
  type ReorderStatus,
} from "@/server/modules/inventory/reorder.schemas";
import { useTRPC } from "@/trpc/react";

import { useItemSearch } from "./item-search";
import { inventoryLinks } from "./links";
import { categoryOptions } from "./tree-options";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["reorder"]["suggestions"]>;

const REORDER_STATUS_TONE: Record<ReorderStatus, StatusTone> = { out_of_stock: "danger", low: "warning", reorder: "info", in_stock: "success" };

/** Suggestions | Rules: two pages (each with its own URL-backed table), linked as tabs. */
export function ReorderTabs() {
  const t = useTranslations("inventoryReorder");
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const pathname = usePathname();
  const tabs = [
    { href: inventoryLinks.reorder(org, ws), label: t("tabs.suggestions"), active: !pathname.endsWith("/rules") },
    { href: inventoryLinks.rules(org, ws), label: t("tabs.rules"), active: pathname.endsWith("/rules") },
  ];
  return (
    <nav aria-label={t("tabs.label")} className="flex gap-1 border-b">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.active ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring",
            tab.active ? "border-primary font-medium" : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The filters both reorder tables share — warehouse, category and (when a link brought one) item — and the
 * warehouse choices (also the rule dialog's).
 */
function useFilterOptions() {
  const t = useTranslations("inventoryReorder");
  const trpc = useTRPC();
  const search = useSearchParams();
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const categories = useQuery(trpc.inventory.categories.tree.queryOptions());
  // An item filter arrives by link (dashboard, item page): label it with the item's SKU.
  const itemId = search.getAll("f.item").find((v) => /^[0-9a-f-]{36}$/i.test(v));
  const item = useQuery({ ...trpc.inventory.items.get.queryOptions({ id: itemId ?? "" }), enabled: Boolean(itemId) });
  return useMemo(() => {
    const warehouseChoices = (warehouses.data?.rows ?? []).map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` }));
    const categoryChoices = categoryOptions(categories.data?.roots ?? []).map((o) => ({ value: o.value, label: o.label.trim() }));
    const filters: DataTableFilter[] = [
      { id: "warehouse", label: t("filters.warehouse"), options: warehouseChoices },
      { id: "category", label: t("filters.category"), options: categoryChoices },
      ...(itemId ? [{ id: "item", label: t("filters.item"), options: [{ value: itemId, label: item.data ? `${item.data.sku} ${item.data.name}` : itemId }] }] : []),
    ];
    return { warehouses: warehouseChoices, filters };
  }, [t, warehouses.data, categories.data, itemId, item.data]);
}

function qty(format: ReturnType<typeof useFormat>, v: string | null) {
  return v === null ? "—" : format.number(v, { maximumFractionDigits: 4 });
}

/** Reorder suggestions: one row per rule with available, incoming, status and the quantity to order. */
export function ReorderSuggestionsList({ canExport }: { canExport: boolean }) {
  const t = useTranslations("inventoryReorder");
  const format = useFormat();
  const trpc = useTRPC();
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const options = useFilterOptions();

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "item", header: t("columns.item"), cell: (r) => (<span><span className="font-mono text-sm">{r.sku}</span> <span className="text-muted-foreground">{r.itemName}</span>{r.variantSku ? <span className="ml-1 font-mono text-xs">({r.variantSku})</span> : null}</span>), hideable: false },
      { id: "warehouse", header: t("columns.warehouse"), cell: (r) => r.warehouseCode },
      { id: "status", header: t("columns.status"), cell: (r) => <StatusBadge label={t(`status.${r.status}`)} tone={REORDER_STATUS_TONE[r.status]} /> },
      { id: "onHand", header: t("columns.onHand"), cell: (r) => qty(format, r.onHand), className: "text-right tabular-nums", hiddenByDefault: true },
      { id: "reserved", header: t("columns.reserved"), cell: (r) => qty(format, r.reserved), className: "text-right tabular-nums", hiddenByDefault: true },
      { id: "available", header: t("columns.available"), cell: (r) => qty(format, r.available), className: "text-right tabular-nums" },
      { id: "incoming", header: t("columns.incoming"), cell: (r) => qty(format, r.incoming), className: "text-right tabular-nums" },
      { id: "min", header: t("columns.min"), cell: (r) => qty(format, r.minQty), className: "text-right tabular-nums", hiddenByDefault: true },
      { id: "reorderPoint", header: t("columns.reorderPoint"), cell: (r) => qty(format, r.reorderPoint), className: "text-right tabular-nums" },
      { id: "max", header: t("columns.max"), cell: (r) => qty(format, r.maxQty), className: "text-right tabular-nums", hiddenByDefault: true },
      { id: "suggested", header: t("columns.suggested"), cell: (r) => <span className={cn(r.suggestedQty !== "0" && "font-semibold")}>{qty(format, r.suggestedQty)}</span>, className: "text-right tabular-nums" },
    ],
    [t, format],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: REORDER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) },
      ...options.filters,
    ],
    [t, options.filters],
  );
  return (
    <DataTable
      listKey={REORDER_SUGGESTIONS_LIST_KEY}
      label={t("suggestions.tableLabel")}
      spec={REORDER_SUGGESTIONS_LIST}
      procedure={trpc.inventory.reorder.suggestions}
      columns={columns}
      filters={filters}
      getRowLabel={(r) => `${r.sku} ${r.warehouseCode}`}
      rowHref={(r) => inventoryLinks.item(org, ws, r.itemId, "stock")}
      searchPlaceholder={t("searchPlaceholder")}
      emptyMessage={t("suggestions.empty")}
      exportKey={canExport ? REORDER_SUGGESTIONS_LIST_KEY : undefined}
    />
  );
}

type RuleRow = RowOf<ReturnType<typeof useTRPC>["inventory"]["reorder"]["rules"]["list"]>;

/** Reorder rules: list, "New rule", edit and delete (inventory.reorder.manage). */
export function ReorderRulesList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("inventoryReorder");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useFilterOptions();
  const [editing, setEditing] = useState<RuleRow | "new" | null>(null);
  const [deleting, setDeleting] = useState<RuleRow | null>(null);

  const columns = useMemo<DataTableColumn<RuleRow>[]>(() => {
    const cols: DataTableColumn<RuleRow>[] = [
      { id: "item", header: t("columns.item"), cell: (r) => (<span><span className="font-mono text-sm">{r.sku}</span> <span className="text-muted-foreground">{r.itemName}</span></span>), hideable: false },
      { id: "warehouse", header: t("columns.warehouse"), cell: (r) => r.warehouseCode },
      { id: "min", header: t("columns.min"), cell: (r) => qty(format, r.minQty), className: "text-right tabular-nums" },
      { id: "reorderPoint", header: t("columns.reorderPoint"), cell: (r) => qty(format, r.reorderPoint), className: "text-right tabular-nums" },
      { id: "max", header: t("columns.max"), cell: (r) => qty(format, r.maxQty), className: "text-right tabular-nums" },
      { id: "reorderQty", header: t("columns.reorderQty"), cell: (r) => qty(format, r.reorderQty), className: "text-right tabular-nums" },
      { id: "status", header: t("columns.status"), cell: (r) => <StatusBadge label={t(`status.${r.status}`)} tone={REORDER_STATUS_TONE[r.status]} /> },
    ];
    if (canManage)
      cols.push({
        id: "actions",
        header: t("columns.actions"),
        hideable: false,
        cell: (r) => (
          <div className="flex justify-end gap-1" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
            <Button variant="outline" size="sm" aria-label={t("rules.editLabel", { sku: r.sku, warehouse: r.warehouseCode })} onClick={() => setEditing(r)}>
              {t("rules.edit")}
            </Button>
            <Button variant="outline" size="sm" aria-label={t("rules.deleteLabel", { sku: r.sku, warehouse: r.warehouseCode })} onClick={() => setDeleting(r)}>
              {t("rules.delete")}
            </Button>
          </div>
        ),
      });
    return cols;
  }, [t, format, canManage]);
  const filters = options.filters;
  return (
    <>
      <DataTable
        listKey={REORDER_RULES_LIST_KEY}
        label={t("rules.tableLabel")}
        spec={REORDER_RULES_LIST}
        procedure={trpc.inventory.reorder.rules.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.sku} ${r.warehouseCode}`}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("rules.empty")}
        toolbar={canManage ? <Button onClick={() => setEditing("new")}>{t("rules.new")}</Button> : null}
      />
      <Dialog open={editing !== null} onOpenChange={(o) => (o ? null : setEditing(null))}>
        {editing ? <RuleDialog rule={editing === "new" ? null : editing} warehouses={options.warehouses} onDone={() => setEditing(null)} /> : null}
      </Dialog>
      <Dialog open={deleting !== null} onOpenChange={(o) => (o ? null : setDeleting(null))}>
        {deleting ? <DeleteRuleDialog rule={deleting} onDone={() => setDeleting(null)} /> : null}
      </Dialog>
    </>
  );
}

function RuleDialog({ rule, warehouses, onDone }: { rule: RuleRow | null; warehouses: { value: string; label: string }[]; onDone: () => void }) {
  const t = useTranslations("inventoryReorder");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZReorderRuleFields, {
    defaultValues: {
      itemId: rule?.itemId ?? "",
      variantId: rule?.variantId ?? "",
      warehouseId: rule?.warehouseId ?? (warehouses.length === 1 ? warehouses[0]!.value : ""),
      minQty: rule?.minQty ?? "",
      maxQty: rule?.maxQty ?? "",
      reorderPoint: rule?.reorderPoint ?? "",
      reorderQty: rule?.reorderQty ?? "",
    },
  });
  const save = useMutation(trpc.inventory.reorder.rules.upsert.mutationOptions());
  const search = useItemSearch({ nameBelow: true });
  return (
    <DialogContent>
      <DialogTitle>{rule ? t("rules.editTitle", { sku: rule.sku }) : t("rules.newTitle")}</DialogTitle>
      <DialogDescription>{t("rules.formDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (values) => {
          await save.mutateAsync(rule ? { ...values, id: rule.id, version: rule.version } : values);
          await queryClient.invalidateQueries(trpc.inventory.reorder.pathFilter());
          toast.success(t("rules.saved"));
          onDone();
        }}
      >
        <ComboboxField name="itemId" label={t("fields.item")} search={search} required placeholder={t("fields.pickItem")} selected={rule ? { value: rule.itemId, label: rule.sku, description: rule.itemName } : undefined} />
        <SelectField name="warehouseId" label={t("fields.warehouse")} options={warehouses} required />
        <div className="grid grid-cols-2 gap-3">
          <NumberField name="minQty" label={t("fields.min")} />
          <NumberField name="reorderPoint" label={t("fields.reorderPoint")} required />
          <NumberField name="maxQty" label={t("fields.max")} />
          <NumberField name="reorderQty" label={t("fields.reorderQty")} required />
        </div>
        <p className="text-xs text-muted-foreground">{t("fields.formula")}</p>
        <DialogFormActions submit={t("rules.save")} />
      </Form>
    </DialogContent>
  );
}

function DeleteRuleDialog({ rule, onDone }: { rule: RuleRow; onDone: () => void }) {
  const t = useTranslations("inventoryReorder");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const del = useMutation(trpc.inventory.reorder.rules.delete.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("rules.deleteTitle", { sku: rule.sku, warehouse: rule.warehouseCode })}</DialogTitle>
      <DialogDescription>{t("rules.deleteDescription")}</DialogDescription>
      {del.error ? (
        <p role="alert" className="text-sm text-destructive">
          {del.error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={del.isPending}>
          {common("cancel")}
        </Button>
        <Button
          variant="destructive"
          disabled={del.isPending}
          onClick={() =>
            del.mutate(
              { id: rule.id, version: rule.version },
              {
                onSuccess: async () => {
                  await queryClient.invalidateQueries(trpc.inventory.reorder.pathFilter());
                  toast.success(t("rules.deleted"));
                  onDone();
                },
              },
            )
          }
        >
          {t("rules.confirmDelete")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
