// Paging of a count's lines on the count page (the entry and review tables). A count may hold tens of thousands of
// lines (a warehouse's stocktake): the server answers one page of the filtered lines (inventory.counts.lines, search
// and filters in SQL) with the filtered total; these place that page's window among the filtered lines.

export { COUNT_LINES_PER_PAGE } from "@/server/modules/inventory/counts.schemas";

export interface LinePage {
  /** 1-based page number, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 0-based index of the first row of the page in the filtered rows, and one past the last. */
  from: number;
  to: number;
}

/** The page `page` (1-based, clamped) of `total` rows, `perPage` per page. */
export function linePage(total: number, page: number, perPage: number): LinePage {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const from = (p - 1) * perPage;
  return { page: p, pages, from, to: Math.min(total, from + perPage) };
}

/** The page holding row `index` (0-based). */
export function pageOfRow(index: number, perPage: number): number {
  return Math.floor(Math.max(0, index) / perPage) + 1;
}
