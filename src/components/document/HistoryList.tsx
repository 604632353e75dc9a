"use client";

import { useTranslations } from "next-intl";

import { useFormat } from "@/components/format/FormatProvider";

/** A status-history row (the state machine's table) or an audit event of the record, newest first. */
export type HistoryEntry = { id: string; at: Date | string; actor?: string | null } & (
  | { kind: "status"; from?: string | null; to: string; reason?: string | null }
  | { kind: "audit"; operation: string; fields?: readonly string[]; summary?: string | null }
);

export function HistoryList({ entries }: { entries: readonly HistoryEntry[] }) {
  const t = useTranslations("document");
  const format = useFormat();
  if (entries.length === 0) return <p className="py-6 text-center text-sm text-muted-foreground">{t("historyEmpty")}</p>;

  return (
    <ol className="grid gap-3" aria-label={t("history")}>
      {entries.map((entry) => (
        <li key={entry.id} className="grid gap-0.5 border-l-2 pl-3 text-sm">
          <span className="font-medium">
            {entry.kind === "status"
              ? entry.from
                ? t("statusChanged", { from: entry.from, to: entry.to })
                : t("statusSet", { to: entry.to })
              : (entry.summary ?? t("fieldChanged", { operation: entry.operation, fields: (entry.fields ?? []).join(", ") }))}
          </span>
          <span className="text-xs text-muted-foreground">
            <time dateTime={typeof entry.at === "string" ? entry.at : entry.at.toISOString()}>{format.dateTime(entry.at)}</time>
            {entry.actor ? ` · ${t("by", { actor: entry.actor })}` : null}
          </span>
          {entry.kind === "status" && entry.reason ? <span className="text-muted-foreground">{t("reasonLabel", { reason: entry.reason })}</span> : null}
        </li>
      ))}
    </ol>
  );
}
