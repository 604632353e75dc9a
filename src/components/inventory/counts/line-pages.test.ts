import { describe, expect, it } from "vitest";

import { linePage, pageOfRow } from "./line-pages";

describe("count page: pages of lines", () => {
  it("cuts the rows into pages and clamps the page number", () => {
    expect(linePage(0, 1, 100)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
    expect(linePage(250, 1, 100)).toEqual({ page: 1, pages: 3, from: 0, to: 100 });
    expect(linePage(250, 3, 100)).toEqual({ page: 3, pages: 3, from: 200, to: 250 });
    // A filter leaves fewer rows than the page showed: the last page there is.
    expect(linePage(120, 5, 100)).toEqual({ page: 2, pages: 2, from: 100, to: 120 });
    expect(linePage(120, 0, 100)).toEqual({ page: 1, pages: 2, from: 0, to: 100 });
    expect(linePage(23_147, 232, 100)).toEqual({ page: 232, pages: 232, from: 23_100, to: 23_147 });
  });

  it("finds the page of a row (where Enter on a page's last row goes)", () => {
    expect(pageOfRow(0, 100)).toBe(1);
    expect(pageOfRow(99, 100)).toBe(1);
    expect(pageOfRow(100, 100)).toBe(2);
    expect(pageOfRow(-1, 100)).toBe(1);
  });
});
