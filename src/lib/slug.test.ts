import { describe, expect, it } from "vitest";
import { SLUG_PATTERN, slugify, withSuffix } from "./slug";

describe("slugify", () => {
  it("transliterates Cyrillic (Russian and Kazakh) and strips accents", () => {
    expect(slugify("Ромашка")).toBe("romashka");
    expect(slugify("ТОО «Щука и Ёж»")).toBe("too-shchuka-i-ezh");
    expect(slugify("Қазақ Өнім")).toBe("kazak-onim");
    expect(slugify("Café Zürich & Co.")).toBe("cafe-zurich-and-co");
  });
  it("always yields a valid slug or an empty string", () => {
    for (const name of ["---", "!!!", "a".repeat(200), "Acme Inc.", "  x  ", "漢字"]) {
      const s = slugify(name);
      if (s) expect(SLUG_PATTERN.test(s), name).toBe(true);
    }
    expect(slugify("!!!")).toBe("");
    expect(withSuffix("a".repeat(63), 12)).toHaveLength(63);
    expect(withSuffix("acme", 2)).toBe("acme-2");
  });
});
