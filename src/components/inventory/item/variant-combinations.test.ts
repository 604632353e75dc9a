import { describe, expect, it } from "vitest";
import { combinations, pairsText, parseAttributeLines, parseAttributePairs } from "./variant-combinations";

describe("variant combinations", () => {
  it("parses attribute lines and builds every combination with a SKU", () => {
    const specs = parseAttributeLines("size: S, M\n\ncolor: red, Light blue, red\nbad line");
    expect(specs).toEqual([{ name: "size", values: ["S", "M"] }, { name: "color", values: ["red", "Light blue"] }]);
    expect(combinations(specs, "TEE").map((c) => c.sku)).toEqual(["TEE-S-RED", "TEE-S-LIGHTBLUE", "TEE-M-RED", "TEE-M-LIGHTBLUE"]);
    expect(combinations(specs, "TEE")[1]!.attributes).toEqual({ size: "S", color: "Light blue" });
    expect(combinations([], "TEE")).toEqual([]);
  });
  it("reads and writes one variant's pairs", () => {
    expect(parseAttributePairs("size: S; color: red;  ; x")).toEqual({ size: "S", color: "red" });
    expect(pairsText({ size: "S", color: "red" })).toBe("size: S; color: red");
  });
});
