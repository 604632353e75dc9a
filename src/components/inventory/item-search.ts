"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import type { ComboboxOption } from "@/components/form";
import { useTRPC } from "@/trpc/react";

/**
 * The item pickers' search (ComboboxField `search`): the first 20 items matching `q` (inventory.items.list: SKU,
 * name, barcode), by SKU, labelled "SKU — name". `excludeId`: an item that may not pick itself (a substitute, a
 * replacement); `trackedOnly`: items that hold stock (document lines); `nameBelow`: labelled by the SKU with the name
 * as the option's description (the reorder rule dialog, whose selected rule shows the same).
 */
export function useItemSearch({ excludeId, trackedOnly = false, nameBelow = false }: { excludeId?: string; trackedOnly?: boolean; nameBelow?: boolean } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    async (q: string): Promise<ComboboxOption[]> => {
      const r = await queryClient.fetchQuery(trpc.inventory.items.list.queryOptions({ q: q.trim() || undefined, perPage: 20, sort: { id: "sku", desc: false } }));
      return r.rows
        .filter((i) => i.id !== excludeId && (!trackedOnly || i.trackInventory))
        .map((i) => (nameBelow ? { value: i.id, label: i.sku, description: i.name } : { value: i.id, label: `${i.sku} — ${i.name}` }));
    },
    [queryClient, trpc, excludeId, trackedOnly, nameBelow],
  );
}
