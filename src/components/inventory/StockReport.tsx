"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { ITEM_STATUSES } from "@/server/modules/inventory/inventory.schemas";
import { STOCK_GROUPINGS, STOCK_REPORT, STOCK_REPORT_KEY, type StockGrouping } from "@/server/modules/inventory/reports.schemas";
import { useTRPC } from "@/trpc/react";

import { ReportTotals, Segmented, useGrouping, useStockFilterOptions, useTotalsInput } from "./report-controls";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["reports"]["stock"]>;

/** The stock on hand report: grouped by item / location / lot, filters, totals, export; links to items and lot traces. */
export function StockReport({ basePath }: { basePath: string }) {
  const t = useTranslations("inventoryReports");
  const ti = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const [group, setGroup] = useGrouping<StockGrouping>(STOCK_REPORT, STOCK_GROUPINGS);
  const options = useStockFilterOptions();
  const num = (v: string) => <span className="tabular-nums">{format.number(v)}</span>;
  const money = (v: string) => <span className="tabular-nums">{format.number(v, { minimumFractionDigits: 2 })}</span>;

  const columns = useMemo<DataTableColumn<Row>[]>(() => {
    const item: DataTableColumn<Row>[] = [
      { id: "sku", header: t("columns.sku"), cell: (r) => <Link className="font-mono text-sm underline-offset-4 hover:underline" href={`${basePath}/items/${r.itemId}`}>{r.sku}</Link>, hideable: false, className: "whitespace-nowrap" },
      { id: "item", header: t("columns.item"), cell: (r) => r.itemName },
    ];
    const where: DataTableColumn<Row>[] =
      group === "location"
        ? [
            { id: "warehouse", header: t("columns.warehouse"), cell: (r) => r.warehouseCode, className: "whitespace-nowrap" },
            { id: "location", header: t("columns.location"), cell: (r) => r.locationCode, className: "whitespace-nowrap" },
          ]
        : group === "lot"
          ? [
              {
                id: "lot",
                header: t("columns.lot"),
                cell: (r) => (r.lotNumber && r.lotId ? <Link className="underline-offset-4 hover:underline" href={`${basePath}/trace?lot=${encodeURIComponent(r.lotNumber)}&id=${r.lotId}`}>{r.lotNumber}</Link> : "—"),
                className: "whitespace-nowrap",
              },
              { id: "expiresOn", header: t("columns.expiresOn"), cell: (r) => (r.expiresOn ? format.date(r.expiresOn) : "—"), className: "whitespace-nowrap" },
            ]
          : [];
    return [
      ...(group === "location" ? [...where, ...item] : [...item, ...where]),
      { id: "onHand", header: t("columns.onHand"), cell: (r) => num(r.onHand), className: "text-right" },
      { id: "reserved", header: t("columns.reserved"), cell: (r) => num(r.reserved), className: "text-right" },
      { id: "available", header: t("columns.available"), cell: (r) => num(r.available), className: "text-right" },
      { id: "unitCost", header: t("columns.unitCost"), cell: (r) => money(r.unitCost), className: "text-right" },
      { id: "value", header: t("columns.value"), cell: (r) => money(r.value), className: "text-right" },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- num / money only close over format
  }, [t, format, group, basePath]);

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "warehouse", label: t("filters.warehouse"), options: options.warehouses },
      { id: "location", label: t("filters.location"), options: options.locations },
      { id: "category", label: t("filters.category"), options: options.categories },
      { id: "lot", label: t("filters.lot"), placeholder: t("filters.lotPlaceholder") },
      { id: "status", label: t("filters.status"), options: ITEM_STATUSES.map((v) => ({ value: v, label: ti(`status.${v}`) })) },
      { id: "stock", label: t("filters.stock"), options: [{ value: "inStock", label: t("filters.inStock") }] },
    ],
    [t, ti, options.warehouses, options.locations, options.categories],
  );

  return (
    <div className="grid gap-3">
      <StockTotals />
      <DataTable
        listKey={STOCK_REPORT_KEY}
        label={t("stock.tableLabel")}
        spec={STOCK_REPORT}
        procedure={trpc.inventory.reports.stock}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => [r.sku, r.locationCode, r.lotNumber].filter(Boolean).join(" ")}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("stock.empty")}
        exportKey={STOCK_REPORT_KEY}
        toolbar={
          <Segmented
            label={t("groupBy")}
            value={group}
            onChange={setGroup}
            options={STOCK_GROUPINGS.map((g) => ({ value: g, label: t(`stock.group.${g}`) }))}
          />
        }
      />
    </div>
  );
}

/** Totals of the filtered report (its own query over the same input). */
function StockTotals() {
  const trpc = useTRPC();
  const input = useTotalsInput(STOCK_REPORT);
  const q = useQuery(trpc.inventory.reports.stockTotals.queryOptions(input as never, { placeholderData: (prev) => prev }));
  return <ReportTotals query={q} keys={["groups", "onHand", "reserved", "available", "value"]} className="grid grid-cols-2 sm:grid-cols-5" />;
}
