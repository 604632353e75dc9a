"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";

/** settings.values.list for the current workspace, and a function that refetches it after a change. */
export function useSettingValues() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.settings.values.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.settings.values.list.queryKey() });
  return { query, invalidate };
}

/** Rethrows a settings.values.set error with its `value` field error moved to the form field `field`. */
export function asFieldError(error: unknown, field: string): unknown {
  const data = (error as { data?: { code?: string; fieldErrors?: Record<string, string[]> | null; requestId?: string } }).data;
  const value = data?.fieldErrors?.value;
  if (!value) return error;
  return Object.assign(new Error((error as Error).message), { data: { ...data, fieldErrors: { [field]: value } } });
}
