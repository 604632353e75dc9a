"use client";

import { useCallback } from "react";

/**
 * Print / save as PDF through the browser: the print stylesheet (globals.css, `print:` classes) hides the app shell
 * and shows only the document. `onPrinted` runs after the print dialog closes — the page records the print event
 * in the audit stream there.
 */
export function usePrint(onPrinted?: () => void) {
  return useCallback(() => {
    window.print();
    onPrinted?.();
  }, [onPrinted]);
}
