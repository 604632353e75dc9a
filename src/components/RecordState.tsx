"use client";

import Link from "next/link";

import { Button } from "@/components/ui/Button";
import { Skeleton } from "@/components/ui/Skeleton";

type QueryError = { data?: { code?: string } | null } | null | undefined;

/** Whether a record query's error means "no such record" (a foreign, deleted or malformed id): no retry helps. */
export function isRecordMissing(error: QueryError): boolean {
  const code = error?.data?.code;
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}

/** The `retry` option for a record query: retry twice, but never a missing record. */
export function retryUnlessMissing(failures: number, error: QueryError): boolean {
  return !isRecordMissing(error) && failures < 2;
}

/** A record page while its record loads: a title bar and a body skeleton. */
export function RecordLoading({ label, className = "grid gap-4" }: { label: string; className?: string }) {
  return (
    <div className={className} aria-busy="true" aria-label={label}>
      <Skeleton className="h-10 w-1/2" />
      <Skeleton className="h-96 w-full" />
    </div>
  );
}

/**
 * A record page whose record did not load: "not found" (with only the way back) or "load failed" (with a retry).
 * Texts come from the caller's namespace.
 */
export function RecordLoadError({
  missing,
  notFound,
  loadFailed,
  backLabel,
  backHref,
  retryLabel,
  onRetry,
}: {
  missing: boolean;
  notFound: string;
  loadFailed: string;
  backLabel: string;
  backHref: string;
  retryLabel: string;
  onRetry: () => void;
}) {
  return (
    <div className="grid gap-3 py-10 text-center">
      <p role="alert" className="text-sm text-destructive">
        {missing ? notFound : loadFailed}
      </p>
      <div className="flex justify-center gap-2">
        <Button variant="outline" asChild>
          <Link href={backHref}>{backLabel}</Link>
        </Button>
        {missing ? null : <Button onClick={onRetry}>{retryLabel}</Button>}
      </div>
    </div>
  );
}
