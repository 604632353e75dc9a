import { describe, expect, it } from "vitest";
import { isUuid } from "./uuid";

describe("isUuid", () => {
  it("takes a canonical UUID of any version, in either case", () => {
    expect(isUuid("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).toBe(true);
    expect(isUuid("0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")).toBe(true);
  });
  it("refuses anything else before it reaches a ::uuid cast", () => {
    for (const v of ["", "new", "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5bx", "------------------------------------", 42, null])
      expect(isUuid(v)).toBe(false);
  });
});
