"use client";

import { useEffect } from "react";

import { Button } from "@/components/ui/Button";

/** What an error boundary shows: a generic message plus the server's error id to quote to support. */
export function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="grid max-w-md justify-items-center gap-4 text-center">
      <p className="text-sm text-muted-foreground">
        An unexpected error stopped this page from loading. Nothing was changed by it. Try again, and if it keeps
        happening, contact your administrator{digest ? " and quote the error id below" : ""}.
      </p>
      {digest ? (
        <p className="font-mono text-xs text-muted-foreground">
          Error id: <span className="select-all">{digest}</span>
        </p>
      ) : null}
      <Button onClick={() => retry()}>Try again</Button>
    </div>
  );
}
