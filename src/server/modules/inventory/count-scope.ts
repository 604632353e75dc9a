// What a cycle count covers besides its warehouse, as one line of text: the counts list's Scope column, the count
// page's header and its printed sheet compose it here, in the user's language (the counts export has one column per
// part instead: counts.export.ts).
// Pure and imports nothing, so client and server code both use it.

export type CountScope = {
  locationCode: string | null;
  locationCodeFrom: string | null;
  locationCodeTo: string | null;
  categoryName: string | null;
};

/** The words of the text: a location and everything beneath it, and "nothing narrower than the warehouse". */
export type CountScopeWords = { subtree: (code: string) => string; wholeWarehouse: string };

/** "A-01 and below · A-01 – B-99 · Category" — the parts the count has, or the whole warehouse when none. */
export function countScopeText(c: CountScope, words: CountScopeWords): string {
  const parts: string[] = [];
  if (c.locationCode) parts.push(words.subtree(c.locationCode));
  if (c.locationCodeFrom || c.locationCodeTo) parts.push(`${c.locationCodeFrom ?? "…"} – ${c.locationCodeTo ?? "…"}`);
  if (c.categoryName) parts.push(c.categoryName);
  return parts.length ? parts.join(" · ") : words.wholeWarehouse;
}
