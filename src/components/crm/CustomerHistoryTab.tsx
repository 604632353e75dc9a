"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { HistoryList, type HistoryEntry } from "@/components/document/HistoryList";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

import type { CustomerTabContext } from "./CustomerTabs";

/** Status history (the state machine) and the audit events of the customer row, newest first. */
export function CustomerHistoryTab({ customer }: CustomerTabContext) {
  const t = useTranslations("crmCustomers");
  const trpc = useTRPC();
  const history = useQuery(trpc.crm.customers.history.queryOptions({ id: customer.id }));
  const entries = useMemo<HistoryEntry[]>(() => {
    if (!history.data) return [];
    const status: HistoryEntry[] = history.data.status.map((h) => ({
      id: h.id,
      kind: "status",
      at: h.createdAt,
      actor: h.actor?.name ?? null,
      from: t(`status.${h.fromStatus as "lead"}`),
      to: t(`status.${h.toStatus as "lead"}`),
      reason: h.reason,
    }));
    const audit: HistoryEntry[] = history.data.events
      .filter((e) => e.kind === "change")
      .map((e) => ({
        id: e.id,
        kind: "audit",
        at: e.createdAt,
        actor: e.actor?.name ?? null,
        operation: e.operation === "INSERT" ? t("history.created") : e.operation === "DELETE" ? t("history.deleted") : t("history.updated"),
        fields: Object.keys(e.changes ?? {}).filter((k) => !["version", "updated_at", "updated_by"].includes(k)),
      }));
    return [...status, ...audit].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  }, [history.data, t]);

  if (history.isPending) return <Skeleton className="h-32 w-full" />;
  if (history.isError)
    return (
      <p role="alert" className="text-sm text-destructive">
        {t("history.loadFailed")}{" "}
        <Button variant="link" size="sm" onClick={() => void history.refetch()}>
          {t("contacts.retry")}
        </Button>
      </p>
    );
  return (
    <section className="grid gap-3" aria-labelledby="crm-history-title">
      <h2 id="crm-history-title" className="text-lg font-semibold">
        {t("history.title")}
      </h2>
      <HistoryList entries={entries} />
    </section>
  );
}
