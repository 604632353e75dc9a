// The building blocks of the module dashboards (CRM, inventory): a card per widget, its table, and figures that open
// the filtered list behind them.
import Link from "next/link";
import type { ReactNode } from "react";

import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/utils";

export const linkClass = "font-medium underline-offset-4 hover:underline focus-visible:underline outline-none focus-visible:ring-2 focus-visible:ring-ring rounded-sm";

/** A figure that opens the filtered list behind it. */
export function Figure({ href, label, children }: { href: string; label: string; children: ReactNode }) {
  return (
    <Link href={href} aria-label={label} className={linkClass}>
      {children}
    </Link>
  );
}

/** Width of a bar as a share of the largest (decimal strings compared as numbers only for drawing). */
export const share = (v: string | number, max: number) => (max > 0 ? `${Math.max(2, Math.round((Number(v) / max) * 100))}%` : "0%");

/** One dashboard widget: a card labelled by its title, with an optional description. */
export function Widget({ id, title, description, contentClassName, children }: { id: string; title: string; description?: string; contentClassName?: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id}>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className={cn(contentClassName)}>{children}</CardContent>
    </Card>
  );
}

/** A widget's table: its caption for screen readers and its column heads (numeric ones right-aligned); rows are the children. */
export function WidgetTable({ caption, columns, children }: { caption: string; columns: { label: string; numeric?: boolean }[]; children: ReactNode }) {
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-left text-muted-foreground">
          {columns.map((c) => (
            <th key={c.label} scope="col" className={cn("py-1 font-normal", c.numeric && "pl-3 text-right")}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
}

/** A dashboard before its data is there: its header over four widget skeletons, or over the load error with a retry. */
export function DashboardPending({ header, failed, failedLabel, retryLabel, onRetry }: { header: ReactNode; failed: boolean; failedLabel: string; retryLabel: string; onRetry: () => void }) {
  if (failed)
    return (
      <div className="mx-auto grid max-w-7xl gap-4">
        {header}
        <div role="alert" className="grid justify-items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 p-4 text-sm text-destructive">
          <p>{failedLabel}</p>
          <Button variant="outline" size="sm" onClick={onRetry}>
            {retryLabel}
          </Button>
        </div>
      </div>
    );
  return (
    <div className="mx-auto grid max-w-7xl gap-4" aria-busy="true">
      {header}
      <div className="grid gap-4 md:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-56" />
        ))}
      </div>
    </div>
  );
}
