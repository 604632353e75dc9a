"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";

import { StatusBadge } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

import type { CustomerTabContext } from "./CustomerTabs";
import { crmLinks } from "./links";

const PER_PAGE = 50;

/** The customer's deals (crm.deals.list filtered by customer), newest number first, and a way to start one. */
export function CustomerDealsTab({ customer, org, ws, permissions, readOnly }: CustomerTabContext) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useQuery(
    trpc.crm.deals.list.queryOptions({ perPage: PER_PAGE, filters: { customer: { type: "enum", values: [customer.id] }, archived: { type: "enum", values: ["active"] } } }),
  );
  const canCreate = permissions.has("crm.deal.manage") && !readOnly;
  return (
    <section aria-labelledby="customer-deals-title" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id="customer-deals-title" className="text-lg font-semibold">
          {t("customerTab.title")}
        </h2>
        {canCreate ? (
          <Button asChild size="sm">
            <Link href={`${crmLinks.pipeline(org, ws)}?customerId=${customer.id}`}>{t("customerTab.new")}</Link>
          </Button>
        ) : null}
      </div>
      {q.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {t("customerTab.loadFailed")}
        </p>
      ) : q.isPending ? (
        <Skeleton className="h-24" aria-busy="true" />
      ) : q.data.rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("customerTab.empty")}</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">{t("customerTab.title")}</caption>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className="py-1 pr-3 font-medium">{t("customerTab.number")}</th>
              <th className="py-1 pr-3 font-medium">{t("customerTab.name")}</th>
              <th className="py-1 pr-3 font-medium">{t("customerTab.stage")}</th>
              <th className="py-1 pr-3 text-right font-medium">{t("customerTab.value")}</th>
              <th className="py-1 font-medium">{t("customerTab.expectedClose")}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.rows.map((d) => (
              <tr key={d.id} className="border-t">
                <td className="py-1.5 pr-3 tabular-nums">{d.number}</td>
                <td className="py-1.5 pr-3">
                  <Link className="font-medium underline-offset-4 hover:underline" href={crmLinks.deal(org, ws, d.id)}>
                    {d.name}
                  </Link>
                </td>
                <td className="py-1.5 pr-3">
                  <StatusBadge label={t(`stages.${d.stage}`)} tone={d.stage === "won" ? "success" : d.stage === "lost" ? "danger" : "info"} />
                </td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{format.money(d.value, d.currency)}</td>
                <td className="py-1.5">{d.expectedCloseDate ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data?.nextCursor ? <p className="text-sm text-muted-foreground">{t("customerTab.more", { count: PER_PAGE })}</p> : null}
    </section>
  );
}
