"use client";

import { useQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId } from "react";

import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Skeleton } from "@/components/ui/Skeleton";
import { monthIn } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ADJUSTMENTS_BY_REASON_KEY, type TAdjustmentsByReasonInput } from "@/server/modules/inventory/reports.schemas";
import { useTRPC } from "@/trpc/react";

import { inventoryLinks } from "./links";
import { useStockFilterOptions } from "./report-controls";
import { isUuid } from "@/lib/uuid";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COLUMNS = ["reason", "documents", "lines", "valueIncreased", "valueDecreased", "netValue"] as const;

/**
 * Stock adjustments by reason: the period (default: the current month), warehouse and reason in the URL (`from`,
 * `to`, `warehouse`, `reason`), one row per reason with a link to the posted adjustments behind it, totals, export.
 */
export function AdjustmentsByReasonReport({ org, ws }: { org: string; ws: string }) {
  const t = useTranslations("inventoryReports");
  const td = useTranslations("dataTable");
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const ids = { from: useId(), to: useId(), warehouse: useId(), reason: useId(), toError: useId() };
  // The current month of the organization's calendar.
  const month = monthIn(format.timeZone);
  const read = (k: string) => params.get(k) ?? "";
  const from = DATE.test(read("from")) ? read("from") : month.from;
  const to = DATE.test(read("to")) ? read("to") : month.to;
  const warehouse = isUuid(read("warehouse")) ? read("warehouse") : "";
  const reason = isUuid(read("reason")) ? read("reason") : "";
  const rangeInvalid = from > to;

  const options = useStockFilterOptions();
  const reasons = useQuery(trpc.inventory.adjustmentReasons.list.queryOptions({ includeArchived: true }));
  const input: TAdjustmentsByReasonInput = { from, to, ...(warehouse ? { warehouseId: warehouse } : {}), ...(reason ? { reasonId: reason } : {}) };
  const report = useQuery(trpc.inventory.reports.adjustmentsByReason.queryOptions(input, { enabled: !rangeInvalid, placeholderData: (prev) => prev }));

  const set = (k: "from" | "to" | "warehouse" | "reason", v: string) => {
    const next = new URLSearchParams(params.toString());
    // The dates stay in the URL once chosen, so a shared link keeps its period whatever the month.
    if (k === "from" || k === "to") {
      next.set("from", from);
      next.set("to", to);
    }
    if (v) next.set(k, v);
    else next.delete(k);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const money = (v: string) => format.number(v, { minimumFractionDigits: 2 });
  const exportHref = (fmt: "csv" | "xlsx") =>
    `/api/export/${ADJUSTMENTS_BY_REASON_KEY}?${new URLSearchParams({ format: fmt, org, ws, input: JSON.stringify({ filters: input }) }).toString()}`;
  const drill = (reasonId: string) =>
    inventoryLinks.adjustments(org, ws, { status: ["posted"], reason: [reasonId], warehouse: warehouse ? [warehouse] : undefined, posted: { from, to } });

  return (
    <div className="grid gap-3">
      <div role="group" aria-label={t("byReason.filtersLabel")} className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor={ids.from}>{t("byReason.from")}</Label>
          <Input id={ids.from} type="date" className="h-9 w-40" value={from} required onChange={(e) => DATE.test(e.target.value) && set("from", e.target.value)} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor={ids.to}>{t("byReason.to")}</Label>
          <Input
            id={ids.to}
            type="date"
            className="h-9 w-40"
            value={to}
            required
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? ids.toError : undefined}
            onChange={(e) => DATE.test(e.target.value) && set("to", e.target.value)}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor={ids.warehouse}>{t("byReason.warehouse")}</Label>
          <select id={ids.warehouse} value={warehouse} onChange={(e) => set("warehouse", e.target.value)} className="h-9 rounded-md border bg-background px-2 text-sm">
            <option value="">{t("byReason.allWarehouses")}</option>
            {options.warehouses.map((w) => (
              <option key={w.value} value={w.value}>{w.label}</option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor={ids.reason}>{t("byReason.reason")}</Label>
          <select id={ids.reason} value={reason} onChange={(e) => set("reason", e.target.value)} className="h-9 rounded-md border bg-background px-2 text-sm">
            <option value="">{t("byReason.allReasons")}</option>
            {(reasons.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.code} — {r.name}
                {r.archivedAt ? ` (${t("byReason.archived")})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="ml-auto flex gap-2">
          {(["csv", "xlsx"] as const).map((fmt) => (
            <Button key={fmt} variant="outline" size="sm" asChild>
              <a href={exportHref(fmt)} download aria-disabled={rangeInvalid || undefined}>
                <DownloadIcon aria-hidden="true" />
                {td(fmt === "csv" ? "exportCsv" : "exportXlsx")}
              </a>
            </Button>
          ))}
        </div>
      </div>
      {rangeInvalid ? (
        <p id={ids.toError} role="alert" className="text-sm text-destructive">{t("byReason.invalidRange")}</p>
      ) : report.isPending ? (
        <Skeleton className="h-40 w-full" aria-busy="true" aria-label={t("loading")} />
      ) : report.isError ? (
        <div className="grid justify-items-start gap-2 py-6">
          <p role="alert" className="text-sm text-destructive">{report.error.message || t("byReason.failed")}</p>
          <Button variant="outline" onClick={() => void report.refetch()}>{t("retry")}</Button>
        </div>
      ) : report.data.rows.length === 0 ? (
        <div className="grid gap-1 rounded-lg border p-6 text-center">
          <p className="font-medium">{t("byReason.empty")}</p>
          <p className="text-sm text-muted-foreground">{t("byReason.emptyHint")}</p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm" aria-label={t("byReason.tableLabel")}>
            <thead className="bg-muted/50 text-left">
              <tr>
                {COLUMNS.map((c, i) => (
                  <th key={c} scope="col" className={cn("px-3 py-2 font-medium", i > 0 && "text-right")}>{t(`columns.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.data.rows.map((r) => (
                <tr key={r.reasonId} className="border-t">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <Link href={drill(r.reasonId)} className="underline-offset-4 hover:underline" title={t("byReason.openList", { reason: r.name })}>
                      <span className="font-mono text-xs">{r.code}</span> {r.name}
                    </Link>
                    {r.archived ? <Badge variant="outline" className="ml-2">{t("byReason.archived")}</Badge> : null}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{t("byReason.documents", { count: r.documents })}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {t("byReason.lines", { count: r.lines })}
                    <span className="block text-xs text-muted-foreground">{t("byReason.linesUpDown", { up: r.linesUp, down: r.linesDown })}</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(r.valueIncreased)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(r.valueDecreased)}</td>
                  <td className="px-3 py-2 text-right font-medium tabular-nums" data-net={r.code}>{money(r.netValue)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t-2 bg-muted/30 font-semibold">
              <tr data-total="">
                <th scope="row" className="px-3 py-2 text-left">{t("byReason.total")}</th>
                <td className="px-3 py-2 text-right tabular-nums">{t("byReason.documents", { count: report.data.totals.documents })}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {t("byReason.lines", { count: report.data.totals.lines })}
                  <span className="block text-xs font-normal text-muted-foreground">{t("byReason.linesUpDown", { up: report.data.totals.linesUp, down: report.data.totals.linesDown })}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{money(report.data.totals.valueIncreased)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{money(report.data.totals.valueDecreased)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{money(report.data.totals.netValue)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <p className="text-xs text-muted-foreground">{t("byReason.note")}</p>
    </div>
  );
}
