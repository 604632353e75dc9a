"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";

import { useFormat } from "@/components/format/FormatProvider";
import { useTRPC } from "@/trpc/react";

import { TableState, TD, TD_NUM, TH, TH_NUM } from "./shared";

/** Where this module's documents live (the pages of adjustments, transfers and counts). */
const DOCUMENT_PATHS: Record<string, string> = {
  "inventory.stock_adjustment": "adjustments",
  "inventory.stock_transfer": "transfers",
  "inventory.stock_count": "counts",
};

/** Bills of materials (none before manufacturing) and the documents that reference the item, with links. */
export function WhereUsedTab({ itemId, inventoryPath }: { itemId: string; inventoryPath: string }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.inventory.items.whereUsed.queryOptions({ itemId }));
  const docs = q.data?.documents ?? [];
  const typeLabel = (type: string) => (type in DOCUMENT_PATHS ? t(`whereUsed.types.${DOCUMENT_PATHS[type] as "adjustments"}`) : type);
  return (
    <div className="grid gap-6">
      <section className="grid gap-2" aria-labelledby="inventory-bom-title">
        <h2 id="inventory-bom-title" className="text-lg font-semibold">
          {t("whereUsed.bomTitle")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("whereUsed.noBom")}</p>
      </section>
      <section className="grid gap-2" aria-labelledby="inventory-docs-title">
        <h2 id="inventory-docs-title" className="text-lg font-semibold">
          {t("whereUsed.documentsTitle")}
        </h2>
        {docs.length === 0 ? (
          <TableState pending={q.isPending} error={q.isError} empty emptyText={t("whereUsed.noDocuments")} onRetry={() => void q.refetch()} />
        ) : (
          <table className="w-full text-sm" aria-label={t("whereUsed.documentsTitle")}>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className={TH}>{t("whereUsed.type")}</th>
                <th className={TH}>{t("whereUsed.document")}</th>
                <th className={TH}>{t("whereUsed.status")}</th>
                <th className={TH_NUM}>{t("whereUsed.lines")}</th>
                <th className={TH_NUM}>{t("whereUsed.moves")}</th>
                <th className="py-2 font-medium">{t("whereUsed.last")}</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => {
                const path = DOCUMENT_PATHS[d.documentType];
                const label = d.number ?? d.documentId.slice(0, 8);
                return (
                  <tr key={`${d.documentType}:${d.documentId}`} className="border-t">
                    <td className={TD}>{typeLabel(d.documentType)}</td>
                    <td className={`${TD} font-mono`}>
                      {path ? (
                        <Link href={`${inventoryPath}/${path}/${d.documentId}`} className="hover:underline">
                          {label}
                        </Link>
                      ) : (
                        label
                      )}
                    </td>
                    <td className={TD}>{d.status ? t(`whereUsed.statuses.${d.status as "draft"}`) : "—"}</td>
                    <td className={TD_NUM}>{format.number(d.lines)}</td>
                    <td className={TD_NUM}>{format.number(d.moves)}</td>
                    <td className="py-2 whitespace-nowrap">
                      <time dateTime={new Date(d.lastAt).toISOString()}>{format.dateTime(new Date(d.lastAt), { dateStyle: "medium", timeStyle: "short" })}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
