"use client";

import { ErrorState } from "@/components/ErrorState";

// Keeps the app shell (sidebar, switcher) around a failed page.
export default function WorkspaceError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="mx-auto grid max-w-5xl justify-items-center gap-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <ErrorState error={error} retry={retry} />
    </div>
  );
}
