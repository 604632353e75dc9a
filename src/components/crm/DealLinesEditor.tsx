"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { LinesEditor, TotalsPanel, type DocumentLine, type DocumentTotalsView } from "@/components/document/LinesEditor";
import { Button } from "@/components/ui/Button";
import { documentTotals, lineTotals, type LineTotals } from "@/lib/money/totals";
import { useTRPC } from "@/trpc/react";

import type { DealSectionProps } from "./DealSections";

const DECIMAL = /^\d{1,14}(\.\d{1,6})?$/;

/** Totals as the server computes them (kernel lineTotals, prices exclusive of tax, the deal's currency). */
function computeTotals(lines: readonly DocumentLine[], currency: string): DocumentTotalsView {
  const computed: (LineTotals | null)[] = lines.map((l) => {
    if (![l.quantity, l.unitPrice, l.discount || "0", l.taxRate || "0"].every((v) => DECIMAL.test(v))) return null;
    try {
      return lineTotals({ quantity: l.quantity, unitPrice: l.unitPrice, discount: { percent: l.discount || "0" }, taxRate: l.taxRate || "0", pricesIncludeTax: false, currency });
    } catch {
      return null;
    }
  });
  const ok = computed.filter((c): c is LineTotals => c !== null);
  const totals = documentTotals(ok);
  return { lineAmounts: computed.map((c) => c?.net ?? null), subtotal: totals.net.plus(totals.discount), discount: totals.discount, tax: totals.tax, total: totals.gross };
}

/** The deal's lines in the kernel LinesEditor; saving replaces them (crm.deals.setLines) and re-prices the deal. */
export function DealLinesEditor({ deal, canManage }: DealSectionProps) {
  const t = useTranslations("crmDeals.deal");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = useMemo<DocumentLine[]>(
    () => deal.lines.map((l) => ({ key: l.id, description: l.product, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discountPercent, taxRate: l.taxRate })),
    [deal.lines],
  );
  const [lines, setLines] = useState<DocumentLine[]>(initial);
  const [error, setError] = useState<string | null>(null);
  const totals = useMemo(() => computeTotals(lines, deal.currency), [lines, deal.currency]);
  const save = useMutation(
    trpc.crm.deals.setLines.mutationOptions({
      onSuccess: async () => {
        setError(null);
        toast.success(t("linesSaved"));
        await queryClient.invalidateQueries(trpc.crm.deals.pathFilter());
      },
      onError: (e) => setError(e.message),
    }),
  );
  const readOnly = !canManage || !!deal.archivedAt;
  return (
    <div className="grid gap-3">
      <p className="text-xs text-muted-foreground">{t("linesHint")}</p>
      <LinesEditor lines={lines} onChange={setLines} currency={deal.currency} totals={totals} readOnly={readOnly} />
      <TotalsPanel totals={totals} currency={deal.currency} />
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      {readOnly ? null : (
        <div>
          <Button
            disabled={save.isPending}
            onClick={() =>
              save.mutate({
                id: deal.id,
                version: deal.version,
                lines: lines
                  .filter((l) => l.description.trim() || l.unitPrice)
                  .map((l) => ({ product: l.description, quantity: l.quantity, unitPrice: l.unitPrice || "0", discountPercent: l.discount || "0", taxRate: l.taxRate || "0" })),
              })
            }
          >
            {t("saveLines")}
          </Button>
        </div>
      )}
    </div>
  );
}
