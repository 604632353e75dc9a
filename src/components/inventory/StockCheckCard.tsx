"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { useTRPC } from "@/trpc/react";


/**
 * The stock consistency check as an admin action (inventory.stock.check, CHECK_KINDS): stock levels and the items'
 * cost rows against Σ of the ledger, the stock report's counters against the levels and cost rows. Runs only when
 * asked; each difference names the item's SKU and its location or warehouse.
 */
export function StockCheckCard() {
  const t = useTranslations("inventorySettings.check");
  const format = useFormatter();
  const trpc = useTRPC();
  const check = useQuery({ ...trpc.inventory.stock.check.queryOptions(), enabled: false, gcTime: 0 });
  const result = check.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div>
          <Button onClick={() => void check.refetch()} disabled={check.isFetching}>
            {check.isFetching ? t("running") : t("run")}
          </Button>
        </div>
        {check.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {t("failed")}
          </p>
        ) : null}
        {result && !check.isFetching ? (
          <div role="status" className="grid gap-3">
            {result.consistent ? (
              <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">{t("consistent")}</p>
            ) : (
              <p className="text-sm font-medium text-destructive">{t("differences", { count: result.differences.length })}</p>
            )}
            {result.costsChecked ? null : <p className="text-sm text-muted-foreground">{t("costsSkipped")}</p>}
            {result.differences.length ? (
              <div className="overflow-x-auto">
                <table className="w-full text-sm" aria-label={t("tableLabel")}>
                  <thead>
                    <tr className="border-b text-left text-muted-foreground">
                      <th className="py-2 pr-3 font-medium">{t("columns.kind")}</th>
                      <th className="py-2 pr-3 font-medium">{t("columns.item")}</th>
                      <th className="py-2 pr-3 font-medium">{t("columns.place")}</th>
                      <th className="py-2 pr-3 text-right font-medium">{t("columns.recorded")}</th>
                      <th className="py-2 text-right font-medium">{t("columns.expected")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.differences.map((d, i) => (
                      <tr key={`${d.kind}-${d.itemId ?? ""}-${d.locationId ?? ""}-${d.lotId ?? ""}-${i}`} className="border-b last:border-0">
                        <td className="py-2 pr-3">{t(`kinds.${d.kind}`)}</td>
                        <td className="py-2 pr-3 font-mono text-xs">{d.sku ?? "—"}</td>
                        <td className="py-2 pr-3 font-mono text-xs">{d.place ?? "—"}</td>
                        <td className="py-2 pr-3 text-right tabular-nums">{format.number(Number(d.recorded))}</td>
                        <td className="py-2 text-right tabular-nums">{format.number(Number(d.ledger))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
