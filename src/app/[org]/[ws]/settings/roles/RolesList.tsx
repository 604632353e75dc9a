"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, PlusIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";
import { workspacePath } from "@/lib/urls";
import { useTRPC } from "@/trpc/react";

import { CloneRoleDialog } from "./CloneRoleDialog";

type Target = { id: string; name: string };

/** System and custom roles with their members and permissions; with auth.role.manage: new, clone, delete. */
export function RolesList({ org, ws, canManage }: { org: string; ws: string; canManage: boolean }) {
  const t = useTranslations("roles");
  const trpc = useTRPC();
  const roles = useQuery(trpc.admin.roles.list.queryOptions());
  const [cloning, setCloning] = useState<Target | null>(null);
  const [deleting, setDeleting] = useState<Target | null>(null);
  const href = (id: string) => workspacePath(org, ws, "settings", "roles", id);

  return (
    <div className="grid gap-3">
      {canManage ? (
        <div className="flex justify-end">
          <Button asChild>
            <Link href={href("new")}>
              <PlusIcon aria-hidden="true" />
              {t("new")}
            </Link>
          </Button>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-md border">
        <table className="w-full text-sm" aria-label={t("tableLabel")} aria-busy={roles.isPending || undefined}>
          <thead className="bg-muted/40 text-left text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t("columns.name")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t("columns.type")}</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">{t("columns.members")}</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">{t("columns.permissions")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t("columns.recordScope")}</th>
              {canManage ? <th scope="col" className="px-3 py-2 text-right font-medium">{t("columns.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {roles.isPending
              ? Array.from({ length: 4 }, (_, i) => (
                  <tr key={i} className="border-t">
                    <td colSpan={canManage ? 6 : 5} className="px-3 py-2">
                      <Skeleton className="h-5 w-full" />
                    </td>
                  </tr>
                ))
              : null}
            {roles.isError ? (
              <tr>
                <td colSpan={canManage ? 6 : 5} className="px-3 py-6 text-center">
                  <div role="alert" className="grid justify-items-center gap-2">
                    <p className="text-destructive">{t("loadFailed", { message: roles.error.message })}</p>
                    <Button variant="outline" size="sm" onClick={() => void roles.refetch()}>
                      {t("retry")}
                    </Button>
                  </div>
                </td>
              </tr>
            ) : null}
            {roles.data?.length === 0 ? (
              <tr>
                <td colSpan={canManage ? 6 : 5} className="px-3 py-6 text-center text-muted-foreground">
                  {t("empty")}
                </td>
              </tr>
            ) : null}
            {roles.data?.map((r) => (
              <tr key={r.id} className="border-t">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link href={href(r.id)} className="underline-offset-4 hover:underline focus-visible:underline">
                    {r.name}
                  </Link>
                  {r.description ? <p className="text-xs font-normal text-muted-foreground">{r.description}</p> : null}
                </th>
                <td className="px-3 py-2">
                  <Badge variant={r.isSystem ? "secondary" : "outline"}>{r.isSystem ? t("system") : t("custom")}</Badge>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{r.memberCount}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.permissionCount}</td>
                <td className="px-3 py-2">{t(`recordScope.${r.recordScope}`)}</td>
                {canManage ? (
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-1">
                      <Button variant="ghost" size="sm" aria-label={t("cloneRole", { name: r.name })} onClick={() => setCloning({ id: r.id, name: r.name })}>
                        <CopyIcon aria-hidden="true" />
                        {t("clone")}
                      </Button>
                      {r.isSystem ? null : (
                        <Button variant="ghost" size="sm" aria-label={t("deleteRole", { name: r.name })} onClick={() => setDeleting({ id: r.id, name: r.name })}>
                          <Trash2Icon aria-hidden="true" />
                          {t("delete")}
                        </Button>
                      )}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cloning ? <CloneRoleDialog role={cloning} org={org} ws={ws} onClose={() => setCloning(null)} /> : null}
      <Dialog open={deleting !== null} onOpenChange={(o) => !o && setDeleting(null)}>
        {deleting ? <DeleteDialog role={deleting} onDone={() => setDeleting(null)} /> : null}
      </Dialog>
    </div>
  );
}

function DeleteDialog({ role, onDone }: { role: Target; onDone: () => void }) {
  const t = useTranslations("roles");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const del = useMutation(
    trpc.admin.roles.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(t("deleted", { name: role.name }));
        await queryClient.invalidateQueries(trpc.admin.roles.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <DialogContent>
      <DialogTitle>{t("deleteTitle", { name: role.name })}</DialogTitle>
      <DialogDescription>{t("deleteDescription")}</DialogDescription>
      {del.error ? (
        <p role="alert" className="text-sm text-destructive">
          {del.error.message}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onDone} disabled={del.isPending}>
          {common("cancel")}
        </Button>
        <Button variant="destructive" onClick={() => del.mutate({ id: role.id })} disabled={del.isPending}>
          {t("delete")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
