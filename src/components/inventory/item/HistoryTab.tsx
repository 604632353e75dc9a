"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { HistoryList, type HistoryEntry } from "@/components/document/HistoryList";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

const HIDDEN = new Set(["version", "updated_at", "updated_by", "created_at", "created_by", "organization_id", "id", "item_id"]);
const SUBJECT: Record<string, "item" | "variant" | "barcode" | "conversion" | "substitute"> = {
  "inventory.items": "item",
  "inventory.variants": "variant",
  "inventory.item_barcodes": "barcode",
  "inventory.item_units": "conversion",
  "inventory.item_substitutes": "substitute",
};

/** Audit events of the item and of its variants, barcodes, conversions and substitutes, newest first. */
export function HistoryTab({ itemId }: { itemId: string }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const history = useQuery(trpc.inventory.items.history.queryOptions({ itemId }));
  const entries = useMemo<HistoryEntry[]>(
    () =>
      (history.data?.events ?? []).map((e) => {
        const subject = e.table ? SUBJECT[e.table] : undefined;
        const op = e.operation === "INSERT" ? "created" : e.operation === "DELETE" ? "deleted" : e.operation === "UPDATE" ? "updated" : null;
        const changes = e.changes ?? {};
        const detail = e.subject;
        const fields = Object.keys(changes).filter((k) => !HIDDEN.has(k));
        const summary = subject && op ? t(`history.${subject}.${op}`, { detail: detail ?? "" }).replace(/\s+/g, " ").trim() + (op === "updated" && fields.length ? `: ${fields.join(", ")}` : "") : e.action;
        return { id: e.id, kind: "audit" as const, at: e.createdAt, actor: e.actor?.name ?? null, operation: e.action, summary };
      }),
    [history.data, t],
  );
  if (history.isPending) return <Skeleton className="h-32 w-full" aria-busy="true" aria-label={t("loading")} />;
  if (history.isError)
    return (
      <p role="alert" className="text-sm text-destructive">
        {t("history.loadFailed")}{" "}
        <Button variant="link" size="sm" onClick={() => void history.refetch()}>
          {t("retry")}
        </Button>
      </p>
    );
  return (
    <section className="grid gap-3" aria-labelledby="inventory-history-title">
      <h2 id="inventory-history-title" className="text-lg font-semibold">
        {t("history.title")}
      </h2>
      <HistoryList entries={entries} />
    </section>
  );
}
