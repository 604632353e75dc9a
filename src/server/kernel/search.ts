// Record search for the command palette: modules register a provider; `platform.search` runs the ones the member
// may use, each with a result limit, all within one time budget, inside the caller's (RLS-scoped) transaction.
import type { Tx } from "@/server/db/scope";
import type { Permission } from "@/server/kernel/permissions";
import type { WorkspaceScope } from "@/server/kernel/scope";

export type SearchHit = {
  id: string;
  title: string;
  subtitle?: string;
  /** Where the palette navigates: an app path (`/acme/hq/crm/customers/…`). */
  href: string;
};

export type SearchProvider = {
  /** Stable id; the palette labels the group with the message `search.<id>` (falls back to `label`). */
  id: string;
  /** English group label. */
  label: string;
  /** Needed to run this provider; none means every member. */
  permission?: Permission;
  /** At most `limit` hits for `q` (already trimmed, non-empty). Runs in the caller's transaction. */
  search(tx: Tx, scope: WorkspaceScope, q: string, limit: number): Promise<SearchHit[]>;
};

export type SearchGroup = { id: string; label: string; hits: SearchHit[] };
export type SearchResult = { groups: SearchGroup[]; incomplete: string[] };

const providers = new Map<string, SearchProvider>();

/** Registers (or, on module reload in development, replaces) a provider. Call at module load. */
export function registerSearchProvider(provider: SearchProvider): void {
  providers.set(provider.id, provider);
}

export function searchProviders(): SearchProvider[] {
  return [...providers.values()];
}

export type SearchOptions = { perProvider?: number; timeoutMs?: number };

/** A LIKE/ILIKE "contains" pattern with `%`, `_` and `\` escaped, for providers that search with raw SQL. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Runs every permitted provider; a provider that fails or misses the time budget contributes nothing (its id is
 * listed in `incomplete`) rather than failing the whole search.
 */
export async function searchRecords(
  tx: Tx,
  scope: WorkspaceScope,
  q: string,
  { perProvider = 5, timeoutMs = 1500 }: SearchOptions = {},
): Promise<SearchResult> {
  const query = q.trim();
  if (!query) return { groups: [], incomplete: [] };
  const permitted = searchProviders().filter((p) => !p.permission || scope.permissions.has(p.permission));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const settled = await Promise.all(
      permitted.map(async (provider) => {
        const run = provider.search(tx, scope, query, perProvider).then(
          (hits) => ({ ok: true as const, hits: hits.slice(0, perProvider) }),
          () => ({ ok: false as const }),
        );
        const outcome = await Promise.race([run, deadline]);
        return { provider, outcome };
      }),
    );
    const groups: SearchGroup[] = [];
    const incomplete: string[] = [];
    for (const { provider, outcome } of settled) {
      if (outcome === "timeout" || !outcome.ok) incomplete.push(provider.id);
      else if (outcome.hits.length > 0) groups.push({ id: provider.id, label: provider.label, hits: outcome.hits });
    }
    return { groups, incomplete };
  } finally {
    clearTimeout(timer);
  }
}
