"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { CheckboxField, DialogFormActions, Form, SelectField, TextareaField, TextField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { ZCreateWarehouseInput, ZUpdateWarehouseInput } from "@/server/modules/inventory/inventory.schemas";
import { WAREHOUSES_LIST } from "@/server/modules/inventory/master.schemas";
import { useTRPC } from "@/trpc/react";

type Row = RowOf<ReturnType<typeof useTRPC>["inventory"]["warehouses"]["table"]>;
export type WorkspaceOption = { id: string; name: string };

/** The warehouses of the member's workspaces: code, name, workspace, negative stock, locations; archived filter. */
export function WarehousesList({ basePath, canManage, workspaces }: { basePath: string; canManage: boolean; workspaces: WorkspaceOption[] }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const router = useRouter();
  const [creating, setCreating] = useState(false);

  const columns = useMemo<DataTableColumn<Row>[]>(
    () => [
      { id: "code", header: t("columns.code"), cell: (r) => <span className="font-mono text-sm">{r.code}</span>, hideable: false },
      {
        id: "name",
        header: t("columns.name"),
        cell: (r) => (
          <span className="flex items-center gap-2 font-medium">
            {r.name}
            {r.archivedAt ? <Badge variant="outline">{t("archived")}</Badge> : null}
          </span>
        ),
        hideable: false,
      },
      { id: "workspace", header: t("columns.workspace"), cell: (r) => r.workspaceName },
      { id: "allowNegative", header: t("columns.allowNegative"), cell: (r) => (r.allowNegativeStock ? t("yes") : t("no")) },
      { id: "locations", header: t("columns.locations"), cell: (r) => <span className="tabular-nums">{r.locationCount}</span>, className: "text-right" },
    ],
    [t],
  );
  const filters = useMemo<DataTableFilter[]>(
    () => [
      {
        id: "archived",
        label: t("filters.archived"),
        options: [
          { value: "active", label: t("filters.notArchived") },
          { value: "archived", label: t("filters.isArchived") },
        ],
      },
      { id: "workspace", label: t("filters.workspace"), options: workspaces.map((w) => ({ value: w.id, label: w.name })) },
    ],
    [t, workspaces],
  );

  return (
    <>
      <DataTable
        listKey="inventory.warehouses"
        label={t("tableLabel")}
        spec={WAREHOUSES_LIST}
        procedure={trpc.inventory.warehouses.table}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.code} ${r.name}`}
        rowHref={(r) => `${basePath}/${r.id}`}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        toolbar={canManage ? <Button onClick={() => setCreating(true)}>{t("new")}</Button> : null}
      />
      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? (
          <CreateWarehouseDialog
            workspaces={workspaces}
            onDone={(w) => {
              setCreating(false);
              if (w) router.push(`${basePath}/${w.id}`);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function CreateWarehouseDialog({ workspaces, onDone }: { workspaces: WorkspaceOption[]; onDone: (w: { id: string } | null) => void }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZCreateWarehouseInput, {
    defaultValues: { workspaceId: workspaces.length === 1 ? workspaces[0]!.id : "", code: "", name: "", address: "", allowNegativeStock: false },
  });
  const create = useMutation(trpc.inventory.warehouses.create.mutationOptions());
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("create.title")}</DialogTitle>
      <DialogDescription>{t("create.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          const w = await create.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.warehouses.pathFilter());
          toast.success(t("create.done", { code: w.code }));
          onDone(w);
        }}
      >
        <SelectField name="workspaceId" label={t("fields.workspace")} options={workspaces.map((w) => ({ value: w.id, label: w.name }))} placeholder={t("fields.chooseWorkspace")} required />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField name="code" label={t("fields.code")} required maxLength={50} />
          <TextField name="name" label={t("fields.name")} required maxLength={200} />
        </div>
        <TextareaField name="address" label={t("fields.address")} />
        <CheckboxField name="allowNegativeStock" label={t("fields.allowNegativeStock")} description={t("fields.allowNegativeHint")} />
        <DialogFormActions submit={t("create.submit")} />
      </Form>
    </DialogContent>
  );
}

export function EditWarehouseDialog({
  warehouse,
  onDone,
}: {
  warehouse: { id: string; version: number; name: string; address: string | null; allowNegativeStock: boolean };
  onDone: () => void;
}) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZUpdateWarehouseInput, {
    defaultValues: { id: warehouse.id, version: warehouse.version, name: warehouse.name, address: warehouse.address ?? "", allowNegativeStock: warehouse.allowNegativeStock },
  });
  const update = useMutation(trpc.inventory.warehouses.update.mutationOptions());
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("edit.title")}</DialogTitle>
      <DialogDescription>{t("edit.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onReload={() => void queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter())}
        onSubmit={async (values) => {
          await update.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.warehouses.pathFilter());
          await queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter());
          toast.success(t("edit.done"));
          onDone();
        }}
      >
        <TextField name="name" label={t("fields.name")} required maxLength={200} />
        <TextareaField name="address" label={t("fields.address")} />
        <CheckboxField name="allowNegativeStock" label={t("fields.allowNegativeStock")} description={t("fields.allowNegativeHint")} />
        <DialogFormActions submit={t("edit.submit")} />
      </Form>
    </DialogContent>
  );
}
