import { describe, expect, it } from "vitest";
import { decodeCursor, defineListInput, encodeCursor, usesKeyset, type ListSpec } from "./list";

const spec = {
  sorts: ["createdAt", "table"],
  keyset: ["createdAt"],
  defaultSort: { id: "createdAt", desc: true },
  filters: { table: "enum", createdAt: "dateRange", actor: "text" },
} as const satisfies ListSpec;
const ZInput = defineListInput(spec);

describe("list contract", () => {
  it("accepts declared sorts and filters and defaults perPage", () => {
    const input = ZInput.parse({ sort: { id: "table", desc: false }, filters: { table: { type: "enum", values: ["a"] } } });
    expect(input.perPage).toBe(50);
    expect(usesKeyset(spec, input)).toBe(false);
    expect(usesKeyset(spec, ZInput.parse({}))).toBe(true);
    expect(usesKeyset(spec, ZInput.parse({ page: 2 }))).toBe(false);
  });

  it("rejects unknown sorts, unknown filters, wrong filter types and oversized pages with field paths", () => {
    const r = ZInput.safeParse({
      sort: { id: "password", desc: false },
      filters: { secret: { type: "text", value: "x" }, table: { type: "text", value: "x" } },
      perPage: 1000,
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["sort", "filters.secret", "filters.table", "perPage"]));
  });

  it("round-trips cursors, including non-ASCII values, and refuses forged ones", () => {
    const c = encodeCursor("Ünïcode — 東京", "0190a3f2-0000-7000-8000-000000000001");
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual({ sortValue: "Ünïcode — 東京", id: "0190a3f2-0000-7000-8000-000000000001" });
    expect(decodeCursor(encodeCursor(null, "x"))).toEqual({ sortValue: null, id: "x" });
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify({ a: 1 })))).toBeNull();
  });
});
