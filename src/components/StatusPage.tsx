import type { ReactNode } from "react";

import { Logo } from "@/components/shell/Logo";

/** A centred full-page message (not found, errors) outside the app shell. */
export function StatusPage({ code, title, children }: { code?: string; title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Logo />
      <main id="main-content" className="grid max-w-md justify-items-center gap-4 text-center">
        {code ? <p className="text-sm font-semibold text-muted-foreground">{code}</p> : null}
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </main>
    </div>
  );
}
