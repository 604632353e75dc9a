// The item Overview form's schema (overview-schema.ts): what it sends for what a user typed, and where it answers.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";

import en from "@/messages/en.json";

import type { ValidationT } from "../validation";
import { itemOverviewSchema, type ItemOverviewValues } from "./overview-schema";

const v = createTranslator({ locale: "en", messages: en, namespace: "inventory.validation" }) as unknown as ValidationT;
const schema = itemOverviewSchema(v);
const UNIT = "0190a8a0-0000-7000-8000-000000000001";
const OTHER = "0190a8a0-0000-7000-8000-000000000002";

const base: ItemOverviewValues = {
  sku: "BOLT-1", name: "Bolt", description: "", type: "product", status: "active", replacedByItemId: "", categoryId: "", baseUnitId: UNIT,
  purchaseUnitId: "", salesUnitId: "", conversions: [], makeOrBuy: "buy", leadTimeDays: "", listPrice: "", standardUnitCost: "", taxRateId: "",
  hsnCode: "", weight: "", length: "", width: "", height: "", trackInventory: true, lotControl: false, serialControl: false, shelfLifeDays: "",
  tags: [], barcodes: [], specifications: [],
};

function issues(values: Partial<ItemOverviewValues>) {
  const r = schema.safeParse({ ...base, ...values });
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("item overview form schema", () => {
  it("sends whole days as numbers, blanks as none", () => {
    const out = schema.parse({ ...base, leadTimeDays: " 14 ", shelfLifeDays: "" });
    expect(out.leadTimeDays).toBe(14);
    expect(out.shelfLifeDays).toBeNull();
    expect(issues({ leadTimeDays: "2.5" })).toEqual([["leadTimeDays", "Enter a whole number of days from 0 to 3650"]]);
    expect(issues({ shelfLifeDays: "0" })).toEqual([["shelfLifeDays", "Enter a whole number of days from 1 to 36500"]]);
  });

  it("sends the specification rows as one object, trimmed, blank rows dropped", () => {
    const out = schema.parse({ ...base, specifications: [{ name: " Voltage ", value: " 230 V " }, { name: "", value: "" }, { name: "Power", value: "750 W" }] });
    expect(out.specifications).toEqual({ Voltage: "230 V", Power: "750 W" });
    expect(Object.keys(out.specifications!)).toEqual(["Voltage", "Power"]);
  });

  it("answers a specification's problem on its own row", () => {
    expect(issues({ specifications: [{ name: "", value: "red" }] })).toEqual([["specifications.0.name", "Enter the specification's name"]]);
    expect(issues({ specifications: [{ name: "Color", value: "red" }, { name: "color ", value: "blue" }] })).toEqual([["specifications.1.name", '"color" is listed twice']]);
    expect(issues({ specifications: [{ name: "x".repeat(101), value: "" }] })).toEqual([["specifications.0.name", "At most 100 characters"]]);
    expect(issues({ specifications: [{ name: "Note", value: "x".repeat(501) }] })).toEqual([["specifications.0.value", "At most 500 characters"]]);
    const many = Array.from({ length: 51 }, (_, i) => ({ name: `Spec ${i}`, value: "1" }));
    expect(issues({ specifications: many })).toEqual([["specifications", "At most 50 specifications"]]);
  });

  it("keeps a replacement only on a discontinued or obsolete item", () => {
    expect(schema.parse({ ...base, status: "discontinued", replacedByItemId: OTHER }).replacedByItemId).toBe(OTHER);
    expect(schema.parse({ ...base, status: "obsolete", replacedByItemId: "" }).replacedByItemId).toBeNull();
    // Back to active: the replacement is cleared with it (the server refuses one on an active item).
    expect(schema.parse({ ...base, status: "active", replacedByItemId: OTHER }).replacedByItemId).toBeNull();
  });

  it("keeps the item schema's rules for the rest (SKU required, conversions' factors)", () => {
    expect(issues({ sku: " " })).toEqual([["sku", "Enter a SKU"]]);
    expect(issues({ conversions: [{ unitId: OTHER, factor: "0" }] })).toEqual([["conversions.0.factor", "Enter a factor greater than zero"]]);
  });
});
