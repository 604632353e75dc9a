"use client";

import { useQuery } from "@tanstack/react-query";
import { HashIcon, LockIcon, PencilIcon } from "lucide-react";
import { useState } from "react";

import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

import { EditSequenceDialog, type SequenceRow } from "./EditSequenceDialog";

const RESET_LABEL = { yearly: "Every year", never: "Never" } as const;

/** The table of the organization's number sequences, with an edit dialog per row. */
export function SequencesSettings({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.settings.sequences.list.queryOptions());
  const [editing, setEditing] = useState<SequenceRow | null>(null);

  if (list.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading number sequences">
        <CardContent className="grid gap-3 py-6">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </CardContent>
      </Card>
    );
  }
  if (list.isError) {
    return (
      <Card>
        <CardContent role="alert" className="grid justify-items-start gap-3 py-6 text-sm">
          <p>The number sequences could not be loaded. {list.error.message}</p>
          <Button variant="outline" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </CardContent>
      </Card>
    );
  }
  const rows = list.data.rows;
  if (rows.length === 0) {
    return (
      <Card>
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <HashIcon aria-hidden="true" className="size-6" />
          </span>
          <h2 className="text-base font-semibold">No number sequences yet</h2>
          <p className="max-w-md text-sm text-muted-foreground">
            Sequences appear here as modules that number documents are enabled for this organization.
          </p>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardContent className="overflow-x-auto p-0">
        <table className="w-full text-sm" aria-label="Number sequences">
          <thead className="border-b bg-muted/40 text-left text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Document type</th>
              <th scope="col" className="px-4 py-2 font-medium">Scope</th>
              <th scope="col" className="px-4 py-2 font-medium">Format</th>
              <th scope="col" className="px-4 py-2 font-medium">Reset</th>
              <th scope="col" className="px-4 py-2 font-medium">Next number</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              {canEdit ? (
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b last:border-0">
                <th scope="row" className="px-4 py-2 text-left font-medium">{r.label}</th>
                <td className="px-4 py-2 whitespace-nowrap">{r.workspace ? r.workspace.name : "Whole organization"}</td>
                <td className="px-4 py-2 font-mono whitespace-nowrap">{r.format}</td>
                <td className="px-4 py-2 whitespace-nowrap">{RESET_LABEL[r.reset]}</td>
                <td className="px-4 py-2 font-mono whitespace-nowrap">{r.nextNumber}</td>
                <td className="px-4 py-2">
                  {r.used ? (
                    <Badge variant="secondary">
                      <LockIcon aria-hidden="true" className="mr-1 size-3" />
                      In use
                    </Badge>
                  ) : (
                    <Badge variant="outline">Not used yet</Badge>
                  )}
                </td>
                {canEdit ? (
                  <td className="px-4 py-2 text-right">
                    <Button variant="ghost" size="sm" aria-label={`Edit ${r.label} sequence`} onClick={() => setEditing(r)}>
                      <PencilIcon aria-hidden="true" />
                      Edit
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
      {editing ? <EditSequenceDialog sequence={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
