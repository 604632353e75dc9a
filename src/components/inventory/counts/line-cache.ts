// The count page's cache after an entry (setCounted, setSerials, addLine): the server pages the count's lines
// (inventory.counts.lines), the header's totals come with inventory.counts.get.
import type { QueryClient } from "@tanstack/react-query";

import type { useTRPC } from "@/trpc/react";

/**
 * After an entry answered `line`: the cached pages holding it take the new line WITHOUT a refetch — a page keeps its
 * rows until its filter or page changes ("only uncounted" keeps a row just counted on screen, the focus order does
 * not jump) — and are marked stale for the next visit; the header's totals (counts.get) and the counts list refetch.
 * `refetchLines`: an entry that may change other lines too (serials found on another line, a line added) refetches
 * the pages on screen.
 */
export async function afterEntry<L extends { id: string }>(
  queryClient: QueryClient,
  trpc: ReturnType<typeof useTRPC>,
  countId: string,
  line: L | null,
  refetchLines = false,
): Promise<void> {
  const queryKey = trpc.inventory.counts.lines.queryKey({ id: countId });
  if (line)
    queryClient.setQueriesData<{ rows: L[] }>({ queryKey }, (old) =>
      old && old.rows.some((x) => x.id === line.id) ? { ...old, rows: old.rows.map((x) => (x.id === line.id ? line : x)) } : old,
    );
  await Promise.all([
    queryClient.invalidateQueries({ queryKey, refetchType: refetchLines ? "active" : "none" }),
    queryClient.invalidateQueries(trpc.inventory.counts.get.queryFilter({ id: countId })),
    queryClient.invalidateQueries(trpc.inventory.counts.list.pathFilter()),
  ]);
}
