"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable, type DataTableColumn, type DataTableFilter, type RowOf } from "@/components/data-table";
import { useFormat } from "@/components/format/FormatProvider";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { INVITATION_STATUSES, INVITATIONS_LIST } from "@/server/modules/admin/admin.schemas";
import { useTRPC } from "@/trpc/react";

type Procedure = ReturnType<typeof useTRPC>["admin"]["invitations"]["list"];
type InvitationRow = RowOf<Procedure>;

const WHEN: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
const BADGE = { pending: "default", accepted: "secondary", revoked: "destructive", expired: "outline" } as const;

/** The organization's invitations; with auth.member.invite, resend and revoke per row. */
export function InvitationsList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("invitations");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<InvitationRow | null>(null);
  const resend = useMutation(
    trpc.admin.invitations.resend.mutationOptions({
      onSuccess: async (r) => {
        toast.success(t("resend.done", { email: r.email }));
        await queryClient.invalidateQueries(trpc.admin.invitations.list.pathFilter());
      },
      onError: (e) => toast.error(t("failed", { message: e.message })),
    }),
  );

  const columns = useMemo<DataTableColumn<InvitationRow>[]>(
    () => [
      { id: "email", header: t("columns.email"), cell: (r) => <span className="font-medium">{r.email}</span>, hideable: false },
      { id: "roles", header: t("columns.roles"), cell: (r) => r.roles.map((role) => role.name).join(", ") || "—" },
      {
        id: "workspaces",
        header: t("columns.workspaces"),
        cell: (r) => (r.workspaces === "all" ? t("allWorkspaces") : r.workspaces.map((w) => w.name).join(", ") || "—"),
      },
      { id: "invitedBy", header: t("columns.invitedBy"), cell: (r) => r.invitedBy?.name ?? "—" },
      {
        id: "lastSentAt",
        header: t("columns.sent"),
        cell: (r) => (
          <span className="whitespace-nowrap">
            <time dateTime={r.lastSentAt.toISOString()}>{format.dateTime(r.lastSentAt, WHEN)}</time>
            {r.sentCount > 1 ? <span className="text-muted-foreground"> · {t("sentTimes", { count: r.sentCount })}</span> : null}
          </span>
        ),
      },
      {
        id: "expiresAt",
        header: t("columns.expires"),
        cell: (r) => (r.status === "pending" || r.status === "expired" ? <time dateTime={r.expiresAt.toISOString()}>{format.dateTime(r.expiresAt, WHEN)}</time> : "—"),
        className: "whitespace-nowrap",
      },
      { id: "status", header: t("columns.status"), cell: (r) => <Badge variant={BADGE[r.status]}>{t(`status.${r.status}`)}</Badge> },
      { id: "createdAt", header: t("columns.createdAt"), cell: (r) => <time dateTime={r.createdAt.toISOString()}>{format.dateTime(r.createdAt, WHEN)}</time>, hiddenByDefault: true },
      ...(canManage
        ? [
            {
              id: "actions",
              header: t("columns.actions"),
              hideable: false,
              className: "w-0 whitespace-nowrap text-right",
              cell: (r: InvitationRow) =>
                r.open ? (
                  <div className="flex justify-end gap-1">
                    <Button size="sm" variant="outline" disabled={resend.isPending} onClick={() => resend.mutate({ id: r.id })} aria-label={t("resend.label", { email: r.email })}>
                      {t("resend.action")}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setRevoking(r)} aria-label={t("revoke.label", { email: r.email })}>
                      {t("revoke.action")}
                    </Button>
                  </div>
                ) : null,
            } satisfies DataTableColumn<InvitationRow>,
          ]
        : []),
    ],
    [t, format, canManage, resend],
  );

  const filters = useMemo<DataTableFilter[]>(
    () => [{ id: "status", label: t("filters.status"), options: INVITATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) }],
    [t],
  );

  return (
    <>
      <DataTable
        listKey="admin.invitations"
        label={t("tableLabel")}
        spec={INVITATIONS_LIST}
        procedure={trpc.admin.invitations.list}
        columns={columns}
        filters={filters}
        getRowLabel={(r) => r.email}
        searchPlaceholder={t("searchPlaceholder")}
        emptyMessage={t("empty")}
      />
      <Dialog open={revoking !== null} onOpenChange={(o) => !o && setRevoking(null)}>
        {revoking ? <RevokeDialog invitation={revoking} onDone={() => setRevoking(null)} /> : null}
      </Dialog>
    </>
  );
}

function RevokeDialog({ invitation, onDone }: { invitation: InvitationRow; onDone: () => void }) {
  const t = useTranslations("invitations");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.admin.invitations.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(t("revoke.done", { email: invitation.email }));
        await queryClient.invalidateQueries(trpc.admin.invitations.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <DialogContent>
      <DialogTitle>{t("revoke.title")}</DialogTitle>
      <DialogDescription>{t("revoke.description", { email: invitation.email })}</DialogDescription>
      {revoke.error ? (
        <p role="alert" className="text-sm text-destructive">
          {revoke.error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={revoke.isPending}>
          {t("cancel")}
        </Button>
        <Button variant="destructive" onClick={() => revoke.mutate({ id: invitation.id })} disabled={revoke.isPending}>
          {t("revoke.confirm")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
