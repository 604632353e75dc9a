"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";

import type { ListSpec } from "@/lib/list";

import { hasTableParams, parseTableState, writeTableState, type TableState } from "./url-state";

export type SetTableState = (next: TableState | ((current: TableState) => TableState), opts?: { replace?: boolean }) => void;

/**
 * The table's state, read from and written to the URL. Every change is a navigation (push by default, so back and
 * forward step through filters and pages; `replace` for keystroke-level changes such as the debounced search).
 */
export function useTableState(spec: ListSpec): { state: TableState; setState: SetTableState; hasUrlState: boolean } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const key = params.toString();
  const state = useMemo(() => parseTableState(new URLSearchParams(key), spec), [key, spec]);
  const hasUrlState = useMemo(() => hasTableParams(new URLSearchParams(key)), [key]);
  // The query string of the last navigation this hook started and the URL has not shown yet: router.push updates
  // window.location only when the navigation commits, so a second change right after the first (a filter, then a
  // date) must build on the first, not on the URL before it. Cleared when the URL catches up or on back / forward.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === key) pending.current = null;
  }, [key]);
  useEffect(() => {
    const clear = () => (pending.current = null);
    window.addEventListener("popstate", clear);
    return () => window.removeEventListener("popstate", clear);
  }, []);

  const setState = useCallback<SetTableState>(
    (next, opts) => {
      const base = pending.current ?? window.location.search.replace(/^\?/, "");
      const current = parseTableState(new URLSearchParams(base), spec);
      const value = typeof next === "function" ? next(current) : next;
      const qs = writeTableState(value, new URLSearchParams(base)).toString();
      pending.current = qs;
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (opts?.replace) router.replace(url, { scroll: false });
      else router.push(url, { scroll: false });
    },
    [pathname, router, spec],
  );

  return { state, setState, hasUrlState };
}

/** Resets the position (cursor or page): after any change to what the list shows, it starts at the top. */
export function atFirstPage(state: TableState): TableState {
  return { ...state, cursor: undefined, cursorStack: [], page: undefined };
}
