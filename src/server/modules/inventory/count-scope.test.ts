// The count scope text (count-scope.ts) the counts list's Scope column, the count page and its sheet show, with the
// words of the user's catalog.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";

import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

import { countScopeText, type CountScope, type CountScopeWords } from "./count-scope";

const none: CountScope = { locationCode: null, locationCodeFrom: null, locationCodeTo: null, categoryName: null };
const CASES: [Partial<CountScope>, string][] = [
  [{}, "Whole warehouse"],
  [{ locationCode: "A" }, "A and below"],
  [{ locationCodeFrom: "A-01", locationCodeTo: "B-99" }, "A-01 – B-99"],
  [{ locationCodeFrom: "A-01" }, "A-01 – …"],
  [{ locationCodeTo: "B-99" }, "… – B-99"],
  [{ categoryName: "Fasteners" }, "Fasteners"],
  [{ locationCode: "A", locationCodeFrom: "A-01", locationCodeTo: "A-09", categoryName: "Fasteners" }, "A and below · A-01 – A-09 · Fasteners"],
];

/** The words as the screens build them (CountsList's scopeText) from a catalog. */
function catalogWords(messages: typeof en, locale: "en" | "ru"): CountScopeWords {
  const t = createTranslator({ locale, messages, namespace: "inventoryCounts" });
  return { subtree: (code) => t("scopeSubtree", { code }), wholeWarehouse: t("scopeAll") };
}

describe("count scope text", () => {
  it("composes the parts a count has, or the whole warehouse", () => {
    const words = catalogWords(en, "en");
    for (const [scope, text] of CASES) expect(countScopeText({ ...none, ...scope }, words)).toBe(text);
  });

  it("takes the words of the user's language", () => {
    const words = catalogWords(ru as typeof en, "ru");
    expect(countScopeText(none, words)).toBe("Весь склад");
    expect(countScopeText({ ...none, locationCode: "A", categoryName: "Крепёж" }, words)).toBe("A и вложенные · Крепёж");
  });
});
