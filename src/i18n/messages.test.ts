import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";

import { LOCALES } from "./config";

const dir = path.resolve(import.meta.dirname, "../messages");
type Tree = { [key: string]: string | Tree };

function load(locale: string): Tree {
  return JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as Tree;
}

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** Argument names with their kind (`count:plural`, `email:argument`), from every branch of the message. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      switch (el.type) {
        case TYPE.argument:
          found.add(`${el.value}:argument`);
          break;
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(`${el.value}:${TYPE[el.type]}`);
          break;
        case TYPE.plural:
        case TYPE.select:
          found.add(`${el.value}:${TYPE[el.type]}`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          found.add(`<${el.value}>`);
          walk(el.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

describe("message catalogs", () => {
  const catalogs = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(load(locale))]));
  const reference = catalogs.en!;

  it("has a catalog file for every locale and no other", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.replace(/\.json$/, ""))
      .sort();
    expect(files).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale} has exactly the keys of en`, () => {
      const keys = [...catalogs[locale]!.keys()].sort();
      expect(keys).toEqual([...reference.keys()].sort());
    });

    it(`${locale} uses the same placeholders as en in every message`, () => {
      const mismatches: string[] = [];
      for (const [key, english] of reference) {
        const translated = catalogs[locale]!.get(key);
        if (translated === undefined) continue;
        const [a, b] = [placeholders(english), placeholders(translated)];
        if (a.join() !== b.join()) mismatches.push(`${key}: en {${a.join(", ")}} vs ${locale} {${b.join(", ")}}`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  it("every message is valid ICU and not empty", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of catalogs[locale]!) {
        expect(message.trim(), `${locale}:${key}`).not.toBe("");
        expect(() => parse(message), `${locale}:${key}`).not.toThrow();
      }
    }
  });
});
