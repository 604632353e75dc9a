export { DataTable, type DataTableProps } from "./DataTable";
export { Pagination, PER_PAGE_CHOICES } from "./Pagination";
export type { AnyListProcedure, DataTableBulkAction, DataTableColumn, DataTableFilter, RowOf } from "./types";
export { useListQuery } from "./use-list-query";
export { atFirstPage, useTableState } from "./use-table-state";
export { exportUrl, fromViewState, parseTableState, toListInput, toViewState, writeTableState, type TableState } from "./url-state";
