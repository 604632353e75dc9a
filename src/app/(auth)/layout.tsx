import type { ReactNode } from "react";

import { Logo } from "@/components/shell/Logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-12">
      <Logo />
      <main id="main-content" className="w-full max-w-sm">
        {children}
      </main>
    </div>
  );
}
