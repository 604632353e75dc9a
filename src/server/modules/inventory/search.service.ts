// Item search for the command palette (kernel/search.ts provider "inventoryItems", inventory.item.read): an exact
// barcode (items' and variants'), a SKU from its start (items and variants), or every word starting a word of the
// name or SKU (inventory.search_terms, as the items list's `q`: the first 200 candidates, names starting with the
// text first). Every condition is a leakproof equality or text range on an index — (organization_id, barcode),
// (organization_id, sku), the search terms' primary key — so it stays index-served under FORCE RLS. Items are
// organization-wide; RLS and the explicit organization filter keep other organizations out.
import type { Tx } from "@/server/db/scope";
import type { SearchHit } from "@/server/kernel/search";
import type { WorkspaceScope } from "@/server/kernel/scope";
import { workspacePath } from "@/lib/urls";
import { drivingItemTermsSql, itemSearchWords } from "./search-terms";

type HitRow = { itemId: string; variantId: string | null; sku: string; name: string; variantSku: string | null; variantName: string | null;
  barcode: string | null; archived: boolean; rank: number };

const PER_KIND = 10;
/** Name matches: the first CANDIDATES items whose terms match every word, ranked afterwards (search-terms.ts). */
const CANDIDATES = 200;
const TOP = String.fromCodePoint(0x10ffff);

export async function searchItems(tx: Tx, scope: WorkspaceScope, q: string, limit: number): Promise<SearchHit[]> {
  const text = q.trim();
  if (!text || text.length > 64) return [];
  const org = scope.orgId;
  const skus = [...new Set([text, text.toUpperCase()])];
  const name = text.toLowerCase();
  const words = itemSearchWords(text);
  const rows = await tx.$queryRaw<HitRow[]>`
    with hits as (
      (select b.item_id, b.variant_id, b.barcode, 0 as rank from inventory.item_barcodes b
        where b.organization_id = ${org}::uuid and b.barcode = ${text} limit 1)
      union all
      (select i.id, null::uuid, null, 1 from inventory.items i
        where i.organization_id = ${org}::uuid and i.sku >= ${skus[0]!} and i.sku < ${skus[0]! + "\uffff"} order by i.sku limit ${PER_KIND})
      union all
      (select i.id, null::uuid, null, 1 from inventory.items i
        where i.organization_id = ${org}::uuid and i.sku >= ${skus.at(-1)!} and i.sku < ${skus.at(-1)! + "\uffff"} order by i.sku limit ${PER_KIND})
      union all
      (select v.item_id, v.id, null, 2 from inventory.variants v
        where v.organization_id = ${org}::uuid and v.sku >= ${skus[0]!} and v.sku < ${skus[0]! + "\uffff"} order by v.sku limit ${PER_KIND})
      union all
      (select v.item_id, v.id, null, 2 from inventory.variants v
        where v.organization_id = ${org}::uuid and v.sku >= ${skus.at(-1)!} and v.sku < ${skus.at(-1)! + "\uffff"} order by v.sku limit ${PER_KIND})
      union all
      (select i.id, null::uuid, null, 3 from (select distinct c.item_id from (${drivingItemTermsSql(org, words, CANDIDATES)}) c) c
        join inventory.items i on i.organization_id = ${org}::uuid and i.id = c.item_id
        order by (i.name_key >= ${name} and i.name_key < ${name + TOP}) desc, i.name_key limit ${PER_KIND})),
    best as (select distinct on (h.item_id, h.variant_id) h.* from hits h order by h.item_id, h.variant_id, h.rank)
    select i.id::text as "itemId", h.variant_id::text as "variantId", i.sku, i.name, v.sku as "variantSku", v.name as "variantName",
           h.barcode, (i.archived_at is not null or v.archived_at is not null) as archived, h.rank
      from best h
      join inventory.items i on i.organization_id = ${org}::uuid and i.id = h.item_id
      left join inventory.variants v on v.organization_id = ${org}::uuid and v.id = h.variant_id
     order by h.rank, archived, coalesce(v.sku, i.sku)
     limit ${limit}`;
  return rows.map((r) => ({
    id: r.variantId ?? r.itemId,
    title: r.variantId ? `${r.variantSku} — ${r.name}${r.variantName ? ` (${r.variantName})` : ""}` : `${r.sku} — ${r.name}`,
    subtitle: [r.barcode ? `Barcode ${r.barcode}` : null, r.variantId ? `Variant of ${r.sku}` : null, r.archived ? "archived" : null].filter(Boolean).join(" · ") || undefined,
    href: workspacePath(scope.orgSlug, scope.workspaceSlug, "inventory", "items", r.itemId) + (r.variantId ? "?tab=variants" : ""),
  }));
}
