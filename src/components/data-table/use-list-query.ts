"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import type { ListInput, ListOutput, ListSpec } from "@/lib/list";

import type { AnyListProcedure, RowOf } from "./types";
import { toListInput, type TableState } from "./url-state";

/**
 * Runs a list procedure for a table state. The previous page stays on screen while the next one loads, so paging
 * and filtering never flash an empty table.
 */
export function useListQuery<P extends AnyListProcedure>(procedure: P, spec: ListSpec, state: TableState, opts: { enabled?: boolean } = {}) {
  const input: ListInput = useMemo(() => toListInput(state, spec), [state, spec]);
  const query = useQuery({ ...procedure.queryOptions(input), placeholderData: keepPreviousData, enabled: opts.enabled ?? true });
  return { input, query: query as typeof query & { data: ListOutput<RowOf<P>> | undefined } };
}
