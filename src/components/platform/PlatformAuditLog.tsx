"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";

import { ErrorState } from "@/components/ErrorState";
import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";
import { PLATFORM_ACTIONS, type PlatformAction } from "@/server/kernel/audit/platform";
import { useTRPC } from "@/trpc/react";

const PER_PAGE = 50;

// Message keys cannot hold dots (they nest): plan.created → actions.plan_created.
const actionKey = (a: PlatformAction) => `actions.${a.replace(".", "_")}` as `actions.${"plan_created" | "plan_updated" | "plan_features_changed"}`;

/** The platform's own audit trail (plan and feature catalog changes), newest first, filtered by action. */
export function PlatformAuditLog() {
  const t = useTranslations("platformConsole.audit");
  const format = useFormatter();
  const trpc = useTRPC();
  const filterId = useId();
  const [action, setAction] = useState<PlatformAction | "">("");
  const [page, setPage] = useState(1);
  const q = useQuery(
    trpc.platform.audit.list.queryOptions({ perPage: PER_PAGE, page, ...(action ? { filters: { action: { type: "enum", values: [action] } } } : {}) }),
  );
  const pages = Math.max(1, Math.ceil((q.data?.total ?? 0) / PER_PAGE));
  return (
    <div className="grid gap-3">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor={filterId} className="font-medium">
          {t("actionFilter")}
        </label>
        <select
          id={filterId}
          className="h-9 rounded-md border bg-background px-2"
          value={action}
          onChange={(e) => {
            setAction(e.target.value as PlatformAction | "");
            setPage(1);
          }}
        >
          <option value="">{t("allActions")}</option>
          {PLATFORM_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(actionKey(a))}
            </option>
          ))}
        </select>
      </div>
      {q.isPending ? (
        <Skeleton className="h-40 w-full" aria-label={t("loading")} />
      ) : q.isError ? (
        <ErrorState error={q.error} retry={() => void q.refetch()} />
      ) : q.data.rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">{action ? t("emptyFiltered") : t("empty")}</p>
      ) : (
        <>
          <table className="w-full text-sm" aria-label={t("tableLabel")}>
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th className="py-2 pr-4 font-medium">{t("columns.when")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.actor")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.action")}</th>
                <th className="py-2 pr-4 font-medium">{t("columns.entity")}</th>
                <th className="py-2 font-medium">{t("columns.details")}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r) => (
                <tr key={r.id} className="border-b align-top">
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                  </td>
                  <td className="py-2 pr-4">{r.actor ? (r.actor.name ?? r.actor.email) : t("system")}</td>
                  <td className="py-2 pr-4">
                    {(PLATFORM_ACTIONS as readonly string[]).includes(r.action) ? t(actionKey(r.action as PlatformAction)) : r.action}
                  </td>
                  <td className="py-2 pr-4 font-mono text-xs">{(r.data as { key?: string; after?: { key?: string } } | null)?.key ?? (r.data as { after?: { key?: string } } | null)?.after?.key ?? r.entityId}</td>
                  <td className="py-2">
                    <pre className="max-w-md overflow-x-auto font-mono text-xs whitespace-pre-wrap text-muted-foreground">{JSON.stringify(r.data, null, 1)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <div className="flex items-center justify-end gap-2 text-sm">
              <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                {t("previous")}
              </Button>
              <span>{t("pageOf", { page, pages })}</span>
              <Button variant="outline" size="sm" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                {t("next")}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
