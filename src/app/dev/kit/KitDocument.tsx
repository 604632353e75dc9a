"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import {
  DocumentLayout,
  LinesEditor,
  TotalsPanel,
  type DocumentLine,
  type DocumentTransition,
  type HistoryEntry,
  type StatusTone,
} from "@/components/document";
import { useFormat } from "@/components/format/FormatProvider";

import { kitTotals } from "./kit-totals";

const CURRENCY = "USD";

type Status = "draft" | "sent" | "accepted" | "cancelled";
const TONES: Record<Status, StatusTone> = { draft: "neutral", sent: "info", accepted: "success", cancelled: "danger" };

const INITIAL_LINES: DocumentLine[] = [
  { key: "l1", description: "Steel bracket", quantity: "10", unitPrice: "12.50", discount: "0", taxRate: "20" },
  { key: "l2", description: "Installation", quantity: "2", unitPrice: "80", discount: "10", taxRate: "0" },
];

export function KitDocument() {
  const t = useTranslations("devKit");
  const format = useFormat();
  const [status, setStatus] = useState<Status>("draft");
  const [lines, setLines] = useState<DocumentLine[]>(INITIAL_LINES);
  const [history, setHistory] = useState<HistoryEntry[]>([
    { id: "h0", kind: "status", to: t("statuses.draft"), at: "2026-11-20T09:15:00Z", actor: "Olivia Owner" },
  ]);
  const totals = useMemo(() => kitTotals(lines, CURRENCY), [lines]);
  const statusLabel = (s: Status) => t(`statuses.${s}`);

  const go = (to: Status) => async (reason?: string) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    setHistory((h) => [
      { id: `h${h.length}`, kind: "status", from: statusLabel(status), to: statusLabel(to), reason, at: new Date(), actor: "You" },
      ...h,
    ]);
    setStatus(to);
  };

  const transitions: DocumentTransition[] = [];
  if (status === "draft") transitions.push({ id: "send", label: t("send"), toLabel: statusLabel("sent"), variant: "default", onConfirm: go("sent") });
  if (status === "sent") transitions.push({ id: "accept", label: t("accept"), toLabel: statusLabel("accepted"), variant: "default", onConfirm: go("accepted") });
  if (status === "draft" || status === "sent") {
    transitions.push({ id: "cancel", label: t("cancelDocument"), toLabel: statusLabel("cancelled"), variant: "destructive", reason: "required", onConfirm: go("cancelled") });
  }

  return (
    <DocumentLayout
      title={t("documentTitle")}
      number="Q-2026-00042"
      status={{ label: statusLabel(status), tone: TONES[status] }}
      transitions={transitions}
      details={
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted-foreground">{t("customer")}</dt>
          <dd>Globex Corporation</dd>
          <dt className="text-muted-foreground">{t("date")}</dt>
          <dd>{format.date("2026-11-30")}</dd>
        </dl>
      }
      lines={<LinesEditor lines={lines} onChange={setLines} currency={CURRENCY} totals={totals} readOnly={status !== "draft"} />}
      totals={<TotalsPanel totals={totals} currency={CURRENCY} />}
      history={history}
      attachments={<p className="py-6 text-center text-sm text-muted-foreground">{t("attachmentsPlaceholder")}</p>}
      onPrinted={() => toast(t("printed"))}
    />
  );
}
