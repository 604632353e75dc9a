"use client";

import type { LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";

/** What the states need of a query (a TanStack `useQuery` result fits). */
export interface ListStatesQuery {
  isPending: boolean;
  isError: boolean;
  error: { message: string } | null;
  refetch: () => unknown;
  data?: { rows: readonly unknown[] };
}

/**
 * Loading, error and empty states of a list in cards (settings pages; ChildTable's "card" variant); renders
 * `children` once there are rows.
 */
export function ListStates({
  query,
  label,
  empty,
  children,
}: {
  query: ListStatesQuery;
  label: string;
  empty: { icon: LucideIcon; title: string; body: string; action?: ReactNode };
  children: ReactNode;
}) {
  const t = useTranslations("childTable");
  const common = useTranslations("common");
  if (query.isPending) {
    return (
      <Card aria-busy="true" aria-label={t("loading", { what: label })}>
        <CardContent className="grid gap-3 py-6">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </CardContent>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card>
        <CardContent role="alert" className="grid justify-items-start gap-3 py-6 text-sm">
          <p>{t("loadFailed", { message: query.error?.message ?? "" })}</p>
          <Button variant="outline" onClick={() => void query.refetch()}>
            {common("tryAgain")}
          </Button>
        </CardContent>
      </Card>
    );
  }
  if (!query.data?.rows.length) {
    const Icon = empty.icon;
    return (
      <Card>
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <Icon aria-hidden="true" className="size-6" />
          </span>
          <h2 className="text-base font-semibold">{empty.title}</h2>
          <p className="max-w-md text-sm text-muted-foreground">{empty.body}</p>
          {empty.action}
        </CardContent>
      </Card>
    );
  }
  return <>{children}</>;
}
