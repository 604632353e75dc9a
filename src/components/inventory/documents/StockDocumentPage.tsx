"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { DocumentLayout, type DocumentTransition, type HistoryEntry } from "@/components/document";
import { useFormat } from "@/components/format/FormatProvider";
import { isRecordMissing, RecordLoadError, RecordLoading, retryUnlessMissing } from "@/components/RecordState";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { useTRPC, useTRPCClient } from "@/trpc/react";

import { STATUS_TONE, type DocumentKind } from "./kinds";
import { StockDocumentForm } from "./StockDocumentForm";

/**
 * A stock adjustment or transfer: header (number, status, Post / Submit, Approve, Reject, Cancel; Edit and Delete for
 * drafts), details, lines with the moves they posted (links to the item ledger), totals, status history.
 */
export function StockDocumentPage({
  kind,
  id,
  listPath,
  itemsPath,
  permissions,
}: {
  kind: DocumentKind;
  id: string;
  listPath: string;
  itemsPath: string;
  /** The caller's permissions: the Attachments tab needs settings.attachment.read (the server checks again). */
  permissions: readonly string[];
}) {
  const t = useTranslations("inventoryDocuments");
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const api = kind === "adjustment" ? trpc.inventory.adjustments : trpc.inventory.transfers;
  const adjustment = useQuery(trpc.inventory.adjustments.get.queryOptions({ id }, { enabled: kind === "adjustment", retry: retryUnlessMissing }));
  const transfer = useQuery(trpc.inventory.transfers.get.queryOptions({ id }, { enabled: kind === "transfer", retry: retryUnlessMissing }));
  const query = kind === "adjustment" ? adjustment : transfer;
  // One set of calls for both kinds (the procedures take the same inputs).
  const client = useTRPCClient();
  const calls = kind === "adjustment" ? client.inventory.adjustments : client.inventory.transfers;
  const post = { mutateAsync: (v: { id: string; version: number }) => calls.post.mutate(v) };
  const approve = { mutateAsync: (v: { id: string; version: number }) => calls.approve.mutate(v) };
  const reject = { mutateAsync: (v: { id: string; version: number; reason: string }) => calls.reject.mutate(v) };
  const cancel = { mutateAsync: (v: { id: string; version: number; reason: string }) => calls.cancel.mutate(v) };
  const remove = useMutation({ mutationFn: (v: { id: string; version: number }) => calls.delete.mutate(v) });
  // Printing is a business event in the audit stream (who printed which document, when).
  const recordPrint = useMutation(trpc.audit.events.recordPrint.mutationOptions());

  if (query.isPending) return <RecordLoading label={t("loading")} className="mx-auto grid max-w-6xl gap-4" />;
  if (query.isError)
    return (
      <RecordLoadError
        missing={isRecordMissing(query.error)}
        notFound={t(`${kind}.notFound`)}
        loadFailed={t("loadFailed")}
        backLabel={t(`${kind}.backToList`)}
        backHref={listPath}
        retryLabel={t("retry")}
        onRetry={() => void query.refetch()}
      />
    );

  const d = query.data;
  const a = kind === "adjustment" ? adjustment.data : undefined;
  const x = kind === "transfer" ? transfer.data : undefined;
  const refresh = async () => {
    await queryClient.invalidateQueries(api.pathFilter());
    await queryClient.invalidateQueries(trpc.inventory.stock.pathFilter());
  };
  const run = async (p: Promise<{ status: string }>, done: string) => {
    const r = await p;
    await refresh();
    toast.success(t(`done.${done}` as "done.post", { status: t(`status.${r.status as "draft"}`) }));
  };
  const statusLabel = (s: string) => t(`status.${s as "draft"}`);
  // Four eyes: the one transition the caller cannot take because of who they are (post / submit blocked by the
  // thresholds only mean "use the other one" and are simply not offered). One notice, however many are blocked.
  const fourEyes = d.transitions.some((tr) => tr.name === "approve" && tr.blockedReason);
  const archivedLines = (a?.lines ?? []).some((l) => l.locationArchived) || (x?.lines ?? []).some((l) => l.fromLocationArchived || l.toLocationArchived);
  const transitions: DocumentTransition[] = d.transitions
    .filter((tr) => !tr.blockedReason)
    .map((tr) => {
      const base = { id: tr.name, label: t(`actions.${tr.name as "post"}`) };
      switch (tr.name) {
        case "post":
          return { ...base, variant: "default", toLabel: statusLabel("posted"), onConfirm: () => run(post.mutateAsync({ id, version: d.version }), "post") };
        case "submit":
          return { ...base, variant: "default", toLabel: statusLabel("pending_approval"), onConfirm: () => run(post.mutateAsync({ id, version: d.version }), "submit") };
        case "approve":
          return { ...base, variant: "default", toLabel: statusLabel("posted"), onConfirm: () => run(approve.mutateAsync({ id, version: d.version }), "approve") };
        case "reject":
          return { ...base, reason: "required", toLabel: statusLabel("draft"), onConfirm: (reason?: string) => run(reject.mutateAsync({ id, version: d.version, reason: reason ?? "" }), "reject") };
        default:
          return { ...base, variant: "destructive", reason: "required", toLabel: statusLabel("cancelled"), onConfirm: (reason?: string) => run(cancel.mutateAsync({ id, version: d.version, reason: reason ?? "" }), "cancel") };
      }
    });

  const history: HistoryEntry[] = d.history.map((h) => ({
    id: h.id, kind: "status", at: h.createdAt, actor: h.actor?.name ?? null, from: h.fromStatus ? statusLabel(h.fromStatus) : null, to: statusLabel(h.toStatus), reason: h.reason,
  }));

  if (editing)
    return (
      <div className="mx-auto grid max-w-6xl gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">{t("form.editHeading", { number: d.number })}</h1>
        <StockDocumentForm
          kind={kind}
          draft={a ? { ...a, lines: a.lines } : { ...x!, lines: x!.lines }}
          onSaved={() => {
            setEditing(false);
            toast.success(t("done.saved"));
          }}
          onCancel={() => setEditing(false)}
        />
      </div>
    );

  const ledgerHref = (itemId: string) => `${itemsPath}/${itemId}?tab=ledger`;

  return (
    <div className="grid gap-4">
      <Link href={listPath} className="mx-auto inline-flex w-full max-w-6xl items-center gap-1 text-sm text-muted-foreground hover:underline print:hidden">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t(`${kind}.backToList`)}
      </Link>
      <DocumentLayout
        title={t(`${kind}.one`)}
        number={d.number}
        status={{ label: statusLabel(d.status), tone: STATUS_TONE[d.status] }}
        transitions={transitions}
        onPrinted={() => recordPrint.mutate({ entityType: kind === "adjustment" ? "inventory.stock_adjustments" : "inventory.stock_transfers", entityId: id })}
        actions={
          d.editable ? (
            <>
              <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
                {t("actions.edit")}
              </Button>
              <Button variant="outline" size="sm" onClick={() => setDeleting(true)}>
                {t("actions.delete")}
              </Button>
            </>
          ) : null
        }
        details={
          <div className="grid gap-4">
            {fourEyes ? (
              <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 print:hidden">
                {t("fourEyes")}
              </p>
            ) : null}
            {d.status === "pending_approval" ? (
              <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 print:hidden">
                {t("pendingNotice")}
              </p>
            ) : null}
            {d.status === "draft" && d.approval.required ? (
              <p role="status" className="rounded-md border bg-muted px-3 py-2 text-sm print:hidden">
                {t("needsApproval", {
                  reasons: d.approval.exceeded.map((r) => (r === "quantity" ? t("thresholdQuantity", { value: d.approval.quantityThreshold }) : t("thresholdValue", { value: d.approval.valueThreshold }))).join("; "),
                })}
              </p>
            ) : null}
            {d.status !== "posted" && d.status !== "cancelled" && archivedLines ? (
              <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 print:hidden">
                {t("archivedLocationsNotice")}
              </p>
            ) : null}
            {d.status === "draft" && d.rejectionReason ? (
              <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive print:hidden">
                {t("rejected", { reason: d.rejectionReason })}
              </p>
            ) : null}
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3 print:grid-cols-3" aria-label={t("print.header")}>
              <Detail label={t("print.type")} value={t(`${kind}.one`)} />
              <Detail label={t("print.status")} value={statusLabel(d.status)} />
              <Detail label={t("print.date")} value={format.dateTime(d.postedAt ?? d.createdAt)} />
              {a ? <Detail label={t("form.warehouse")} value={a.warehouse ? `${a.warehouse.code} — ${a.warehouse.name}` : "—"} /> : null}
              {a ? <Detail label={t("form.reason")} value={a.reason} /> : null}
              {x ? <Detail label={t("form.fromWarehouse")} value={x.fromWarehouse ? `${x.fromWarehouse.code} — ${x.fromWarehouse.name}` : "—"} /> : null}
              {x ? <Detail label={t("form.toWarehouse")} value={x.toWarehouse ? `${x.toWarehouse.code} — ${x.toWarehouse.name}` : "—"} /> : null}
              <Detail label={t("form.note")} value={d.note ?? "—"} />
              <Detail label={t("createdBy")} value={`${d.createdBy?.name ?? "—"} · ${format.dateTime(d.createdAt)}`} />
              {d.submittedBy && d.submittedAt ? <Detail label={t("submittedBy")} value={`${d.submittedBy.name ?? "—"} · ${format.dateTime(d.submittedAt)}`} /> : null}
              {d.approvedBy && d.approvedAt ? <Detail label={t("approvedBy")} value={`${d.approvedBy.name ?? "—"} · ${format.dateTime(d.approvedAt)}`} /> : null}
              {d.cancelledAt ? <Detail label={t("cancelledAt")} value={format.dateTime(d.cancelledAt)} /> : null}
            </dl>
            {/* Who posted it and when — on screen and on the printout (the approver, for an approved document). */}
            {d.postedAt ? (
              <p className="text-sm font-medium" data-testid="document-posted-by">
                {d.postedBy?.name
                  ? t("postedByOn", { name: d.postedBy.name, date: format.dateTime(d.postedAt) })
                  : t("postedOn", { date: format.dateTime(d.postedAt) })}
              </p>
            ) : null}
          </div>
        }
        lines={
          <section aria-labelledby="document-lines" className="grid gap-2">
            <h2 id="document-lines" className="text-lg font-semibold">
              {t("form.lines")}
            </h2>
            <div className="overflow-x-auto rounded-md border">
              <table className="w-full text-sm" aria-label={t("form.lines")}>
                <thead className="bg-muted/50 text-left">
                  <tr>
                    <th className="px-3 py-2">#</th>
                    <th className="px-3 py-2">{t("form.item")}</th>
                    {a ? <th className="px-3 py-2">{t("form.location")}</th> : <><th className="px-3 py-2">{t("form.fromLocation")}</th><th className="px-3 py-2">{t("form.toLocation")}</th></>}
                    <th className="px-3 py-2">{t("form.lot")}</th>
                    <th className="px-3 py-2 text-right">{a ? t("form.difference") : t("form.quantity")}</th>
                    {a ? <th className="px-3 py-2 text-right">{t("form.unitCost")}</th> : null}
                    <th className="px-3 py-2 print:hidden">{t("move")}</th>
                  </tr>
                </thead>
                <tbody>
                  {(a?.lines ?? x?.lines ?? []).map((l) => (
                    <tr key={l.id} className="border-t">
                      <td className="px-3 py-2 tabular-nums">{l.lineNo}</td>
                      <td className="px-3 py-2">
                        <Link href={`${itemsPath}/${l.itemId}`} className="hover:underline">
                          <span className="font-mono">{l.item?.sku}</span> {l.item?.name}
                        </Link>
                        {l.variant ? (
                          <span className="block text-xs text-muted-foreground">
                            {t("form.variant")}: <span className="font-mono">{l.variant.sku}</span>
                            {l.variant.name ? ` — ${l.variant.name}` : ""}
                            {l.variant.archived ? ` (${t("archivedMarker")})` : ""}
                          </span>
                        ) : null}
                      </td>
                      {"location" in l ? (
                        <LocationCell name={l.location} archived={l.locationArchived} marker={t("archivedMarker")} />
                      ) : (
                        <>
                          <LocationCell name={l.fromLocation} archived={l.fromLocationArchived} marker={t("archivedMarker")} />
                          <LocationCell name={l.toLocation} archived={l.toLocationArchived} marker={t("archivedMarker")} />
                        </>
                      )}
                      <td className="px-3 py-2">{[l.lotNumber, l.serialNumber].filter(Boolean).join(" / ") || "—"}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{format.number(l.quantity, { signDisplay: a ? "exceptZero" : "auto" })}</td>
                      {"unitCost" in l ? <td className="px-3 py-2 text-right tabular-nums">{l.unitCost ? format.number(l.unitCost, { minimumFractionDigits: 2 }) : "—"}</td> : null}
                      <td className="px-3 py-2 print:hidden">
                        {l.moveId ? (
                          <Link href={ledgerHref(l.itemId)} className="text-primary hover:underline">
                            {t("openLedger")}
                          </Link>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        }
        totals={
          <dl className="ml-auto grid w-full max-w-xs grid-cols-2 gap-1 text-sm">
            <dt className="text-muted-foreground">{t("totalQuantity")}</dt>
            <dd className="text-right tabular-nums">{format.number(d.totalQuantity)}</dd>
            <dt className="text-muted-foreground">{t("totalValue")}</dt>
            <dd className="text-right tabular-nums">{format.number(d.totalValue, { minimumFractionDigits: 2 })}</dd>
          </dl>
        }
        history={history}
        attachments={
          permissions.includes("settings.attachment.read") ? (
            // Files may be attached in any status: delivery notes and photos of damage often come after posting.
            <AttachmentsPanel org={org} ws={ws} entityType={`inventory.${kind}`} entityId={d.id} />
          ) : (
            <p className="py-6 text-center text-sm text-muted-foreground">{t("noAttachmentAccess")}</p>
          )
        }
      />
      <Dialog open={deleting} onOpenChange={(o) => !remove.isPending && setDeleting(o)}>
        {deleting ? (
          <DialogContent>
            <DialogTitle>{t("deleteTitle", { number: d.number })}</DialogTitle>
            <DialogDescription>{t("deleteBody")}</DialogDescription>
            {remove.error ? (
              <p role="alert" className="text-sm text-destructive">
                {remove.error.message}
              </p>
            ) : null}
            <DialogFooter>
              <Button variant="outline" onClick={() => setDeleting(false)} disabled={remove.isPending}>
                {t("form.cancel")}
              </Button>
              <Button
                variant="destructive"
                disabled={remove.isPending}
                onClick={async () => {
                  await remove.mutateAsync({ id, version: d.version });
                  await queryClient.invalidateQueries(api.list.pathFilter());
                  toast.success(t("done.deleted", { number: d.number }));
                  router.push(listPath);
                }}
              >
                {t("actions.delete")}
              </Button>
            </DialogFooter>
          </DialogContent>
        ) : null}
      </Dialog>
    </div>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A line's location ("WH/CODE"), with an "archived" badge when it was archived after the document named it. */
function LocationCell({ name, archived, marker }: { name: string | null; archived: boolean; marker: string }) {
  return (
    <td className="px-3 py-2">
      <span className="font-mono">{name ?? "—"}</span>
      {archived ? (
        <Badge variant="secondary" className="ml-2">
          {marker}
        </Badge>
      ) : null}
    </td>
  );
}
