"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import type { TimelineItem } from "@/server/modules/crm/insights.service";
import { useTRPC } from "@/trpc/react";

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const TABLES = { "crm.customers": "customer", "crm.contacts": "contact", "crm.deals": "deal" } as const;

/**
 * A customer's timeline: its activities (also those on its contacts and deals), status changes and audit events in
 * one stream, newest first, paged by "Show more". Mount with one line: `<CustomerTimeline customerId={id} />`.
 */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const t = useTranslations("crmActivities.timeline");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.crm.customers.timeline.infiniteQueryOptions({ customerId, perPage: 20 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const items = q.data?.pages.flatMap((p) => p.rows) ?? [];

  return (
    <Card aria-labelledby="customer-timeline-title">
      <CardHeader>
        <CardTitle id="customer-timeline-title">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {q.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {t("loadFailed")}
          </p>
        ) : q.isPending ? (
          <div aria-busy="true" className="grid gap-2">
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
          </div>
        ) : items.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("empty")}</p>
        ) : (
          <ol className="grid gap-2 border-l pl-4" aria-label={t("title")}>
            {items.map((item) => (
              <li key={`${item.kind}-${item.id}`} className="grid gap-0.5 text-sm">
                <span className="flex flex-wrap items-center gap-2">
                  <Badge variant={item.kind === "activity" ? "default" : item.kind === "status" ? "secondary" : "outline"}>{t(`kinds.${item.kind}`)}</Badge>
                  <span className="font-medium">
                    <ItemText item={item} />
                  </span>
                </span>
                <span className="text-muted-foreground">
                  <time dateTime={item.at.toISOString()}>{format.dateTime(item.at, WHEN)}</time>
                  {item.actorName ? ` · ${item.actorName}` : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
        {q.hasNextPage ? (
          <Button variant="outline" size="sm" className="justify-self-start" disabled={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
            {t("more")}
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}

function ItemText({ item }: { item: TimelineItem }) {
  const t = useTranslations("crmActivities");
  switch (item.kind) {
    case "activity": {
      const d = item.data;
      const suffix = d.doneAt ? t("timeline.activityDone") : d.dueAt ? t("timeline.activityOpen") : "";
      return (
        <>
          {t(`types.${d.type as "call"}`)}: {d.subject}
          {d.dealName ? ` (${d.dealName})` : ""}
          {suffix ? ` — ${suffix}` : ""}
          {d.outcome ? ` · ${d.outcome}` : ""}
        </>
      );
    }
    case "status":
      return <>{t("timeline.statusChange", { entity: t(`targetKinds.${item.data.entityType}`), from: item.data.from, to: item.data.to })}</>;
    case "audit": {
      const d = item.data;
      const entity = d.table && d.table in TABLES ? t(`targetKinds.${TABLES[d.table as keyof typeof TABLES]}`) : t("timeline.record");
      if (d.status) return <>{t("timeline.statusChange", { entity, from: d.status.old ?? "—", to: d.status.new ?? "—" })}</>;
      if (d.action === "insert") return <>{t("timeline.created", { entity })}</>;
      if (d.action === "delete") return <>{t("timeline.deleted", { entity })}</>;
      if (d.action === "update") return <>{t("timeline.updated", { entity, fields: d.fields.join(", ") || "—" })}</>;
      return <>{t("timeline.event", { action: d.action })}</>;
    }
  }
}
