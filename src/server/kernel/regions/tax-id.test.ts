import { describe, expect, it } from "vitest";
import { countryPack } from "./packs";
import { isValidGstin, isValidKzBin, isValidUsEin, normalizeTaxId, taxIdError } from "./tax-id";

describe("Kazakhstan BIN/IIN", () => {
  it("accepts real BINs (check digit from the first pass of weights)", () => {
    // Kaspi Bank, Halyk Bank, KEGOC — published BINs.
    for (const bin of ["971240001315", "940140000385", "970740000838", "040540000004"]) expect(isValidKzBin(bin), bin).toBe(true);
  });

  it("uses the second pass of weights (3…11, 1, 2) when the first gives 10", () => {
    // 1·1+2·2+…+11·1 = 1+4+9+16+25+36+49+64+81+0+11 = 296 ≡ 10 (mod 11); second pass gives 3.
    expect(isValidKzBin("123456789013")).toBe(true);
    expect(isValidKzBin("000740001307")).toBe(true);
  });

  it("rejects a wrong check digit, a number whose both passes give 10, and anything not 12 digits", () => {
    expect(isValidKzBin("971240001316")).toBe(false);
    expect(isValidKzBin("940140000384")).toBe(false);
    expect(isValidKzBin("123456789012")).toBe(false);
    expect(isValidKzBin("12345678901")).toBe(false);
    expect(isValidKzBin("1234567890123")).toBe(false);
    expect(isValidKzBin("12345678901a")).toBe(false);
    // Find a prefix whose both passes give 10: no last digit makes it valid.
    const both10 = (p: string) => {
      const d = [...p].map(Number);
      const s = (w: number[]) => w.reduce((a, x, i) => a + x * d[i]!, 0) % 11;
      return s([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) === 10 && s([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) === 10;
    };
    let prefix = "";
    for (let n = 0; !prefix && n < 10_000_000; n++) if (both10(String(n).padStart(11, "0"))) prefix = String(n).padStart(11, "0");
    expect(prefix).not.toBe("");
    for (let last = 0; last <= 9; last++) expect(isValidKzBin(`${prefix}${last}`)).toBe(false);
  });
});

describe("US EIN", () => {
  it("accepts NN-NNNNNNN (or nine digits) with a prefix the IRS issues", () => {
    for (const ein of ["12-3456789", "01-0000001", "20-1234567", "98-7654321", "123456789"]) expect(isValidUsEin(ein), ein).toBe(true);
  });
  it("rejects prefixes never issued and malformed ids", () => {
    for (const ein of ["00-1234567", "07-1234567", "09-1234567", "17-1234567", "28-1234567", "49-1234567", "69-1234567", "70-1234567", "78-1234567", "89-1234567", "96-1234567", "97-1234567"])
      expect(isValidUsEin(ein), ein).toBe(false);
    for (const ein of ["12-345678", "123-456789", "12 3456789", "AB-1234567", ""]) expect(isValidUsEin(ein), ein).toBe(false);
  });
});

describe("India GSTIN", () => {
  it("accepts valid GSTINs (state code, PAN, entity, Z, mod-36 check character)", () => {
    for (const g of ["27AAPFU0939F1ZV", "07AAGFF2194N1Z1", "33AAACH7409R1Z8", "29AAGCB7383J1Z4", "24AAACC1206D1ZM", "19AAACI1681G1ZM"])
      expect(isValidGstin(g), g).toBe(true);
  });
  it("rejects a wrong check character, a state code outside 01–38, a malformed PAN and a missing Z", () => {
    expect(isValidGstin("27AAPFU0939F1ZW")).toBe(false);
    expect(isValidGstin("36AABCT1332L1ZU")).toBe(false); // check character should be F
    expect(isValidGstin("00AAPFU0939F1ZV")).toBe(false);
    expect(isValidGstin("39AAPFU0939F1ZV")).toBe(false);
    expect(isValidGstin("99AAPFU0939F1ZV")).toBe(false);
    expect(isValidGstin("27AAPXU0939F1ZV")).toBe(false); // 4th PAN letter is not a holder type
    expect(isValidGstin("27AAPF10939F1ZV")).toBe(false);
    expect(isValidGstin("27AAPFU0939F1YV")).toBe(false);
    expect(isValidGstin("27AAPFU0939F0ZV")).toBe(false);
    expect(isValidGstin("27aapfu0939f1zv")).toBe(false);
    expect(isValidGstin("27AAPFU0939F1Z")).toBe(false);
  });
});

describe("by country", () => {
  it("validates by country, normalizes, and accepts any id where the region has no rule", () => {
    expect(taxIdError("KZ", "040540000004")).toBeNull();
    expect(taxIdError("KZ", " 971240001315 ")).toBeNull();
    expect(taxIdError("KZ", "040540000005")).toMatch(/BIN/);
    expect(taxIdError("US", "12-3456789")).toBeNull();
    expect(taxIdError("US", "07-3456789")).toMatch(/EIN/);
    expect(taxIdError("IN", "27aapfu0939f1zv")).toBeNull();
    expect(taxIdError("IN", "27AAPFU0939F1ZW")).toMatch(/GSTIN/);
    expect(taxIdError("DE", "DE123")).toBeNull();
    expect(normalizeTaxId("US", "123456789")).toBe("12-3456789");
    expect(normalizeTaxId("IN", "27aapfu0939f1zv")).toBe("27AAPFU0939F1ZV");
    expect(normalizeTaxId("DE", " DE 123 ")).toBe("DE 123");
  });

  it("packs pre-fill currency, time zone, locale and tax rate; other countries get sensible defaults", () => {
    expect(countryPack("KZ")).toMatchObject({ currency: "KZT", timeZone: "Asia/Almaty", locale: "ru-KZ", taxRate: { code: "VAT12", rate: "12", kind: "vat" } });
    expect(countryPack("IN")).toMatchObject({ currency: "INR", timeZone: "Asia/Kolkata", locale: "en-IN", taxRate: { rate: "18", kind: "gst" } });
    expect(countryPack("US")).toMatchObject({ currency: "USD", timeZone: "America/New_York", locale: "en-US" });
    expect(countryPack("US").taxRate).toBeUndefined();
    expect(countryPack("DE")).toMatchObject({ currency: "EUR", timeZone: "UTC" });
    expect(countryPack("ZZ")).toMatchObject({ currency: "USD", timeZone: "UTC", locale: "en-US" });
  });
});
