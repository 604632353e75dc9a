"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { PlusIcon, XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, type ReactNode } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { toast } from "sonner";

import {
  ComboboxField,
  Form,
  ListField,
  NumberField,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  useZodForm,
  type SelectOption,
} from "@/components/form";
import { Button } from "@/components/ui/Button";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";

import { useItemSearch } from "../item-search";
import { ItemFields, useItemFormOptions, type ItemFormOptions } from "../ItemForm";
import { useValidation } from "../validation";
import { itemOverviewSchema, REPLACEABLE_STATUSES, type ItemOverviewValues } from "./overview-schema";

type ItemDetail = inferRouterOutputs<AppRouter>["inventory"]["items"]["get"];

/** A stored decimal without its trailing zeros: "0.900000" → "0.9", "12.0000" → "12" (prices: shortPrice). */
const trimZeros = (v: string | null) => (v === null ? "" : v.includes(".") ? v.replace(/\.?0+$/, "") : v);
/** A stored 6-decimal price shown with at least 2 decimals: "0.900000" → "0.90", "5.123400" → "5.1234". */
const shortPrice = (v: string | null) => (v === null ? "" : v.replace(/(\.\d\d\d*?)0+$/, "$1"));

/** The form's values of a stored item (the inverse of what the schema sends). */
function valuesOf(item: ItemDetail): ItemOverviewValues {
  return {
    sku: item.sku, name: item.name, description: item.description ?? "", type: item.type, status: item.status, replacedByItemId: item.replacedByItemId ?? "",
    categoryId: item.categoryId ?? "", baseUnitId: item.baseUnitId, purchaseUnitId: item.purchaseUnitId ?? "", salesUnitId: item.salesUnitId ?? "",
    conversions: item.conversions.map((c) => ({ unitId: c.unitId, factor: trimZeros(c.factor) })),
    makeOrBuy: item.makeOrBuy, leadTimeDays: item.leadTimeDays === null ? "" : String(item.leadTimeDays),
    listPrice: shortPrice(item.listPrice), standardUnitCost: shortPrice(item.standardUnitCost), taxRateId: item.taxRateId ?? "", hsnCode: item.hsnCode ?? "",
    weight: trimZeros(item.weight), length: trimZeros(item.length), width: trimZeros(item.width), height: trimZeros(item.height),
    trackInventory: item.trackInventory, lotControl: item.lotControl, serialControl: item.serialControl,
    shelfLifeDays: item.shelfLifeDays === null ? "" : String(item.shelfLifeDays),
    tags: item.tags, barcodes: item.barcodes,
    specifications: Object.entries(item.specifications).map(([name, value]) => ({ name, value: typeof value === "string" ? value : JSON.stringify(value) })),
  };
}

/**
 * The Overview tab: every field of the item master in sections (general, units and barcodes, purchasing and tax,
 * dimensions, tracking, specifications), saved with the version read (a stale one answers "changed by someone
 * else"). Conversions, barcodes and specifications are sent only when edited, so a save that leaves them alone does
 * not rewrite them.
 */
export function ItemOverviewForm({ item, canManage }: { item: ItemDetail; canManage: boolean }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useItemFormOptions();
  const readOnly = !canManage || item.archivedAt !== null;
  const v = useValidation();
  const schema = useMemo(() => itemOverviewSchema(v), [v]);
  const values = useMemo(() => valuesOf(item), [item]);
  const form = useZodForm(schema, { values });
  const update = useMutation(trpc.inventory.items.update.mutationOptions());
  return (
    <Form
      form={form}
      className="grid gap-6"
      onReload={() => void queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }))}
      onSubmit={async (out) => {
        const dirty = form.formState.dirtyFields;
        const { conversions, barcodes, specifications, ...rest } = out;
        await update.mutateAsync({
          ...rest,
          ...(dirty.conversions || dirty.purchaseUnitId || dirty.salesUnitId || dirty.baseUnitId ? { conversions } : {}),
          ...(dirty.barcodes ? { barcodes } : {}),
          ...(dirty.specifications ? { specifications } : {}),
          id: item.id,
          version: item.version,
        });
        await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
        await queryClient.invalidateQueries(trpc.inventory.items.list.pathFilter());
        toast.success(t("overview.saved"));
      }}
    >
      <Section title={t("overview.sections.general")}>
        <ItemFields options={options} withStatus disabled={readOnly} />
        <ReplacedBy item={item} disabled={readOnly} />
        <TextareaField name="description" label={t("fields.description")} rows={3} maxLength={4000} disabled={readOnly} className="sm:col-span-2" />
        <ListField name="tags" label={t("fields.tags")} description={t("fields.tagsHint")} disabled={readOnly} className="sm:col-span-2" />
      </Section>
      <Section title={t("overview.sections.units")}>
        <Conversions options={options} disabled={readOnly} />
        <ListField name="barcodes" label={t("fields.barcodes")} description={t("fields.barcodesHint")} disabled={readOnly} className="sm:col-span-2" />
      </Section>
      <Section title={t("overview.sections.purchasing")}>
        <SelectField name="makeOrBuy" label={t("fields.makeOrBuy")} options={[{ value: "buy", label: t("makeOrBuy.buy") }, { value: "make", label: t("makeOrBuy.make") }]} placeholder={false} disabled={readOnly} />
        <NumberField name="leadTimeDays" label={t("fields.leadTimeDays")} suffix={t("fields.days")} disabled={readOnly} />
        <SelectField name="taxRateId" label={t("fields.taxRate")} options={taxOptions(options, item, t)} placeholder={t("fields.noTaxRate")} disabled={readOnly} />
        <TextField name="hsnCode" label={t("fields.hsnCode")} description={t("fields.hsnCodeHint")} maxLength={20} disabled={readOnly} />
      </Section>
      <Section title={t("overview.sections.dimensions")}>
        <NumberField name="weight" label={t("fields.weight")} suffix="kg" disabled={readOnly} />
        <NumberField name="length" label={t("fields.length")} suffix="cm" disabled={readOnly} />
        <NumberField name="width" label={t("fields.width")} suffix="cm" disabled={readOnly} />
        <NumberField name="height" label={t("fields.height")} suffix="cm" disabled={readOnly} />
      </Section>
      <Section title={t("overview.sections.tracking")}>
        <NumberField name="shelfLifeDays" label={t("fields.shelfLifeDays")} description={t("fields.shelfLifeHint")} suffix={t("fields.days")} disabled={readOnly} />
      </Section>
      <Section title={t("overview.sections.specifications")}>
        <Specifications disabled={readOnly} />
      </Section>
      {readOnly ? null : (
        <div className="flex justify-end">
          <SubmitButton>{t("overview.save")}</SubmitButton>
        </div>
      )}
    </Form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="grid gap-3">
      <h2 className="text-sm font-semibold text-muted-foreground">{title}</h2>
      <div className="grid gap-3 sm:grid-cols-2">{children}</div>
    </section>
  );
}

/** The active tax rates, and the item's own when it was deactivated since (kept selectable, so saving keeps it). */
function taxOptions(options: ItemFormOptions, item: ItemDetail, t: ReturnType<typeof useTranslations<"inventory">>): SelectOption[] {
  const out = options.taxRates.map((r) => ({ value: r.id, label: `${r.code} — ${r.name} (${r.rate}%)` }));
  const own = item.taxRate;
  if (own && !out.some((o) => o.value === own.id)) out.push({ value: own.id, label: t("fields.taxRateInactive", { code: own.code, name: own.name }) });
  return out;
}

/** "Replaced by": only a discontinued or obsolete item has one (the server's rule); another item, never itself. */
function ReplacedBy({ item, disabled }: { item: ItemDetail; disabled: boolean }) {
  const t = useTranslations("inventory");
  const status = useWatch({ name: "status" }) as string;
  const search = useItemSearch({ excludeId: item.id });
  if (!REPLACEABLE_STATUSES.includes(status)) return null;
  const selected = item.replacedBy ? { value: item.replacedBy.id, label: `${item.replacedBy.sku} — ${item.replacedBy.name}` } : null;
  return (
    <ComboboxField
      name="replacedByItemId"
      label={t("fields.replacedBy")}
      description={t("fields.replacedByHint")}
      search={search}
      selected={selected}
      placeholder={t("fields.chooseReplacement")}
      disabled={disabled}
      className="sm:col-span-2"
    />
  );
}

/** Purchase and sales units with their conversions to the base unit: 1 unit = factor base units. */
function Conversions({ options, disabled }: { options: ItemFormOptions; disabled: boolean }) {
  const t = useTranslations("inventory");
  const { control } = useFormContext<ItemOverviewValues>();
  const rows = useFieldArray({ control, name: "conversions" });
  const [baseUnitId, conversions] = useWatch({ control, name: ["baseUnitId", "conversions"] });
  const unitLabel = (id: string) => options.units.find((u) => u.value === id)?.label ?? "";
  const baseCode = options.unitCodes.get(baseUnitId) ?? "";
  // The purchase and sales unit: the base unit or one with a conversion.
  const usable = [baseUnitId, ...(conversions ?? []).map((c) => c.unitId)].filter((id, i, all) => id && all.indexOf(id) === i);
  const unitChoices = usable.map((id) => ({ value: id, label: unitLabel(id) }));
  return (
    <>
      <SelectField name="purchaseUnitId" label={t("fields.purchaseUnit")} options={unitChoices} placeholder={t("fields.sameAsBase")} disabled={disabled} />
      <SelectField name="salesUnitId" label={t("fields.salesUnit")} options={unitChoices} placeholder={t("fields.sameAsBase")} disabled={disabled} />
      <fieldset className="grid gap-2 sm:col-span-2" disabled={disabled}>
        <legend className="mb-1 text-sm font-medium">{t("fields.conversions")}</legend>
        {rows.fields.length === 0 ? <p className="text-sm text-muted-foreground">{t("fields.noConversions")}</p> : null}
        {rows.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2" data-conversion={i}>
            <SelectField
              name={`conversions.${i}.unitId`}
              label={t("fields.conversionUnit", { n: i + 1 })}
              options={options.units.filter((u) => u.value !== baseUnitId)}
              placeholder={t("fields.chooseUnit")}
            />
            <NumberField name={`conversions.${i}.factor`} label={t("fields.conversionFactor", { n: i + 1 })} suffix={baseCode} />
            <Button variant="ghost" size="icon" aria-label={t("fields.removeConversion", { n: i + 1 })} onClick={() => rows.remove(i)}>
              <XIcon aria-hidden="true" />
            </Button>
          </div>
        ))}
        {disabled ? null : (
          <Button variant="outline" size="sm" className="w-fit" onClick={() => rows.append({ unitId: "", factor: "" })} disabled={rows.fields.length >= 20}>
            <PlusIcon aria-hidden="true" />
            {t("fields.addConversion")}
          </Button>
        )}
      </fieldset>
    </>
  );
}

/** Name → value pairs (voltage, material, …); rows left blank are dropped on save. */
function Specifications({ disabled }: { disabled: boolean }) {
  const t = useTranslations("inventory");
  const { control, formState } = useFormContext<ItemOverviewValues>();
  const rows = useFieldArray({ control, name: "specifications" });
  const listError = formState.errors.specifications?.root?.message ?? formState.errors.specifications?.message;
  return (
    <fieldset className="grid gap-2 sm:col-span-2" disabled={disabled}>
      <legend className="sr-only">{t("overview.sections.specifications")}</legend>
      {rows.fields.length === 0 ? <p className="text-sm text-muted-foreground">{t("fields.noSpecifications")}</p> : null}
      {rows.fields.map((row, i) => (
        <div key={row.id} className="grid grid-cols-[1fr_2fr_auto] items-end gap-2" data-specification={i}>
          <TextField name={`specifications.${i}.name`} label={t("fields.specificationName", { n: i + 1 })} maxLength={100} />
          <TextField name={`specifications.${i}.value`} label={t("fields.specificationValue", { n: i + 1 })} maxLength={500} />
          <Button variant="ghost" size="icon" aria-label={t("fields.removeSpecification", { n: i + 1 })} onClick={() => rows.remove(i)}>
            <XIcon aria-hidden="true" />
          </Button>
        </div>
      ))}
      {listError ? (
        <p role="alert" className="text-sm text-destructive">
          {listError}
        </p>
      ) : null}
      {disabled ? null : (
        <Button variant="outline" size="sm" className="w-fit" onClick={() => rows.append({ name: "", value: "" })}>
          <PlusIcon aria-hidden="true" />
          {t("fields.addSpecification")}
        </Button>
      )}
    </fieldset>
  );
}
