"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";

import { DashboardPending, Figure, linkClass, share, Widget, WidgetTable } from "@/components/dashboard/widgets";
import { useFormat } from "@/components/format/FormatProvider";
import { cn } from "@/lib/utils";
import { REORDER_ALERT_STATUSES } from "@/server/modules/inventory/reorder.schemas";
import { useTRPC } from "@/trpc/react";

import { inventoryLinks } from "./links";


const SLOW_DAYS = 90;

/** The inventory dashboard (inventory.stock.read): value by category and warehouse, stock alerts, slow movers, recent moves. */
export function InventoryDashboard() {
  const t = useTranslations("inventoryDashboard");
  const tr = useTranslations("inventoryReorder");
  const format = useFormat();
  const trpc = useTRPC();
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const q = useQuery(trpc.inventory.dashboard.queryOptions({ slowDays: SLOW_DAYS }));
  const currency = format.currency ?? "USD";
  const money = (v: string) => format.money(v, currency);

  const header = (
    <div className="grid gap-1">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="text-sm text-muted-foreground">{t("description")}</p>
    </div>
  );
  if (q.isError || q.isPending)
    return <DashboardPending header={header} failed={q.isError} failedLabel={t("loadFailed")} retryLabel={t("retry")} onRetry={() => void q.refetch()} />;

  const d = q.data;
  const maxCat = Math.max(...d.byCategory.map((c) => Number(c.value)), 0);
  const maxWh = Math.max(...d.byWarehouse.map((w) => Number(w.value)), 0);
  const nothing = d.byWarehouse.length === 0 && d.recentMoves.length === 0;
  const below = inventoryLinks.reorder(org, ws, { status: REORDER_ALERT_STATUSES });

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      {header}
      {nothing ? <p className="rounded-md border p-4 text-sm text-muted-foreground">{t("empty")}</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Widget id="inv-alerts" title={t("alerts.title")} description={t("alerts.description")} contentClassName="flex flex-wrap gap-6 text-sm">
          <div className="grid">
            <span className="text-muted-foreground">{t("alerts.below")}</span>
            <Figure href={below} label={t("alerts.belowLabel", { n: d.alerts.belowReorderPoint })}>
              <span className={cn("text-2xl tabular-nums", d.alerts.belowReorderPoint > 0 && "text-destructive")}>{format.number(d.alerts.belowReorderPoint)}</span>
            </Figure>
          </div>
          {REORDER_ALERT_STATUSES.map((s) => (
            <div key={s} className="grid">
              <span className="text-muted-foreground">{tr(`status.${s}`)}</span>
              <Figure href={inventoryLinks.reorder(org, ws, { status: [s] })} label={t("alerts.statusLabel", { status: tr(`status.${s}`), n: d.alerts[s] })}>
                <span className="text-2xl tabular-nums">{format.number(d.alerts[s])}</span>
              </Figure>
            </div>
          ))}
          <div className="grid">
            <span className="text-muted-foreground">{t("alerts.totalValue")}</span>
            <span className="text-2xl tabular-nums">{money(d.totalValue)}</span>
          </div>
        </Widget>

        <Widget id="inv-warehouses" title={t("warehouses.title")} description={t("warehouses.description")}>
          {d.byWarehouse.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("warehouses.empty")}</p>
          ) : (
            <WidgetTable caption={t("warehouses.title")} columns={[{ label: t("warehouses.warehouse") }, { label: t("warehouses.items"), numeric: true }, { label: t("warehouses.value"), numeric: true }]}>
              <tbody>
                {d.byWarehouse.map((w) => {
                  const href = inventoryLinks.valuation(org, ws, { group: "warehouse", warehouse: [w.warehouseId] });
                  return (
                    <tr key={w.warehouseId} className="border-t">
                      <th scope="row" className="py-1.5 text-left font-normal">
                        {w.code} <span className="text-muted-foreground">{w.name}</span>
                        <div className="mt-1 h-1.5 rounded bg-muted" aria-hidden="true">
                          <div className="h-1.5 rounded bg-primary" style={{ width: share(w.value, maxWh) }} />
                        </div>
                      </th>
                      <td className="py-1.5 pl-3 text-right tabular-nums">{format.number(w.items)}</td>
                      <td className="py-1.5 pl-3 text-right tabular-nums">
                        <Figure href={href} label={t("warehouses.valueLabel", { warehouse: w.code, value: money(w.value) })}>
                          {money(w.value)}
                        </Figure>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </WidgetTable>
          )}
        </Widget>

        <Widget id="inv-categories" title={t("categories.title")} description={t("categories.description")}>
          {d.byCategory.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("categories.empty")}</p>
          ) : (
            <WidgetTable caption={t("categories.title")} columns={[{ label: t("categories.category") }, { label: t("categories.items"), numeric: true }, { label: t("categories.value"), numeric: true }]}>
              <tbody>
                {d.byCategory.map((c) => {
                  const name = c.name ?? t("categories.none");
                  const href = inventoryLinks.items(org, ws, { category: c.categoryId ?? undefined });
                  return (
                    <tr key={c.categoryId ?? "none"} className="border-t">
                      <th scope="row" className="py-1.5 text-left font-normal">
                        {name}
                        <div className="mt-1 h-1.5 rounded bg-muted" aria-hidden="true">
                          <div className="h-1.5 rounded bg-emerald-500" style={{ width: share(c.value, maxCat) }} />
                        </div>
                      </th>
                      <td className="py-1.5 pl-3 text-right tabular-nums">
                        <Figure href={href} label={t("categories.itemsLabel", { category: name, n: c.items })}>
                          {format.number(c.items)}
                        </Figure>
                      </td>
                      <td className="py-1.5 pl-3 text-right tabular-nums">
                        <Figure href={href} label={t("categories.valueLabel", { category: name, value: money(c.value) })}>
                          {money(c.value)}
                        </Figure>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </WidgetTable>
          )}
        </Widget>

        <Widget id="inv-slow" title={t("slow.title")} description={t("slow.description", { days: d.slowMovers.days, n: d.slowMovers.total })}>
          {d.slowMovers.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("slow.empty")}</p>
          ) : (
            <WidgetTable caption={t("slow.title")} columns={[{ label: t("slow.item") }, { label: t("slow.quantity"), numeric: true }, { label: t("slow.value"), numeric: true }, { label: t("slow.lastIssue"), numeric: true }]}>
              <tbody>
                {d.slowMovers.rows.map((s) => (
                  <tr key={s.itemId} className="border-t">
                    <th scope="row" className="py-1.5 text-left font-normal">
                      <Link href={inventoryLinks.item(org, ws, s.itemId, "stock")} className={linkClass}>
                        <span className="font-mono text-sm">{s.sku}</span>
                      </Link>{" "}
                      <span className="text-muted-foreground">{s.name}</span>
                    </th>
                    <td className="py-1.5 pl-3 text-right tabular-nums">{format.number(s.quantity, { maximumFractionDigits: 4 })}</td>
                    <td className="py-1.5 pl-3 text-right tabular-nums">{money(s.value)}</td>
                    <td className="py-1.5 pl-3 text-right tabular-nums">
                      <Figure href={inventoryLinks.item(org, ws, s.itemId, "ledger")} label={t("slow.ledgerLabel", { sku: s.sku })}>
                        {s.lastIssueAt ? format.date(s.lastIssueAt) : t("slow.never")}
                      </Figure>
                    </td>
                  </tr>
                ))}
              </tbody>
            </WidgetTable>
          )}
        </Widget>

        <div className="md:col-span-2">
          <Widget id="inv-recent" title={t("recent.title")} description={t("recent.description")}>
            {d.recentMoves.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("recent.empty")}</p>
            ) : (
              <WidgetTable
                caption={t("recent.title")}
                columns={[{ label: t("recent.when") }, { label: t("recent.item") }, { label: t("recent.type") }, { label: t("recent.where") }, { label: t("recent.quantity"), numeric: true }, { label: t("recent.value"), numeric: true }]}
              >
                <tbody>
                  {d.recentMoves.map((m) => (
                    <tr key={m.id} className="border-t">
                      <td className="py-1.5 whitespace-nowrap">{format.dateTime(m.movedAt)}</td>
                      <th scope="row" className="py-1.5 text-left font-normal">
                        <Link href={inventoryLinks.item(org, ws, m.itemId, "ledger")} className={linkClass} aria-label={t("recent.ledgerLabel", { sku: m.sku })}>
                          <span className="font-mono text-sm">{m.sku}</span>
                        </Link>{" "}
                        <span className="text-muted-foreground">{m.itemName}</span>
                      </th>
                      <td className="py-1.5">
                        {t(`moveTypes.${m.moveType as "receipt"}`)}
                        {m.reversal ? ` (${t("recent.reversal")})` : ""}
                      </td>
                      <td className="py-1.5">
                        {m.warehouseCode ? `${m.warehouseCode}: ` : ""}
                        {[m.fromLocationCode, m.toLocationCode].filter(Boolean).join(" → ")}
                      </td>
                      <td className="py-1.5 pl-3 text-right tabular-nums">{format.number(m.quantity, { maximumFractionDigits: 4 })}</td>
                      <td className="py-1.5 pl-3 text-right tabular-nums">{money(m.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </WidgetTable>
            )}
          </Widget>
        </div>
      </div>
    </div>
  );
}
