"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontalIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableBulkAction, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/DropdownMenu";
import { Label } from "@/components/ui/Label";
import { Textarea } from "@/components/ui/Textarea";
import { MEMBERS_LIST } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

import { EditAccessDialog, RemoveMemberDialog } from "./MemberDialogs";

type Procedure = ReturnType<typeof useTRPC>["admin"]["members"]["list"];
type MemberRow = RowOf<Procedure>;
type Pending = { action: "deactivate" | "reactivate"; ids: string[]; clearSelection: () => void };
type RowAction = { action: "edit" | "remove"; member: MemberRow };

/** Who is looking: the actions a row offers depend on it (the server decides again). */
export type Viewer = { userId: string; isOwner: boolean };

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/**
 * The organization's members on the DataTable; with auth.member.invite, bulk deactivate / reactivate and per-row
 * "Edit access" and "Remove" (owners' rows say why they are locked for non-owners).
 */
export function MembersList({ canManage, viewer }: { canManage: boolean; viewer: Viewer }) {
  const t = useTranslations("members");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useQuery(trpc.admin.members.filterOptions.queryOptions());
  const [pending, setPending] = useState<Pending | null>(null);
  const [rowAction, setRowAction] = useState<RowAction | null>(null);

  const columns = useMemo<DataTableColumn<MemberRow>[]>(
    () => [
      { id: "name", header: t("columns.name"), cell: (r) => <span className="font-medium">{r.user.name}</span>, hideable: false },
      { id: "email", header: t("columns.email"), cell: (r) => r.user.email },
      { id: "roles", header: t("columns.roles"), cell: (r) => r.roles.map((role) => role.name).join(", ") || "—" },
      {
        id: "workspaces",
        header: t("columns.workspaces"),
        cell: (r) => (r.workspaces === "all" ? t("allWorkspaces") : r.workspaces.map((w) => w.name).join(", ") || "—"),
      },
      {
        id: "status",
        header: t("columns.status"),
        cell: (r) => <Badge variant={r.status === "active" ? "secondary" : "destructive"}>{t(`status.${r.status}`)}</Badge>,
      },
      {
        id: "lastUsedAt",
        header: t("columns.lastUsedAt"),
        cell: (r) => (r.lastUsedAt ? <time dateTime={r.lastUsedAt.toISOString()}>{format.dateTime(r.lastUsedAt, WHEN)}</time> : t("never")),
        className: "whitespace-nowrap",
      },
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
              className: "w-0 text-right",
              cell: (r: MemberRow) => <RowActions member={r} viewer={viewer} onAction={setRowAction} />,
            } satisfies DataTableColumn<MemberRow>,
          ]
        : []),
    ],
    [t, format, canManage, viewer],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [
      { id: "status", label: t("filters.status"), options: (["active", "suspended"] as const).map((s) => ({ value: s, label: t(`status.${s}`) })) },
      { id: "role", label: t("filters.role"), options: (options.data?.roles ?? []).map((r) => ({ value: r.key, label: r.name })) },
      { id: "workspace", label: t("filters.workspace"), options: (options.data?.workspaces ?? []).map((w) => ({ value: w.id, label: w.name })) },
    ],
    [options.data, t],
  );

  const bulkActions = useMemo<DataTableBulkAction[]>(
    () =>
      canManage
        ? [
            { label: t("deactivate.action"), variant: "destructive", onRun: (ids, selection) => setPending({ action: "deactivate", ids, clearSelection: selection.clear }) },
            { label: t("reactivate.action"), onRun: (ids, selection) => setPending({ action: "reactivate", ids, clearSelection: selection.clear }) },
          ]
        : [],
    [canManage, t],
  );

  return (
    <>
      <DataTable
        listKey="admin.members"
        label={t("tableLabel")}
        spec={MEMBERS_LIST}
        procedure={trpc.admin.members.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => `${r.user.name} ${r.user.email}`}
        bulkActions={bulkActions}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
      />
      <Dialog open={pending !== null} onOpenChange={(o) => !o && setPending(null)}>
        {pending ? <ConfirmDialog pending={pending} onDone={() => setPending(null)} /> : null}
      </Dialog>
      <Dialog open={rowAction !== null} onOpenChange={(o) => !o && setRowAction(null)}>
        {rowAction?.action === "edit" ? <EditAccessDialog member={rowAction.member} canGrantOwner={viewer.isOwner} onDone={() => setRowAction(null)} /> : null}
        {rowAction?.action === "remove" ? <RemoveMemberDialog member={rowAction.member} onDone={() => setRowAction(null)} /> : null}
      </Dialog>
    </>
  );
}

function RowActions({ member, viewer, onAction }: { member: MemberRow; viewer: Viewer; onAction: (a: RowAction) => void }) {
  const t = useTranslations("members.rowActions");
  const ownerLocked = member.roles.some((r) => r.key === "owner") && !viewer.isOwner;
  const self = member.user.id === viewer.userId;
  const why = ownerLocked ? t("ownerLocked") : self ? t("selfLocked") : null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={t("label", { name: member.user.name })}>
          <MoreHorizontalIcon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem disabled={ownerLocked} onSelect={() => onAction({ action: "edit", member })}>
          {t("edit")}
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" disabled={ownerLocked || self} onSelect={() => onAction({ action: "remove", member })}>
          {t("remove")}
        </DropdownMenuItem>
        {why ? <DropdownMenuLabel className="max-w-56 text-xs font-normal text-muted-foreground">{why}</DropdownMenuLabel> : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function ConfirmDialog({ pending, onDone }: { pending: Pending; onDone: () => void }) {
  const t = useTranslations("members");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const count = pending.ids.length;
  const onSuccess = async (r: { ids: string[] }) => {
    toast.success(t(`${pending.action}.done`, { count: r.ids.length }));
    await queryClient.invalidateQueries(trpc.admin.members.list.pathFilter());
    pending.clearSelection();
    onDone();
  };
  const onError = (e: { message: string }) => toast.error(t("failed", { message: e.message }));
  const deactivate = useMutation(trpc.admin.members.deactivate.mutationOptions({ onSuccess, onError }));
  const reactivate = useMutation(trpc.admin.members.reactivate.mutationOptions({ onSuccess, onError }));
  const busy = deactivate.isPending || reactivate.isPending;
  const error = deactivate.error ?? reactivate.error;

  const confirm = () => {
    if (pending.action === "deactivate") deactivate.mutate({ ids: pending.ids, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    else reactivate.mutate({ ids: pending.ids });
  };

  return (
    <DialogContent>
      <DialogTitle>{t(`${pending.action}.title`, { count })}</DialogTitle>
      <DialogDescription>{t(`${pending.action}.description`, { count })}</DialogDescription>
      {pending.action === "deactivate" ? (
        <div className="grid gap-1.5">
          <Label htmlFor="members-deactivate-reason">{t("deactivate.reason")}</Label>
          <Textarea id="members-deactivate-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={busy}>
          {t("cancel")}
        </Button>
        <Button variant={pending.action === "deactivate" ? "destructive" : "default"} onClick={confirm} disabled={busy}>
          {t(`${pending.action}.confirm`, { count })}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
