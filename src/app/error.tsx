"use client";

import { ErrorState } from "@/components/ErrorState";
import { StatusPage } from "@/components/StatusPage";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <StatusPage title="Something went wrong">
      <ErrorState error={error} retry={retry} />
    </StatusPage>
  );
}
