import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const ROOTS = ["src/components/inventory", "src/app/[org]/[ws]/inventory"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("inventory screens' messages", () => {
  it("take browser-side validation messages from the catalogs, never English literals", () => {
    const offenders = ROOTS.flatMap(sources).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        // a zod check with an English message: `.min(1, "Enter …")`, `z.uuid("Choose …")`, `message: "…"`
        .filter(({ line }) => /(\.(min|max|regex|uuid|refine)\([^)]*,\s*|z\.uuid\(|message:\s*)"[A-Z][a-z]+ /.test(line))
        .map(({ at }) => at),
    );
    expect(offenders).toEqual([]);
  });

  it("say the same things in English and Russian", () => {
    expect(Object.keys(ru.inventory.validation).sort()).toEqual(Object.keys(en.inventory.validation).sort());
    expect(ru.inventory.validation.maxChars).toContain("plural");
  });
});
