import type { DecorateQueryProcedure, inferOutput } from "@trpc/tanstack-react-query";
import type { ReactNode } from "react";

import type { ListOutput } from "@/lib/list";

/** Any tRPC query procedure that follows the list contract (`trpc.audit.events.list`, `trpc.crm.customers.list`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the procedure's own input/output types flow through P
export type AnyListProcedure = DecorateQueryProcedure<any>;

/** A list's count procedure (`trpc.crm.customers.count`): the list's input → `ListCount` ({ total, totalCapped }). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query procedure; its output is the list contract's ListCount
export type AnyCountProcedure = DecorateQueryProcedure<any>;

/** The row type of a list procedure. */
export type RowOf<P extends AnyListProcedure> = inferOutput<P> extends ListOutput<infer Row> ? Row : never;

export interface DataTableColumn<Row> {
  /** Stable id: used in the URL (column order and visibility) and, when sortable, as the sort id. */
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** The list's sort id when it differs from `id`; a column is sortable when this (or `id`) is in `spec.sorts`. */
  sortId?: string;
  /** false keeps the column out of the column menu (always shown). */
  hideable?: boolean;
  /** Hidden unless the user shows it. */
  hiddenByDefault?: boolean;
  className?: string;
}

export interface DataTableFilter {
  /** A key of `spec.filters`; the spec decides the filter's type. */
  id: string;
  label: string;
  /** Enum filters: the choices. */
  options?: readonly { value: string; label: string }[];
  placeholder?: string;
}

export interface DataTableBulkAction {
  label: string;
  /** `selection.clear()` unselects the rows, e.g. once a confirmed action has succeeded. */
  onRun: (ids: string[], selection: { clear: () => void }) => void | Promise<void>;
  variant?: "default" | "destructive" | "outline";
}
