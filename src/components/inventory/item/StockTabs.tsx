"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { useFormat } from "@/components/format/FormatProvider";
import { useTRPC } from "@/trpc/react";

import { LoadMore, TableState, TD, TD_NUM, TH, TH_NUM } from "./shared";

const PER_PAGE = 50;

/** Stock by location (levels of the item the member sees), paged by cursor; the variant's SKU when it has variants. */
export function StockTab({ itemId, variants }: { itemId: string; variants: { id: string; sku: string }[] }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.inventory.stock.onHand.infiniteQueryOptions(
      { filters: { item: { type: "enum", values: [itemId] } }, perPage: PER_PAGE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  const sku = new Map(variants.map((v) => [v.id, v.sku]));
  if (!q.data || rows.length === 0)
    return <TableState pending={q.isPending} error={q.isError} empty={rows.length === 0} emptyText={t("stock.empty")} onRetry={() => void q.refetch()} />;
  return (
    <div>
      <table className="w-full text-sm" aria-label={t("stock.label")}>
        <thead className="text-left text-muted-foreground">
          <tr>
            <th className={TH}>{t("stock.warehouse")}</th>
            <th className={TH}>{t("stock.location")}</th>
            {variants.length ? <th className={TH}>{t("stock.variant")}</th> : null}
            <th className={TH}>{t("stock.lot")}</th>
            <th className={TH_NUM}>{t("stock.onHand")}</th>
            <th className={TH_NUM}>{t("stock.reserved")}</th>
            <th className="py-2 text-right font-medium">{t("stock.available")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t">
              <td className={TD}>{r.warehouseCode}</td>
              <td className={TD}>{r.locationCode}</td>
              {variants.length ? <td className={`${TD} font-mono`}>{r.variantId ? (sku.get(r.variantId) ?? "—") : "—"}</td> : null}
              <td className={TD}>{r.lotNumber ?? "—"}</td>
              <td className={TD_NUM}>{format.number(r.onHand)}</td>
              <td className={TD_NUM}>{format.number(r.reserved)}</td>
              <td className="py-2 text-right tabular-nums">{format.number(r.available)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
    </div>
  );
}

/** The item's moves in time order with the running balance (computed over every move: right on every page). */
export function LedgerTab({ itemId }: { itemId: string }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useInfiniteQuery(trpc.inventory.stock.ledger.infiniteQueryOptions({ itemId, perPage: PER_PAGE }, { getNextPageParam: (last) => last.nextCursor }));
  const rows = q.data?.pages.flatMap((p) => p.rows) ?? [];
  if (!q.data || rows.length === 0)
    return <TableState pending={q.isPending} error={q.isError} empty={rows.length === 0} emptyText={t("ledger.empty")} onRetry={() => void q.refetch()} />;
  return (
    <div>
      <table className="w-full text-sm" aria-label={t("ledger.label")}>
        <thead className="text-left text-muted-foreground">
          <tr>
            <th className={TH}>{t("ledger.date")}</th>
            <th className={TH}>{t("ledger.moveType")}</th>
            <th className={TH}>{t("ledger.from")}</th>
            <th className={TH}>{t("ledger.to")}</th>
            <th className={TH_NUM}>{t("ledger.quantity")}</th>
            <th className={TH_NUM}>{t("ledger.balance")}</th>
            <th className={TH_NUM}>{t("ledger.unitCost")}</th>
            <th className="py-2 text-right font-medium">{t("ledger.value")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t">
              <td className={`${TD} whitespace-nowrap`}>
                <time dateTime={new Date(r.movedAt).toISOString()}>{format.dateTime(new Date(r.movedAt), { dateStyle: "medium", timeStyle: "short" })}</time>
              </td>
              <td className={TD}>{t(`moveType.${r.moveType as "receipt"}`)}</td>
              <td className={TD}>{r.fromLocationCode ?? "—"}</td>
              <td className={TD}>{r.toLocationCode ?? "—"}</td>
              <td className={TD_NUM}>{format.number(r.change)}</td>
              <td className={TD_NUM}>{format.number(r.balance)}</td>
              <td className={TD_NUM}>{format.number(r.unitCost, { minimumFractionDigits: 2 })}</td>
              <td className="py-2 text-right tabular-nums">{format.number(r.value, { minimumFractionDigits: 2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
    </div>
  );
}
