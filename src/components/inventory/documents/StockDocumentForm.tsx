"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { z } from "zod";

import {
  ComboboxField, Form, lineShortcut, NumberField, SelectField, SubmitButton, TextareaField, TextField, useZodForm, type ComboboxOption, type SelectOption,
} from "@/components/form";
import { Button } from "@/components/ui/Button";
import { isUuid } from "@/lib/uuid";
import { useTRPC } from "@/trpc/react";

import { variantLabel } from "../item/shared";
import { locationOptionsKeeping } from "../tree-options";
import type { DocumentKind } from "./kinds";
import { useItemSearch } from "../item-search";
import { useValidation, type ValidationT } from "../validation";


// The form holds what is typed (strings); the server parses the procedure's schema and answers field errors on
// `lines.<i>.<field>`, which land on these same names.
const lineForm = (v: ValidationT) => z.object({
  itemId: z.string().min(1, v("chooseItem")),
  variantId: z.string(),
  locationId: z.string(),
  fromLocationId: z.string(),
  toLocationId: z.string(),
  lotNumber: z.string(),
  serialNumber: z.string(),
  quantity: z.string().trim().min(1, v("enterQuantity")),
  unitCost: z.string(),
});
const documentForm = (v: ValidationT) => z.object({
  warehouseId: z.string(),
  fromWarehouseId: z.string(),
  toWarehouseId: z.string(),
  reasonId: z.string(),
  note: z.string(),
  lines: z.array(lineForm(v)).min(1, v("addLine")),
});
type FormValues = z.input<ReturnType<typeof documentForm>>;
type FormLine = FormValues["lines"][number];
type LocationRoots = Parameters<typeof locationOptionsKeeping>[0];

const emptyLine = (): FormLine => ({ itemId: "", variantId: "", locationId: "", fromLocationId: "", toLocationId: "", lotNumber: "", serialNumber: "", quantity: "", unitCost: "" });

export type DocumentDraft = {
  id: string;
  version: number;
  warehouseId?: string;
  fromWarehouseId?: string;
  toWarehouseId?: string;
  reasonId?: string;
  /** The reason's name as saved: the label of a draft's reason archived since. */
  reason?: string;
  note: string | null;
  lines: {
    itemId: string;
    item: { sku: string; name: string } | null;
    variantId?: string | null;
    locationId?: string;
    fromLocationId?: string;
    toLocationId?: string;
    lotNumber: string | null;
    serialNumber: string | null;
    quantity: string;
    unitCost?: string | null;
  }[];
};

const opt = (v: string) => (v.trim() ? v.trim() : undefined);

const FOCUSABLE = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])";
const focusables = (row: Element) => [...row.querySelectorAll<HTMLElement>(FOCUSABLE)];

/**
 * New / edit form of a stock adjustment (warehouse, reason, lines with a signed quantity and a unit cost for stock
 * added) or a stock transfer (from / to warehouse, lines from one location to another); a line of an item with
 * variants asks for the variant (the server requires one where stock comes in). Saved as a draft.
 */
export function StockDocumentForm({ kind, draft, onSaved, onCancel }: { kind: DocumentKind; draft?: DocumentDraft; onSaved: (id: string) => void; onCancel?: () => void }) {
  const t = useTranslations("inventoryDocuments");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const v = useValidation();
  const schema = useMemo(() => documentForm(v), [v]);
  const form = useZodForm(schema, {
    defaultValues: {
      warehouseId: draft?.warehouseId ?? "",
      fromWarehouseId: draft?.fromWarehouseId ?? "",
      toWarehouseId: draft?.toWarehouseId ?? "",
      reasonId: draft?.reasonId ?? "",
      note: draft?.note ?? "",
      lines: draft
        ? draft.lines.map((l) => ({
            itemId: l.itemId, variantId: l.variantId ?? "", locationId: l.locationId ?? "", fromLocationId: l.fromLocationId ?? "", toLocationId: l.toLocationId ?? "",
            lotNumber: l.lotNumber ?? "", serialNumber: l.serialNumber ?? "", quantity: l.quantity, unitCost: l.unitCost ? l.unitCost.replace(/\.?0+$/, "") : "",
          }))
        : [emptyLine()],
    },
  });
  const lines = useFieldArray({ control: form.control, name: "lines" });
  // Focus after a line is added or removed: the new line's item, or the same control of the line that took the
  // removed one's place (else focus would fall to the page when the focused control disappears).
  const linesRef = useRef<HTMLElement>(null);
  const pendingFocus = useRef<{ line: number; slot: number } | null>(null);
  useEffect(() => {
    const f = pendingFocus.current;
    if (!f) return;
    pendingFocus.current = null;
    const row = linesRef.current?.querySelectorAll("fieldset[data-line]")[f.line];
    if (!row) return;
    const targets = focusables(row);
    (targets[f.slot] ?? targets[0])?.focus();
  }, [lines.fields]);
  const addLine = (after: number) => {
    lines.insert(after + 1, emptyLine(), { shouldFocus: false });
    pendingFocus.current = { line: after + 1, slot: 0 };
  };
  const removeLine = (i: number, focused: Element | null) => {
    if (lines.fields.length <= 1) return;
    const row = linesRef.current?.querySelectorAll("fieldset[data-line]")[i];
    const slot = row && focused ? focusables(row).indexOf(focused as HTMLElement) : 0;
    lines.remove(i);
    pendingFocus.current = { line: Math.min(i, lines.fields.length - 2), slot: Math.max(slot, 0) };
  };
  // Alt+Enter: a new line after the current one; Alt+Delete: remove the current line (src/components/form/shortcuts.ts).
  const onLinesKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const action = lineShortcut(e);
    const row = action ? (e.target as HTMLElement).closest<HTMLElement>("fieldset[data-line]") : null;
    if (!action || !row) return;
    e.preventDefault();
    const i = Number(row.dataset.line);
    if (action === "insertAfter") addLine(i);
    else removeLine(i, e.target as Element);
  };
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const warehouseChoices: SelectOption[] = (warehouses.data?.rows ?? []).map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` }));
  // The active reasons, plus a draft's own reason when it was archived since (it stays selectable for that draft).
  const reasons = useQuery(trpc.inventory.adjustmentReasons.list.queryOptions(undefined, { enabled: kind === "adjustment" }));
  const reasonChoices: SelectOption[] = (reasons.data ?? []).map((r) => ({ value: r.id, label: r.name }));
  if (draft?.reasonId && reasons.data && !reasonChoices.some((o) => o.value === draft.reasonId))
    reasonChoices.push({ value: draft.reasonId, label: t("form.reasonArchived", { name: draft.reason ?? "" }) });
  const [warehouseId, fromWarehouseId, toWarehouseId] = useWatch({ control: form.control, name: ["warehouseId", "fromWarehouseId", "toWarehouseId"] });
  const sourceId = kind === "adjustment" ? warehouseId : fromWarehouseId;
  const source = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId: sourceId ?? "" }, { enabled: isUuid(sourceId ?? "") }));
  const target = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId: toWarehouseId ?? "" }, { enabled: kind === "transfer" && isUuid(toWarehouseId ?? "") }));
  // Each line's choices: the active locations, plus its own current one when archived since the draft was saved.
  const sourceRoots = source.data?.roots;
  const targetRoots = target.data?.roots;

  // A location belongs to one warehouse: choosing another warehouse clears the lines' locations (a change, not the
  // first render or a re-run of the effect).
  const seen = useRef({ source: sourceId, target: toWarehouseId });
  useEffect(() => {
    if (seen.current.source === sourceId) return;
    seen.current.source = sourceId;
    form.getValues("lines").forEach((_, i) => {
      form.setValue(`lines.${i}.locationId`, "");
      form.setValue(`lines.${i}.fromLocationId`, "");
    });
  }, [sourceId, form]);
  useEffect(() => {
    if (seen.current.target === toWarehouseId) return;
    seen.current.target = toWarehouseId;
    form.getValues("lines").forEach((_, i) => form.setValue(`lines.${i}.toLocationId`, ""));
  }, [toWarehouseId, form]);

  const searchItems = useItemSearch({ trackedOnly: true });

  const createAdjustment = useMutation(trpc.inventory.adjustments.create.mutationOptions());
  const updateAdjustment = useMutation(trpc.inventory.adjustments.update.mutationOptions());
  const createTransfer = useMutation(trpc.inventory.transfers.create.mutationOptions());
  const updateTransfer = useMutation(trpc.inventory.transfers.update.mutationOptions());

  const submit = async (v: FormValues) => {
    let id: string;
    if (kind === "adjustment") {
      const input = {
        warehouseId: v.warehouseId,
        reasonId: v.reasonId,
        note: opt(v.note),
        lines: v.lines.map((l) => ({ itemId: l.itemId, variantId: opt(l.variantId), locationId: l.locationId, lotNumber: opt(l.lotNumber), serialNumber: opt(l.serialNumber), quantity: l.quantity.trim(), unitCost: opt(l.unitCost) })),
      };
      id = draft ? (await updateAdjustment.mutateAsync({ ...input, id: draft.id, version: draft.version })).id : (await createAdjustment.mutateAsync(input)).id;
    } else {
      const input = {
        fromWarehouseId: v.fromWarehouseId,
        toWarehouseId: v.toWarehouseId,
        note: opt(v.note),
        lines: v.lines.map((l) => ({ itemId: l.itemId, variantId: opt(l.variantId), fromLocationId: l.fromLocationId, toLocationId: l.toLocationId, lotNumber: opt(l.lotNumber), serialNumber: opt(l.serialNumber), quantity: l.quantity.trim() })),
      };
      id = draft ? (await updateTransfer.mutateAsync({ ...input, id: draft.id, version: draft.version })).id : (await createTransfer.mutateAsync(input)).id;
    }
    await queryClient.invalidateQueries(kind === "adjustment" ? trpc.inventory.adjustments.pathFilter() : trpc.inventory.transfers.pathFilter());
    form.reset(v);
    onSaved(id);
  };

  const selected = (i: number): ComboboxOption | null => {
    const l = draft?.lines[i];
    return l?.item ? { value: l.itemId, label: `${l.item.sku} — ${l.item.name}` } : null;
  };

  return (
    <Form form={form} onSubmit={submit} saveShortcut className="grid gap-6" aria-label={draft ? t("form.editTitle") : t(`${kind}.new`)}>
      <div className="grid gap-4 md:grid-cols-2">
        {kind === "adjustment" ? (
          <>
            <SelectField name="warehouseId" label={t("form.warehouse")} required placeholder={warehouses.isPending ? t("loading") : t("form.chooseWarehouse")} options={warehouseChoices} />
            <SelectField name="reasonId" label={t("form.reason")} required placeholder={reasons.isPending ? t("loading") : t("form.chooseReason")} options={reasonChoices} />
          </>
        ) : (
          <>
            <SelectField name="fromWarehouseId" label={t("form.fromWarehouse")} required placeholder={warehouses.isPending ? t("loading") : t("form.chooseWarehouse")} options={warehouseChoices} />
            <SelectField name="toWarehouseId" label={t("form.toWarehouse")} required placeholder={warehouses.isPending ? t("loading") : t("form.chooseWarehouse")} options={warehouseChoices} />
          </>
        )}
        <TextareaField name="note" label={t("form.note")} className="md:col-span-2" />
      </div>
      <section ref={linesRef} className="grid gap-3" aria-labelledby="document-lines-heading" aria-describedby="document-lines-keys" onKeyDown={onLinesKeyDown}>
        <h2 id="document-lines-heading" className="text-lg font-semibold">
          {t("form.lines")}
        </h2>
        {kind === "adjustment" ? <p className="text-sm text-muted-foreground">{t("form.signedHint")}</p> : null}
        <p id="document-lines-keys" className="text-xs text-muted-foreground">
          {t("form.shortcuts")}
        </p>
        {lines.fields.map((field, i) => (
          <LineRow
            key={field.id}
            kind={kind}
            index={i}
            searchItems={searchItems}
            selected={selected(i)}
            sourceRoots={sourceRoots}
            targetRoots={targetRoots}
            onRemove={lines.fields.length > 1 ? () => removeLine(i, document.activeElement) : undefined}
          />
        ))}
        <LinesError />
        <div>
          <Button type="button" variant="outline" size="sm" onClick={() => addLine(lines.fields.length - 1)}>
            <PlusIcon aria-hidden="true" />
            {t("form.addLine")}
          </Button>
        </div>
      </section>
      <div className="flex justify-end gap-2">
        {onCancel ? (
          <Button type="button" variant="outline" onClick={onCancel}>
            {t("form.cancel")}
          </Button>
        ) : null}
        <SubmitButton>{t("form.saveDraft")}</SubmitButton>
      </div>
    </Form>
  );
}

function LinesError() {
  const { formState } = useFormContext<FormValues>();
  const e = formState.errors.lines;
  const msg = e && !Array.isArray(e) ? (e.message ?? e.root?.message) : undefined;
  return msg ? (
    <p role="alert" className="text-sm text-destructive">
      {msg}
    </p>
  ) : null;
}

function LineRow({
  kind, index, searchItems, selected, sourceRoots, targetRoots, onRemove,
}: {
  kind: DocumentKind;
  index: number;
  searchItems: (q: string) => Promise<ComboboxOption[]>;
  selected: ComboboxOption | null;
  sourceRoots: LocationRoots | undefined;
  targetRoots: LocationRoots | undefined;
  onRemove?: () => void;
}) {
  const t = useTranslations("inventoryDocuments");
  const trpc = useTRPC();
  const itemId = useWatch<FormValues, `lines.${number}.itemId`>({ name: `lines.${index}.itemId` });
  const [locationId, fromLocationId, toLocationId] = useWatch<FormValues, [`lines.${number}.locationId`, `lines.${number}.fromLocationId`, `lines.${number}.toLocationId`]>({
    name: [`lines.${index}.locationId`, `lines.${index}.fromLocationId`, `lines.${index}.toLocationId`],
  });
  const archived = useCallback((label: string) => t("form.archivedLocation", { location: label }), [t]);
  const sourceChoices = useMemo(
    () => locationOptionsKeeping(sourceRoots ?? [], kind === "adjustment" ? locationId : fromLocationId, archived),
    [sourceRoots, kind, locationId, fromLocationId, archived],
  );
  const targetChoices = useMemo(() => locationOptionsKeeping(targetRoots ?? [], toLocationId, archived), [targetRoots, toLocationId, archived]);
  const item = useQuery(trpc.inventory.items.get.queryOptions({ id: itemId ?? "" }, { enabled: isUuid(itemId ?? "") }));
  // The item's active variants, plus the line's own variant when archived since (stock of it may still go out).
  const variantId = useWatch<FormValues, `lines.${number}.variantId`>({ name: `lines.${index}.variantId` });
  const variantChoices: SelectOption[] = (item.data?.variants ?? [])
    .filter((x) => !x.archivedAt || x.id === variantId)
    .map((x) => {
      const label = variantLabel(x);
      return { value: x.id, label: x.archivedAt ? t("form.archivedVariant", { variant: label }) : label };
    });
  // A variant belongs to one item: choosing another item clears the line's variant (a change, not the first render).
  const { setValue } = useFormContext<FormValues>();
  const seenItem = useRef(itemId);
  useEffect(() => {
    if (seenItem.current === itemId) return;
    seenItem.current = itemId;
    setValue(`lines.${index}.variantId`, "");
  }, [itemId, index, setValue]);
  const lot = item.data?.lotControl ?? false;
  const serial = item.data?.serialControl ?? false;
  const n = index + 1;
  return (
    <fieldset data-line={index} className="grid gap-3 rounded-md border p-3 md:grid-cols-12" aria-label={t("form.line", { n })}>
      <legend className="sr-only">{t("form.line", { n })}</legend>
      <ComboboxField name={`lines.${index}.itemId`} label={t("form.item")} required search={searchItems} selected={selected} placeholder={t("form.chooseItem")} className="md:col-span-4" />
      {kind === "adjustment" ? (
        <SelectField name={`lines.${index}.locationId`} label={t("form.location")} required placeholder={t("form.chooseLocation")} options={sourceChoices} disabled={!sourceChoices.length} className="md:col-span-3" />
      ) : (
        <>
          <SelectField name={`lines.${index}.fromLocationId`} label={t("form.fromLocation")} required placeholder={t("form.chooseLocation")} options={sourceChoices} disabled={!sourceChoices.length} className="md:col-span-2" />
          <SelectField name={`lines.${index}.toLocationId`} label={t("form.toLocation")} required placeholder={t("form.chooseLocation")} options={targetChoices} disabled={!targetChoices.length} className="md:col-span-2" />
        </>
      )}
      <NumberField name={`lines.${index}.quantity`} label={kind === "adjustment" ? t("form.difference") : t("form.quantity")} required className="md:col-span-2" />
      {kind === "adjustment" ? <NumberField name={`lines.${index}.unitCost`} label={t("form.unitCost")} description={t("form.unitCostHint")} className="md:col-span-2" /> : null}
      <div className="flex items-end justify-end md:col-span-1">
        {onRemove ? (
          <Button type="button" variant="ghost" size="icon" aria-label={t("form.removeLine", { n })} onClick={onRemove}>
            <Trash2Icon aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      {variantChoices.length ? (
        <SelectField name={`lines.${index}.variantId`} label={t("form.variant")} placeholder={t("form.chooseVariant")} options={variantChoices} className="md:col-span-3" />
      ) : null}
      {lot ? <TextField name={`lines.${index}.lotNumber`} label={t("form.lot")} required className="md:col-span-3" /> : null}
      {serial ? <TextField name={`lines.${index}.serialNumber`} label={t("form.serial")} required className="md:col-span-3" /> : null}
    </fieldset>
  );
}
