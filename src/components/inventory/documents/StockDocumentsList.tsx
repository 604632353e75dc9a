"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ChartPieIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { DOCUMENT_STATUSES } from "@/server/modules/inventory/documents.schemas";
import { ADJUSTMENTS_LIST, DOCUMENTS_LIST, DOCUMENTS_LIST_KEYS } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { STATUS_TONE, type DocumentKind } from "./kinds";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["adjustments"]["list"]>;

/** Stock adjustments or transfers: keyset pages by number (newest first), status filter, number search, URL state, export. */
export function StockDocumentsList({ kind, basePath, canCreate }: { kind: DocumentKind; basePath: string; canCreate: boolean }) {
  const t = useTranslations("inventoryDocuments");
  const format = useFormat();
  const trpc = useTRPC();
  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "number", header: t("columns.number"), cell: (r) => <span className="font-mono text-sm font-medium">{r.number}</span>, className: "whitespace-nowrap", hideable: false },
      { id: "date", header: t("columns.date"), cell: (r) => format.date(r.postedAt ?? r.createdAt), className: "whitespace-nowrap" },
      { id: "status", header: t("columns.status"), cell: (r) => <StatusBadge label={t(`status.${r.status as "draft"}`)} tone={STATUS_TONE[r.status] ?? "neutral"} /> },
      { id: "warehouse", header: kind === "adjustment" ? t("columns.warehouse") : t("columns.warehouses"), cell: (r) => <span className="font-mono text-sm">{r.warehouseCodes}</span> },
      kind === "adjustment"
        ? { id: "reason", header: t("columns.reason"), cell: (r) => <span className="line-clamp-1">{r.reason ?? "—"}</span> }
        : { id: "note", header: t("columns.note"), cell: (r) => <span className="line-clamp-1">{r.note ?? "—"}</span> },
      { id: "lines", header: t("columns.lines"), cell: (r) => <span className="tabular-nums">{format.number(r.lineCount)}</span>, className: "text-right" },
      { id: "quantity", header: t("columns.quantity"), cell: (r) => <span className="tabular-nums">{format.number(r.totalQuantity)}</span>, className: "text-right" },
      { id: "value", header: t("columns.value"), cell: (r) => <span className="tabular-nums">{format.number(r.totalValue, { minimumFractionDigits: 2 })}</span>, className: "text-right" },
    ],
    [t, format, kind],
  );
  // Adjustments filter by reason too (every reason, archived ones included: old documents carry them).
  const reasons = useQuery(trpc.inventory.adjustmentReasons.list.queryOptions({ includeArchived: true }, { enabled: kind === "adjustment" }));
  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("columns.status"), options: DOCUMENT_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) })) },
      ...(kind === "adjustment"
        ? [{ id: "reason", label: t("columns.reason"), options: (reasons.data ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` })) }]
        : []),
      { id: "posted", label: t("filters.posted") },
    ],
    [t, kind, reasons.data],
  );
  const procedure = kind === "adjustment" ? trpc.inventory.adjustments.list : trpc.inventory.transfers.list;
  return (
    <DataTable
      listKey={DOCUMENTS_LIST_KEYS[kind]}
      label={t(`${kind}.tableLabel`)}
      spec={kind === "adjustment" ? ADJUSTMENTS_LIST : DOCUMENTS_LIST}
      procedure={procedure}
      columns={columns}
      filters={filters}
      getRowLabel={(r) => r.number}
      rowHref={(r) => `${basePath}/${r.id}`}
      searchPlaceholder={t("searchPlaceholder")}
      emptyMessage={t(`${kind}.empty`)}
      exportKey={DOCUMENTS_LIST_KEYS[kind]}
      toolbar={
        <>
          {kind === "adjustment" ? (
            <Button variant="outline" asChild>
              <Link href={`${basePath}/by-reason`}>
                <ChartPieIcon aria-hidden="true" />
                {t("adjustment.byReason")}
              </Link>
            </Button>
          ) : null}
          {canCreate ? (
            <Button asChild>
              <Link href={`${basePath}/new`}>{t(`${kind}.new`)}</Link>
            </Button>
          ) : null}
        </>
      }
    />
  );
}
