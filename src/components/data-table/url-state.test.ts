import { describe, expect, it } from "vitest";
import type { ListSpec } from "@/lib/list";
import { exportUrl, fromViewState, hasTableParams, parseTableState, sameView, toListInput, toViewState, writeTableState, type TableState } from "./url-state";

const spec: ListSpec = {
  sorts: ["createdAt", "table", "action"],
  keyset: ["createdAt"],
  defaultSort: { id: "createdAt", desc: true },
  filters: { actor: "enum", table: "enum", recordId: "text", createdAt: "dateRange", amount: "numberRange" },
};

const full: TableState = {
  q: "acme, inc & co",
  filters: {
    actor: { type: "enum", values: ["u1", "u,2"] },
    recordId: { type: "text", value: "a b" },
    createdAt: { type: "dateRange", from: "2026-01-01" },
    amount: { type: "numberRange", min: "-1.5", max: "10" },
  },
  sort: { id: "createdAt", desc: false },
  perPage: 25,
  cursor: "abc_-",
  cursorStack: ["", "xyz"],
  columns: { order: ["when", "who"], hidden: ["request"] },
};

describe("DataTable URL state", () => {
  it("round-trips every kind of state through search params", () => {
    const params = writeTableState(full);
    expect(parseTableState(new URLSearchParams(params.toString()), spec)).toEqual(full);
  });

  it("keeps params that are not the table's and replaces the table's", () => {
    const out = writeTableState({ filters: {}, cursorStack: [], columns: {}, q: "new" }, new URLSearchParams("event=e1&q=old&f.table=x"));
    expect(out.toString()).toBe("event=e1&q=new");
  });

  it("drops unknown filters, wrong shapes, unsortable sorts and out-of-range numbers", () => {
    const s = parseTableState(new URLSearchParams("f.secret=1&f.createdAt=yesterday..&sort=-password&perPage=500&page=0&f.amount=1e9.."), spec);
    expect(s).toEqual({ filters: {}, cursorStack: [], columns: { order: undefined, hidden: undefined } });
  });

  it("uses page numbers when the sort is not in the keyset, and cursors when it is", () => {
    const paged = parseTableState(new URLSearchParams("sort=table&page=3&cursor=zzz"), spec);
    expect(toListInput(paged, spec)).toEqual({ sort: { id: "table", desc: false }, page: 3, perPage: 50 });
    const keyset = parseTableState(new URLSearchParams("page=3&cursor=zzz"), spec);
    expect(toListInput(keyset, spec)).toEqual({ cursor: "zzz", perPage: 50 });
    expect(keyset.cursorStack).toEqual([""]);
  });

  it("tells whether the URL has table state", () => {
    expect(hasTableParams(new URLSearchParams("event=1"))).toBe(false);
    expect(hasTableParams(new URLSearchParams("f.table=x"))).toBe(true);
  });

  it("saves a view without its position and applies it back on the first page", () => {
    const view = toViewState(full);
    expect(view).not.toHaveProperty("cursor");
    const applied = fromViewState(view, spec);
    expect(applied.cursor).toBeUndefined();
    expect(toViewState(applied)).toEqual(view);
    expect(sameView(view, JSON.parse(JSON.stringify(view)))).toBe(true);
    expect(sameView(view, { ...view, q: "other" })).toBe(false);
  });

  it("builds the export URL of the contract, without cursor or page", () => {
    const url = new URL(exportUrl("audit.events", "csv", { org: "acme", ws: "hq" }, toListInput(full, spec)), "http://x");
    expect(url.pathname).toBe("/api/export/audit.events");
    expect(url.searchParams.get("format")).toBe("csv");
    expect(url.searchParams.get("org")).toBe("acme");
    expect(url.searchParams.get("ws")).toBe("hq");
    expect(JSON.parse(url.searchParams.get("input")!)).toEqual({ q: full.q, filters: full.filters, sort: full.sort, perPage: 25 });
  });
});
