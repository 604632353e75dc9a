"use client";

import type { ReactNode } from "react";

import { ThemeProvider } from "@/components/ThemeProvider";
import { Toaster } from "@/components/ui/Toaster";
import { TRPCReactProvider } from "@/trpc/react";

// No next-auth SessionProvider: the session is read on the server (layouts), and
// signIn/signOut from next-auth/react work without it.
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <TRPCReactProvider>
        {children}
        <Toaster />
      </TRPCReactProvider>
    </ThemeProvider>
  );
}
