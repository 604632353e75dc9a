"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { useFormat } from "@/components/format/FormatProvider";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/**
 * A customer's figures (crm.customers.summary): deals, open pipeline and won value per currency, last activity, open
 * and overdue activities. Mount with one line: `<CustomerSummaryCard customerId={id} />`.
 */
export function CustomerSummaryCard({ customerId }: { customerId: string }) {
  const t = useTranslations("crmActivities.summary");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.crm.customers.summary.queryOptions({ id: customerId }));
  const item = (label: string, value: React.ReactNode) => (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
  return (
    <Card aria-labelledby="customer-summary-title">
      <CardHeader>
        <CardTitle id="customer-summary-title">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent>
        {q.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {t("loadFailed")}
          </p>
        ) : q.isPending ? (
          <Skeleton className="h-12" aria-busy="true" />
        ) : (
          <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-4">
            {item(t("deals"), t("dealsValue", { total: q.data.dealCount, open: q.data.openDealCount }))}
            {item(t("openValue"), q.data.money.length ? q.data.money.map((m) => format.money(m.openValue, m.currency)).join(" · ") : "—")}
            {item(t("weighted"), q.data.money.length ? q.data.money.map((m) => format.money(m.weightedValue, m.currency)).join(" · ") : "—")}
            {item(t("won"), q.data.money.length ? q.data.money.map((m) => format.money(m.wonValue, m.currency)).join(" · ") : "—")}
            {item(t("lastActivity"), q.data.lastActivityAt ? format.dateTime(q.data.lastActivityAt, WHEN) : t("none"))}
            {item(t("openActivities"), format.number(q.data.openActivities))}
            {item(t("overdue"), format.number(q.data.overdueActivities))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}
