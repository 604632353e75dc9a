import { describe, expect, it } from "vitest";

import { activeLocationOptions, categoryOptions, locationOptions, locationOptionsKeeping } from "./tree-options";

describe("inventory tree options", () => {
  it("flattens a tree depth first, indenting each level", () => {
    const roots = [
      { id: "1", code: "RAW", name: "Raw", children: [{ id: "2", code: "MET", name: "Metals", children: [{ id: "3", code: "AL", name: "Aluminium", children: [] }] }] },
      { id: "4", code: "FG", name: "Finished", children: [] },
    ];
    expect(categoryOptions(roots)).toEqual([
      { value: "1", label: "Raw (RAW)" },
      { value: "2", label: "\u00a0\u00a0\u00a0\u00a0Metals (MET)" },
      { value: "3", label: "\u00a0".repeat(8) + "Aluminium (AL)" },
      { value: "4", label: "Finished (FG)" },
    ]);
    // Archived categories (and what is beneath them) are not offered.
    expect(categoryOptions([{ id: "1", code: "OLD", name: "Old", archivedAt: new Date(), children: [{ id: "2", code: "X", name: "X", children: [] }] }, { id: "3", code: "NEW", name: "New", archivedAt: null, children: [] }])).toEqual([
      { value: "3", label: "New (NEW)" },
    ]);
    expect(locationOptions([{ id: "a", code: "A-01", name: null, children: [] }, { id: "b", code: "A-02", name: "Shelf", children: [] }])).toEqual([
      { value: "a", label: "A-01" },
      { value: "b", label: "A-02 — Shelf" },
    ]);
  });

  it("offers only active locations to move stock into or out of, while the report filters list them all", () => {
    const roots = [
      { id: "z", code: "Z-OLD", name: null, archivedAt: "2026-01-01T00:00:00Z", children: [{ id: "b", code: "B-01", name: null, children: [] }] },
      { id: "a", code: "A-01", name: null, archivedAt: null, children: [] },
    ];
    expect(activeLocationOptions(roots)).toEqual([{ value: "a", label: "A-01" }]);
    expect(locationOptions(roots).map((o) => o.value)).toEqual(["z", "b", "a"]);
  });

  it("keeps a draft's archived location as the current value, marked, without offering other archived ones", () => {
    const roots = [
      { id: "z", code: "Z-OLD", name: null, archivedAt: "2026-01-01T00:00:00Z", children: [{ id: "b", code: "B-01", name: "Shelf", children: [] }] },
      { id: "a", code: "A-01", name: null, archivedAt: null, children: [] },
    ];
    const mark = (label: string) => `${label} (archived)`;
    expect(locationOptionsKeeping(roots, "a", mark)).toEqual([{ value: "a", label: "A-01" }]);
    expect(locationOptionsKeeping(roots, "", mark)).toEqual([{ value: "a", label: "A-01" }]);
    expect(locationOptionsKeeping(roots, "unknown", mark)).toEqual([{ value: "a", label: "A-01" }]);
    // Beneath an archived location counts as archived too.
    expect(locationOptionsKeeping(roots, "b", mark)).toEqual([{ value: "b", label: "B-01 — Shelf (archived)" }, { value: "a", label: "A-01" }]);
    expect(locationOptionsKeeping(roots, "z", mark)).toEqual([{ value: "z", label: "Z-OLD (archived)" }, { value: "a", label: "A-01" }]);
  });
});
