"use client";

import { useQuery } from "@tanstack/react-query";
import { HashIcon, LockIcon, PencilIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

import { EditSequenceDialog, type SequenceRow } from "./EditSequenceDialog";

/** A document type's name: `sequences.types.<key>` from the catalogs, else the numbering registry's English label. */
export function useDocumentTypeLabel(): (row: { documentType: string; label: string }) => string {
  const t = useTranslations("sequences.types");
  return (row) => (t.has(row.documentType as "customer") ? t(row.documentType as "customer") : row.label);
}

/** The table of the organization's number sequences, with an edit dialog per row. */
export function SequencesSettings({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations("sequences");
  const common = useTranslations("common");
  const typeLabel = useDocumentTypeLabel();
  const trpc = useTRPC();
  const list = useQuery(trpc.settings.sequences.list.queryOptions());
  const [editing, setEditing] = useState<SequenceRow | null>(null);

  if (list.isPending) {
    return (
      <Card aria-busy="true" aria-label={t("loading")}>
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
          <p>{t("loadFailed", { message: list.error.message })}</p>
          <Button variant="outline" onClick={() => void list.refetch()}>
            {common("tryAgain")}
          </Button>
        </CardContent>
      </Card>
    );
  }
  const rows = list.data.rows.map((r) => ({ ...r, label: typeLabel(r) }));
  if (rows.length === 0) {
    return (
      <Card>
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <HashIcon aria-hidden="true" className="size-6" />
          </span>
          <h2 className="text-base font-semibold">{t("emptyTitle")}</h2>
          <p className="max-w-md text-sm text-muted-foreground">{t("emptyBody")}</p>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardContent className="overflow-x-auto p-0">
        <table className="w-full text-sm" aria-label={t("tableLabel")}>
          <thead className="border-b bg-muted/40 text-left text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.documentType")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.scope")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.format")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.reset")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.nextNumber")}</th>
              <th scope="col" className="px-4 py-2 font-medium">{t("columns.status")}</th>
              {canEdit ? (
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">{t("columns.actions")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b last:border-0">
                <th scope="row" className="px-4 py-2 text-left font-medium">{r.label}</th>
                <td className="px-4 py-2 whitespace-nowrap">{r.workspace ? r.workspace.name : t("wholeOrganization")}</td>
                <td className="px-4 py-2 font-mono whitespace-nowrap">{r.format}</td>
                <td className="px-4 py-2 whitespace-nowrap">{t(`reset.${r.reset}`)}</td>
                <td className="px-4 py-2 font-mono whitespace-nowrap">{r.nextNumber}</td>
                <td className="px-4 py-2">
                  {r.used ? (
                    <Badge variant="secondary">
                      <LockIcon aria-hidden="true" className="mr-1 size-3" />
                      {t("inUse")}
                    </Badge>
                  ) : (
                    <Badge variant="outline">{t("notUsed")}</Badge>
                  )}
                </td>
                {canEdit ? (
                  <td className="px-4 py-2 text-right">
                    <Button variant="ghost" size="sm" aria-label={t("editLabel", { type: r.label })} onClick={() => setEditing(r)}>
                      <PencilIcon aria-hidden="true" />
                      {t("edit")}
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
