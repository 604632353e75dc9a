// The count page's cache after an entry (setCounted, setSerials, addLine): the server pages the count's lines
// (inventory.counts.lines), the header's totals come with inventory.counts.get.
import type { QueryClient } from "@tanstack/react-query";

import type { useTRPC } from "@/trpc/react";

/**
 * How long after the last quantity entry the header's totals are read again. They compare every counted line with
 * its level (about half a second for 23,147 counted lines, BENCHMARKS): a run of entries asks once, when it pauses.
 */
export const TOTALS_REFRESH_DELAY_MS = 1500;
const totalsTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * After an entry answered `line`: the cached pages holding it take the new line WITHOUT a refetch — a page keeps its
 * rows until its filter or page changes ("only uncounted" keeps a row just counted on screen, the focus order does
 * not jump) — and are marked stale for the next visit; the counts list refetches. The header's counted / uncounted
 * follow at once (the line was or was not counted before); its other totals (counts.get) are read again
 * TOTALS_REFRESH_DELAY_MS after the last entry. `refetchLines`: an entry that may change other lines too (serials
 * found on another line, a line added) refetches the pages on screen and the totals at once.
 */
export async function afterEntry<L extends { id: string; countedQty: string | null }>(
  queryClient: QueryClient,
  trpc: ReturnType<typeof useTRPC>,
  countId: string,
  line: L | null,
  refetchLines = false,
): Promise<void> {
  const queryKey = trpc.inventory.counts.lines.queryKey({ id: countId });
  let before: L | undefined;
  if (line)
    queryClient.setQueriesData<{ rows: L[] }>({ queryKey }, (old) => {
      before ??= old?.rows.find((x) => x.id === line.id);
      return old && old.rows.some((x) => x.id === line.id) ? { ...old, rows: old.rows.map((x) => (x.id === line.id ? line : x)) } : old;
    });
  const totals = trpc.inventory.counts.get.queryFilter({ id: countId });
  if (line && before && !refetchLines) {
    const delta = Number(line.countedQty !== null) - Number(before.countedQty !== null);
    if (delta)
      queryClient.setQueryData(trpc.inventory.counts.get.queryKey({ id: countId }), (old) =>
        old && { ...old, totals: { ...old.totals, counted: old.totals.counted + delta, uncounted: old.totals.uncounted - delta } },
      );
    clearTimeout(totalsTimers.get(countId));
    totalsTimers.set(
      countId,
      setTimeout(() => {
        totalsTimers.delete(countId);
        void queryClient.invalidateQueries(totals);
      }, TOTALS_REFRESH_DELAY_MS),
    );
  } else await queryClient.invalidateQueries(totals);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey, refetchType: refetchLines ? "active" : "none" }),
    queryClient.invalidateQueries(trpc.inventory.counts.list.pathFilter()),
  ]);
}
