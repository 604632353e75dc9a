import { describe, expect, it } from "vitest";
import { isValidGstin, isValidKzBin, taxIdError } from "./tax-id";

describe("tax ids", () => {
  it("accepts valid Kazakh BINs and rejects a wrong check digit", () => {
    expect(isValidKzBin("040540000004")).toBe(true);
    expect(isValidKzBin("123456789013")).toBe(true);
    expect(isValidKzBin("123456789012")).toBe(false);
    expect(isValidKzBin("12345678901")).toBe(false);
    expect(isValidKzBin("12345678901a")).toBe(false);
  });

  it("checks GSTIN check characters", () => {
    expect(isValidGstin("27AAPFU0939F1ZV")).toBe(true);
    expect(isValidGstin("27AAPFU0939F1ZW")).toBe(false);
  });

  it("validates by country and accepts any id where the region has no rule", () => {
    expect(taxIdError("KZ", "040540000004")).toBeNull();
    expect(taxIdError("KZ", "040540000005")).toMatch(/BIN/);
    expect(taxIdError("US", "12-3456789")).toBeNull();
    expect(taxIdError("DE", "DE123")).toBeNull();
  });
});
