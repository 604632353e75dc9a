"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";

import { atFirstPage, DataTable, useTableState, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { VALUATION_GROUPINGS, VALUATION_REPORT, VALUATION_REPORT_KEY, type ValuationGrouping } from "@/server/modules/inventory/reports.schemas";
import { useTRPC } from "@/trpc/react";

import { ReportTotals, Segmented, useGrouping, useStockFilterOptions, useTotalsInput } from "./report-controls";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["reports"]["valuation"]>;

/** The valuation as of the end of a day (organization's time zone): per item / category / warehouse, totals, export. */
export function ValuationReport({ basePath }: { basePath: string }) {
  const t = useTranslations("inventoryReports");
  const format = useFormat();
  const trpc = useTRPC();
  const [group, setGroup] = useGrouping<ValuationGrouping>(VALUATION_REPORT, VALUATION_GROUPINGS);
  const options = useStockFilterOptions();

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      {
        id: "code",
        header: t(`valuation.code.${group}`),
        cell: (r) =>
          group === "item" ? (
            <Link className="font-mono text-sm underline-offset-4 hover:underline" href={`${basePath}/items/${r.id}`}>{r.code}</Link>
          ) : (
            (r.code ?? t("valuation.noCategory"))
          ),
        hideable: false,
        className: "whitespace-nowrap",
      },
      { id: "name", header: t("columns.name"), cell: (r) => r.name ?? "—" },
      { id: "quantity", header: t("columns.quantity"), cell: (r) => <span className="tabular-nums">{format.number(r.quantity)}</span>, className: "text-right" },
      ...(group === "item"
        ? [{ id: "unitCost", header: t("columns.unitCost"), cell: (r: Row) => (r.unitCost ? <span className="tabular-nums">{format.number(r.unitCost, { minimumFractionDigits: 2 })}</span> : "—"), className: "text-right" }]
        : []),
      { id: "value", header: t("columns.value"), cell: (r) => <span className="tabular-nums">{format.number(r.value, { minimumFractionDigits: 2 })}</span>, className: "text-right" },
    ],
    [t, format, group, basePath],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "category", label: t("filters.category"), options: options.categories },
      { id: "warehouse", label: t("filters.warehouse"), options: options.warehouses },
    ],
    [t, options.categories, options.warehouses],
  );

  return (
    <div className="grid gap-3">
      <ValuationTotals />
      <DataTable
        listKey={VALUATION_REPORT_KEY}
        label={t("valuation.tableLabel")}
        spec={VALUATION_REPORT}
        procedure={trpc.inventory.reports.valuation}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => [r.code, r.name].filter(Boolean).join(" ")}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("valuation.empty")}
        exportKey={VALUATION_REPORT_KEY}
        toolbar={
          <div className="flex flex-wrap items-center gap-3">
            <AsOfInput />
            <Segmented label={t("groupBy")} value={group} onChange={setGroup} options={VALUATION_GROUPINGS.map((g) => ({ value: g, label: t(`valuation.group.${g}`) }))} />
          </div>
        }
      />
    </div>
  );
}

/** The valuation date (the `asOf` filter); empty: now. */
function AsOfInput() {
  const t = useTranslations("inventoryReports");
  const id = useId();
  const { state, setState } = useTableState(VALUATION_REPORT);
  const f = state.filters.asOf;
  const value = f?.type === "text" ? f.value : "";
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor={id}>{t("valuation.asOf")}</Label>
      <Input
        id={id}
        type="date"
        className="h-8 w-40"
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          setState((s) => {
            const filters = { ...s.filters };
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) filters.asOf = { type: "text", value: v };
            else delete filters.asOf;
            return atFirstPage({ ...s, filters });
          });
        }}
      />
      <span className="text-xs text-muted-foreground">{value ? t("valuation.endOfDay") : t("valuation.now")}</span>
    </div>
  );
}

function ValuationTotals() {
  const trpc = useTRPC();
  const input = useTotalsInput(VALUATION_REPORT);
  const q = useQuery(trpc.inventory.reports.valuationTotals.queryOptions(input as never, { placeholderData: (prev) => prev }));
  return <ReportTotals query={q} keys={["groups", "quantity", "value"]} className="grid grid-cols-3" />;
}
