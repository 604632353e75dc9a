"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Dialog } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { workspacePath } from "@/lib/urls";
import { DEAL_STAGES, type DealStage } from "@/server/modules/crm/deals.schemas";
import { useTRPC } from "@/trpc/react";

import { ActivityPanel } from "./ActivityPanel";
import { DEAL_SECTIONS } from "./DealSections";
import { CloseDialog, type Reasons } from "./PipelineBoard";

const TONE: Record<DealStage, StatusTone> = { lead: "neutral", qualified: "info", proposal: "info", negotiation: "warning", closing: "warning", won: "success", lost: "danger" };

/** The deal page: header (number, name, stage, move buttons), then DEAL_SECTIONS (details, lines, history, …). */
export function DealView({ id, org, ws, canManage }: { id: string; org: string; ws: string; canManage: boolean }) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deal = useQuery(trpc.crm.deals.get.queryOptions({ id }));
  const [asking, setAsking] = useState<DealStage | null>(null);
  const onSettled = () => queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
  const move = useMutation(
    trpc.crm.deals.moveStage.mutationOptions({
      onSuccess: (d) => toast.success(t("board.moved", { number: d.number, stage: t(`stages.${d.stage}`) })),
      onError: (e) => toast.error(e.message),
      onSettled,
    }),
  );
  const archive = useMutation(trpc.crm.deals.archive.mutationOptions({ onSuccess: () => toast.success(t("deal.archivedDone")), onError: (e) => toast.error(e.message), onSettled }));
  const restore = useMutation(trpc.crm.deals.restore.mutationOptions({ onSuccess: () => toast.success(t("deal.restoredDone")), onError: (e) => toast.error(e.message), onSettled }));

  if (deal.isPending)
    return (
      <div className="grid gap-3" aria-busy="true" aria-label={t("deal.loading")}>
        <Skeleton className="h-10 w-96" />
        <Skeleton className="h-64" />
      </div>
    );
  if (deal.isError)
    return (
      <p role="alert" className="rounded-md border border-destructive p-4 text-sm text-destructive">
        {t("deal.error", { message: deal.error.message })}
      </p>
    );
  const d = deal.data;
  const editable = canManage && !d.archivedAt;
  const doMove = (to: DealStage, reasons: Reasons = {}) => move.mutate({ id: d.id, version: d.version, stage: to, ...reasons });

  return (
    <div className="grid gap-4">
      <Link href={workspacePath(org, ws, "crm", "pipeline")} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon className="size-4" aria-hidden="true" />
        {t("deal.back")}
      </Link>
      <header className="grid gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            <span className="text-muted-foreground">{d.number}</span> {d.name}
          </h1>
          <StatusBadge label={t(`stages.${d.stage}`)} tone={TONE[d.stage]} />
          <span className="text-sm text-muted-foreground">
            {format.money(d.value, d.currency)} · {d.probability}%
          </span>
        </div>
        <p className="text-sm text-muted-foreground">
          {d.customer ? t("deal.customerLink", { name: `${d.customer.number} ${d.customer.name}` }) : null}
          {d.closedAt ? ` · ${t("deal.closedOn", { date: format.date(d.closedAt) })}` : null}
          {d.lostReason ? ` · ${t("fields.lostReason")}: ${d.lostReason}` : null}
          {d.wonReason ? ` · ${t("fields.wonReason")}: ${d.wonReason}` : null}
        </p>
        {d.archivedAt ? <p className="text-sm font-medium text-destructive">{t("deal.archived")}</p> : null}
        {!canManage ? <p className="text-sm text-muted-foreground">{t("deal.readOnly")}</p> : null}
        {canManage ? (
          <div role="group" aria-label={t("deal.moveButtons")} className="flex flex-wrap gap-2">
            {editable
              ? DEAL_STAGES.filter((s) => s !== d.stage).map((s) => (
                  <Button
                    key={s}
                    size="sm"
                    variant={s === "won" ? "default" : s === "lost" ? "destructive" : "outline"}
                    disabled={move.isPending}
                    onClick={() => (s === "won" || s === "lost" ? setAsking(s) : doMove(s))}
                  >
                    {t(`stages.${s}`)}
                  </Button>
                ))
              : null}
            {d.archivedAt ? (
              <Button size="sm" variant="outline" onClick={() => restore.mutate({ id: d.id, version: d.version })}>
                {t("deal.restore")}
              </Button>
            ) : (
              <Button size="sm" variant="ghost" onClick={() => archive.mutate({ id: d.id, version: d.version })}>
                {t("deal.archive")}
              </Button>
            )}
          </div>
        ) : null}
      </header>

      <div className="grid gap-4" aria-label={t("deal.sections")}>
        {DEAL_SECTIONS.map((section) => (
          <Card key={`${section.id}-${d.version}`} aria-labelledby={`deal-section-${section.id}`}>
            <CardHeader>
              <CardTitle id={`deal-section-${section.id}`}>
                <section.Title />
              </CardTitle>
            </CardHeader>
            <CardContent>
              <section.Body deal={d} canManage={canManage} org={org} ws={ws} />
            </CardContent>
          </Card>
        ))}
        {/* Activities logged on the deal (their customer is the deal's); a card of its own with its own actions. */}
        <ActivityPanel target={{ dealId: d.id }} />
      </div>

      <Dialog open={asking !== null} onOpenChange={(o) => !o && setAsking(null)}>
        {asking ? (
          <CloseDialog
            move={{ card: d, to: asking }}
            onCancel={() => setAsking(null)}
            onConfirm={(reasons) => {
              doMove(asking, reasons);
              setAsking(null);
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
