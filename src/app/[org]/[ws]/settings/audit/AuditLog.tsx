"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ShieldCheckIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { AUDIT_EVENTS_LIST } from "@/server/modules/audit/audit.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["audit"]["events"]["list"];
type AuditRow = RowOf<Procedure>;

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" };

/** An event's time in the organization's locale and time zone. */
function useWhen() {
  const format = useFormat();
  return (value: Date | string) => format.dateTime(value, WHEN);
}

/** The actor's name, or the localized "System" for events without a user. */
function useActorLabel() {
  const t = useTranslations("audit");
  return (actor: AuditRow["actor"]) => (actor ? (actor.name ?? actor.email ?? actor.id) : t("system"));
}

/** The audit log: the organization's audit trail on the DataTable, with a diff panel and chain verification. */
export function AuditLog({ canExport, canVerify }: { canExport: boolean; canVerify: boolean }) {
  const t = useTranslations("audit");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useQuery(trpc.audit.events.filterOptions.queryOptions());
  const [open, setOpen] = useState<AuditRow | null>(null);

  const columns = useMemo<DataTableColumn<AuditRow>[]>(() => {
    const actorLabel = (actor: AuditRow["actor"]) => (actor ? (actor.name ?? actor.email ?? actor.id) : t("system"));
    return [
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        cell: (r) => <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, WHEN)}</time>,
        className: "whitespace-nowrap",
      },
      { id: "who", header: t("columns.who"), cell: (r) => <span title={r.actor?.email ?? undefined}>{actorLabel(r.actor)}</span> },
      { id: "action", header: t("columns.action"), cell: (r) => <Badge variant={r.kind === "change" ? "secondary" : "outline"}>{r.action}</Badge> },
      { id: "table", header: t("columns.table"), cell: (r) => r.table ?? (typeof r.data?.entityType === "string" ? r.data.entityType : "—"), className: "font-mono text-xs" },
      { id: "record", header: t("columns.record"), cell: (r) => r.recordId ?? "—", className: "font-mono text-xs" },
      {
        id: "request",
        header: t("columns.request"),
        cell: (r) => (r.requestId ? <span title={r.requestId}>{r.requestId.slice(0, 8)}</span> : "—"),
        className: "font-mono text-xs",
        hiddenByDefault: false,
      },
    ];
  }, [t, format]);

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "actor", label: t("filters.user"), options: (options.data?.actors ?? []).map((a) => ({ value: a.id, label: a.name ?? a.email ?? a.id })) },
      { id: "table", label: t("filters.table"), options: (options.data?.tables ?? []).map((table) => ({ value: table, label: table })) },
      { id: "recordId", label: t("filters.record"), placeholder: t("filters.recordPlaceholder") },
      { id: "action", label: t("filters.action"), options: (options.data?.actions ?? []).map((a) => ({ value: a, label: a })) },
      { id: "createdAt", label: t("filters.date") },
    ],
    [options.data, t],
  );

  return (
    <>
      <DataTable
        listKey="audit.events"
        label={t("tableLabel")}
        spec={AUDIT_EVENTS_LIST}
        procedure={trpc.audit.events.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.action} ${r.table ?? ""} ${r.recordId ?? ""}`.trim()}
        onRowOpen={setOpen}
        exportKey={canExport ? "audit.events" : undefined}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        toolbar={canVerify ? <VerifyChain /> : null}
      />
      <Dialog open={open !== null} onOpenChange={(o) => !o && setOpen(null)}>
        {open ? <EventPanel event={open} /> : null}
      </Dialog>
    </>
  );
}

function VerifyChain() {
  const t = useTranslations("audit.verify");
  const when = useWhen();
  const trpc = useTRPC();
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const r = verify.data;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="outline" size="sm" onClick={() => verify.mutate()} disabled={verify.isPending}>
        <ShieldCheckIcon aria-hidden="true" />
        {verify.isPending ? t("pending") : t("button")}
      </Button>
      <p role="status" className="text-sm">
        {verify.isError ? <span className="text-destructive">{t("failed", { message: verify.error.message })}</span> : null}
        {r?.intact ? (
          <span className="text-emerald-700 dark:text-emerald-400">
            {t("intact", { checked: r.checked, unsealed: r.unsealed ?? 0 })}
          </span>
        ) : null}
        {r && !r.intact ? (
          <span className="text-destructive">
            {t("broken", {
              eventId: r.firstBroken?.eventId ?? "—",
              hasPosition: r.firstBroken?.position != null ? "yes" : "no",
              position: r.firstBroken?.position ?? 0,
              hasDate: r.firstBroken?.createdAt ? "yes" : "no",
              date: r.firstBroken?.createdAt ? when(r.firstBroken.createdAt) : "",
              reason: r.firstBroken?.reason ?? "",
            })}
          </span>
        ) : null}
      </p>
    </div>
  );
}

const show = (v: unknown) => (v === null || v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));

function EventPanel({ event }: { event: AuditRow }) {
  const t = useTranslations("audit.panel");
  const when = useWhen();
  const actorLabel = useActorLabel();
  const changes = Object.entries(event.changes ?? {});
  return (
    <DialogPanel side="right" title={`${event.action} ${event.table ?? ""}`.trim()} description={when(event.createdAt)}>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-muted-foreground">{t("who")}</dt>
        <dd>{event.actor ? `${actorLabel(event.actor)}${event.actor.email && event.actor.name ? ` <${event.actor.email}>` : ""}` : actorLabel(null)}</dd>
        <dt className="text-muted-foreground">{t("record")}</dt>
        <dd className="font-mono text-xs break-all">{event.recordId ?? "—"}</dd>
        <dt className="text-muted-foreground">{t("request")}</dt>
        <dd className="font-mono text-xs break-all">{event.requestId ?? "—"}</dd>
        <dt className="text-muted-foreground">{t("eventId")}</dt>
        <dd className="font-mono text-xs break-all">{event.id}</dd>
      </dl>
      {event.kind === "change" ? (
        changes.length ? (
          <table aria-label={t("changes")} className="w-full text-sm">
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("column")}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{t("old")}</th>
                <th scope="col" className="py-1.5 font-medium">{t("new")}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map(([column, change]) => (
                <tr key={column} className="border-b align-top last:border-0">
                  <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-normal">{column}</th>
                  {change.redacted ? (
                    <td colSpan={2} className="py-1.5 text-muted-foreground italic">{t("redacted")}</td>
                  ) : (
                    <>
                      <td className="py-1.5 pr-3 break-all">
                        {"old" in change ? <del className="bg-destructive/10 text-destructive">{show(change.old)}</del> : <span className="text-muted-foreground">—</span>}
                      </td>
                      <td className="py-1.5 break-all">
                        {"new" in change ? <ins className="bg-emerald-500/15 text-emerald-800 no-underline dark:text-emerald-300">{show(change.new)}</ins> : <span className="text-muted-foreground">—</span>}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-muted-foreground">{t("noChanges")}</p>
        )
      ) : (
        <section aria-label={t("eventData")} className="grid gap-1.5">
          <h3 className="text-sm font-semibold">{t("data")}</h3>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(event.data ?? {}, null, 2)}</pre>
        </section>
      )}
    </DialogPanel>
  );
}
