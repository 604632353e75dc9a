"use client";

import { DownloadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { IMPORT_HISTORY_LIST, IMPORT_HISTORY_STATUSES } from "@/server/kernel/import/history-list";
import { useTRPC } from "@/trpc/react";

import type { ImportConfig, ImportsProxy } from "./types";

type Row = RowOf<ImportsProxy["history"]>;

const STATUS_VARIANT: Record<Row["status"], "default" | "secondary" | "outline" | "destructive"> = {
  uploaded: "outline",
  validating: "secondary",
  validated: "outline",
  committing: "secondary",
  done: "default",
  failed: "destructive",
};

/** The organization's past imports (<module>.imports.history): newest first, keyset pages; a row opens its import. */
export function ImportHistory({ config, org }: { config: ImportConfig; org: string }) {
  const t = useTranslations(`${config.namespace}.history` as "crmImport.history");
  const trpc = useTRPC();
  const imports = config.imports(trpc);
  const f = useFormat();
  const pathname = usePathname();
  const open = (r: Row) => `${pathname}?id=${encodeURIComponent(r.id)}`;
  const queryClient = useQueryClient();
  useEffect(() => {
    const filter = config.imports(trpc).history.pathFilter();
    // Coming back from an import: what is cached is older than it. While an import runs, its progress is polled.
    void queryClient.invalidateQueries(filter);
    const timer = setInterval(() => {
      const running = queryClient
        .getQueriesData<{ rows: Row[] }>(filter)
        .some(([, data]) => data?.rows.some((r) => r.status === "validating" || r.status === "committing"));
      if (running) void queryClient.invalidateQueries(filter);
    }, 3000);
    return () => clearInterval(timer);
  }, [queryClient, trpc, config]);

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      {
        id: "fileName",
        header: t("columns.file"),
        hideable: false,
        className: "max-w-64 truncate font-medium",
        cell: (r) => (
          <Link href={open(r)} className="underline-offset-4 hover:underline" title={r.fileName}>
            {r.fileName}
          </Link>
        ),
      },
      // The kinds a module's history lists (customers, items …); a kind without a label in the namespace shows as is.
      { id: "kind", header: t("columns.kind"), hiddenByDefault: true, cell: (r) => (t.has(`kinds.${r.kind.replace(/\W/g, "_")}` as "kinds.crm_customers") ? t(`kinds.${r.kind.replace(/\W/g, "_")}` as "kinds.crm_customers") : r.kind) },
      { id: "createdBy", header: t("columns.createdBy"), cell: (r) => r.createdByName ?? t("formerMember") },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        className: "whitespace-nowrap",
        cell: (r) => <time dateTime={new Date(r.createdAt).toISOString()}>{f.dateTime(r.createdAt)}</time>,
      },
      {
        id: "status",
        header: t("columns.status"),
        className: "whitespace-nowrap",
        cell: (r) => <StatusCell config={config} row={r} />,
      },
      { id: "created", header: t("columns.created"), className: "text-right tabular-nums", cell: (r) => f.number(r.createdRows) },
      { id: "updated", header: t("columns.updated"), className: "text-right tabular-nums", cell: (r) => f.number(r.updatedRows) },
      { id: "skipped", header: t("columns.skipped"), className: "text-right tabular-nums", cell: (r) => f.number(r.skippedRows) },
      { id: "failed", header: t("columns.failed"), className: "text-right tabular-nums", cell: (r) => f.number(r.failedRows) },
      {
        id: "report",
        header: t("columns.report"),
        className: "whitespace-nowrap",
        cell: (r) =>
          r.filesRemoved ? (
            <span className="text-sm text-muted-foreground" title={r.filesRemovedAt ? t("expiredOn", { date: f.date(r.filesRemovedAt) }) : undefined}>
              {t("expired")}
            </span>
          ) : r.hasReport ? (
            <a
              href={`/api/imports/${encodeURIComponent(r.id)}/report?org=${encodeURIComponent(org)}`}
              download
              className="inline-flex items-center gap-1 text-sm underline-offset-4 hover:underline"
              aria-label={t("reportOf", { file: r.fileName })}
            >
              <DownloadIcon className="size-3.5" aria-hidden />
              {t("report", { count: r.errorCount })}
            </a>
          ) : (
            <span className="text-muted-foreground">—</span>
          ),
      },
      {
        id: "open",
        header: t("columns.open"),
        hideable: false,
        className: "whitespace-nowrap text-right",
        cell: (r) => (
          <Link href={open(r)} className="text-sm underline-offset-4 hover:underline" aria-label={`${openLabel(r)}: ${r.fileName}`}>
            {openLabel(r)}
          </Link>
        ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open/openLabel depend only on t and pathname
    [t, f, org, pathname],
  );
  function openLabel(r: Row) {
    if (r.filesRemoved || r.status === "done") return t("actions.summary");
    if (r.status === "failed") return t("actions.resume");
    if (r.status === "validating" || r.status === "committing") return t("actions.progress");
    return t("actions.continue");
  }

  const filters = useMemo<DataTableFilter[]>(
    () => [{ id: "status", label: t("columns.status"), options: IMPORT_HISTORY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) }],
    [t],
  );

  return (
    <section className="grid gap-3" aria-labelledby="import-history-heading">
      <div className="grid gap-1">
        <h2 id="import-history-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <DataTable
        listKey={config.historyListKey}
        label={t("title")}
        spec={IMPORT_HISTORY_LIST}
        procedure={imports.history}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => r.fileName}
        rowHref={open}
        searchPlaceholder={t("search")}
        emptyMessage={t("empty")}
      />
    </section>
  );
}

function StatusCell({ config, row }: { config: ImportConfig; row: Row }) {
  const t = useTranslations(`${config.namespace}.history` as "crmImport.history");
  const f = useFormat();
  const running = row.status === "validating" || row.status === "committing";
  const total = row.totalRows ?? 0;
  return (
    <div className="grid gap-1">
      <span className="flex items-center gap-1">
        <Badge variant={STATUS_VARIANT[row.status]}>{t(`status.${row.status}`)}</Badge>
        {row.filesRemoved ? <Badge variant="outline">{t("filesRemoved")}</Badge> : null}
      </span>
      {running ? (
        row.status === "committing" && total > 0 ? (
          <div
            role="progressbar"
            aria-label={t("progressOf", { file: row.fileName })}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={row.processedRows}
            aria-valuetext={t("progress", { processed: f.number(row.processedRows), total: f.number(total) })}
            className="h-1.5 w-28 rounded bg-muted"
          >
            <div className="h-1.5 rounded bg-primary" style={{ width: `${Math.min(100, Math.round((row.processedRows / total) * 100))}%` }} />
          </div>
        ) : (
          <span className="text-xs text-muted-foreground">{t("checked", { rows: f.number(row.processedRows) })}</span>
        )
      ) : null}
    </div>
  );
}
