"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { StatusBadge, type StatusTone } from "@/components/document/StatusBadge";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { ITEM_STATUSES, ITEM_TYPES, ITEMS_LIST } from "@/server/modules/inventory/inventory.schemas";
import { useTRPC } from "@/trpc/react";

import { CreateItemDialog } from "./ItemForm";
import { categoryOptions } from "./tree-options";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["items"]["list"]>;

const ITEMS_LIST_KEY = "inventory.items";
export const ITEM_STATUS_TONE: Record<string, StatusTone> = { active: "success", inactive: "neutral", discontinued: "warning", obsolete: "danger" };

/** The item list: keyset pages by name or SKU, filters (type, status, category subtree, archived), search by SKU or name, "New item", "Import", export. */
export function ItemsList({ basePath, canManage }: { basePath: string; canManage: boolean }) {
  const t = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const tree = useQuery(trpc.inventory.categories.tree.queryOptions());

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "sku", header: t("columns.sku"), cell: (r) => <span className="font-mono text-sm">{r.sku}</span>, className: "whitespace-nowrap", hideable: false },
      { id: "name", header: t("columns.name"), cell: (r) => <span className="font-medium">{r.name}</span>, hideable: false },
      { id: "type", header: t("columns.type"), cell: (r) => t(`type.${r.type as "product"}`) },
      { id: "category", header: t("columns.category"), cell: (r) => r.categoryName ?? "—" },
      { id: "status", header: t("columns.status"), cell: (r) => <StatusBadge label={t(`status.${r.status as "active"}`)} tone={ITEM_STATUS_TONE[r.status] ?? "neutral"} /> },
      { id: "baseUnit", header: t("columns.baseUnit"), cell: (r) => r.baseUnitCode ?? "—" },
      { id: "listPrice", header: t("columns.listPrice"), cell: (r) => (r.listPrice === null ? "—" : <span className="tabular-nums">{format.number(r.listPrice, { minimumFractionDigits: 2 })}</span>), className: "text-right" },
    ],
    [t, format],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "type", label: t("filters.type"), options: ITEM_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) })) },
      { id: "status", label: t("filters.status"), options: ITEM_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) })) },
      // A category filters its whole subtree (items.list); options indented by depth.
      { id: "category", label: t("filters.category"), options: categoryOptions(tree.data?.roots ?? []) },
      {
        id: "archived",
        label: t("filters.archived"),
        options: [
          { value: "active", label: t("filters.notArchived") },
          { value: "archived", label: t("filters.isArchived") },
        ],
      },
    ],
    [t, tree.data],
  );

  return (
    <>
      <DataTable
        listKey={ITEMS_LIST_KEY}
        label={t("tableLabel")}
        spec={ITEMS_LIST}
        procedure={trpc.inventory.items.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.sku} ${r.name}`}
        rowHref={(r) => `${basePath}/${r.id}`}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        exportKey={ITEMS_LIST_KEY}
        toolbar={
          canManage ? (
            <>
              <Button variant="outline" asChild>
                <Link href={`${basePath}/import`}>{t("import")}</Link>
              </Button>
              <Button onClick={() => setCreating(true)}>{t("new")}</Button>
            </>
          ) : null
        }
      />
      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? (
          <CreateItemDialog
            onDone={(item) => {
              setCreating(false);
              if (item) router.push(`${basePath}/${item.id}`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
