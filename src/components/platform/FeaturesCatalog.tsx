"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { ErrorState } from "@/components/ErrorState";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

/** The feature catalog (defined in code, synced into the database) and how many plans include each feature. */
export function FeaturesCatalog() {
  const t = useTranslations("platformConsole.features");
  const trpc = useTRPC();
  const q = useQuery(trpc.platform.features.list.queryOptions());
  if (q.isPending) return <Skeleton className="h-40 w-full" aria-label={t("loading")} />;
  if (q.isError) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  if (q.data.length === 0) return <p className="text-sm text-muted-foreground">{t("empty")}</p>;
  return (
    <table className="w-full text-sm" aria-label={t("tableLabel")}>
      <thead>
        <tr className="border-b text-left text-muted-foreground">
          <th className="py-2 pr-4 font-medium">{t("columns.name")}</th>
          <th className="py-2 pr-4 font-medium">{t("columns.key")}</th>
          <th className="py-2 pr-4 font-medium">{t("columns.description")}</th>
          <th className="py-2 font-medium">{t("columns.plans")}</th>
        </tr>
      </thead>
      <tbody>
        {q.data.map((f) => (
          <tr key={f.key} className="border-b">
            <td className="py-2 pr-4 font-medium">{f.name}</td>
            <td className="py-2 pr-4 font-mono text-xs">{f.key}</td>
            <td className="py-2 pr-4 text-muted-foreground">{f.description}</td>
            <td className="py-2 tabular-nums">{f.plans}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
