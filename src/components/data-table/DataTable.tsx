"use client";

import { useQuery } from "@tanstack/react-query";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
} from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, DownloadIcon, SearchIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Skeleton } from "@/components/ui/Skeleton";
import { DEFAULT_PER_PAGE, usesKeyset, type ListSpec, type TFilterValue } from "@/lib/list";
import { scopeFromPathname } from "@/lib/scope";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";

import { ColumnsMenu } from "./ColumnsMenu";
import { FilterBar } from "./FilterBar";
import { Pagination } from "./Pagination";
import { Checkbox } from "@/components/ui/Checkbox";
import type { AnyCountProcedure, AnyListProcedure, DataTableBulkAction, DataTableColumn, DataTableFilter, RowOf } from "./types";
import { useListQuery } from "./use-list-query";
import { atFirstPage, useTableState } from "./use-table-state";
import { exportUrl, fromViewState, isFiltered, toViewState, type ExportFormat, type TableState } from "./url-state";
import { ViewsMenu, type PresetViews } from "./ViewsMenu";

export type DataTableProps<P extends AnyListProcedure> = {
  /** Stable key of the list (`audit.events`): names its saved views. */
  listKey: string;
  /** Accessible name of the table, e.g. "Audit events". */
  label: string;
  /** The list's spec, the same object its procedure validates with. */
  spec: ListSpec;
  /** The list procedure, e.g. `useTRPC().audit.events.list`. */
  procedure: P;
  /**
   * The list's count procedure (same input → `{ total, totalCapped }`, e.g. `useTRPC().crm.customers.count`): the
   * rows are then asked for without their count, and the count after they are shown ("counting…" meanwhile). For
   * lists whose capped count can cost more than a page (searches over large tables).
   */
  countProcedure?: AnyCountProcedure;
  columns: readonly DataTableColumn<RowOf<P>>[];
  filters?: readonly DataTableFilter[];
  /** Defaults to `row.id`. */
  getRowId?: (row: RowOf<P>) => string;
  /** Name of a row for screen readers ("Select invoice INV-001"). Defaults to the id. */
  getRowLabel?: (row: RowOf<P>) => string;
  /** Click or Enter on a row: open it. A link wins over a callback. */
  rowHref?: (row: RowOf<P>) => string;
  onRowOpen?: (row: RowOf<P>) => void;
  /** With actions, rows get checkboxes and a bulk-action bar appears for the selection. */
  bulkActions?: readonly DataTableBulkAction[];
  /** Shows Export CSV / XLSX for `/api/export/<exportKey>` (pass only when the user may export). */
  exportKey?: string;
  searchPlaceholder?: string;
  emptyMessage?: string;
  /**
   * Saved views are stored per organization: lists outside one (the platform console) pass false, which hides the
   * views menu and skips the default view.
   */
  savedViews?: boolean;
  /** Extra toolbar content (page-specific buttons), placed before the views and columns menus. */
  toolbar?: ReactNode;
  /** Built-in views the views menu offers under `label` (e.g. "My customers"), besides the user's saved ones. */
  presetViews?: PresetViews;
};

const SKELETON_ROWS = 6;

export function DataTable<P extends AnyListProcedure>(props: DataTableProps<P>) {
  const { listKey, label, spec, procedure, columns, filters = [], bulkActions = [], exportKey } = props;
  type Row = RowOf<P>;
  const getRowId = props.getRowId ?? ((row: Row) => String((row as { id: unknown }).id));
  const getRowLabel = props.getRowLabel ?? getRowId;
  const t = useTranslations("dataTable");
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const { state, setState, hasUrlState } = useTableState(spec);

  // The user's default view applies when the list opens without table state in the URL (once per visit).
  const savedViews = props.savedViews !== false;
  const views = useQuery(trpc.settings.views.list.queryOptions({ listKey }, { enabled: savedViews }));
  const [defaultHandled, setDefaultHandled] = useState(false);
  const viewsSettled = !savedViews || views.isSuccess || views.isError;
  useEffect(() => {
    if (defaultHandled || !viewsSettled) return;
    const preferred = views.data?.find((v) => v.isDefault);
    if (!hasUrlState && preferred) setState(fromViewState(preferred.state, spec), { replace: true });
    setDefaultHandled(true);
  }, [defaultHandled, viewsSettled, views.data, hasUrlState, setState, spec]);

  const { input, query, total } = useListQuery(procedure, spec, state, { enabled: hasUrlState || defaultHandled, countProcedure: props.countProcedure });
  const data = query.data;
  const rows = useMemo(() => (data?.rows ?? []) as Row[], [data]);
  const keyset = usesKeyset(spec, { sort: state.sort });
  const perPage = state.perPage ?? DEFAULT_PER_PAGE;
  const inputKey = JSON.stringify(input);

  // Selection belongs to one result: any change of filters, sort or page starts a fresh one.
  const [selection, setSelection] = useState<{ key: string; ids: RowSelectionState }>({ key: inputKey, ids: {} });
  const rowSelection = selection.key === inputKey ? selection.ids : {};

  const selectable = bulkActions.length > 0;
  const columnDefs = useMemo<ColumnDef<Row>[]>(() => {
    const defs: ColumnDef<Row>[] = columns.map((c) => ({ id: c.id, header: c.header, cell: ({ row }) => c.cell(row.original), enableHiding: c.hideable !== false }));
    if (selectable) {
      defs.unshift({
        id: "__select",
        enableHiding: false,
        header: ({ table }) => (
          <Checkbox
            aria-label={t("selectAll")}
            checked={table.getIsAllRowsSelected() ? true : table.getIsSomeRowsSelected() ? "indeterminate" : false}
            onCheckedChange={(v) => table.toggleAllRowsSelected(v === true)}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={t("selectRow", { row: getRowLabel(row.original) })}
            checked={row.getIsSelected()}
            onCheckedChange={(v) => row.toggleSelected(v === true)}
            onClick={(e) => e.stopPropagation()}
          />
        ),
      });
    }
    return defs;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- getRowLabel is a prop callback; columns decide identity
  }, [columns, selectable, t]);

  const columnOrder = useMemo(() => {
    const known = columns.map((c) => c.id);
    const requested = (state.columns.order ?? []).filter((id) => known.includes(id));
    return [...(selectable ? ["__select"] : []), ...requested, ...known.filter((id) => !requested.includes(id))];
  }, [columns, state.columns.order, selectable]);
  const hidden = useMemo(
    () => new Set(state.columns.hidden ?? columns.filter((c) => c.hiddenByDefault).map((c) => c.id)),
    [state.columns.hidden, columns],
  );
  const columnVisibility = useMemo(() => Object.fromEntries(columns.map((c) => [c.id, c.hideable === false || !hidden.has(c.id)])), [columns, hidden]);

  // TanStack Table's API is not memo-stable by design; the React Compiler skips this component for that reason.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => getRowId(row),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: selectable,
    state: { rowSelection, columnOrder, columnVisibility },
    onRowSelectionChange: (updater) =>
      setSelection((s) => {
        const current = s.key === inputKey ? s.ids : {};
        return { key: inputKey, ids: typeof updater === "function" ? updater(current) : updater };
      }),
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const change = (fn: (s: TableState) => TableState, opts?: { replace?: boolean }) => setState((s) => atFirstPage(fn(s)), opts);

  const setFilter = (id: string, value: TFilterValue | undefined) =>
    change((s) => {
      const next = { ...s.filters };
      if (value) next[id] = value;
      else delete next[id];
      return { ...s, filters: next };
    });
  const clearFilters = () => change((s) => ({ ...s, q: undefined, filters: {} }));

  const sortOf = (c: DataTableColumn<Row>) => {
    const id = c.sortId ?? c.id;
    return spec.sorts.includes(id) ? id : undefined;
  };
  const currentSort = state.sort ?? spec.defaultSort;
  const toggleSort = (id: string) =>
    change((s) => {
      const cur = s.sort ?? spec.defaultSort;
      return { ...s, sort: cur.id === id ? { id, desc: !cur.desc } : { id, desc: false } };
    });

  // Column menu: display order, visibility.
  const orderedColumns = columnOrder.filter((id) => id !== "__select").map((id) => columns.find((c) => c.id === id)!);
  const writeColumns = (order: string[], hiddenIds: string[]) =>
    setState((s) => ({ ...s, columns: { order, hidden: hiddenIds } }));
  const toggleColumn = (id: string, visible: boolean) => {
    const next = new Set(hidden);
    if (visible) next.delete(id);
    else next.add(id);
    writeColumns(orderedColumns.map((c) => c.id), [...next]);
  };
  const moveColumn = (id: string, by: -1 | 1) => {
    const order = orderedColumns.map((c) => c.id);
    const i = order.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    writeColumns(order, [...hidden]);
  };

  // Paging.
  const page = state.page ?? 1;
  const start = keyset ? state.cursorStack.length * perPage + 1 : (page - 1) * perPage + 1;
  const goNext = () => {
    if (keyset) {
      if (!data?.nextCursor) return;
      const next = data.nextCursor;
      setState((s) => ({ ...s, cursorStack: [...s.cursorStack, s.cursor ?? ""], cursor: next }));
    } else setState((s) => ({ ...s, page: (s.page ?? 1) + 1 }));
  };
  const goPrevious = () => {
    if (keyset) setState((s) => {
      const stack = s.cursorStack.slice(0, -1);
      const previous = s.cursorStack.at(-1);
      return { ...s, cursor: previous || undefined, cursorStack: previous ? stack : [] };
    });
    else setState((s) => ({ ...s, page: Math.max(1, (s.page ?? 1) - 1) }));
  };
  // While the next page loads the previous one stays on screen (keepPreviousData): the range describes the rows shown.
  const [shownStart, setShownStart] = useState(start);
  if (data && !query.isPlaceholderData && shownStart !== start) setShownStart(start);
  const pages = total.total !== undefined ? Math.ceil(total.total / perPage) : undefined;
  const hasNext = keyset ? Boolean(data?.nextCursor) : pages !== undefined ? page < pages : rows.length === perPage;
  const hasPrevious = keyset ? Boolean(state.cursor) : page > 1;

  // Rows: roving focus (one row in the tab order), arrows move, Enter opens, Space toggles selection.
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [activeRow, setActiveRow] = useState(0);
  const focusRow = (i: number) => {
    const target = bodyRef.current?.querySelectorAll<HTMLTableRowElement>("tr[data-row]")[i];
    if (target) {
      setActiveRow(i);
      target.focus();
    }
  };
  const openRow = (row: Row) => {
    if (props.rowHref) router.push(props.rowHref(row));
    else props.onRowOpen?.(row);
  };
  const opens = Boolean(props.rowHref || props.onRowOpen);
  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, i: number, row: Row, toggle: () => void) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "ArrowDown") focusRow(Math.min(i + 1, rows.length - 1));
    else if (e.key === "ArrowUp") focusRow(Math.max(i - 1, 0));
    else if (e.key === "Home") focusRow(0);
    else if (e.key === "End") focusRow(rows.length - 1);
    else if (e.key === "Enter" && opens) openRow(row);
    else if (e.key === " " && selectable) toggle();
    else return;
    e.preventDefault();
  };
  const onRowClick = (e: MouseEvent<HTMLTableRowElement>, row: Row) => {
    // Clicks on the row's own controls (checkbox, links, buttons) do their own thing.
    if ((e.target as HTMLElement).closest("a,button,input,label,[role=checkbox]")) return;
    openRow(row);
  };

  const scope = scopeFromPathname(pathname);
  const exportHref = (format: ExportFormat) => (exportKey && scope.org ? exportUrl(exportKey, format, { org: scope.org, ws: scope.ws }, input) : undefined);
  const visibleColumns = table.getVisibleLeafColumns();
  const filtered = isFiltered(state);

  return (
    <section aria-label={label} className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox value={state.q ?? ""} placeholder={props.searchPlaceholder} onSearch={(q) => change((s) => ({ ...s, q: q || undefined }), { replace: true })} />
        {props.toolbar}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {savedViews ? <ViewsMenu listKey={listKey} views={views} presets={props.presetViews} current={toViewState(state)} onApply={(v) => setState(fromViewState(v.state, spec))} /> : null}
          <ColumnsMenu
            columns={orderedColumns.map((c) => ({ id: c.id, header: c.header, visible: columnVisibility[c.id] ?? true, hideable: c.hideable !== false }))}
            onToggle={toggleColumn}
            onMove={moveColumn}
            onReset={() => writeColumns([], [])}
          />
          {exportKey ? (
            <>
              <Button variant="outline" size="sm" asChild>
                <a href={exportHref("csv")} download>
                  <DownloadIcon aria-hidden="true" />
                  {t("exportCsv")}
                </a>
              </Button>
              <Button variant="outline" size="sm" asChild>
                <a href={exportHref("xlsx")} download>
                  <DownloadIcon aria-hidden="true" />
                  {t("exportXlsx")}
                </a>
              </Button>
            </>
          ) : null}
        </div>
      </div>

      {filters.length ? <FilterBar filters={filters} types={spec.filters} values={state.filters} onChange={setFilter} /> : null}

      {selectable && selectedIds.length > 0 ? (
        <div role="region" aria-label={t("bulkActions")} className="flex flex-wrap items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm">
          <span className="font-medium">{t("selected", { count: selectedIds.length })}</span>
          {bulkActions.map((action) => (
            <Button key={action.label} size="sm" variant={action.variant ?? "outline"} onClick={() => void action.onRun(selectedIds, { clear: () => table.resetRowSelection() })}>
              {action.label}
            </Button>
          ))}
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => table.resetRowSelection()}>
            {t("clearSelection")}
          </Button>
        </div>
      ) : null}

      {query.isError && !data ? (
        <ErrorPanel label={label} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-md border">
          <table aria-label={label} aria-busy={query.isFetching || undefined} aria-rowcount={rows.length} className="w-full caption-bottom text-sm">
            {!data ? <caption className="sr-only">{t("loading")}</caption> : null}
            <thead className="border-b bg-muted/40">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const col = columns.find((c) => c.id === header.column.id);
                    const sortId = col ? sortOf(col) : undefined;
                    const sorted = sortId && currentSort.id === sortId ? (currentSort.desc ? "descending" : "ascending") : undefined;
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sortId ? (sorted ?? "none") : undefined}
                        className={cn("h-10 px-3 text-left align-middle font-medium whitespace-nowrap text-muted-foreground", header.column.id === "__select" && "w-10")}
                      >
                        {sortId ? (
                          <button
                            type="button"
                            onClick={() => toggleSort(sortId)}
                            className="-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
                          >
                            {col!.header}
                            {sorted === "ascending" ? <ArrowUpIcon aria-hidden="true" className="size-3.5" /> : sorted === "descending" ? <ArrowDownIcon aria-hidden="true" className="size-3.5" /> : <ArrowUpDownIcon aria-hidden="true" className="size-3.5 opacity-40" />}
                          </button>
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody ref={bodyRef}>
              {!data ? (
                Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <tr key={i} className="border-b last:border-0" aria-hidden="true">
                    {visibleColumns.map((c) => (
                      <td key={c.id} className="px-3 py-3">
                        <Skeleton className="h-4 w-full max-w-40" />
                      </td>
                    ))}
                  </tr>
                ))
              ) : rows.length === 0 ? (
                <tr>
                  <td colSpan={visibleColumns.length} className="px-3 py-12 text-center">
                    <div className="grid justify-items-center gap-3">
                      <p className="font-medium">{filtered ? t("noMatches") : (props.emptyMessage ?? t("empty"))}</p>
                      {filtered ? (
                        <Button variant="outline" size="sm" onClick={clearFilters}>
                          {t("clearFilters")}
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ) : (
                table.getRowModel().rows.map((row, i) => (
                  <tr
                    key={row.id}
                    data-row=""
                    tabIndex={i === Math.min(activeRow, rows.length - 1) ? 0 : -1}
                    aria-selected={selectable ? row.getIsSelected() : undefined}
                    onFocus={() => setActiveRow(i)}
                    onKeyDown={(e) => onRowKeyDown(e, i, row.original, () => row.toggleSelected())}
                    onClick={opens ? (e) => onRowClick(e, row.original) : undefined}
                    className={cn(
                      "border-b outline-none last:border-0 focus-visible:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
                      opens && "cursor-pointer hover:bg-muted/50",
                      row.getIsSelected() && "bg-muted",
                    )}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={cn("px-3 py-2 align-middle", columns.find((c) => c.id === cell.column.id)?.className)}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}

      {query.isError && data ? <ErrorPanel label={label} error={query.error} onRetry={() => void query.refetch()} /> : null}

      {data && rows.length > 0 ? (
        <Pagination
          mode={keyset ? "keyset" : "page"}
          start={shownStart}
          rowCount={rows.length}
          total={total.total}
          totalCapped={total.totalCapped}
          counting={total.counting}
          perPage={perPage}
          page={page}
          hasPrevious={hasPrevious}
          hasNext={hasNext}
          onPrevious={goPrevious}
          onNext={goNext}
          onPage={(p) => setState((s) => ({ ...s, page: p }))}
          onPerPage={(n) => change((s) => ({ ...s, perPage: n === DEFAULT_PER_PAGE ? undefined : n }))}
        />
      ) : null}
    </section>
  );
}

/** Debounced quick search: typing updates the URL (replacing history) 300 ms after the last keystroke. */
function SearchBox({ value, placeholder, onSearch }: { value: string; placeholder?: string; onSearch: (q: string) => void }) {
  const t = useTranslations("dataTable");
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  // The URL changed under us (back/forward, a view, "clear filters"): show what it says.
  if (value !== synced) {
    setSynced(value);
    setText(value);
  }
  const latest = useRef(onSearch);
  useEffect(() => {
    latest.current = onSearch;
  });
  useEffect(() => {
    if (text.trim() === synced) return;
    const timer = setTimeout(() => latest.current(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, synced]);

  return (
    <div className="relative w-full max-w-xs">
      <SearchIcon aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input type="search" aria-label={t("search")} placeholder={placeholder ?? t("search")} value={text} maxLength={200} className="h-8 pl-8" onChange={(e) => setText(e.target.value)} />
    </div>
  );
}

function ErrorPanel({ label, error, onRetry }: { label: string; error: unknown; onRetry: () => void }) {
  const t = useTranslations("dataTable.error");
  const requestId =
    typeof error === "object" && error !== null && "data" in error
      ? ((error as { data?: { requestId?: string | null } | null }).data?.requestId ?? undefined)
      : undefined;
  const message = error instanceof Error ? error.message : t("unknown");
  return (
    <div role="alert" className="grid justify-items-center gap-3 rounded-md border border-destructive/40 px-4 py-10 text-center text-sm">
      <p className="font-medium">{t("title", { label: label.toLowerCase() })}</p>
      <p className="max-w-lg text-muted-foreground">{message}</p>
      {requestId ? (
        <p className="font-mono text-xs text-muted-foreground">
          {t("requestId")} <span className="select-all">{requestId}</span>
        </p>
      ) : null}
      <Button variant="outline" size="sm" onClick={onRetry}>
        {t("retry")}
      </Button>
    </div>
  );
}
