"use client";

import { keepPreviousData, useQuery, type UseQueryOptions } from "@tanstack/react-query";
import { useMemo } from "react";

import { usesKeyset, type ListCount, type ListInput, type ListOutput, type ListSpec } from "@/lib/list";

import type { AnyCountProcedure, AnyListProcedure, RowOf } from "./types";
import { toCountInput, toListInput, type TableState } from "./url-state";

export interface ListTotal {
  /** The row count up to COUNT_CAP, when known (from the list, from its count procedure, or a complete first page). */
  total?: number;
  totalCapped?: boolean;
  /** The count procedure is still counting (the rows are already shown). */
  counting: boolean;
}

/**
 * Runs a list procedure for a table state. The previous page stays on screen while the next one loads, so paging
 * and filtering never flash an empty table.
 *
 * With `countProcedure` (the list's count procedure, same input → { total, totalCapped }) the count is lazy: the list
 * is asked with `withTotal: false`, and the count only once the rows of the current input are on screen — a first
 * page that holds every row needs no count. The count's input has no cursor, page, sort or page size, so paging and
 * sorting reuse it.
 */
export function useListQuery<P extends AnyListProcedure>(
  procedure: P,
  spec: ListSpec,
  state: TableState,
  opts: { enabled?: boolean; countProcedure?: AnyCountProcedure } = {},
) {
  const lazy = opts.countProcedure !== undefined;
  const input: ListInput = useMemo(() => {
    const i = toListInput(state, spec);
    if (lazy) i.withTotal = false;
    return i;
  }, [state, spec, lazy]);
  const enabled = opts.enabled ?? true;
  const listQuery = useQuery({ ...procedure.queryOptions(input), placeholderData: keepPreviousData, enabled });
  const query = listQuery as typeof listQuery & { data: ListOutput<RowOf<P>> | undefined };
  const data = query.data;
  const fresh = query.isSuccess && !query.isPlaceholderData && data !== undefined;
  // A first page without a next one is the whole result: its length is the total.
  const complete =
    fresh && !input.cursor && !input.page && !data.nextCursor && (usesKeyset(spec, input) || data.rows.length < input.perPage);

  const countInput = useMemo(() => toCountInput(state), [state]);
  // Without a count procedure the hook still runs (hooks are unconditional), disabled, under a key of its own.
  const countOptions = (opts.countProcedure?.queryOptions(countInput) as UseQueryOptions<unknown> | undefined) ?? {
    queryKey: ["dataTable", "noCount"],
    queryFn: () => null,
  };
  const count = useQuery({ ...countOptions, enabled: lazy && enabled && fresh && !complete }) as { data: ListCount | null | undefined; isError: boolean };

  let total: ListTotal;
  if (data?.total !== undefined) total = { total: data.total, totalCapped: data.totalCapped, counting: false };
  else if (complete) total = { total: data.rows.length, totalCapped: false, counting: false };
  else if (lazy && count.data) total = { total: count.data.total, totalCapped: count.data.totalCapped, counting: false };
  else total = { counting: lazy && !count.isError };
  return { input, query, total };
}
