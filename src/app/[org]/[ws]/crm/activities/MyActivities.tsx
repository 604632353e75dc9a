"use client";

import { CheckIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { useParams, usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

import { crmLinks } from "@/components/crm/links";
import { CompleteActivityDialog, LogActivityDialog } from "@/components/crm/ActivityDialogs";
import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { cn } from "@/lib/utils";
import { ACTIVITIES_LIST, ACTIVITIES_LIST_KEY, ACTIVITY_TYPES } from "@/server/modules/crm/activities.schemas";
import { useTRPC } from "@/trpc/react";

type Row = RowOf<ReturnType<typeof useTRPC>["crm"]["activities"]["list"]>;
const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const QUICK = ["open", "today", "overdue", "upcoming", "done"] as const;
/** Table params a quick filter resets (it changes the state filter: back to the first page). */
const RESET = new Set(["f.state", "cursor", "prev", "page"]);

/** My activities: quick state filters, the DataTable, "Complete" on each open row, "Log activity". */
export function MyActivities({ canLog }: { canLog: boolean }) {
  const t = useTranslations("crmActivities");
  const format = useFormat();
  const trpc = useTRPC();
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const search = useSearchParams();
  const pathname = usePathname();
  const currentStates = search.getAll("f.state");
  const active = currentStates.length === 1 ? currentStates[0] : null;
  const [logging, setLogging] = useState(false);
  const [completing, setCompleting] = useState<Row | null>(null);

  const quickHref = (state: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of search.entries()) if (!RESET.has(k)) q.append(k, v);
    q.append("f.state", state);
    return `${pathname}?${q}`;
  };

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      {
        id: "due",
        header: t("columns.due"),
        className: "whitespace-nowrap",
        cell: (r) =>
          r.dueAt ? (
            <time dateTime={r.dueAt.toISOString()} className={cn(r.overdue && "font-medium text-destructive")}>
              {format.dateTime(r.dueAt, WHEN)}
            </time>
          ) : (
            <span className="text-muted-foreground">{t("panel.noDue")}</span>
          ),
      },
      { id: "subject", header: t("columns.subject"), hideable: false, cell: (r) => <span className="font-medium">{r.subject}</span> },
      { id: "type", header: t("columns.type"), cell: (r) => t(`types.${r.type as "call"}`) },
      {
        id: "about",
        header: t("columns.about"),
        cell: (r) =>
          r.dealId ? (
            <Link className="underline-offset-4 hover:underline" href={crmLinks.deal(org, ws, r.dealId)}>
              {r.dealName}
            </Link>
          ) : r.customerId ? (
            <Link className="underline-offset-4 hover:underline" href={crmLinks.customer(org, ws, r.customerId)}>
              {r.customerName}
              {r.contactName ? ` · ${r.contactName}` : ""}
            </Link>
          ) : r.leadId ? (
            <Link className="underline-offset-4 hover:underline" href={crmLinks.lead(org, ws, r.leadId)}>
              {r.leadName}
            </Link>
          ) : (
            "—"
          ),
      },
      { id: "owner", header: t("columns.owner"), cell: (r) => r.ownerName ?? "—" },
      {
        id: "status",
        header: t("columns.status"),
        cell: (r) =>
          r.doneAt ? (
            <Badge variant="outline">{t("states.done")}</Badge>
          ) : r.overdue ? (
            <Badge variant="destructive">{t("states.overdue")}</Badge>
          ) : (
            <Badge variant="secondary">{t("states.open")}</Badge>
          ),
      },
      { id: "outcome", header: t("columns.outcome"), cell: (r) => r.outcome ?? "", hiddenByDefault: true },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        className: "whitespace-nowrap",
        hiddenByDefault: true,
        cell: (r) => <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, WHEN)}</time>,
      },
      ...(canLog
        ? [
            {
              id: "actions",
              header: t("columns.actions"),
              hideable: false,
              className: "w-0 text-right",
              cell: (r: Row) =>
                r.doneAt ? null : (
                  <Button size="sm" variant="outline" aria-label={t("complete.labelFor", { subject: r.subject })} onClick={() => setCompleting(r)}>
                    <CheckIcon aria-hidden="true" />
                    {t("complete.action")}
                  </Button>
                ),
            } satisfies DataTableColumn<Row>,
          ]
        : []),
    ],
    [t, format, org, ws, canLog],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "state", label: t("filters.state"), options: QUICK.map((s) => ({ value: s, label: t(`states.${s}`) })) },
      { id: "type", label: t("filters.type"), options: ACTIVITY_TYPES.map((k) => ({ value: k, label: t(`types.${k}`) })) },
      { id: "owner", label: t("filters.owner"), options: [{ value: "me", label: t("filters.me") }] },
    ],
    [t],
  );

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-sm text-muted-foreground">{t("description")}</p>
        </div>
        {canLog ? (
          <Button onClick={() => setLogging(true)}>
            <PlusIcon aria-hidden="true" />
            {t("log.action")}
          </Button>
        ) : null}
      </div>
      <nav aria-label={t("quick.label")} className="inline-flex h-9 w-fit items-center gap-1 rounded-lg bg-muted p-1 text-muted-foreground">
        {QUICK.map((s) => (
          <Link
            key={s}
            href={quickHref(s)}
            aria-current={active === s ? "page" : undefined}
            className={cn(
              "inline-flex items-center rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-ring",
              active === s && "bg-background text-foreground shadow-sm",
            )}
          >
            {t(`quick.${s}`)}
          </Link>
        ))}
      </nav>
      <DataTable
        listKey={ACTIVITIES_LIST_KEY}
        label={t("tableLabel")}
        spec={ACTIVITIES_LIST}
        procedure={trpc.crm.activities.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => r.subject}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
      />
      <Dialog open={logging} onOpenChange={setLogging}>
        {logging ? <LogActivityDialog onDone={() => setLogging(false)} /> : null}
      </Dialog>
      <Dialog open={completing !== null} onOpenChange={(o) => !o && setCompleting(null)}>
        {completing ? <CompleteActivityDialog activity={completing} onDone={() => setCompleting(null)} /> : null}
      </Dialog>
    </div>
  );
}
