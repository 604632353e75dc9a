// Keyboard shortcuts of the editors, as pure functions of the key event (unit-tested; the components bind them).
//   Ctrl+S / ⌘S          save (Form's saveShortcut)
//   Alt+Enter            a new line after the current one (lines editors)
//   Alt+Delete           remove the current line (lines editors)
// Alt rather than Ctrl for the lines: Ctrl+Enter and Ctrl+Delete already mean something in text fields and browsers.

type Keys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/** Ctrl+S, or ⌘S on a Mac: no other modifier, either case (Caps Lock). */
export function isSaveShortcut(e: Keys): boolean {
  return (e.ctrlKey || e.metaKey) && !(e.ctrlKey && e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s";
}

export type LineShortcut = "insertAfter" | "remove";

/** What a key does inside a line of a lines editor, or null when it is not a line shortcut. */
export function lineShortcut(e: Keys): LineShortcut | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (e.key === "Enter") return "insertAfter";
  if (e.key === "Delete") return "remove";
  return null;
}
