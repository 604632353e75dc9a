// Paging of a count's lines on the count page (the entry and review tables). A count may hold tens of thousands of
// lines (a warehouse's stocktake): the page renders one page of the filtered lines, so typing a quantity re-renders
// 100 rows, not all of them. The filter and search still run over every line (they are in memory).

export const COUNT_LINES_PER_PAGE = 100;

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
