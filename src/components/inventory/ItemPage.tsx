"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { StatusBadge } from "@/components/document/StatusBadge";
import { isRecordMissing, RecordLoadError, RecordLoading, retryUnlessMissing } from "@/components/RecordState";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";
import { useTRPC } from "@/trpc/react";

import { HistoryTab } from "./item/HistoryTab";
import { ItemActions } from "./item/ItemActions";
import { ItemOverviewForm } from "./item/OverviewForm";
import { ReceiveDialog } from "./item/ReceiveDialog";
import { LedgerTab, StockTab } from "./item/StockTabs";
import { SubstitutesTab } from "./item/SubstitutesTab";
import { VariantsTab } from "./item/VariantsTab";
import { WhereUsedTab } from "./item/WhereUsedTab";
import { inventoryLinks } from "./links";
import { ITEM_STATUS_TONE } from "./ItemsList";

const TABS = ["overview", "variants", "stock", "ledger", "substitutes", "whereUsed", "attachments", "history"] as const;
type Tab = (typeof TABS)[number];

/**
 * The item page: header (SKU, name, status, "Receive stock", archive / restore / delete), the archived banner, and
 * the tabs Overview, Variants, Stock, Ledger, Substitutes, Where used, Attachments and History.
 */
export function ItemPage({ id, permissions, listPath, org, ws }: { id: string; permissions: string[]; listPath: string; org: string; ws: string }) {
  const t = useTranslations("inventory");
  const trpc = useTRPC();
  const granted = new Set(permissions);
  const item = useQuery(trpc.inventory.items.get.queryOptions({ id }, { retry: retryUnlessMissing }));
  const [receiving, setReceiving] = useState(false);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  if (item.isPending) return <RecordLoading label={t("loading")} />;
  if (item.isError)
    return (
      <RecordLoadError
        missing={isRecordMissing(item.error)}
        notFound={t("notFound")}
        loadFailed={t("loadFailed")}
        backLabel={t("backToList")}
        backHref={listPath}
        retryLabel={t("retry")}
        onRetry={() => void item.refetch()}
      />
    );

  const i = item.data;
  const canReceive = granted.has("inventory.stock.move") && i.trackInventory && i.archivedAt === null;
  const canReadStock = granted.has("inventory.stock.read");
  const canManage = granted.has("inventory.item.manage");
  const editable = canManage && i.archivedAt === null;
  const tabs = TABS.filter(
    (tab) => (tab !== "stock" && tab !== "ledger") || canReadStock,
  ).filter((tab) => tab !== "attachments" || granted.has("settings.attachment.read"));
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
        <div className="flex flex-wrap gap-2">
          {canReceive ? <Button onClick={() => setReceiving(true)}>{t("receive.open")}</Button> : null}
          {canManage ? <ItemActions item={i} listPath={listPath} /> : null}
        </div>
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
          {tab === "overview" ? <ItemOverviewForm item={i} canManage={canManage} /> : null}
        </TabsContent>
        <TabsContent value="variants" className="pt-4">
          {tab === "variants" ? <VariantsTab item={i} canManage={editable} canReadStock={canReadStock} /> : null}
        </TabsContent>
        <TabsContent value="stock" className="pt-4">
          {tab === "stock" ? (
            <div className="space-y-3">
              <StockTab itemId={i.id} variants={i.variants} />
              {i.trackInventory ? (
                <Link className="text-sm underline-offset-4 hover:underline" href={inventoryLinks.rules(org, ws, { item: i.id })}>
                  {t("stock.reorderRules")}
                </Link>
              ) : null}
            </div>
          ) : null}
        </TabsContent>
        <TabsContent value="ledger" className="pt-4">
          {tab === "ledger" ? <LedgerTab itemId={i.id} /> : null}
        </TabsContent>
        <TabsContent value="substitutes" className="pt-4">
          {tab === "substitutes" ? <SubstitutesTab item={i} canManage={editable} canReadStock={canReadStock} itemPath={(itemId) => `${listPath}/${itemId}`} /> : null}
        </TabsContent>
        <TabsContent value="whereUsed" className="pt-4">
          {tab === "whereUsed" ? <WhereUsedTab itemId={i.id} inventoryPath={listPath.replace(/\/items$/, "")} /> : null}
        </TabsContent>
        <TabsContent value="attachments" className="pt-4">
          {tab === "attachments" ? <AttachmentsPanel org={org} ws={ws} entityType="inventory.item" entityId={i.id} /> : null}
        </TabsContent>
        <TabsContent value="history" className="pt-4">
          {tab === "history" ? <HistoryTab itemId={i.id} /> : null}
        </TabsContent>
      </Tabs>
      <Dialog open={receiving} onOpenChange={setReceiving}>
        {receiving ? <ReceiveDialog item={i} onDone={() => setReceiving(false)} /> : null}
      </Dialog>
    </article>
  );
}

