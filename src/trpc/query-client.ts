import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";

import { transformer } from "@/lib/superjson";

/**
 * One QueryClient per server request, one per browser tab. Data crosses the RSC boundary with the
 * same superjson transformer as the API, so a Decimal stays a Decimal.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server-prefetched data is fresh on arrival; do not refetch it immediately on the client.
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
      },
      dehydrate: {
        serializeData: (data) => transformer.serialize(data),
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: {
        deserializeData: (data) => transformer.deserialize(data),
      },
    },
  });
}

const NON_RETRYABLE = new Set(["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED"]);

function isClientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("data" in error)) return false;
  const data = (error as { data?: { code?: unknown } }).data;
  return typeof data?.code === "string" && NON_RETRYABLE.has(data.code);
}
