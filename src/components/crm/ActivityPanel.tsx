"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Dialog } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

import { CompleteActivityDialog, LogActivityDialog, type ActivityTarget } from "./ActivityDialogs";

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

function filtersOf(target: ActivityTarget): Record<string, { type: "enum"; values: string[] }> {
  const [key, id] =
    "customerId" in target ? ["customer", target.customerId] : "contactId" in target ? ["contact", target.contactId] : "dealId" in target ? ["deal", target.dealId] : ["lead", target.leadId];
  return { [key]: { type: "enum", values: [id] } };
}

/** Whether the member may log and complete activities: given by the page, else read from platform.me. */
function useCanLog(given: boolean | undefined): boolean {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.platform.me.queryOptions(), enabled: given === undefined });
  return given ?? !!me.data?.permissions.includes("crm.activity.manage");
}

/**
 * Activities of one record — a customer (with those on its contacts and deals), a contact, a deal or a lead: the
 * open ones by due date with "Complete", the last done ones, and "Log activity". Mount it with one line:
 * `<ActivityPanel target={{ customerId }} />` (or `{ dealId }`, `{ leadId }`, `{ contactId }`).
 */
export function ActivityPanel({ target, canLog: canLogProp, title }: { target: ActivityTarget; canLog?: boolean; title?: string }) {
  const t = useTranslations("crmActivities");
  const format = useFormat();
  const trpc = useTRPC();
  const canLog = useCanLog(canLogProp);
  const filters = filtersOf(target);
  const open = useQuery(trpc.crm.activities.list.queryOptions({ filters: { ...filters, state: { type: "enum", values: ["open"] } }, perPage: 50 }));
  const done = useQuery(
    trpc.crm.activities.list.queryOptions({ filters: { ...filters, state: { type: "enum", values: ["done"] } }, sort: { id: "createdAt", desc: true }, perPage: 10 }),
  );
  const [logging, setLogging] = useState(false);
  const [completing, setCompleting] = useState<{ id: string; version: number; subject: string } | null>(null);

  return (
    <Card aria-labelledby="activity-panel-title">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle id="activity-panel-title">{title ?? t("panel.title")}</CardTitle>
        {canLog ? (
          <Button size="sm" onClick={() => setLogging(true)}>
            <PlusIcon aria-hidden="true" />
            {t("log.action")}
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-4">
        {open.isError || done.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {t("loadFailed")}
          </p>
        ) : open.isPending || done.isPending ? (
          <div aria-busy="true" className="grid gap-2">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : open.data.rows.length === 0 && done.data.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("panel.empty")}</p>
        ) : (
          <>
            <section aria-label={t("panel.open")}>
              <h3 className="mb-2 text-sm font-medium">{t("panel.open")}</h3>
              {open.data.rows.length === 0 ? <p className="text-sm text-muted-foreground">{t("panel.noneOpen")}</p> : null}
              <ul className="grid gap-2">
                {open.data.rows.map((a) => (
                  <li key={a.id} className="flex items-start justify-between gap-3 rounded-md border p-2">
                    <div className="grid gap-0.5">
                      <span className="font-medium">
                        <Badge variant="secondary" className="mr-2">
                          {t(`types.${a.type as "call"}`)}
                        </Badge>
                        {a.subject}
                      </span>
                      <span className={a.overdue ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
                        {a.dueAt ? t("panel.due", { when: format.dateTime(a.dueAt, WHEN) }) : t("panel.noDue")}
                        {a.overdue ? ` · ${t("states.overdue")}` : ""}
                        {a.ownerName ? ` · ${a.ownerName}` : ""}
                      </span>
                    </div>
                    {canLog ? (
                      <Button size="sm" variant="outline" aria-label={t("complete.labelFor", { subject: a.subject })} onClick={() => setCompleting(a)}>
                        <CheckIcon aria-hidden="true" />
                        {t("complete.action")}
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
            {done.data.rows.length ? (
              <section aria-label={t("panel.done")}>
                <h3 className="mb-2 text-sm font-medium">{t("panel.done")}</h3>
                <ul className="grid gap-2">
                  {done.data.rows.map((a) => (
                    <li key={a.id} className="grid gap-0.5 rounded-md border p-2 text-sm">
                      <span>
                        <Badge variant="outline" className="mr-2">
                          {t(`types.${a.type as "call"}`)}
                        </Badge>
                        {a.subject}
                      </span>
                      <span className="text-muted-foreground">
                        {a.doneAt ? t("panel.doneAt", { when: format.dateTime(a.doneAt, WHEN) }) : null}
                        {a.outcome ? ` · ${a.outcome}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
      </CardContent>
      <Dialog open={logging} onOpenChange={setLogging}>
        {logging ? <LogActivityDialog target={target} onDone={() => setLogging(false)} /> : null}
      </Dialog>
      <Dialog open={completing !== null} onOpenChange={(o) => !o && setCompleting(null)}>
        {completing ? <CompleteActivityDialog activity={completing} onDone={() => setCompleting(null)} /> : null}
      </Dialog>
    </Card>
  );
}
