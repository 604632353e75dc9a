// The DataTable's state as URL search params, so back/forward and a shared link reproduce the view. Pure and
// isomorphic. Everything read from a URL is checked against the list's spec: unknown filters, wrong filter types and
// unsortable columns are dropped here, and the server's strict input schema rejects anything that slips through.
//
//   q=text  sort=field | sort=-field  f.<filter>=<value> (repeated for enum values; "from..to" / "min..max" for
//   ranges)  perPage=n  page=n  cursor=c  prev=<cursor stack, "." for the first page>  cols=a,b  hide=c,d
import { ZFilterValue, ZSort, DEFAULT_PER_PAGE, MAX_PER_PAGE, usesKeyset, type ListInput, type ListSpec, type TFilterValue, type TSort } from "@/lib/list";
import { ZViewState, type TViewState } from "@/lib/view-state";

export interface TableState {
  q?: string;
  filters: Record<string, TFilterValue>;
  /** Absent: the list's default sort. */
  sort?: TSort;
  perPage?: number;
  /** Page mode (the sort is not in the list's keyset). */
  page?: number;
  /** Keyset mode: the cursor of the current page and the cursors of the pages before it ("" for the first). */
  cursor?: string;
  cursorStack: string[];
  columns: { order?: string[]; hidden?: string[] };
}

export const EMPTY_STATE: TableState = { filters: {}, cursorStack: [], columns: {} };

const FILTER_PREFIX = "f.";
const FIRST_PAGE = ".";
const TABLE_PARAMS = ["q", "sort", "perPage", "page", "cursor", "prev", "cols", "hide"];

const isTableParam = (key: string) => TABLE_PARAMS.includes(key) || key.startsWith(FILTER_PREFIX);

/** Whether the URL carries any table state (if not, the user's default view applies). */
export function hasTableParams(params: URLSearchParams): boolean {
  for (const key of params.keys()) if (isTableParam(key)) return true;
  return false;
}

const ids = (value: string | null) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && s.length <= 64)
        .slice(0, 100)
    : undefined;

function parseFilter(type: TFilterValue["type"], values: string[]): TFilterValue | undefined {
  const first = values[0] ?? "";
  const [lo, hi] = first.includes("..") ? first.split("..", 2) : [first, ""];
  const candidate =
    type === "text"
      ? { type, value: first }
      : type === "enum"
        ? { type, values: [...new Set(values.filter(Boolean))] }
        : type === "dateRange"
          ? { type, from: lo || undefined, to: hi || undefined }
          : { type, min: lo || undefined, max: hi || undefined };
  const parsed = ZFilterValue.safeParse(candidate);
  if (!parsed.success) return undefined;
  const v = parsed.data;
  if (v.type === "dateRange" && !v.from && !v.to) return undefined;
  if (v.type === "numberRange" && !v.min && !v.max) return undefined;
  return v;
}

function serializeFilter(value: TFilterValue): string[] {
  switch (value.type) {
    case "text":
      return [value.value];
    case "enum":
      return value.values;
    case "dateRange":
      return [`${value.from ?? ""}..${value.to ?? ""}`];
    case "numberRange":
      return [`${value.min ?? ""}..${value.max ?? ""}`];
  }
}

export function parseTableState(params: URLSearchParams, spec: ListSpec): TableState {
  const state: TableState = { filters: {}, cursorStack: [], columns: {} };
  const q = params.get("q")?.trim();
  if (q) state.q = q.slice(0, 200);

  const sortParam = params.get("sort");
  if (sortParam) {
    const desc = sortParam.startsWith("-");
    const sort = ZSort.safeParse({ id: desc ? sortParam.slice(1) : sortParam, desc });
    if (sort.success && spec.sorts.includes(sort.data.id)) state.sort = sort.data;
  }

  for (const [key, type] of Object.entries(spec.filters)) {
    const values = params.getAll(FILTER_PREFIX + key);
    if (values.length === 0) continue;
    const value = parseFilter(type, values);
    if (value) state.filters[key] = value;
  }

  const perPage = Number(params.get("perPage"));
  if (Number.isInteger(perPage) && perPage >= 1 && perPage <= MAX_PER_PAGE) state.perPage = perPage;

  if (usesKeyset(spec, { sort: state.sort })) {
    const cursor = params.get("cursor");
    if (cursor && cursor.length <= 1000) {
      state.cursor = cursor;
      state.cursorStack = (params.get("prev") ?? FIRST_PAGE)
        .split(",")
        .slice(-200)
        .map((c) => (c === FIRST_PAGE ? "" : c));
    }
  } else {
    const page = Number(params.get("page"));
    if (Number.isInteger(page) && page > 1 && page <= 10_000) state.page = page;
  }

  state.columns = { order: ids(params.get("cols")), hidden: ids(params.get("hide")) };
  return state;
}

/** Writes the state into a copy of `base`, keeping params that are not the table's (a side panel's, say). */
export function writeTableState(state: TableState, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of base) if (!isTableParam(key)) out.append(key, value);
  if (state.q) out.set("q", state.q);
  if (state.sort) out.set("sort", `${state.sort.desc ? "-" : ""}${state.sort.id}`);
  for (const [key, value] of Object.entries(state.filters)) for (const v of serializeFilter(value)) out.append(FILTER_PREFIX + key, v);
  if (state.perPage) out.set("perPage", String(state.perPage));
  if (state.page && state.page > 1) out.set("page", String(state.page));
  if (state.cursor) {
    out.set("cursor", state.cursor);
    out.set("prev", state.cursorStack.map((c) => c || FIRST_PAGE).join(","));
  }
  if (state.columns.order?.length) out.set("cols", state.columns.order.join(","));
  if (state.columns.hidden?.length) out.set("hide", state.columns.hidden.join(","));
  return out;
}

/** The list procedure's input for this state. */
export function toListInput(state: TableState, spec: ListSpec): ListInput {
  const input: ListInput = { perPage: state.perPage ?? DEFAULT_PER_PAGE };
  if (state.q) input.q = state.q;
  if (Object.keys(state.filters).length) input.filters = state.filters;
  if (state.sort) input.sort = state.sort;
  if (usesKeyset(spec, { sort: state.sort })) {
    if (state.cursor) input.cursor = state.cursor;
  } else if (state.page && state.page > 1) input.page = state.page;
  return input;
}

/** The input of a list's count procedure: what selects the rows (q, filters), not a position or an order in them. */
export function toCountInput(state: TableState): ListInput {
  const input: ListInput = { perPage: DEFAULT_PER_PAGE };
  if (state.q) input.q = state.q;
  if (Object.keys(state.filters).length) input.filters = state.filters;
  return input;
}

/** What a saved view keeps: the view of the list, not a position in it. */
export function toViewState(state: TableState): TViewState {
  const view: TViewState = {};
  if (state.q) view.q = state.q;
  if (Object.keys(state.filters).length) view.filters = state.filters;
  if (state.sort) view.sort = state.sort;
  if (state.perPage) view.perPage = state.perPage;
  const columns: NonNullable<TViewState["columns"]> = {};
  if (state.columns.order?.length) columns.order = state.columns.order;
  if (state.columns.hidden?.length) columns.hidden = state.columns.hidden;
  if (columns.order || columns.hidden) view.columns = columns;
  return view;
}

/** A saved view as table state (on its first page), re-checked against the spec as a URL would be. */
export function fromViewState(view: TViewState, spec: ListSpec): TableState {
  const parsed = ZViewState.safeParse(view);
  if (!parsed.success) return { ...EMPTY_STATE, columns: {} };
  return parseTableState(writeTableState({ ...EMPTY_STATE, ...parsed.data, filters: parsed.data.filters ?? {}, columns: parsed.data.columns ?? {} }), spec);
}

/** Whether two states show the same view (positions ignored): used to tell which saved view is applied. */
export function sameView(a: TViewState, b: TViewState): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Active filter count plus the search: "is anything narrowing this list?" */
export function isFiltered(state: TableState): boolean {
  return Boolean(state.q) || Object.keys(state.filters).length > 0;
}

export type ExportFormat = "csv" | "xlsx";

/**
 * The export contract: GET /api/export/<listKey>?format=&org=&ws=&input=<JSON of the list input without cursor/page>.
 */
export function exportUrl(exportKey: string, format: ExportFormat, scope: { org: string; ws?: string }, input: ListInput): string {
  const { cursor: _cursor, page: _page, ...rest } = input;
  const params = new URLSearchParams({ format, org: scope.org });
  if (scope.ws) params.set("ws", scope.ws);
  params.set("input", JSON.stringify(rest));
  return `/api/export/${encodeURIComponent(exportKey)}?${params.toString()}`;
}
