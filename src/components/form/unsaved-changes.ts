"use client";

import { useEffect, useRef } from "react";

/**
 * While `active`, asks before the page is left: the browser's own prompt on reload/close (beforeunload), and a
 * confirm() before in-app link navigation (a capture-phase click listener on window runs before Next's <Link>).
 * Returns `bypass()` for intentional navigation (e.g. Reload after a conflict).
 */
export function useUnsavedChangesGuard(active: boolean, message: string) {
  const bypassed = useRef(false);

  useEffect(() => {
    if (!active) return;
    bypassed.current = false;

    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (bypassed.current) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };

    const onClick = (event: MouseEvent) => {
      if (bypassed.current || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement)) return;
      if (anchor.target && anchor.target !== "_self") return;
      if (anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };

    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("click", onClick, true);
    };
  }, [active, message]);

  return {
    bypass: () => {
      bypassed.current = true;
    },
  };
}
