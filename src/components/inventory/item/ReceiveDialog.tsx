"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { DialogFormActions, Form, NumberField, SelectField, TextField, useZodForm } from "@/components/form";
import { DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { ZReceiveInput } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { activeLocationOptions } from "../tree-options";
import { variantLabel } from "./shared";
import { useValidation, type ValidationT } from "../validation";

const receiveForm = (v: ValidationT) => ZReceiveInput.pick({ locationId: true, quantity: true, unitCost: true }).extend({
  warehouseId: z.uuid(v("chooseWarehouse")),
  lotNumber: z.string().trim().max(64, v("maxChars", { max: 64 })),
  variantId: z.string(),
});

type ReceiveItem = {
  id: string;
  sku: string;
  lotControl: boolean;
  variants: { id: string; sku: string; name: string | null; attributes: Record<string, unknown>; archivedAt: Date | string | null }[];
};

/**
 * "Receive stock": warehouse, location, quantity, unit cost (the lot of a lot-controlled item, and the variant of an
 * item that has variants — required then: stock of such an item is always a variant's).
 */
export function ReceiveDialog({ item, onDone }: { item: ReceiveItem; onDone: () => void }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const variants = item.variants.filter((v) => !v.archivedAt);
  const hasVariants = variants.length > 0;
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const v = useValidation();
  const schema = useMemo(
    () => receiveForm(v).refine((r) => !hasVariants || r.variantId !== "", { path: ["variantId"], message: v("chooseVariant") }),
    [hasVariants, v],
  );
  const form = useZodForm(schema, { defaultValues: { warehouseId: "", locationId: "", quantity: "", unitCost: "", lotNumber: "", variantId: "" } });
  const warehouseId = useWatch({ control: form.control, name: "warehouseId" });
  // A location belongs to one warehouse: choosing another warehouse clears it.
  useEffect(() => form.resetField("locationId", { defaultValue: "" }), [warehouseId, form]);
  const locations = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId }, { enabled: /^[0-9a-f-]{36}$/i.test(warehouseId ?? "") }));
  const locationChoices = useMemo(() => activeLocationOptions(locations.data?.roots ?? []), [locations.data]);
  const receive = useMutation(trpc.inventory.stock.receive.mutationOptions());
  return (
    <DialogContent>
      <DialogTitle>{t("receive.title", { sku: item.sku })}</DialogTitle>
      <DialogDescription>{t("receive.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (v) => {
          await receive.mutateAsync({
            itemId: item.id,
            locationId: v.locationId,
            quantity: v.quantity,
            unitCost: v.unitCost,
            ...(v.lotNumber ? { lotNumber: v.lotNumber } : {}),
            ...(v.variantId ? { variantId: v.variantId } : {}),
          });
          await queryClient.invalidateQueries(trpc.inventory.stock.pathFilter());
          await queryClient.invalidateQueries(trpc.inventory.variants.pathFilter());
          await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
          toast.success(t("receive.done"));
          onDone();
        }}
      >
        {hasVariants ? (
          <SelectField
            name="variantId"
            label={t("receive.variant")}
            required
            placeholder={t("receive.chooseVariant")}
            options={variants.map((v) => ({ value: v.id, label: variantLabel(v) }))}
          />
        ) : null}
        <SelectField
          name="warehouseId"
          label={t("receive.warehouse")}
          required
          placeholder={warehouses.isPending ? t("loading") : t("receive.chooseWarehouse")}
          options={(warehouses.data?.rows ?? []).map((w) => ({ value: w.id, label: `${w.code} — ${w.name}` }))}
        />
        <SelectField name="locationId" label={t("receive.location")} required placeholder={t("receive.chooseLocation")} options={locationChoices} disabled={!locationChoices.length} />
        <NumberField name="quantity" label={t("receive.quantity")} required />
        <NumberField name="unitCost" label={t("receive.unitCost")} required />
        {item.lotControl ? <TextField name="lotNumber" label={t("receive.lot")} required /> : null}
        {warehouses.data && warehouses.data.rows.length === 0 ? <p className="text-sm text-muted-foreground">{t("receive.noWarehouses")}</p> : null}
        <DialogFormActions submit={t("receive.submit")} />
      </Form>
    </DialogContent>
  );
}
