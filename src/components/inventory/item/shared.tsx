"use client";

import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";

/** Loading, error and empty states of the item page's tables; renders nothing once there are rows. */
export function TableState({ pending, error, empty, emptyText, onRetry }: { pending: boolean; error: boolean; empty: boolean; emptyText: string; onRetry: () => void }) {
  const t = useTranslations("inventory");
  if (pending) return <Skeleton className="h-32 w-full" aria-busy="true" aria-label={t("loading")} />;
  if (error)
    return (
      <div className="grid justify-items-center gap-2 py-6">
        <p role="alert" className="text-sm text-destructive">
          {t("loadFailed")}
        </p>
        <Button variant="outline" onClick={onRetry}>
          {t("retry")}
        </Button>
      </div>
    );
  if (empty) return <p className="py-6 text-center text-sm text-muted-foreground">{emptyText}</p>;
  return null;
}

/** "Load more" under a paged table. */
export function LoadMore({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  const t = useTranslations("inventory");
  if (!hasMore) return null;
  return (
    <div className="flex justify-center pt-3">
      <Button variant="outline" onClick={onMore} disabled={loading}>
        {loading ? t("loading") : t("loadMore")}
      </Button>
    </div>
  );
}

/** The attributes of a variant as "size: S · color: red". */
export function attributesText(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

/** A variant as a choice: "SKU-S — Small", or "SKU-S — size: S" when it has no name. */
export function variantLabel(v: { sku: string; name: string | null; attributes: Record<string, unknown> }): string {
  return [v.sku, v.name ?? attributesText(v.attributes)].filter(Boolean).join(" — ");
}

export const TH = "py-2 pr-3 font-medium";
export const TH_NUM = "py-2 pr-3 text-right font-medium";
export const TD = "py-2 pr-3";
export const TD_NUM = "py-2 pr-3 text-right tabular-nums";
