"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useTranslations } from "next-intl";
import type { ComponentType } from "react";

import { useFormat } from "@/components/format/FormatProvider";
import type { AppRouter } from "@/server/trpc/root";

import { DealDetailsForm } from "./DealDetailsForm";
import { DealLinesEditor } from "./DealLinesEditor";

export type DealDetail = inferRouterOutputs<AppRouter>["crm"]["deals"]["get"];
export type DealSectionProps = { deal: DealDetail; canManage: boolean; org: string; ws: string };

/**
 * The sections of the deal page, in order. Another panel is one line here, e.g.
 * `{ id: "activities", Title: ActivitiesTitle, Body: ({ deal }) => <ActivitiesPanel dealId={deal.id} /> }`.
 */
export type DealSection = { id: string; Title: ComponentType; Body: ComponentType<DealSectionProps> };

function Title({ k }: { k: "details" | "lines" | "history" }) {
  const t = useTranslations("crmDeals.deal");
  return <>{t(k)}</>;
}

function History({ deal }: DealSectionProps) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  if (!deal.history.length) return <p className="text-sm text-muted-foreground">{t("deal.noHistory")}</p>;
  const stage = (s: string | null) => (s ? t(`stages.${s as "lead"}`) : "—");
  return (
    <ol className="grid gap-1 text-sm">
      {deal.history.map((h) => (
        <li key={h.id} className="flex flex-wrap gap-x-2">
          <time dateTime={new Date(h.at).toISOString()} className="text-muted-foreground">
            {format.dateTime(h.at)}
          </time>
          <span className="font-medium">{t("deal.historyRow", { from: stage(h.from), to: stage(h.to) })}</span>
          {h.reason ? <span>— {h.reason}</span> : null}
          {h.actor ? <span className="text-muted-foreground">{t("deal.by", { name: h.actor })}</span> : null}
        </li>
      ))}
    </ol>
  );
}

export const DEAL_SECTIONS: DealSection[] = [
  { id: "details", Title: () => <Title k="details" />, Body: DealDetailsForm },
  { id: "lines", Title: () => <Title k="lines" />, Body: DealLinesEditor },
  { id: "history", Title: () => <Title k="history" />, Body: History },
];
