// Every column of every registered export names a header message present in both catalogs, so a new column without
// a translation fails here; the header row is the catalog's text in the asked language (English: today's headers).
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/i18n/config";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { EXPORTS } from "@/server/exports";
import { exportHeaders } from "@/server/kernel/export/headers";

const CATALOGS = { en, ru } as Record<(typeof LOCALES)[number], unknown>;

/** The message at a dotted key, or undefined when the catalog has none (or a namespace, not a message). */
function messageAt(catalog: unknown, key: string): string | undefined {
  let node = catalog;
  for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

const lists = [...EXPORTS.values()];

describe("export column headers", () => {
  it("covers every registered list", () => {
    expect(lists.length).toBeGreaterThan(0);
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
  });

  describe.each(lists.map((l) => [l.key, l] as const))("%s", (_key, list) => {
    it.each(LOCALES)("every column's header message is in %s.json, and no two headers read the same", (locale) => {
      const missing = list.columns.filter((c) => !messageAt(CATALOGS[locale], c.header)?.trim()).map((c) => `${c.id} → ${c.header}`);
      expect(missing).toEqual([]);
      const headers = exportHeaders(list.columns, locale);
      expect(headers).toEqual(list.columns.map((c) => messageAt(CATALOGS[locale], c.header)));
      // CSV readers (and our tests) address columns by header: a duplicate would shadow a column.
      expect(new Set(headers).size).toBe(headers.length);
    });
  });

  it("writes English headers exactly as before and Russian ones from ru.json", () => {
    const customers = EXPORTS.get("crm.customers")!;
    expect(exportHeaders(customers.columns, "en")).toEqual(["Number", "Name", "Type", "Status", "Tier", "Owner", "E-mail", "Phone", "Tax id", "Industry", "Tags", "Archived", "Created", "Id"]);
    expect(exportHeaders(customers.columns, "ru").slice(0, 2)).toEqual(["Номер", "Название"]);
    const stock = EXPORTS.get("inventory.stock")!;
    expect(exportHeaders(stock.columns, "en")).toEqual(["SKU", "Item", "Warehouse", "Location", "Lot", "Expires", "On hand", "Reserved", "Available", "Unit cost", "Value"]);
    expect(exportHeaders(stock.columns, "ru")).toEqual(["Артикул", "Номенклатура", "Склад", "Ячейка", "Партия", "Годен до", "В наличии", "В резерве", "Доступно", "Себестоимость ед.", "Стоимость"]);
  });
});
