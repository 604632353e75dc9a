"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo } from "react";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { ORGANIZATIONS_LIST } from "@/server/modules/platform/console.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["platform"]["organizations"]["list"];
type Row = RowOf<Procedure>;

const usage = (used: number, limit: number | null) => (limit === null ? `${used}` : `${used} / ${limit}`);

/** Every organization on the platform: plan, subscription, status, usage. Rows open the read-only detail. */
export function OrganizationsTable() {
  const t = useTranslations("platformConsole.organizations");
  const ts = useTranslations("platformConsole.status");
  const format = useFormat();
  const trpc = useTRPC();
  const plans = useQuery(trpc.platform.plans.list.queryOptions());

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "name", header: t("columns.name"), cell: (r) => <span className="font-medium">{r.name}</span>, hideable: false },
      { id: "slug", header: t("columns.slug"), cell: (r) => r.slug },
      { id: "plan", header: t("columns.plan"), cell: (r) => r.plan?.name ?? "—" },
      { id: "subscription", header: t("columns.subscription"), cell: (r) => (r.subscriptionStatus ? ts(`subscription.${r.subscriptionStatus}`) : "—") },
      {
        id: "status",
        header: t("columns.status"),
        cell: (r) => <Badge variant={r.status === "active" ? "secondary" : "destructive"}>{ts(`organization.${r.status}`)}</Badge>,
      },
      { id: "members", header: t("columns.members"), cell: (r) => usage(r.members, r.maxUsers), className: "tabular-nums" },
      { id: "workspaces", header: t("columns.workspaces"), cell: (r) => usage(r.workspaces, r.maxWorkspaces), className: "tabular-nums" },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        cell: (r) => <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, { dateStyle: "medium" })}</time>,
        className: "whitespace-nowrap",
      },
    ],
    [t, ts, format],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: (["active", "suspended"] as const).map((s) => ({ value: s, label: ts(`organization.${s}`) })) },
      { id: "plan", label: t("filters.plan"), options: (plans.data ?? []).map((p) => ({ value: p.key, label: p.name })) },
    ],
    [plans.data, t, ts],
  );

  return (
    <DataTable
      listKey="platform.organizations"
      label={t("tableLabel")}
      spec={ORGANIZATIONS_LIST}
      procedure={trpc.platform.organizations.list}
      columns={columns}
      filters={filters}
      getRowLabel={(r) => r.name}
      rowHref={(r) => `/platform/organizations/${r.id}`}
      savedViews={false}
      searchPlaceholder={t("searchPlaceholder")}
      emptyMessage={t("empty")}
    />
  );
}
