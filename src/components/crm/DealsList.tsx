"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import type { PresetViews } from "@/components/data-table/ViewsMenu";
import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { DEAL_STAGES, DEALS_LIST, DEALS_LIST_KEY, type DealStage } from "@/server/modules/crm/deals.schemas";
import { useTRPC } from "@/trpc/react";

type Row = RowOf<ReturnType<typeof useTRPC>["crm"]["deals"]["list"]>;

const TONE: Record<DealStage, StatusTone> = { lead: "neutral", qualified: "info", proposal: "info", negotiation: "warning", closing: "warning", won: "success", lost: "danger" };
const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

/** A built-in view: one enum filter set to one value. */
function enumView(name: string, filter: string, value: string): PresetViews["views"][number] {
  return { name, state: { filters: { [filter]: { type: "enum", values: [value] } } } };
}

/**
 * The deals list: keyset pages by number, sorting, filters (stage, owner, currency, expected close, closed — the
 * organization's days, as the dashboard counts them — archived), search over number and name, column choice, saved
 * views with "My open deals" / "Won" presets, CSV/XLSX export (crm.deals). Rows open the deal page.
 */
export function DealsList({ basePath, canExport }: { basePath: string; canExport: boolean }) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useQuery(trpc.crm.deals.owners.queryOptions());

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "number", header: t("fields.number"), cell: (r) => <span className="tabular-nums">{r.number}</span>, className: "whitespace-nowrap" },
      { id: "name", header: t("fields.name"), cell: (r) => <span className="font-medium">{r.name}</span>, hideable: false },
      { id: "customer", header: t("fields.customer"), cell: (r) => r.customerName },
      { id: "stage", header: t("fields.stage"), cell: (r) => <StatusBadge label={t(`stages.${r.stage}`)} tone={TONE[r.stage]} /> },
      { id: "value", header: t("fields.value"), cell: (r) => format.money(r.value, r.currency), className: "text-right tabular-nums whitespace-nowrap" },
      { id: "probability", header: t("fields.probability"), cell: (r) => `${r.probability}%`, className: "text-right tabular-nums" },
      { id: "expectedCloseDate", header: t("fields.expectedCloseDate"), cell: (r) => (r.expectedCloseDate ? format.date(r.expectedCloseDate) : "—"), className: "whitespace-nowrap" },
      { id: "owner", header: t("fields.owner"), cell: (r) => r.ownerName ?? "—" },
      {
        id: "closedAt",
        header: t("list.columns.closedAt"),
        cell: (r) => (r.closedAt ? <time dateTime={new Date(r.closedAt).toISOString()}>{format.dateTime(new Date(r.closedAt), WHEN)}</time> : "—"),
        className: "whitespace-nowrap",
      },
      {
        id: "createdAt",
        header: t("list.columns.createdAt"),
        cell: (r) => <time dateTime={new Date(r.createdAt).toISOString()}>{format.dateTime(new Date(r.createdAt), WHEN)}</time>,
        className: "whitespace-nowrap",
        hiddenByDefault: true,
      },
    ],
    [t, format],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "stage", label: t("fields.stage"), options: DEAL_STAGES.map((v) => ({ value: v, label: t(`stages.${v}`) })) },
      { id: "owner", label: t("fields.owner"), options: (options.data?.members ?? []).map((o) => ({ value: o.id, label: o.name })) },
      { id: "currency", label: t("fields.currency"), options: (options.data?.currencies ?? []).map((c) => ({ value: c, label: c })) },
      { id: "closeDate", label: t("list.filters.closeDate") },
      { id: "closed", label: t("list.filters.closed") },
      {
        id: "archived",
        label: t("list.filters.archived"),
        options: [
          { value: "active", label: t("list.filters.notArchived") },
          { value: "archived", label: t("list.filters.isArchived") },
        ],
      },
    ],
    [options.data, t],
  );

  const presetViews = useMemo<PresetViews>(
    () => ({
      label: t("list.presets.label"),
      views: [
        ...(options.data ? [enumView(t("list.presets.mine"), "owner", options.data.me)] : []),
        enumView(t("list.presets.won"), "stage", "won"),
      ],
    }),
    [options.data, t],
  );

  return (
    <DataTable
      listKey={DEALS_LIST_KEY}
      label={t("list.tableLabel")}
      spec={DEALS_LIST}
      procedure={trpc.crm.deals.list}
      countProcedure={trpc.crm.deals.count}
      columns={columns}
      filters={filters}
      getRowLabel={(r) => `${r.number} ${r.name}`}
      rowHref={(r) => `${basePath}/${r.id}`}
      exportKey={canExport ? DEALS_LIST_KEY : undefined}
      searchPlaceholder={t("list.searchPlaceholder")}
      emptyMessage={t("list.empty")}
      presetViews={presetViews}
    />
  );
}
