"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ShieldCheckIcon } from "lucide-react";
import { useMemo, useState } from "react";

import { DataTable, Dialog, DialogContent, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { AUDIT_EVENTS_LIST } from "@/server/modules/audit/audit.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["audit"]["events"]["list"];
type AuditRow = RowOf<Procedure>;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

const actorLabel = (actor: AuditRow["actor"]) => (actor ? (actor.name ?? actor.email ?? actor.id) : "System");

const COLUMNS: DataTableColumn<AuditRow>[] = [
  { id: "createdAt", header: "When", cell: (r) => <time dateTime={r.createdAt.toISOString()}>{when.format(r.createdAt)}</time>, className: "whitespace-nowrap" },
  { id: "who", header: "Who", cell: (r) => <span title={r.actor?.email ?? undefined}>{actorLabel(r.actor)}</span> },
  { id: "action", header: "Action", cell: (r) => <Badge variant={r.kind === "change" ? "secondary" : "outline"}>{r.action}</Badge> },
  { id: "table", header: "Table", cell: (r) => r.table ?? (typeof r.data?.entityType === "string" ? r.data.entityType : "—"), className: "font-mono text-xs" },
  { id: "record", header: "Record", cell: (r) => r.recordId ?? "—", className: "font-mono text-xs" },
  { id: "request", header: "Request", cell: (r) => (r.requestId ? <span title={r.requestId}>{r.requestId.slice(0, 8)}</span> : "—"), className: "font-mono text-xs", hiddenByDefault: false },
];

/** The audit log: the organization's audit trail on the DataTable, with a diff panel and chain verification. */
export function AuditLog({ canExport, canVerify }: { canExport: boolean; canVerify: boolean }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.audit.events.filterOptions.queryOptions());
  const [open, setOpen] = useState<AuditRow | null>(null);

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "actor", label: "User", options: (options.data?.actors ?? []).map((a) => ({ value: a.id, label: a.name ?? a.email ?? a.id })) },
      { id: "table", label: "Table", options: (options.data?.tables ?? []).map((t) => ({ value: t, label: t })) },
      { id: "recordId", label: "Record", placeholder: "Record id" },
      { id: "action", label: "Action", options: (options.data?.actions ?? []).map((a) => ({ value: a, label: a })) },
      { id: "createdAt", label: "Date" },
    ],
    [options.data],
  );

  return (
    <>
      <DataTable
        listKey="audit.events"
        label="Audit events"
        spec={AUDIT_EVENTS_LIST}
        procedure={trpc.audit.events.list}
        columns={COLUMNS}
        filters={filters}
        getRowLabel={(r) => `${r.action} ${r.table ?? ""} ${r.recordId ?? ""}`.trim()}
        onRowOpen={setOpen}
        exportKey={canExport ? "audit.events" : undefined}
        searchPlaceholder="Search table, record, action, email"
        emptyMessage="No audit events yet"
        toolbar={canVerify ? <VerifyChain /> : null}
      />
      <Dialog open={open !== null} onOpenChange={(o) => !o && setOpen(null)}>
        {open ? <EventPanel event={open} /> : null}
      </Dialog>
    </>
  );
}

function VerifyChain() {
  const trpc = useTRPC();
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const r = verify.data;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="outline" size="sm" onClick={() => verify.mutate()} disabled={verify.isPending}>
        <ShieldCheckIcon aria-hidden="true" />
        {verify.isPending ? "Verifying…" : "Verify chain"}
      </Button>
      <p role="status" className="text-sm">
        {verify.isError ? <span className="text-destructive">Could not verify: {verify.error.message}</span> : null}
        {r?.intact ? (
          <span className="text-emerald-700 dark:text-emerald-400">
            Intact — {r.checked.toLocaleString()} events checked{r.unsealed ? ` (${r.unsealed.toLocaleString()} not sealed yet)` : ""}
          </span>
        ) : null}
        {r && !r.intact ? (
          <span className="text-destructive">
            Broken at event {r.firstBroken?.eventId}
            {r.firstBroken?.position != null ? ` (position ${r.firstBroken.position})` : ""}
            {r.firstBroken?.createdAt ? `, ${when.format(new Date(r.firstBroken.createdAt))}` : ""}: {r.firstBroken?.reason}
          </span>
        ) : null}
      </p>
    </div>
  );
}

const show = (v: unknown) => (v === null || v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));

function EventPanel({ event }: { event: AuditRow }) {
  const changes = Object.entries(event.changes ?? {});
  return (
    <DialogContent side="right" title={`${event.action} ${event.table ?? ""}`.trim()} description={when.format(event.createdAt)}>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-muted-foreground">Who</dt>
        <dd>{event.actor ? `${actorLabel(event.actor)}${event.actor.email && event.actor.name ? ` <${event.actor.email}>` : ""}` : "System"}</dd>
        <dt className="text-muted-foreground">Record</dt>
        <dd className="font-mono text-xs break-all">{event.recordId ?? "—"}</dd>
        <dt className="text-muted-foreground">Request</dt>
        <dd className="font-mono text-xs break-all">{event.requestId ?? "—"}</dd>
        <dt className="text-muted-foreground">Event id</dt>
        <dd className="font-mono text-xs break-all">{event.id}</dd>
      </dl>
      {event.kind === "change" ? (
        changes.length ? (
          <table aria-label="Changes" className="w-full text-sm">
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th scope="col" className="py-1.5 pr-3 font-medium">Column</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">Old</th>
                <th scope="col" className="py-1.5 font-medium">New</th>
              </tr>
            </thead>
            <tbody>
              {changes.map(([column, change]) => (
                <tr key={column} className="border-b align-top last:border-0">
                  <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-normal">{column}</th>
                  {change.redacted ? (
                    <td colSpan={2} className="py-1.5 text-muted-foreground italic">Redacted</td>
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
          <p className="text-sm text-muted-foreground">No column values were recorded for this change.</p>
        )
      ) : (
        <section aria-label="Event data" className="grid gap-1.5">
          <h3 className="text-sm font-semibold">Data</h3>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(event.data ?? {}, null, 2)}</pre>
        </section>
      )}
    </DialogContent>
  );
}
