import { describe, expect, it } from "vitest";

import { isSaveShortcut, lineShortcut } from "./shortcuts";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
  key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
});

describe("editor shortcuts", () => {
  it("Ctrl+S and ⌘S save, in either case; nothing else does", () => {
    expect(isSaveShortcut(key("s", { ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(key("S", { ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(key("s", { metaKey: true }))).toBe(true);
    expect(isSaveShortcut(key("s"))).toBe(false);
    expect(isSaveShortcut(key("s", { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSaveShortcut(key("s", { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSaveShortcut(key("s", { ctrlKey: true, metaKey: true }))).toBe(false);
    expect(isSaveShortcut(key("d", { ctrlKey: true }))).toBe(false);
  });

  it("Alt+Enter inserts a line after the current one, Alt+Delete removes it; other modifiers leave the keys alone", () => {
    expect(lineShortcut(key("Enter", { altKey: true }))).toBe("insertAfter");
    expect(lineShortcut(key("Delete", { altKey: true }))).toBe("remove");
    expect(lineShortcut(key("Enter"))).toBeNull();
    expect(lineShortcut(key("Delete"))).toBeNull();
    expect(lineShortcut(key("Enter", { altKey: true, ctrlKey: true }))).toBeNull();
    expect(lineShortcut(key("Delete", { altKey: true, shiftKey: true }))).toBeNull();
    expect(lineShortcut(key("Backspace", { altKey: true }))).toBeNull();
  });
});
