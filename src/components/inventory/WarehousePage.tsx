"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronLeftIcon, MoreHorizontalIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { DialogFormActions, Form, SelectField, TextField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/DropdownMenu";
import { Skeleton } from "@/components/ui/Skeleton";
import { LOCATION_KINDS, ZCreateLocationInput } from "@/server/modules/inventory/inventory.schemas";
import { ZUpdateLocationInput } from "@/server/modules/inventory/master.schemas";
import { useTRPC } from "@/trpc/react";

import { locationOptions } from "./tree-options";
import { EditWarehouseDialog } from "./WarehousesList";

type LocationNode = { id: string; parentId: string | null; kind: string; code: string; name: string | null; archivedAt: Date | null; children: LocationNode[] };
type DialogState =
  | { kind: "edit" }
  | { kind: "newLocation"; parentId: string | null }
  | { kind: "rename"; node: LocationNode }
  | { kind: "move"; node: LocationNode }
  | null;

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Without archived locations (unless shown), keeping the tree shape. */
function visibleTree(nodes: LocationNode[], showArchived: boolean): LocationNode[] {
  return nodes.filter((n) => showArchived || !n.archivedAt).map((n) => ({ ...n, children: visibleTree(n.children, showArchived) }));
}
function subtreeIds(n: LocationNode): string[] {
  return [n.id, ...n.children.flatMap(subtreeIds)];
}

/** A warehouse: header (edit, archive / restore) and its location tree (zones, aisles, racks, bins). */
export function WarehousePage({ id, canManage, listPath }: { id: string; canManage: boolean; listPath: string }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tree = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId: id }, { retry: false }));
  const [dialog, setDialog] = useState<DialogState>(null);
  const [showArchived, setShowArchived] = useState(false);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter());
    await queryClient.invalidateQueries(trpc.inventory.warehouses.pathFilter());
  };
  const archiveWarehouse = useMutation(trpc.inventory.warehouses.archive.mutationOptions());
  const archiveLocation = useMutation(trpc.inventory.locations.archive.mutationOptions());

  if (tree.isPending)
    return (
      <div className="grid gap-3" aria-busy="true">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  if (tree.isError)
    return (
      <div className="grid gap-3" role="alert">
        <p>{tree.error.data?.code === "NOT_FOUND" ? t("page.notFound") : t("page.error")}</p>
        <Link href={listPath} className="underline underline-offset-4">
          {t("page.back")}
        </Link>
      </div>
    );

  const w = tree.data.warehouse;
  const editable = canManage && !w.archivedAt;
  const roots = visibleTree(tree.data.roots as LocationNode[], showArchived);

  const onArchiveLocation = async (node: LocationNode, archived: boolean) => {
    try {
      await archiveLocation.mutateAsync({ id: node.id, archived });
      await refresh();
      toast.success(archived ? t("locations.archived", { code: node.code }) : t("locations.restored", { code: node.code }));
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  return (
    <div className="grid gap-4">
      <Link href={listPath} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ChevronLeftIcon aria-hidden="true" className="size-4" />
        {t("page.back")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
            <span className="font-mono">{w.code}</span> — {w.name}
            {w.archivedAt ? <Badge variant="outline">{t("archived")}</Badge> : null}
          </h1>
          <p className="text-sm text-muted-foreground">
            {w.allowNegativeStock ? t("page.negativeAllowed") : t("page.negativeForbidden")}
            {w.address ? ` · ${w.address}` : ""}
          </p>
        </div>
        {canManage ? (
          <div className="flex gap-2">
            {editable ? (
              <Button variant="outline" onClick={() => setDialog({ kind: "edit" })}>
                {t("page.edit")}
              </Button>
            ) : null}
            <Button
              variant="outline"
              onClick={async () => {
                try {
                  await archiveWarehouse.mutateAsync({ id: w.id, archived: !w.archivedAt, version: w.version });
                  await refresh();
                  toast.success(w.archivedAt ? t("page.restoredDone") : t("page.archivedDone"));
                } catch (e) {
                  toast.error(errorMessage(e));
                  await refresh(); // a stale page (CONFLICT) shows the warehouse as it is now
                }
              }}
            >
              {w.archivedAt ? t("page.restore") : t("page.archive")}
            </Button>
          </div>
        ) : null}
      </div>

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-3">
          <CardTitle>{t("locations.title")}</CardTitle>
          <div className="flex items-center gap-4">
            <label className="flex items-center gap-2 text-sm">
              <Checkbox checked={showArchived} onCheckedChange={(v) => setShowArchived(v === true)} />
              {t("locations.showArchived")}
            </label>
            {editable ? <Button onClick={() => setDialog({ kind: "newLocation", parentId: null })}>{t("locations.new")}</Button> : null}
          </div>
        </CardHeader>
        <CardContent>
          {roots.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("locations.empty")}</p>
          ) : (
            <ul role="tree" aria-label={t("locations.treeLabel", { code: w.code })} className="grid gap-1">
              {roots.map((n) => (
                <LocationRow
                  key={n.id}
                  node={n}
                  level={1}
                  editable={editable}
                  onAction={(action, node) => {
                    if (action === "archive" || action === "restore") void onArchiveLocation(node, action === "archive");
                    else if (action === "add") setDialog({ kind: "newLocation", parentId: node.id });
                    else setDialog({ kind: action, node });
                  }}
                />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Dialog open={dialog !== null} onOpenChange={(open) => (open ? null : setDialog(null))}>
        {dialog?.kind === "edit" ? <EditWarehouseDialog warehouse={w} onDone={() => setDialog(null)} /> : null}
        {dialog?.kind === "newLocation" ? (
          <NewLocationDialog warehouseId={w.id} parentId={dialog.parentId} roots={tree.data.roots as LocationNode[]} onDone={() => setDialog(null)} />
        ) : null}
        {dialog?.kind === "rename" ? <RenameLocationDialog node={dialog.node} onDone={() => setDialog(null)} /> : null}
        {dialog?.kind === "move" ? <MoveLocationDialog node={dialog.node} roots={tree.data.roots as LocationNode[]} onDone={() => setDialog(null)} /> : null}
      </Dialog>
    </div>
  );
}

type Action = "add" | "rename" | "move" | "archive" | "restore";

function LocationRow({ node, level, editable, onAction }: { node: LocationNode; level: number; editable: boolean; onAction: (a: Action, n: LocationNode) => void }) {
  const t = useTranslations("inventoryWarehouses");
  const label = node.name ? `${node.code} — ${node.name}` : node.code;
  return (
    <li role="treeitem" aria-level={level} aria-selected={false} aria-label={label} aria-expanded={node.children.length ? true : undefined}>
      <div className="flex items-center justify-between gap-2 rounded-md px-2 py-1 hover:bg-muted/50" style={{ paddingLeft: `${(level - 1) * 1.5 + 0.5}rem` }}>
        <span className="flex items-center gap-2">
          <span className="font-mono text-sm">{node.code}</span>
          {node.name ? <span className="text-sm">{node.name}</span> : null}
          <Badge variant="secondary">{t(`kind.${node.kind as "bin"}`)}</Badge>
          {node.archivedAt ? <Badge variant="outline">{t("archived")}</Badge> : null}
        </span>
        {editable ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" aria-label={t("locations.actionsFor", { code: node.code })}>
                <MoreHorizontalIcon aria-hidden="true" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              {node.archivedAt ? (
                <DropdownMenuItem onSelect={() => onAction("restore", node)}>{t("locations.restore")}</DropdownMenuItem>
              ) : (
                <>
                  <DropdownMenuItem onSelect={() => onAction("add", node)}>{t("locations.addInside")}</DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => onAction("rename", node)}>{t("locations.rename")}</DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => onAction("move", node)}>{t("locations.move")}</DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => onAction("archive", node)}>{t("locations.archive")}</DropdownMenuItem>
                </>
              )}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
      {node.children.length ? (
        <ul role="group" className="grid gap-1">
          {node.children.map((c) => (
            <LocationRow key={c.id} node={c} level={level + 1} editable={editable} onAction={onAction} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function useKindOptions() {
  const t = useTranslations("inventoryWarehouses");
  return useMemo(() => LOCATION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })), [t]);
}

function NewLocationDialog({ warehouseId, parentId, roots, onDone }: { warehouseId: string; parentId: string | null; roots: LocationNode[]; onDone: () => void }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const kinds = useKindOptions();
  const form = useZodForm(ZCreateLocationInput, { defaultValues: { warehouseId, parentId: parentId ?? "", kind: parentId ? "bin" : "zone", code: "", name: "" } });
  const create = useMutation(trpc.inventory.locations.create.mutationOptions());
  const parents = useMemo(() => locationOptions(visibleTree(roots, false)), [roots]);
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("locations.newTitle")}</DialogTitle>
      <DialogDescription>{t("locations.newDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          const l = await create.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter());
          await queryClient.invalidateQueries(trpc.inventory.warehouses.pathFilter());
          toast.success(t("locations.created", { code: l.code }));
          onDone();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField name="code" label={t("fields.code")} required maxLength={50} />
          <TextField name="name" label={t("fields.name")} maxLength={200} />
          <SelectField name="kind" label={t("fields.kind")} options={kinds} placeholder={false} />
          <SelectField name="parentId" label={t("fields.parent")} options={parents} placeholder={t("fields.topLevel")} />
        </div>
        <DialogFormActions submit={t("locations.create")} />
      </Form>
    </DialogContent>
  );
}

function RenameLocationDialog({ node, onDone }: { node: LocationNode; onDone: () => void }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const kinds = useKindOptions();
  const form = useZodForm(ZUpdateLocationInput, { defaultValues: { id: node.id, code: node.code, name: node.name ?? "", kind: node.kind as "bin" } });
  const update = useMutation(trpc.inventory.locations.update.mutationOptions());
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("locations.renameTitle", { code: node.code })}</DialogTitle>
      <DialogDescription>{t("locations.renameDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          await update.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter());
          toast.success(t("locations.saved"));
          onDone();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField name="code" label={t("fields.code")} required maxLength={50} />
          <TextField name="name" label={t("fields.name")} maxLength={200} />
          <SelectField name="kind" label={t("fields.kind")} options={kinds} placeholder={false} />
        </div>
        <DialogFormActions submit={t("locations.save")} />
      </Form>
    </DialogContent>
  );
}

const ZMoveForm = z.object({ id: z.uuid(), parentId: z.string() });

function MoveLocationDialog({ node, roots, onDone }: { node: LocationNode; roots: LocationNode[]; onDone: () => void }) {
  const t = useTranslations("inventoryWarehouses");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZMoveForm, { defaultValues: { id: node.id, parentId: node.parentId ?? "" } });
  const move = useMutation(trpc.inventory.locations.move.mutationOptions());
  // Never under itself or beneath it (the server refuses it too).
  const excluded = new Set(subtreeIds(node));
  const parents = locationOptions(visibleTree(roots, false)).filter((o) => !excluded.has(o.value));
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("locations.moveTitle", { code: node.code })}</DialogTitle>
      <DialogDescription>{t("locations.moveDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          await move.mutateAsync({ id: values.id, parentId: values.parentId || null });
          await queryClient.invalidateQueries(trpc.inventory.locations.tree.pathFilter());
          toast.success(t("locations.moved", { code: node.code }));
          onDone();
        }}
      >
        <SelectField name="parentId" label={t("fields.parent")} options={parents} placeholder={t("fields.topLevel")} />
        <DialogFormActions submit={t("locations.moveSubmit")} />
      </Form>
    </DialogContent>
  );
}
