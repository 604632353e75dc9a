"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { ComboboxField, DialogFormActions, Form, NumberField, SelectField, TextareaField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { SUBSTITUTE_KINDS, ZUpdateSubstituteInput } from "@/server/modules/inventory/item-extras.schemas";
import { useTRPC } from "@/trpc/react";

import { TableState, TD, TD_NUM, TH, TH_NUM } from "./shared";
import { useItemSearch } from "../item-search";
import { useValidation, type ValidationT } from "../validation";

type Kind = (typeof SUBSTITUTE_KINDS)[number];
type SubstituteRow = { id: string; substituteItemId: string; sku: string; name: string; archived: boolean; kind: Kind; conversionFactor: string; notes: string | null; version: number; onHand: string; available: string };

/** The item's substitutes (preferred / acceptable / emergency, conversion factor) with their available stock. */
export function SubstitutesTab({ item, canManage, canReadStock, itemPath }: { item: { id: string; sku: string }; canManage: boolean; canReadStock: boolean; itemPath: (id: string) => string }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.inventory.substitutes.list.queryOptions({ itemId: item.id }));
  const [dialog, setDialog] = useState<{ row?: SubstituteRow } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.inventory.substitutes.list.queryFilter({ itemId: item.id }));
  const remove = useMutation(
    trpc.inventory.substitutes.remove.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success(t("substitutes.removed"));
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const rows = (list.data?.rows ?? []) as SubstituteRow[];
  return (
    <section className="grid gap-3" aria-labelledby="inventory-substitutes-title">
      <div className="flex items-center gap-2">
        <h2 id="inventory-substitutes-title" className="flex-1 text-lg font-semibold">
          {t("substitutes.title")}
        </h2>
        {canManage ? <Button onClick={() => setDialog({})}>{t("substitutes.add")}</Button> : null}
      </div>
      {rows.length === 0 ? (
        <TableState pending={list.isPending} error={list.isError} empty emptyText={t("substitutes.empty")} onRetry={() => void list.refetch()} />
      ) : (
        <table className="w-full text-sm" aria-label={t("substitutes.title")}>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className={TH}>{t("substitutes.item")}</th>
              <th className={TH}>{t("substitutes.kind")}</th>
              <th className={TH_NUM}>{t("substitutes.factor")}</th>
              {canReadStock ? <th className={TH_NUM}>{t("stock.available")}</th> : null}
              <th className={TH}>{t("substitutes.notes")}</th>
              {canManage ? <th className="py-2 text-right font-medium">{t("variants.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className="border-t">
                <td className={TD}>
                  <Link href={itemPath(s.substituteItemId)} className="hover:underline">
                    <span className="font-mono">{s.sku}</span> — {s.name}
                  </Link>
                  {s.archived ? <span className="ml-2 text-xs text-muted-foreground">({t("substitutes.archivedItem")})</span> : null}
                </td>
                <td className={TD}>{t(`substitutes.kinds.${s.kind}`)}</td>
                <td className={TD_NUM}>{format.number(s.conversionFactor)}</td>
                {canReadStock ? <td className={TD_NUM}>{format.number(s.available)}</td> : null}
                <td className={`${TD} text-muted-foreground`}>{s.notes ?? ""}</td>
                {canManage ? (
                  <td className="py-2 text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" aria-label={t("substitutes.editOne", { sku: s.sku })} onClick={() => setDialog({ row: s })}>
                      {t("variants.edit")}
                    </Button>
                    <Button variant="ghost" size="sm" disabled={remove.isPending} aria-label={t("substitutes.removeOne", { sku: s.sku })} onClick={() => remove.mutate({ id: s.id })}>
                      {t("substitutes.remove")}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={dialog !== null} onOpenChange={(open) => !open && setDialog(null)}>
        {dialog ? (
          <SubstituteDialog
            item={item}
            row={dialog.row}
            onDone={async () => {
              await refresh();
              setDialog(null);
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

const substituteForm = (v: ValidationT) => z.object({
  substituteItemId: z.string().min(1, v("chooseSubstitute")),
  kind: z.enum(SUBSTITUTE_KINDS),
  // The server's rule (a positive number, at most 6 decimals), not a copy of it.
  conversionFactor: ZUpdateSubstituteInput.shape.conversionFactor.unwrap(),
  notes: z.string().trim().max(1000, v("maxChars", { max: 1000 })),
});

function SubstituteDialog({ item, row, onDone }: { item: { id: string; sku: string }; row?: SubstituteRow; onDone: () => Promise<void> }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const add = useMutation(trpc.inventory.substitutes.add.mutationOptions());
  const update = useMutation(trpc.inventory.substitutes.update.mutationOptions());
  const v = useValidation();
  const schema = useMemo(() => substituteForm(v), [v]);
  const form = useZodForm(schema, {
    defaultValues: row
      ? { substituteItemId: row.substituteItemId, kind: row.kind, conversionFactor: row.conversionFactor.replace(/\.?0+$/, ""), notes: row.notes ?? "" }
      : { substituteItemId: "", kind: "acceptable", conversionFactor: "1", notes: "" },
  });
  const search = useItemSearch({ excludeId: item.id });
  return (
    <DialogContent>
      <DialogTitle>{row ? t("substitutes.editTitle", { sku: row.sku }) : t("substitutes.addTitle", { sku: item.sku })}</DialogTitle>
      <DialogDescription>{t("substitutes.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (v) => {
          if (row) await update.mutateAsync({ id: row.id, version: row.version, kind: v.kind, conversionFactor: v.conversionFactor, notes: v.notes || null });
          else await add.mutateAsync({ itemId: item.id, substituteItemId: v.substituteItemId, kind: v.kind, conversionFactor: v.conversionFactor, notes: v.notes || null });
          toast.success(t("substitutes.saved"));
          await onDone();
        }}
      >
        {row ? null : <ComboboxField name="substituteItemId" label={t("substitutes.item")} required search={search} placeholder={t("substitutes.chooseItem")} />}
        <SelectField name="kind" label={t("substitutes.kind")} required options={SUBSTITUTE_KINDS.map((k) => ({ value: k, label: t(`substitutes.kinds.${k}`) }))} />
        <NumberField name="conversionFactor" label={t("substitutes.factor")} description={t("substitutes.factorHelp", { sku: item.sku })} required />
        <TextareaField name="notes" label={t("substitutes.notes")} rows={2} maxLength={1000} />
        <DialogFormActions submit={row ? t("variants.save") : t("substitutes.add")} />
      </Form>
    </DialogContent>
  );
}
