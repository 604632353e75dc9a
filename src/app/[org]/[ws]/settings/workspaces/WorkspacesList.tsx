"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontalIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { DialogFormActions, Form, SelectField, TextField, useZodForm } from "@/components/form";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogPanel, DialogTitle } from "@/components/ui/Dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/DropdownMenu";
import { slugify } from "@/lib/slug";
import { workspacePath } from "@/lib/urls";
import {
  WORKSPACE_STATUSES,
  WORKSPACE_TYPES,
  WORKSPACES_LIST,
  ZNewWorkspaceInput,
  ZUpdateWorkspaceInput,
} from "@/server/modules/platform/platform.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["platform"]["workspaces"]["manageList"];
type WorkspaceRow = RowOf<Procedure>;
type Pending = { kind: "edit" | "archive" | "restore"; row: WorkspaceRow } | { kind: "new" };

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

/** Settings → Workspaces: every workspace with its members; with platform.workspace.manage, create / edit / archive / restore. */
export function WorkspacesList({ org, canManage }: { org: string; canManage: boolean }) {
  const t = useTranslations("workspaces");
  const types = useTranslations("workspaceTypes");
  const format = useFormat();
  const trpc = useTRPC();
  const [pending, setPending] = useState<Pending | null>(null);

  const columns = useMemo<DataTableColumn<WorkspaceRow>[]>(
    () => [
      {
        id: "name",
        header: t("columns.name"),
        hideable: false,
        cell: (r) => (
          <Link href={workspacePath(org, r.slug)} className="font-medium underline-offset-4 hover:underline" aria-label={t("open", { name: r.name })}>
            {r.name}
          </Link>
        ),
      },
      { id: "slug", header: t("columns.slug"), cell: (r) => <code className="text-xs">{r.slug}</code> },
      { id: "type", header: t("columns.type"), cell: (r) => types(r.type) },
      {
        id: "status",
        header: t("columns.status"),
        cell: (r) => <Badge variant={r.status === "active" ? "secondary" : "outline"}>{t(`status.${r.status}`)}</Badge>,
      },
      { id: "members", header: t("columns.members"), cell: (r) => format.number(r.members), className: "tabular-nums" },
      {
        id: "createdAt",
        header: t("columns.createdAt"),
        cell: (r) => <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, WHEN)}</time>,
        className: "whitespace-nowrap",
        hiddenByDefault: true,
      },
      ...(canManage
        ? [
            {
              id: "actions",
              header: t("columns.actions"),
              hideable: false,
              cell: (r: WorkspaceRow) => (
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button variant="ghost" size="icon" aria-label={t("actionsFor", { name: r.name })}>
                      <MoreHorizontalIcon aria-hidden="true" />
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent align="end">
                    <DropdownMenuItem onSelect={() => setPending({ kind: "edit", row: r })}>{t("edit.action")}</DropdownMenuItem>
                    {r.status === "active" ? (
                      <DropdownMenuItem onSelect={() => setPending({ kind: "archive", row: r })}>{t("archive.action")}</DropdownMenuItem>
                    ) : (
                      <DropdownMenuItem onSelect={() => setPending({ kind: "restore", row: r })}>{t("restore.action")}</DropdownMenuItem>
                    )}
                  </DropdownMenuContent>
                </DropdownMenu>
              ),
            } satisfies DataTableColumn<WorkspaceRow>,
          ]
        : []),
    ],
    [t, types, format, org, canManage],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: WORKSPACE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) },
      { id: "type", label: t("filters.type"), options: WORKSPACE_TYPES.map((s) => ({ value: s, label: types(s) })) },
    ],
    [t, types],
  );

  return (
    <>
      <DataTable
        listKey="platform.workspaces"
        label={t("tableLabel")}
        spec={WORKSPACES_LIST}
        procedure={trpc.platform.workspaces.manageList}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.name} ${r.slug}`}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
        toolbar={
          canManage ? (
            <Button onClick={() => setPending({ kind: "new" })}>
              <PlusIcon aria-hidden="true" />
              {t("new.button")}
            </Button>
          ) : null
        }
      />
      {pending?.kind === "new" ? <NewWorkspaceDialog org={org} onClose={() => setPending(null)} /> : null}
      {pending?.kind === "edit" ? <EditWorkspaceDialog row={pending.row} onClose={() => setPending(null)} /> : null}
      {pending?.kind === "archive" || pending?.kind === "restore" ? (
        <StatusDialog kind={pending.kind} row={pending.row} onClose={() => setPending(null)} />
      ) : null}
    </>
  );
}

function useTypeOptions() {
  const types = useTranslations("workspaceTypes");
  return WORKSPACE_TYPES.map((value) => ({ value, label: types(value) }));
}

function useRefreshLists() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    await queryClient.invalidateQueries(trpc.platform.workspaces.pathFilter());
    // The switcher and the archived banner come from the server-rendered shell.
    router.refresh();
  };
}

function NewWorkspaceDialog({ org, onClose }: { org: string; onClose: () => void }) {
  const t = useTranslations("workspaces");
  const trpc = useTRPC();
  const refresh = useRefreshLists();
  const typeOptions = useTypeOptions();
  const form = useZodForm(ZNewWorkspaceInput, { defaultValues: { name: "", slug: "", type: "branch" } });
  const [name, slug] = useWatch({ control: form.control, name: ["name", "slug"] });
  // The address follows the name until the user types one of their own.
  useEffect(() => {
    if (!form.getFieldState("slug").isDirty) form.setValue("slug", slugify(String(name ?? "")), { shouldValidate: false });
  }, [name, form]);
  const create = useMutation(
    trpc.platform.workspaces.create.mutationOptions({
      onSuccess: async (ws) => {
        toast.success(t("new.created", { name: ws.name }));
        await refresh();
        onClose();
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={t("new.title")} description={t("new.description")} className="max-w-lg">
        <Form form={form} onSubmit={(values) => create.mutateAsync(values)} guardUnsavedChanges={false}>
          <TextField name="name" label={t("new.name")} required autoComplete="off" />
          <TextField name="slug" label={t("new.slug")} description={t("new.slugHint", { org, slug: String(slug || "…") })} autoComplete="off" className="[&_input]:font-mono" />
          <SelectField name="type" label={t("new.type")} options={typeOptions} placeholder={false} required />
          <DialogFormActions submit={t("new.submit")} />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}

function EditWorkspaceDialog({ row, onClose }: { row: WorkspaceRow; onClose: () => void }) {
  const t = useTranslations("workspaces");
  const trpc = useTRPC();
  const refresh = useRefreshLists();
  const typeOptions = useTypeOptions();
  const form = useZodForm(ZUpdateWorkspaceInput, { defaultValues: { id: row.id, name: row.name, type: row.type } });
  const update = useMutation(
    trpc.platform.workspaces.update.mutationOptions({
      onSuccess: async (ws) => {
        toast.success(t("edit.saved", { name: ws.name }));
        await refresh();
        onClose();
      },
    }),
  );
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={t("edit.title", { name: row.name })} description={t("edit.description", { slug: row.slug })} className="max-w-lg">
        <Form form={form} onSubmit={(values) => update.mutateAsync(values)} guardUnsavedChanges={false}>
          <TextField name="name" label={t("new.name")} required autoComplete="off" />
          <SelectField name="type" label={t("new.type")} options={typeOptions} placeholder={false} required />
          <DialogFormActions />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}

function StatusDialog({ kind, row, onClose }: { kind: "archive" | "restore"; row: WorkspaceRow; onClose: () => void }) {
  const t = useTranslations("workspaces");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const refresh = useRefreshLists();
  const options = {
    onSuccess: async () => {
      toast.success(t(`${kind}.done`, { name: row.name }));
      await refresh();
      onClose();
    },
  };
  const archive = useMutation(trpc.platform.workspaces.archive.mutationOptions(options));
  const restore = useMutation(trpc.platform.workspaces.restore.mutationOptions(options));
  const mutation = kind === "archive" ? archive : restore;
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent>
        <DialogTitle>{t(`${kind}.title`, { name: row.name })}</DialogTitle>
        <DialogDescription>{t(`${kind}.description`)}</DialogDescription>
        {mutation.error ? (
          <p role="alert" className="text-sm text-destructive">
            {t("failed", { message: mutation.error.message })}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={mutation.isPending}>
            {common("cancel")}
          </Button>
          <Button
            variant={kind === "archive" ? "destructive" : "default"}
            onClick={() => mutation.mutate({ id: row.id })}
            disabled={mutation.isPending}
            aria-busy={mutation.isPending || undefined}
          >
            {t(`${kind}.confirm`)}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
