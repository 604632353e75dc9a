"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { StatusBadge } from "@/components/document/StatusBadge";
import { DialogFormActions, Form, NumberField, SelectField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";
import { ZReceiveInput } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { ItemOverviewForm } from "./ItemForm";
import { ITEM_STATUS_TONE } from "./ItemsList";
import { locationOptions } from "./tree-options";

const TABS = ["overview", "stock", "ledger"] as const;
type Tab = (typeof TABS)[number];

/** The item page: header (SKU, name, status, "Receive stock") and the Overview, Stock and Ledger tabs. */
export function ItemPage({ id, permissions, listPath }: { id: string; permissions: string[]; listPath: string }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const granted = new Set(permissions);
  const item = useQuery(trpc.inventory.items.get.queryOptions({ id }, { retry: (n, e) => e.data?.code !== "NOT_FOUND" && e.data?.code !== "BAD_REQUEST" && n < 2 }));
  const [receiving, setReceiving] = useState(false);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  if (item.isPending)
    return (
      <div className="grid gap-4" aria-busy="true" aria-label={t("loading")}>
        <Skeleton className="h-10 w-1/2" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  if (item.isError) {
    const notFound = item.error.data?.code === "NOT_FOUND" || item.error.data?.code === "BAD_REQUEST";
    return (
      <div className="grid gap-3 py-10 text-center">
        <p role="alert" className="text-sm text-destructive">
          {notFound ? t("notFound") : t("loadFailed")}
        </p>
        <div className="flex justify-center gap-2">
          <Button variant="outline" asChild>
            <Link href={listPath}>{t("backToList")}</Link>
          </Button>
          {notFound ? null : <Button onClick={() => void item.refetch()}>{t("retry")}</Button>}
        </div>
      </div>
    );
  }

  const i = item.data;
  const canReceive = granted.has("inventory.stock.move") && i.trackInventory && i.archivedAt === null;
  const canReadStock = granted.has("inventory.stock.read");
  const tabs = TABS.filter((tab) => tab === "overview" || canReadStock);
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : "overview";

  return (
    <article className="mx-auto grid max-w-6xl gap-6" aria-labelledby="inventory-item-title">
      <Link href={listPath} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t("backToList")}
      </Link>
      <header className="flex flex-wrap items-start gap-4">
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 id="inventory-item-title" className="text-2xl font-semibold tracking-tight">
              {i.name}
            </h1>
            <StatusBadge label={t(`status.${i.status as "active"}`)} tone={ITEM_STATUS_TONE[i.status] ?? "neutral"} />
          </div>
          <p className="font-mono text-sm text-muted-foreground">{i.sku}</p>
        </div>
        {canReceive ? <Button onClick={() => setReceiving(true)}>{t("receive.open")}</Button> : null}
      </header>
      {i.archivedAt ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("archivedNotice")}
        </p>
      ) : null}
      <Tabs
        value={tab}
        onValueChange={(v) => {
          const next = new URLSearchParams(params);
          next.set("tab", v);
          router.replace(`${pathname}?${next.toString()}`, { scroll: false });
        }}
      >
        <TabsList aria-label={t("tabsLabel")}>
          {tabs.map((v) => (
            <TabsTrigger key={v} value={v}>
              {t(`tabs.${v}`)}
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value="overview" className="pt-4">
          {tab === "overview" ? <ItemOverviewForm item={i} canManage={granted.has("inventory.item.manage")} /> : null}
        </TabsContent>
        <TabsContent value="stock" className="pt-4">
          {tab === "stock" ? <StockTab itemId={i.id} /> : null}
        </TabsContent>
        <TabsContent value="ledger" className="pt-4">
          {tab === "ledger" ? <LedgerTab itemId={i.id} /> : null}
        </TabsContent>
      </Tabs>
      <Dialog open={receiving} onOpenChange={setReceiving}>
        {receiving ? <ReceiveDialog item={i} onDone={() => setReceiving(false)} /> : null}
      </Dialog>
    </article>
  );
}

function TableState({ pending, error, empty, onRetry }: { pending: boolean; error: boolean; empty: boolean; onRetry: () => void }) {
  const t = useTranslations("inventory");
  if (pending) return <Skeleton className="h-32 w-full" aria-busy="true" aria-label={t("loading")} />;
  if (error)
    return (
      <div className="grid justify-items-center gap-2 py-6">
        <p role="alert" className="text-sm text-destructive">
          {t("loadFailed")}
        </p>
        <Button variant="outline" onClick={onRetry}>
          {t("retry")}
        </Button>
      </div>
    );
  if (empty) return <p className="py-6 text-center text-sm text-muted-foreground">{t("stock.empty")}</p>;
  return null;
}

function StockTab({ itemId }: { itemId: string }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.inventory.stock.onHand.queryOptions({ filters: { item: { type: "enum", values: [itemId] } }, perPage: 100 }));
  const state = <TableState pending={q.isPending} error={q.isError} empty={q.data?.rows.length === 0} onRetry={() => void q.refetch()} />;
  if (!q.data || q.data.rows.length === 0) return state;
  return (
    <table className="w-full text-sm" aria-label={t("stock.label")}>
      <thead className="text-left text-muted-foreground">
        <tr>
          <th className="py-2 pr-3 font-medium">{t("stock.warehouse")}</th>
          <th className="py-2 pr-3 font-medium">{t("stock.location")}</th>
          <th className="py-2 pr-3 font-medium">{t("stock.lot")}</th>
          <th className="py-2 pr-3 text-right font-medium">{t("stock.onHand")}</th>
          <th className="py-2 pr-3 text-right font-medium">{t("stock.reserved")}</th>
          <th className="py-2 text-right font-medium">{t("stock.available")}</th>
        </tr>
      </thead>
      <tbody>
        {q.data.rows.map((r) => (
          <tr key={r.id} className="border-t">
            <td className="py-2 pr-3">{r.warehouseCode}</td>
            <td className="py-2 pr-3">{r.locationCode}</td>
            <td className="py-2 pr-3">{r.lotNumber ?? "—"}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{format.number(r.onHand)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{format.number(r.reserved)}</td>
            <td className="py-2 text-right tabular-nums">{format.number(r.available)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LedgerTab({ itemId }: { itemId: string }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.inventory.stock.ledger.queryOptions({ itemId, perPage: 100 }));
  if (!q.data || q.data.rows.length === 0)
    return q.data ? <p className="py-6 text-center text-sm text-muted-foreground">{t("ledger.empty")}</p> : <TableState pending={q.isPending} error={q.isError} empty={false} onRetry={() => void q.refetch()} />;
  return (
    <table className="w-full text-sm" aria-label={t("ledger.label")}>
      <thead className="text-left text-muted-foreground">
        <tr>
          <th className="py-2 pr-3 font-medium">{t("ledger.date")}</th>
          <th className="py-2 pr-3 font-medium">{t("ledger.moveType")}</th>
          <th className="py-2 pr-3 font-medium">{t("ledger.from")}</th>
          <th className="py-2 pr-3 font-medium">{t("ledger.to")}</th>
          <th className="py-2 pr-3 text-right font-medium">{t("ledger.quantity")}</th>
          <th className="py-2 pr-3 text-right font-medium">{t("ledger.balance")}</th>
          <th className="py-2 pr-3 text-right font-medium">{t("ledger.unitCost")}</th>
          <th className="py-2 text-right font-medium">{t("ledger.value")}</th>
        </tr>
      </thead>
      <tbody>
        {q.data.rows.map((r) => (
          <tr key={r.id} className="border-t">
            <td className="py-2 pr-3 whitespace-nowrap">
              <time dateTime={new Date(r.movedAt).toISOString()}>{format.dateTime(new Date(r.movedAt), { dateStyle: "medium", timeStyle: "short" })}</time>
            </td>
            <td className="py-2 pr-3">{t(`moveType.${r.moveType as "receipt"}`)}</td>
            <td className="py-2 pr-3">{r.fromLocationCode ?? "—"}</td>
            <td className="py-2 pr-3">{r.toLocationCode ?? "—"}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{format.number(r.change)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{format.number(r.balance)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{format.number(r.unitCost, { minimumFractionDigits: 2 })}</td>
            <td className="py-2 text-right tabular-nums">{format.number(r.value, { minimumFractionDigits: 2 })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ZReceiveForm = ZReceiveInput.pick({ locationId: true, quantity: true, unitCost: true }).extend({
  warehouseId: z.uuid("Choose a warehouse"),
  lotNumber: z.string().trim().max(64, "At most 64 characters"),
});

/** "Receive stock": warehouse, location, quantity, unit cost (and the lot of a lot-controlled item). */
function ReceiveDialog({ item, onDone }: { item: { id: string; sku: string; lotControl: boolean }; onDone: () => void }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const form = useZodForm(ZReceiveForm, { defaultValues: { warehouseId: "", locationId: "", quantity: "", unitCost: "", lotNumber: "" } });
  const warehouseId = useWatch({ control: form.control, name: "warehouseId" });
  // A location belongs to one warehouse: choosing another warehouse clears it.
  useEffect(() => form.resetField("locationId", { defaultValue: "" }), [warehouseId, form]);
  const locations = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId }, { enabled: /^[0-9a-f-]{36}$/i.test(warehouseId ?? "") }));
  const locationChoices = useMemo(() => locationOptions(locations.data?.roots ?? []), [locations.data]);
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
          await receive.mutateAsync({ itemId: item.id, locationId: v.locationId, quantity: v.quantity, unitCost: v.unitCost, ...(v.lotNumber ? { lotNumber: v.lotNumber } : {}) });
          await queryClient.invalidateQueries(trpc.inventory.stock.pathFilter());
          await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
          toast.success(t("receive.done"));
          onDone();
        }}
      >
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
