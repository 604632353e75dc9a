"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableBulkAction, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Label } from "@/components/ui/Label";
import { Textarea } from "@/components/ui/Textarea";
import { MEMBERS_LIST } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["admin"]["members"]["list"];
type MemberRow = RowOf<Procedure>;
type Pending = { action: "deactivate" | "reactivate"; ids: string[]; clearSelection: () => void };

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/** The organization's members on the DataTable; with auth.member.invite, bulk deactivate / reactivate. */
export function MembersList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("members");
  const format = useFormat();
  const trpc = useTRPC();
  const options = useQuery(trpc.admin.members.filterOptions.queryOptions());
  const [pending, setPending] = useState<Pending | null>(null);

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
    ],
    [t, format],
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
    </>
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
