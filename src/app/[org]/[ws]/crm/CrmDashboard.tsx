"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId } from "react";

import { crmLinks } from "@/components/crm/links";
import { DashboardPending, Figure, linkClass, share, Widget, WidgetTable } from "@/components/dashboard/widgets";
import { useFormat } from "@/components/format/FormatProvider";
import { Label } from "@/components/ui/Label";
import { useTRPC } from "@/trpc/react";


export function CrmDashboard() {
  const t = useTranslations("crmDashboard");
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const ownerParam = search.get("owner") ?? undefined;
  const currencyParam = search.get("currency") ?? undefined;
  const ownerId = useId();
  const currencyId = useId();
  const q = useQuery(
    trpc.crm.dashboard.queryOptions({
      owner: ownerParam === "me" || (ownerParam && /^[0-9a-f-]{36}$/i.test(ownerParam)) ? ownerParam : undefined,
      currency: currencyParam && /^[A-Za-z]{3}$/.test(currencyParam) ? currencyParam : undefined,
    }),
  );

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    const s = next.toString();
    router.replace(s ? `${pathname}?${s}` : pathname);
  };

  const header = (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor={ownerId}>{t("owner")}</Label>
          <select
            id={ownerId}
            className="h-9 rounded-md border bg-background px-2 text-sm"
            value={ownerParam === "me" ? "me" : ""}
            onChange={(e) => setParam("owner", e.target.value)}
          >
            <option value="">{t("everyone")}</option>
            <option value="me">{t("me")}</option>
          </select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor={currencyId}>{t("currency")}</Label>
          <select
            id={currencyId}
            className="h-9 rounded-md border bg-background px-2 text-sm"
            value={q.data?.currency ?? currencyParam ?? ""}
            onChange={(e) => setParam("currency", e.target.value)}
            disabled={!q.data}
          >
            {(q.data?.currencies ?? [currencyParam ?? ""]).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );

  if (q.isError || q.isPending)
    return <DashboardPending header={header} failed={q.isError} failedLabel={t("loadFailed")} retryLabel={t("retry")} onRetry={() => void q.refetch()} />;

  const d = q.data;
  const owner = ownerParam === "me" ? "me" : (d.owner ?? undefined);
  const money = (v: string) => format.money(v, d.currency);
  const maxStage = Math.max(...d.pipeline.map((p) => Number(p.value)), 0);
  const maxMonth = Math.max(...d.wonLost.flatMap((m) => [Number(m.wonValue), Number(m.lostValue)]), 0);
  const maxTop = Math.max(...d.topCustomers.map((c) => Number(c.wonValue)), 0);
  const nothing = d.pipeline.every((p) => p.count === 0) && d.wonLost.every((m) => m.wonCount + m.lostCount === 0);

  return (
    <div className="mx-auto grid max-w-7xl gap-4">
      {header}
      {nothing ? <p className="rounded-md border p-4 text-sm text-muted-foreground">{t("empty")}</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Widget id="dash-pipeline" title={t("pipeline.title")} description={t("pipeline.description")}>
          <WidgetTable caption={t("pipeline.title")} columns={[{ label: t("pipeline.stage") }, { label: t("pipeline.count"), numeric: true }, { label: t("pipeline.value"), numeric: true }, { label: t("pipeline.weighted"), numeric: true }]}>
            <tbody>
              {d.pipeline.map((p) => {
                const href = crmLinks.pipeline(org, ws, { stage: p.stage, owner, currency: d.currency });
                const stage = t(`stages.${p.stage}`);
                return (
                  <tr key={p.stage} className="border-t">
                    <th scope="row" className="py-1.5 text-left font-normal">
                      {stage}
                      <div className="mt-1 h-1.5 rounded bg-muted" aria-hidden="true">
                        <div className="h-1.5 rounded bg-primary" style={{ width: share(p.value, maxStage) }} />
                      </div>
                    </th>
                    <td className="py-1.5 text-right tabular-nums">
                      <Figure href={href} label={t("pipeline.countLabel", { stage, n: p.count })}>
                        {format.number(p.count)}
                      </Figure>
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      <Figure href={href} label={t("pipeline.valueLabel", { stage, value: money(p.value) })}>
                        {money(p.value)}
                      </Figure>
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      <Figure href={href} label={t("pipeline.weightedLabel", { stage, value: money(p.weightedValue) })}>
                        {money(p.weightedValue)}
                      </Figure>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </WidgetTable>
        </Widget>

        <div className="grid gap-4">
          <Widget id="dash-closing" title={t("closing.title")} description={t("closing.description", { from: format.date(d.closingSoon.from), to: format.date(d.closingSoon.to) })} contentClassName="flex flex-wrap gap-6 text-sm">
            {(() => {
              const href = crmLinks.pipeline(org, ws, { owner, currency: d.currency, closeFrom: d.closingSoon.from, closeTo: d.closingSoon.to });
              return (
                <>
                  <div className="grid">
                    <span className="text-muted-foreground">{t("closing.count")}</span>
                    <Figure href={href} label={t("closing.countLabel", { n: d.closingSoon.count })}>
                      <span className="text-2xl tabular-nums">{format.number(d.closingSoon.count)}</span>
                    </Figure>
                  </div>
                  <div className="grid">
                    <span className="text-muted-foreground">{t("closing.value")}</span>
                    <Figure href={href} label={t("closing.valueLabel", { value: money(d.closingSoon.value) })}>
                      <span className="text-2xl tabular-nums">{money(d.closingSoon.value)}</span>
                    </Figure>
                  </div>
                  <div className="grid">
                    <span className="text-muted-foreground">{t("closing.weighted")}</span>
                    <Figure href={href} label={t("closing.weightedLabel", { value: money(d.closingSoon.weightedValue) })}>
                      <span className="text-2xl tabular-nums">{money(d.closingSoon.weightedValue)}</span>
                    </Figure>
                  </div>
                </>
              );
            })()}
          </Widget>

          <Widget id="dash-activities" title={t("activities.title")} contentClassName="flex flex-wrap gap-6 text-sm">
            {d.activitiesDue ? (
              <>
                <div className="grid">
                  <span className="text-muted-foreground">{t("activities.today")}</span>
                  <Figure href={crmLinks.activities(org, ws, { state: "today", owner: owner ?? "all" })} label={t("activities.todayLabel", { n: d.activitiesDue.today })}>
                    <span className="text-2xl tabular-nums">{format.number(d.activitiesDue.today)}
                      {d.activitiesDue.todayCapped ? "+" : ""}
                    </span>
                  </Figure>
                </div>
                <div className="grid">
                  <span className="text-muted-foreground">{t("activities.overdue")}</span>
                  <Figure href={crmLinks.activities(org, ws, { state: "overdue", owner: owner ?? "all" })} label={t("activities.overdueLabel", { n: d.activitiesDue.overdue })}>
                    <span className="text-2xl tabular-nums text-destructive">{format.number(d.activitiesDue.overdue)}
                      {d.activitiesDue.overdueCapped ? "+" : ""}
                    </span>
                  </Figure>
                </div>
              </>
            ) : (
              <p className="text-muted-foreground">{t("activities.noAccess")}</p>
            )}
          </Widget>
        </div>

        <Widget id="dash-wonlost" title={t("wonLost.title")} description={t("wonLost.description", { zone: d.timeZone })}>
          <WidgetTable caption={t("wonLost.title")} columns={[{ label: t("wonLost.month") }, { label: t("wonLost.won"), numeric: true }, { label: t("wonLost.lost"), numeric: true }]}>
            <tbody>
              {d.wonLost.map((m) => {
                const month = format.date(`${m.month}-01`, { month: "short", year: "numeric" });
                const won = crmLinks.deals(org, ws, { stage: "won", owner, currency: d.currency, closedFrom: m.from, closedTo: m.to });
                const lost = crmLinks.deals(org, ws, { stage: "lost", owner, currency: d.currency, closedFrom: m.from, closedTo: m.to });
                return (
                  <tr key={m.month} className="border-t">
                    <th scope="row" className="py-1 text-left font-normal whitespace-nowrap">
                      {month}
                      <div className="mt-1 grid gap-0.5" aria-hidden="true">
                        <div className="h-1 rounded bg-emerald-500" style={{ width: share(m.wonValue, maxMonth) }} />
                        <div className="h-1 rounded bg-rose-500" style={{ width: share(m.lostValue, maxMonth) }} />
                      </div>
                    </th>
                    <td className="py-1 text-right tabular-nums">
                      <Figure href={won} label={t("wonLost.wonLabel", { month, n: m.wonCount, value: money(m.wonValue) })}>
                        {format.number(m.wonCount)} · {money(m.wonValue)}
                      </Figure>
                    </td>
                    <td className="py-1 text-right tabular-nums">
                      <Figure href={lost} label={t("wonLost.lostLabel", { month, n: m.lostCount, value: money(m.lostValue) })}>
                        {format.number(m.lostCount)} · {money(m.lostValue)}
                      </Figure>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </WidgetTable>
        </Widget>

        <Widget id="dash-top" title={t("top.title")} description={t("top.description")}>
          {d.topCustomers.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("top.empty")}</p>
          ) : (
            <ol className="grid gap-2 text-sm">
              {d.topCustomers.map((c) => (
                <li key={c.customerId} className="grid gap-1">
                  <div className="flex justify-between gap-2">
                    <Link href={crmLinks.customer(org, ws, c.customerId)} className={linkClass}>
                      {c.name} <span className="font-normal text-muted-foreground">{c.number}</span>
                    </Link>
                    <Figure href={crmLinks.customer(org, ws, c.customerId)} label={t("top.valueLabel", { name: c.name, value: money(c.wonValue) })}>
                      <span className="tabular-nums">{money(c.wonValue)}</span>
                    </Figure>
                  </div>
                  <div className="h-1.5 rounded bg-muted" aria-hidden="true">
                    <div className="h-1.5 rounded bg-emerald-500" style={{ width: share(c.wonValue, maxTop) }} />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Widget>
      </div>
    </div>
  );
}
