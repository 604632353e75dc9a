"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpIcon, GripVerticalIcon, IndentDecreaseIcon, IndentIncreaseIcon, MoreHorizontalIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState, type DragEvent } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { DialogFormActions, Form, SelectField, TextareaField, TextField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/Card";
import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/DropdownMenu";
import { Skeleton } from "@/components/ui/Skeleton";
import { cn } from "@/lib/utils";
import { ZCreateCategoryInput } from "@/server/modules/inventory/inventory.schemas";
import { ZUpdateCategoryInput } from "@/server/modules/inventory/master.schemas";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";

import { dropMove, keyboardMove, subtreeIds, type DropZone, type MoveTarget } from "./category-moves";
import { categoryOptions } from "./tree-options";

type CategoryNode = inferRouterOutputs<AppRouter>["inventory"]["categories"]["tree"]["roots"][number];
type DialogState = { kind: "create"; parentId: string | null } | { kind: "edit"; node: CategoryNode } | { kind: "move"; node: CategoryNode } | null;
type Action = "add" | "edit" | "move" | "archive" | "restore" | "up" | "down" | "indent" | "outdent";

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
const labelOf = (c: { name: string; code: string }) => `${c.name} (${c.code})`;

function visibleTree(nodes: readonly CategoryNode[], showArchived: boolean): CategoryNode[] {
  return nodes.filter((n) => showArchived || !n.archivedAt).map((n) => ({ ...n, children: visibleTree(n.children, showArchived) }));
}

/**
 * The category tree editor: codes, sort order, part-number series; create a child, edit, archive / restore; reorder
 * and reparent by drag and drop (native HTML5) or by keyboard (move up / down, indent / outdent, "Move to…").
 */
export function CategoriesEditor({ canManage }: { canManage: boolean }) {
  const t = useTranslations("inventoryCategories");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tree = useQuery(trpc.inventory.categories.tree.queryOptions());
  const [dialog, setDialog] = useState<DialogState>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [dragged, setDragged] = useState<string | null>(null);
  const move = useMutation(trpc.inventory.categories.move.mutationOptions());
  const archive = useMutation(trpc.inventory.categories.archive.mutationOptions());
  const roots = useMemo(() => visibleTree(tree.data?.roots ?? [], showArchived), [tree.data, showArchived]);
  const refresh = () => queryClient.invalidateQueries(trpc.inventory.categories.tree.pathFilter());

  const runMove = async (target: MoveTarget | null, name: string) => {
    if (!target) return;
    try {
      await move.mutateAsync(target);
      await refresh();
      toast.success(t("moved", { name }));
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  const onAction = async (action: Action, node: CategoryNode) => {
    if (action === "add") setDialog({ kind: "create", parentId: node.id });
    else if (action === "edit") setDialog({ kind: "edit", node });
    else if (action === "move") setDialog({ kind: "move", node });
    else if (action === "archive" || action === "restore") {
      try {
        await archive.mutateAsync({ id: node.id, archived: action === "archive", version: node.version });
        await refresh();
        toast.success(action === "archive" ? t("archivedDone", { name: node.name }) : t("restoredDone", { name: node.name }));
      } catch (e) {
        toast.error(errorMessage(e));
        await refresh(); // a stale tree (CONFLICT) shows what is there now
      }
    } else {
      await runMove(keyboardMove(roots, node.id, action), node.name);
      // Keep the keyboard where it was: the same button of the moved row.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-category="${node.id}"] [data-action="${action}"]`)?.focus());
    }
  };

  const onDrop = (targetId: string, zone: DropZone) => {
    const id = dragged;
    setDragged(null);
    if (!id || id === targetId) return;
    const name = findName(tree.data?.roots ?? [], id) ?? "";
    void runMove(dropMove(roots, id, targetId, zone), name);
  };

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-3">
        <CardTitle>{t("treeTitle")}</CardTitle>
        <div className="flex items-center gap-4">
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={showArchived} onCheckedChange={(v) => setShowArchived(v === true)} />
            {t("showArchived")}
          </label>
          {canManage ? <Button onClick={() => setDialog({ kind: "create", parentId: null })}>{t("new")}</Button> : null}
        </div>
      </CardHeader>
      <CardContent>
        {canManage ? <p className="mb-3 text-sm text-muted-foreground">{t("dndHint")}</p> : null}
        {tree.isPending ? (
          <div className="grid gap-2" aria-busy="true">
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-5/6" />
            <Skeleton className="h-8 w-4/6" />
          </div>
        ) : tree.isError ? (
          <div role="alert" className="grid justify-items-start gap-2">
            <p>{t("error")}</p>
            <Button variant="outline" onClick={() => void tree.refetch()}>
              {t("retry")}
            </Button>
          </div>
        ) : roots.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("empty")}</p>
        ) : (
          <ul role="tree" aria-label={t("treeLabel")} className="grid gap-1">
            {roots.map((n, i) => (
              <CategoryRow
                key={n.id}
                node={n}
                level={1}
                first={i === 0}
                last={i === roots.length - 1}
                isRoot
                canManage={canManage}
                dragged={dragged}
                onDragStart={setDragged}
                onDrop={onDrop}
                onAction={(a, node) => void onAction(a, node)}
              />
            ))}
          </ul>
        )}
      </CardContent>
      <Dialog open={dialog !== null} onOpenChange={(open) => (open ? null : setDialog(null))}>
        {dialog?.kind === "create" ? <CategoryCreateDialog parentId={dialog.parentId} roots={tree.data?.roots ?? []} onDone={() => setDialog(null)} /> : null}
        {dialog?.kind === "edit" ? <CategoryEditDialog node={dialog.node} onDone={() => setDialog(null)} /> : null}
        {dialog?.kind === "move" ? <CategoryMoveDialog node={dialog.node} roots={roots} onDone={() => setDialog(null)} /> : null}
      </Dialog>
    </Card>
  );
}

function findName(nodes: readonly CategoryNode[], id: string): string | null {
  for (const n of nodes) {
    if (n.id === id) return n.name;
    const inner = findName(n.children, id);
    if (inner) return inner;
  }
  return null;
}

function zoneOf(e: DragEvent<HTMLElement>): DropZone {
  const r = e.currentTarget.getBoundingClientRect();
  const y = (e.clientY - r.top) / Math.max(r.height, 1);
  return y < 0.25 ? "before" : y > 0.75 ? "after" : "inside";
}

function CategoryRow({
  node, level, first, last, isRoot, canManage, dragged, onDragStart, onDrop, onAction,
}: {
  node: CategoryNode; level: number; first: boolean; last: boolean; isRoot: boolean; canManage: boolean; dragged: string | null;
  onDragStart: (id: string | null) => void; onDrop: (targetId: string, zone: DropZone) => void; onAction: (a: Action, n: CategoryNode) => void;
}) {
  const t = useTranslations("inventoryCategories");
  const [over, setOver] = useState<DropZone | null>(null);
  const label = labelOf(node);
  const editable = canManage && !node.archivedAt;
  const dropAllowed = canManage && dragged !== null && dragged !== node.id;
  const allow = (e: DragEvent<HTMLDivElement>) => {
    if (!dropAllowed) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    setOver(zoneOf(e));
  };
  const iconButton = (action: Action, text: string, icon: React.ReactNode, disabled: boolean) => (
    <Button variant="ghost" size="icon" data-action={action} aria-label={text} title={text} disabled={disabled} onClick={() => onAction(action, node)}>
      {icon}
    </Button>
  );
  return (
    <li role="treeitem" aria-level={level} aria-selected={false} aria-label={label} aria-expanded={node.children.length ? true : undefined}>
      <div
        data-category={node.id}
        draggable={editable}
        onDragStart={(e) => {
          e.dataTransfer.setData("text/plain", node.id);
          e.dataTransfer.effectAllowed = "move";
          onDragStart(node.id);
        }}
        onDragEnd={() => onDragStart(null)}
        onDragOver={allow}
        onDragEnter={allow}
        onDragLeave={() => setOver(null)}
        onDrop={(e) => {
          e.preventDefault();
          const zone = zoneOf(e);
          setOver(null);
          onDrop(node.id, zone);
        }}
        className={cn(
          "flex items-center justify-between gap-2 rounded-md border border-transparent px-2 py-1 hover:bg-muted/50",
          over === "inside" && "border-primary bg-primary/10",
          over === "before" && "border-t-primary",
          over === "after" && "border-b-primary",
          dragged === node.id && "opacity-50",
        )}
        style={{ paddingLeft: `${(level - 1) * 1.5 + 0.5}rem` }}
      >
        <span className="flex min-w-0 items-center gap-2">
          {editable ? <GripVerticalIcon aria-hidden="true" className="size-4 shrink-0 cursor-grab text-muted-foreground" /> : null}
          <span className="truncate font-medium">{node.name}</span>
          <span className="font-mono text-xs text-muted-foreground">{node.code}</span>
          {node.series ? (
            <Badge variant="secondary" title={t("seriesNext", { next: node.series.nextNumber })}>
              {t("seriesBadge", { format: node.series.format })}
            </Badge>
          ) : null}
          {node.archivedAt ? <Badge variant="outline">{t("archived")}</Badge> : null}
        </span>
        {canManage ? (
          <span className="flex shrink-0 items-center">
            {editable ? (
              <>
                {iconButton("up", t("moveUp", { name: node.name }), <ArrowUpIcon aria-hidden="true" />, first)}
                {iconButton("down", t("moveDown", { name: node.name }), <ArrowDownIcon aria-hidden="true" />, last)}
                {iconButton("indent", t("indent", { name: node.name }), <IndentIncreaseIcon aria-hidden="true" />, first)}
                {iconButton("outdent", t("outdent", { name: node.name }), <IndentDecreaseIcon aria-hidden="true" />, isRoot)}
              </>
            ) : null}
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon" aria-label={t("actionsFor", { name: node.name })}>
                  <MoreHorizontalIcon aria-hidden="true" />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                {node.archivedAt ? (
                  <DropdownMenuItem onSelect={() => onAction("restore", node)}>{t("restore")}</DropdownMenuItem>
                ) : (
                  <>
                    <DropdownMenuItem onSelect={() => onAction("add", node)}>{t("addChild")}</DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => onAction("edit", node)}>{t("edit")}</DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => onAction("move", node)}>{t("moveTo")}</DropdownMenuItem>
                    <DropdownMenuItem onSelect={() => onAction("archive", node)}>{t("archive")}</DropdownMenuItem>
                  </>
                )}
              </DropdownMenuContent>
            </DropdownMenu>
          </span>
        ) : null}
      </div>
      {node.children.length ? (
        <ul role="group" className="grid gap-1">
          {node.children.map((c, i) => (
            <CategoryRow
              key={c.id}
              node={c}
              level={level + 1}
              first={i === 0}
              last={i === node.children.length - 1}
              isRoot={false}
              canManage={canManage}
              dragged={dragged}
              onDragStart={onDragStart}
              onDrop={onDrop}
              onAction={onAction}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function CategoryCreateDialog({ parentId, roots, onDone }: { parentId: string | null; roots: readonly CategoryNode[]; onDone: () => void }) {
  const t = useTranslations("inventoryCategories");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZCreateCategoryInput, { defaultValues: { code: "", name: "", description: "", parentId: parentId ?? "", numberFormat: "" } });
  const create = useMutation(trpc.inventory.categories.create.mutationOptions());
  const parents = useMemo(() => categoryOptions(visibleTree(roots, false)), [roots]);
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("createTitle")}</DialogTitle>
      <DialogDescription>{t("createDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          const c = await create.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.categories.tree.pathFilter());
          toast.success(t("created", { name: c.name }));
          onDone();
        }}
      >
        <SelectField name="parentId" label={t("fields.parent")} options={parents} placeholder={t("fields.topLevel")} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField name="code" label={t("fields.code")} required maxLength={50} />
          <TextField name="name" label={t("fields.name")} required maxLength={200} />
        </div>
        <TextField name="numberFormat" label={t("fields.numberFormat")} description={t("fields.numberFormatHint")} maxLength={64} />
        <TextareaField name="description" label={t("fields.description")} />
        <DialogFormActions submit={t("create")} />
      </Form>
    </DialogContent>
  );
}

function CategoryEditDialog({ node, onDone }: { node: CategoryNode; onDone: () => void }) {
  const t = useTranslations("inventoryCategories");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZUpdateCategoryInput, {
    defaultValues: { id: node.id, version: node.version, code: node.code, name: node.name, description: node.description ?? "", numberFormat: node.series?.format ?? "" },
  });
  const update = useMutation(trpc.inventory.categories.update.mutationOptions());
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("editTitle", { name: node.name })}</DialogTitle>
      <DialogDescription>{t("editDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onReload={() => void queryClient.invalidateQueries(trpc.inventory.categories.tree.pathFilter())}
        onSubmit={async (values) => {
          await update.mutateAsync(values);
          await queryClient.invalidateQueries(trpc.inventory.categories.tree.pathFilter());
          toast.success(t("saved"));
          onDone();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField name="code" label={t("fields.code")} required maxLength={50} />
          <TextField name="name" label={t("fields.name")} required maxLength={200} />
        </div>
        <TextField
          name="numberFormat"
          label={t("fields.numberFormat")}
          description={node.series?.used ? t("fields.numberFormatUsed") : t("fields.numberFormatHint")}
          maxLength={64}
          disabled={node.series?.used}
        />
        <TextareaField name="description" label={t("fields.description")} />
        <DialogFormActions submit={t("save")} />
      </Form>
    </DialogContent>
  );
}

const ZMoveForm = z.object({ id: z.uuid(), parentId: z.string() });

function CategoryMoveDialog({ node, roots, onDone }: { node: CategoryNode; roots: readonly CategoryNode[]; onDone: () => void }) {
  const t = useTranslations("inventoryCategories");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZMoveForm, { defaultValues: { id: node.id, parentId: node.parentId ?? "" } });
  const move = useMutation(trpc.inventory.categories.move.mutationOptions());
  const excluded = subtreeIds(roots, node.id);
  const parents = categoryOptions(roots).filter((o) => !excluded.has(o.value));
  return (
    <DialogContent className="sm:max-w-lg">
      <DialogTitle>{t("moveTitle", { name: node.name })}</DialogTitle>
      <DialogDescription>{t("moveDescription")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-4"
        onSubmit={async (values) => {
          const parentId = values.parentId || null;
          await move.mutateAsync({ id: values.id, parentId });
          await queryClient.invalidateQueries(trpc.inventory.categories.tree.pathFilter());
          toast.success(t("moved", { name: node.name }));
          onDone();
        }}
      >
        <SelectField name="parentId" label={t("fields.parent")} options={parents} placeholder={t("fields.topLevel")} />
        <DialogFormActions submit={t("moveSubmit")} />
      </Form>
    </DialogContent>
  );
}
