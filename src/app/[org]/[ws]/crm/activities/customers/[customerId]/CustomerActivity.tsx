"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { ActivityPanel } from "@/components/crm/ActivityPanel";
import { CustomerSummaryCard } from "@/components/crm/CustomerSummaryCard";
import { CustomerTimeline } from "@/components/crm/CustomerTimeline";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

export function CustomerActivity({ customerId, canLog }: { customerId: string; canLog: boolean }) {
  const t = useTranslations("crmActivities.customer");
  const trpc = useTRPC();
  const customer = useQuery(trpc.crm.customers.get.queryOptions({ id: customerId }));
  if (customer.isError)
    return (
      <p role="alert" className="mx-auto max-w-7xl text-sm text-destructive">
        {t("notFound")}
      </p>
    );
  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="grid gap-1">
        {customer.data ? (
          <h1 className="text-2xl font-semibold tracking-tight">{t("title", { name: customer.data.name })}</h1>
        ) : (
          <Skeleton className="h-8 w-64" />
        )}
        <p className="text-sm text-muted-foreground">{customer.data?.number}</p>
      </div>
      <CustomerSummaryCard customerId={customerId} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ActivityPanel target={{ customerId }} canLog={canLog} />
        <CustomerTimeline customerId={customerId} />
      </div>
    </div>
  );
}
