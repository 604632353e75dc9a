import { describe, expect, it } from "vitest";

import { createFormat, formatBytes, formatDate, formatDateTime, formatMoney, formatNumber, minorUnits, monthIn, todayIn, toDecimalString } from "./format";

// A stand-in for Prisma.Decimal: only toFixed() is used, so no floating point is ever involved.
const decimal = (s: string) => ({ toFixed: () => s });

describe("format", () => {
  it("formats money with the currency's minor units, from strings and Decimals", () => {
    expect(formatMoney("1234.5", "USD", "en-US")).toBe("$1,234.50");
    expect(formatMoney(decimal("1234.5"), "JPY", "en-US")).toBe("¥1,235");
    expect(formatMoney("1.234", "KWD", "en-US")).toMatch(/1\.234/);
    expect(formatMoney("1234.5", "KZT", "ru-KZ").replace(/\s/g, " ")).toBe("1 234,50 ₸");
  });

  it("keeps every digit of large amounts (no JS number rounding)", () => {
    expect(formatMoney("12345678901234567.89", "USD", "en-US")).toBe("$12,345,678,901,234,567.89");
    expect(formatNumber("0.1000000000000000055", "en-US")).toBe("0.1000000000000000055");
  });

  it("knows minor units", () => {
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("jpy")).toBe(0);
    expect(minorUnits("BHD")).toBe(3);
  });

  it("rejects what is not a decimal", () => {
    expect(() => toDecimalString("12,5")).toThrow(RangeError);
    expect(() => toDecimalString("1e5")).toThrow(RangeError);
    expect(toDecimalString(decimal("-0.50"))).toBe("-0.50");
  });

  it("shows a business date as its calendar day in every time zone", () => {
    const tokyo = { locale: "en-US", timeZone: "Pacific/Kiritimati" };
    const hawaii = { locale: "en-US", timeZone: "Pacific/Honolulu" };
    expect(formatDate("2026-01-31", tokyo)).toBe("Jan 31, 2026");
    expect(formatDate("2026-01-31", hawaii)).toBe("Jan 31, 2026");
  });

  it("shows an instant in the organization's time zone", () => {
    const instant = new Date("2026-01-01T03:30:00Z");
    expect(formatDate(instant, { locale: "en-US", timeZone: "America/Chicago" })).toBe("Dec 31, 2025");
    expect(formatDateTime(instant, { locale: "en-GB", timeZone: "UTC" }, { timeStyle: "short" })).toBe("03:30");
    expect(todayIn("America/Chicago", instant)).toBe("2025-12-31");
  });

  it("gives the month of an instant in the organization's time zone, leap years included", () => {
    expect(monthIn("America/Chicago", new Date("2026-01-01T03:30:00Z"))).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(monthIn("UTC", new Date("2026-01-01T03:30:00Z"))).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(monthIn("Asia/Tokyo", new Date("2028-01-31T15:00:00Z"))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthIn("UTC", new Date("2026-02-10T00:00:00Z"))).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("formats file sizes in binary steps with the locale's units and separators", () => {
    const plain = (s: string) => s.replace(/\s/g, " ");
    expect(formatBytes(512, "en-US")).toBe("512 bytes");
    expect(formatBytes(1536, "en-US")).toBe("1.5 kB");
    expect(formatBytes(1.2 * 1024 * 1024, "en-US")).toBe("1.2 MB");
    expect(plain(formatBytes(1.2 * 1024 * 1024, "ru-KZ"))).toBe("1,2 МБ");
    expect(plain(formatBytes(25 * 1024 * 1024, "ru-RU"))).toBe("25 МБ");
    expect(plain(formatBytes(5, "ru-RU"))).toBe("5 байт");
    expect(formatBytes(3 * 1024 ** 3, "en-US")).toBe("3 GB");
  });

  it("binds settings", () => {
    const f = createFormat({ locale: "ru-RU", timeZone: "Europe/Moscow" });
    expect(f.number("1234.5").replace(/\s/g, " ")).toBe("1 234,5");
    expect(f.percent("12.5")).toBe("12,5%");
  });
});
