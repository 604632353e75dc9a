"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { useTRPC } from "@/trpc/react";

/** Archive / restore, and delete (refused by the server once anything used the item: its message is shown). */
export function ItemActions({ item, listPath }: { item: { id: string; sku: string; archivedAt: Date | string | null; version: number }; listPath: string }) {
  const t = useTranslations("inventory");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const archive = useMutation(
    trpc.inventory.items.archive.mutationOptions({
      onSuccess: async (i) => {
        queryClient.setQueryData(trpc.inventory.items.get.queryKey({ id: item.id }), i);
        await queryClient.invalidateQueries(trpc.inventory.items.pathFilter());
        toast.success(i.archivedAt ? t("actions.archivedDone", { sku: i.sku }) : t("actions.restoredDone", { sku: i.sku }));
      },
      // A stale page (changed by someone else: CONFLICT) shows the message and reloads the item.
      onError: async (e) => {
        toast.error(e.message);
        await queryClient.invalidateQueries(trpc.inventory.items.get.queryFilter({ id: item.id }));
      },
    }),
  );
  const remove = useMutation(
    trpc.inventory.items.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(t("actions.deletedDone", { sku: item.sku }));
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.inventory.items.list.pathFilter());
        router.push(listPath);
      },
      onError: (e) => setDeleteError(e.message),
    }),
  );
  return (
    <div className="flex flex-wrap gap-2">
      {item.archivedAt ? (
        <Button variant="outline" disabled={archive.isPending} onClick={() => archive.mutate({ id: item.id, archived: false, version: item.version })}>
          {t("actions.restore")}
        </Button>
      ) : (
        <Button variant="outline" disabled={archive.isPending} onClick={() => archive.mutate({ id: item.id, archived: true, version: item.version })}>
          {t("actions.archive")}
        </Button>
      )}
      <Button
        variant="outline"
        className="text-destructive"
        onClick={() => {
          setDeleteError(null);
          setConfirming(true);
        }}
      >
        {t("actions.delete")}
      </Button>
      <Dialog open={confirming} onOpenChange={(open) => !remove.isPending && setConfirming(open)}>
        {confirming ? (
          <DialogContent>
            <DialogTitle>{t("actions.deleteTitle", { sku: item.sku })}</DialogTitle>
            <DialogDescription>{t("actions.deleteDescription")}</DialogDescription>
            {deleteError ? (
              <p role="alert" className="text-sm text-destructive">
                {deleteError}
              </p>
            ) : null}
            <DialogFooter>
              <Button variant="outline" onClick={() => setConfirming(false)} disabled={remove.isPending}>
                {common("cancel")}
              </Button>
              {deleteError && !item.archivedAt ? (
                <Button
                  onClick={() => {
                    archive.mutate({ id: item.id, archived: true, version: item.version });
                    setConfirming(false);
                  }}
                >
                  {t("actions.archiveInstead")}
                </Button>
              ) : null}
              <Button variant="destructive" onClick={() => remove.mutate({ id: item.id })} disabled={remove.isPending || deleteError !== null}>
                {t("actions.confirmDelete")}
              </Button>
            </DialogFooter>
          </DialogContent>
        ) : null}
      </Dialog>
    </div>
  );
}
