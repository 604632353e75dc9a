"use client";

import { PrinterIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { Button } from "@/components/ui/Button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";

import { HistoryList, type HistoryEntry } from "./HistoryList";
import { StatusBadge, type StatusTone } from "./StatusBadge";
import { TransitionButtons, type DocumentTransition } from "./TransitionButtons";
import { usePrint } from "./use-print";

export type DocumentLayoutProps = {
  title: string;
  /** The document number from the numbering service; absent while a draft has none. */
  number?: string | null;
  status: { label: string; tone?: StatusTone };
  /** Only the transitions the state machine allows the user from the current status. */
  transitions?: readonly DocumentTransition[];
  /** More header actions (edit, duplicate…). */
  actions?: ReactNode;
  /** The Details tab: header fields, then `lines` and `totals`. */
  details: ReactNode;
  lines?: ReactNode;
  totals?: ReactNode;
  history?: readonly HistoryEntry[];
  /** The Attachments tab (AttachmentsPanel). */
  attachments?: ReactNode;
  /** Shows Print and runs after printing, e.g. to write the print event to the audit stream. */
  onPrinted?: () => void;
  printable?: boolean;
};

/**
 * The frame of every business document: header (title, number, status, transitions, print), then tabs. The Details
 * tab stays mounted so printing from any tab prints the document; the print stylesheet hides the shell and tabs.
 */
export function DocumentLayout({
  title,
  number,
  status,
  transitions = [],
  actions,
  details,
  lines,
  totals,
  history = [],
  attachments,
  onPrinted,
  printable = true,
}: DocumentLayoutProps) {
  const t = useTranslations("document");
  const print = usePrint(onPrinted);

  return (
    <article className="mx-auto grid max-w-6xl gap-6" aria-labelledby="document-title">
      <header className="flex flex-wrap items-start gap-4">
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 id="document-title" className="text-2xl font-semibold tracking-tight">
              {title}
            </h1>
            <StatusBadge label={status.label} tone={status.tone} />
          </div>
          {number ? <p className="text-sm text-muted-foreground tabular-nums">{t("number", { number })}</p> : null}
        </div>
        <div className="flex flex-wrap items-center gap-2 print:hidden" role="group" aria-label={t("status")}>
          <TransitionButtons transitions={transitions} />
          {actions}
          {printable ? (
            <Button variant="outline" size="sm" onClick={print}>
              <PrinterIcon aria-hidden="true" />
              {t("print")}
            </Button>
          ) : null}
        </div>
      </header>

      <Tabs defaultValue="details">
        <TabsList className="print:hidden">
          <TabsTrigger value="details">{t("details")}</TabsTrigger>
          <TabsTrigger value="history">{t("history")}</TabsTrigger>
          <TabsTrigger value="attachments">{t("attachments")}</TabsTrigger>
        </TabsList>
        <TabsContent value="details" forceMount className="grid gap-6 data-[state=inactive]:hidden print:grid!">
          {details}
          {lines}
          {totals}
        </TabsContent>
        <TabsContent value="history" className="print:hidden">
          <HistoryList entries={history} />
        </TabsContent>
        <TabsContent value="attachments" className="print:hidden">
          {attachments}
        </TabsContent>
      </Tabs>
    </article>
  );
}
