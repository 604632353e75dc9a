"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";

import { atFirstPage, toListInput, useTableState } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import type { ListSpec } from "@/lib/list";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

import { categoryOptions, locationOptions } from "./tree-options";

/** The report's grouping, kept as the `group` filter in the URL (and so in saved views and exports). */
export function useGrouping<G extends string>(spec: ListSpec, allowed: readonly G[]): [G, (g: G) => void] {
  const { state, setState } = useTableState(spec);
  const f = state.filters.group;
  const current = f?.type === "enum" && (allowed as readonly string[]).includes(f.values[0] ?? "") ? (f.values[0] as G) : allowed[0]!;
  const set = (g: G) =>
    setState((s) => {
      const filters = { ...s.filters };
      if (g === allowed[0]) delete filters.group;
      else filters.group = { type: "enum", values: [g] };
      return atFirstPage({ ...s, filters });
    });
  return [current, set];
}

/** A segmented control: radio buttons (arrow keys move, Enter / Space choose). */
export function Segmented<G extends string>({ label, value, options, onChange }: { label: string; value: G; options: readonly { value: G; label: string }[]; onChange: (v: G) => void }) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-md border p-0.5">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          tabIndex={o.value === value ? 0 : -1}
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => {
            const i = options.findIndex((x) => x.value === value);
            const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
            if (!step) return;
            e.preventDefault();
            const next = options[(i + step + options.length) % options.length]!;
            onChange(next.value);
            (e.currentTarget.parentElement?.querySelectorAll("button")[options.indexOf(next)] as HTMLButtonElement | undefined)?.focus();
          }}
          className={cn(
            "rounded px-3 py-1 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring",
            o.value === value ? "bg-primary text-primary-foreground" : "hover:bg-accent",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Options of the warehouse, location (every visible warehouse's tree, "WH / code") and category filters. */
export function useStockFilterOptions() {
  const trpc = useTRPC();
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const categories = useQuery(trpc.inventory.categories.tree.queryOptions());
  const rows = useMemo(() => warehouses.data?.rows ?? [], [warehouses.data]);
  // One tree per visible warehouse, flattened to "WH / code" options (combine is memoized while rows and data hold).
  const combine = useCallback(
    (results: { data?: { roots: Parameters<typeof locationOptions>[0] } }[]) =>
      rows.flatMap((w, i) => locationOptions(results[i]?.data?.roots ?? []).map((o) => ({ value: o.value, label: `${w.code} / ${o.label.trimStart()}` }))),
    [rows],
  );
  const locations = useQueries({ queries: rows.map((w) => trpc.inventory.locations.tree.queryOptions({ warehouseId: w.id })), combine });
  return {
    warehouses: rows.map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` })),
    locations,
    categories: categoryOptions(categories.data?.roots ?? []).map((o) => ({ value: o.value, label: o.label.replace(/^\u00a0+/, (m) => "· ".repeat(m.length / 4)) })),
  };
}

/** The input of a report's totals query: the table's filters and grouping, without its paging. */
export function useTotalsInput(spec: ListSpec) {
  const { state } = useTableState(spec);
  return { ...toListInput(state, spec), cursor: undefined, page: undefined, perPage: 50 };
}

type TotalKey = "groups" | "onHand" | "reserved" | "available" | "quantity" | "value";

/** A report's totals strip: one figure per key ("…" until loaded; `value` with two decimals). */
export function ReportTotals<K extends TotalKey>({
  query,
  keys,
  className,
}: {
  /** A null total was not computed (the valuation's group count over the whole ledger): shown as "—". */
  query: { isPending: boolean; isError: boolean; data?: Record<K, number | string | null> };
  keys: readonly K[];
  className: string;
}) {
  const t = useTranslations("inventoryReports");
  const format = useFormat();
  const data = query.data;
  return (
    <dl aria-label={t("totals.label")} aria-busy={query.isPending} className={cn("gap-3 rounded-lg border p-3 text-sm", className)}>
      {query.isError ? (
        <p role="alert" className="col-span-full text-destructive">{t("totals.failed")}</p>
      ) : (
        keys.map((k) => (
          <div key={k}>
            <dt className="text-muted-foreground">{t(`totals.${k as TotalKey}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-total={k}>
              {data ? (data[k] === null ? "—" : format.number(data[k], k === "value" ? { minimumFractionDigits: 2 } : undefined)) : "…"}
            </dd>
          </div>
        ))
      )}
    </dl>
  );
}
