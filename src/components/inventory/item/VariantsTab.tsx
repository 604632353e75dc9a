"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { StatusBadge } from "@/components/document/StatusBadge";
import { DialogFormActions, Form, TextareaField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { useTRPC } from "@/trpc/react";

import { TableState, TD, TD_NUM, TH, TH_NUM, attributesText } from "./shared";
import { combinations, pairsText, parseAttributeLines, parseAttributePairs } from "./variant-combinations";
import { useValidation, type ValidationT } from "../validation";

type VariantRow = {
  id: string;
  sku: string;
  name: string | null;
  attributes: Record<string, unknown>;
  priceDelta: string;
  barcode: string | null;
  archivedAt: Date | string | null;
  version: number;
  onHand: string;
  available: string;
};

type Dialogs = { kind: "add" } | { kind: "generate" } | { kind: "edit"; row: VariantRow } | null;

/** The item's variants with barcode, price delta, stock and status; add one, generate combinations, edit, archive. */
export function VariantsTab({ item, canManage, canReadStock }: { item: { id: string; sku: string }; canManage: boolean; canReadStock: boolean }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.inventory.variants.list.queryOptions({ itemId: item.id }));
  const [dialog, setDialog] = useState<Dialogs>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.inventory.variants.list.queryFilter({ itemId: item.id }));
    await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
  };
  const archive = useMutation(
    trpc.inventory.variants.archive.mutationOptions({
      onSuccess: async (v) => {
        await refresh();
        toast.success(v.archivedAt ? t("variants.archived", { sku: v.sku }) : t("variants.restored", { sku: v.sku }));
      },
      // A stale list (CONFLICT) shows the message and reloads.
      onError: async (e) => {
        toast.error(e.message);
        await refresh();
      },
    }),
  );
  const rows = (list.data?.rows ?? []) as VariantRow[];

  return (
    <section className="grid gap-3" aria-labelledby="inventory-variants-title">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="inventory-variants-title" className="flex-1 text-lg font-semibold">
          {t("variants.title")}
        </h2>
        {canManage ? (
          <>
            <Button variant="outline" onClick={() => setDialog({ kind: "generate" })}>
              {t("variants.generate")}
            </Button>
            <Button onClick={() => setDialog({ kind: "add" })}>{t("variants.add")}</Button>
          </>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <TableState pending={list.isPending} error={list.isError} empty emptyText={t("variants.empty")} onRetry={() => void list.refetch()} />
      ) : (
        <table className="w-full text-sm" aria-label={t("variants.title")}>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className={TH}>{t("variants.sku")}</th>
              <th className={TH}>{t("variants.attributes")}</th>
              <th className={TH}>{t("variants.barcode")}</th>
              <th className={TH_NUM}>{t("variants.priceDelta")}</th>
              {canReadStock ? <th className={TH_NUM}>{t("stock.onHand")}</th> : null}
              {canReadStock ? <th className={TH_NUM}>{t("stock.available")}</th> : null}
              <th className={TH}>{t("variants.status")}</th>
              {canManage ? <th className="py-2 text-right font-medium">{t("variants.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.id} className="border-t">
                <td className={`${TD} font-mono`}>{v.sku}</td>
                <td className={TD}>
                  {v.name ? <span className="font-medium">{v.name} </span> : null}
                  <span className="text-muted-foreground">{attributesText(v.attributes)}</span>
                </td>
                <td className={`${TD} font-mono`}>{v.barcode ?? "—"}</td>
                <td className={TD_NUM}>{format.number(v.priceDelta, { minimumFractionDigits: 2 })}</td>
                {canReadStock ? <td className={TD_NUM}>{format.number(v.onHand)}</td> : null}
                {canReadStock ? <td className={TD_NUM}>{format.number(v.available)}</td> : null}
                <td className={TD}>
                  <StatusBadge label={v.archivedAt ? t("variants.statusArchived") : t("variants.statusActive")} tone={v.archivedAt ? "neutral" : "success"} />
                </td>
                {canManage ? (
                  <td className="py-2 text-right whitespace-nowrap">
                    {v.archivedAt ? null : (
                      <Button variant="ghost" size="sm" aria-label={t("variants.editOne", { sku: v.sku })} onClick={() => setDialog({ kind: "edit", row: v })}>
                        {t("variants.edit")}
                      </Button>
                    )}
                    <Button
                      variant="ghost"
                      size="sm"
                      disabled={archive.isPending}
                      aria-label={v.archivedAt ? t("variants.restoreOne", { sku: v.sku }) : t("variants.archiveOne", { sku: v.sku })}
                      onClick={() => archive.mutate({ id: v.id, archived: !v.archivedAt, version: v.version })}
                    >
                      {v.archivedAt ? t("variants.restore") : t("variants.archive")}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={dialog !== null} onOpenChange={(open) => !open && setDialog(null)}>
        {dialog?.kind === "add" ? <VariantDialog itemId={item.id} onDone={async () => { await refresh(); setDialog(null); }} /> : null}
        {dialog?.kind === "edit" ? <VariantDialog itemId={item.id} row={dialog.row} onDone={async () => { await refresh(); setDialog(null); }} /> : null}
        {dialog?.kind === "generate" ? <GenerateDialog item={item} onDone={async () => { await refresh(); setDialog(null); }} /> : null}
      </Dialog>
    </section>
  );
}

const variantForm = (v: ValidationT) => z.object({
  sku: z.string().trim().min(1, v("enterSku")).max(64, v("maxChars", { max: 64 })),
  name: z.string().trim().max(200, v("maxChars", { max: 200 })),
  attributes: z.string().max(2000),
  priceDelta: z.string().trim().regex(/^(-?\d{1,12}(\.\d{1,6})?)?$/, v("amountDecimals")),
  barcode: z.string().trim().max(64, v("maxChars", { max: 64 })),
});

/** Add one variant, or edit one (with the version read). */
function VariantDialog({ itemId, row, onDone }: { itemId: string; row?: VariantRow; onDone: () => Promise<void> }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const create = useMutation(trpc.inventory.variants.create.mutationOptions());
  const update = useMutation(trpc.inventory.variants.update.mutationOptions());
  const v = useValidation();
  const schema = useMemo(() => variantForm(v), [v]);
  const form = useZodForm(schema, {
    defaultValues: row
      ? { sku: row.sku, name: row.name ?? "", attributes: pairsText(row.attributes), priceDelta: row.priceDelta, barcode: row.barcode ?? "" }
      : { sku: "", name: "", attributes: "", priceDelta: "", barcode: "" },
  });
  return (
    <DialogContent>
      <DialogTitle>{row ? t("variants.editTitle", { sku: row.sku }) : t("variants.addTitle")}</DialogTitle>
      <DialogDescription>{t("variants.dialogDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (v) => {
          const attributes = parseAttributePairs(v.attributes);
          if (row)
            await update.mutateAsync({
              id: row.id, version: row.version, sku: v.sku, name: v.name || null, attributes, priceDelta: v.priceDelta || "0", barcode: v.barcode || null,
            });
          else await create.mutateAsync({ itemId, sku: v.sku, name: v.name || null, attributes, ...(v.priceDelta ? { priceDelta: v.priceDelta } : {}), barcode: v.barcode || null });
          toast.success(row ? t("variants.saved", { sku: v.sku }) : t("variants.created", { sku: v.sku }));
          await onDone();
        }}
      >
        <TextField name="sku" label={t("variants.sku")} required maxLength={64} />
        <TextField name="name" label={t("variants.name")} maxLength={200} />
        <TextField name="attributes" label={t("variants.attributes")} description={t("variants.attributesHelp")} placeholder={t("variants.attributesPlaceholder")} />
        <TextField name="priceDelta" label={t("variants.priceDelta")} />
        <TextField name="barcode" label={t("variants.barcode")} maxLength={64} />
        <DialogFormActions submit={row ? t("variants.save") : t("variants.create")} />
      </Form>
    </DialogContent>
  );
}

const generateForm = (v: ValidationT) => z.object({
  prefix: z.string().trim().min(1, v("enterSkuPrefix")).max(40, v("maxChars", { max: 40 })),
  lines: z.string().trim().min(1, v("enterAttributes")).max(4000, v("maxChars", { max: 4000 })),
});

/** Generate variants from attributes: "size: S, M" per line → every combination, previewed with its SKU. */
function GenerateDialog({ item, onDone }: { item: { id: string; sku: string }; onDone: () => Promise<void> }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const createMany = useMutation(trpc.inventory.variants.createMany.mutationOptions());
  const v = useValidation();
  const schema = useMemo(() => generateForm(v), [v]);
  const form = useZodForm(schema, { defaultValues: { prefix: item.sku, lines: "" } });
  const [prefix, lines] = useWatch({ control: form.control, name: ["prefix", "lines"] });
  const preview = useMemo(() => combinations(parseAttributeLines(lines ?? ""), (prefix ?? "").trim() || item.sku), [lines, prefix, item.sku]);
  return (
    <DialogContent>
      <DialogTitle>{t("variants.generateTitle")}</DialogTitle>
      <DialogDescription>{t("variants.generateDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async () => {
          if (!preview.length) {
            form.setError("lines", { type: "manual", message: t("variants.noCombinations") });
            return;
          }
          const made = await createMany.mutateAsync({ itemId: item.id, variants: preview.map((p) => ({ sku: p.sku, attributes: p.attributes })) });
          toast.success(t("variants.generated", { count: made.variants.length }));
          await onDone();
        }}
      >
        <TextField name="prefix" label={t("variants.prefix")} required maxLength={40} />
        <TextareaField name="lines" label={t("variants.attributeLines")} description={t("variants.attributeLinesHelp")} rows={4} placeholder={"size: S, M, L\ncolor: red, blue"} />
        <div aria-live="polite" className="grid gap-1 text-sm">
          <p className="text-muted-foreground">{t("variants.previewCount", { count: preview.length })}</p>
          {preview.length ? (
            <ul aria-label={t("variants.preview")} className="max-h-40 overflow-auto rounded-md border p-2 font-mono text-xs">
              {preview.map((p) => (
                <li key={p.sku}>
                  {p.sku} <span className="text-muted-foreground">({attributesText(p.attributes)})</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <DialogFormActions submit={t("variants.createAll", { count: preview.length })} />
      </Form>
    </DialogContent>
  );
}
