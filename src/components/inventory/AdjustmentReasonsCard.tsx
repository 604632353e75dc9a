"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { z } from "zod";

import { Form, isStaleVersionError, SubmitButton, TextField, useZodForm } from "@/components/form";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/Card";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { REASON_CODE_MAX, REASON_CODE_PATTERN, REASON_NAME_MAX } from "@/server/modules/inventory/adjustment-reasons.schemas";
import { useTRPC } from "@/trpc/react";

type Reason = { id: string; code: string; name: string; sortOrder: number; archivedAt: Date | null; version: number };
type Direction = "up" | "down";


/**
 * The closed list of stock adjustment reasons (inventory.adjustmentReasons.*) in their sort order: code, name,
 * status; add, edit, move up / down, archive and restore. Shown on Settings → Inventory, which only members with
 * inventory.settings.manage open.
 */
export function AdjustmentReasonsCard() {
  const t = useTranslations("inventorySettings.reasons");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.inventory.adjustmentReasons.list.queryOptions({ includeArchived: true }));
  const [editing, setEditing] = useState<Reason | "new" | null>(null);
  const done = () => queryClient.invalidateQueries(trpc.inventory.adjustmentReasons.list.pathFilter());
  // Archive and restore send the version the row was read with; stale (someone else changed the reason since): say so
  // and refresh, so the list shows the reason as it is now.
  const failed = (e: unknown) => {
    toast.error(isStaleVersionError(e) ? t("changedElsewhere") : t("actionFailed"));
    if (isStaleVersionError(e)) void done();
  };
  const archive = useMutation(trpc.inventory.adjustmentReasons.archive.mutationOptions({ onSuccess: done, onError: failed }));
  const restore = useMutation(trpc.inventory.adjustmentReasons.restore.mutationOptions({ onSuccess: done, onError: failed }));
  const move = useMutation(trpc.inventory.adjustmentReasons.move.mutationOptions());
  // One move at a time, until the list (and so every row's version) is fresh again.
  const moving = useRef(false);
  const rows = list.data ?? [];

  const onMove = async (r: Reason, direction: Direction) => {
    if (moving.current) return;
    moving.current = true;
    try {
      await move.mutateAsync({ id: r.id, version: r.version, direction });
    } catch (e) {
      // Stale (someone else changed the list since it was loaded): say so; the refresh below shows the list as it is.
      toast.error(isStaleVersionError(e) ? t("changedElsewhere") : t("actionFailed"));
    } finally {
      await done();
      moving.current = false;
    }
    // Keep the keyboard on the moved row: the same button, or the other one once the row reached an end.
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-reason="${r.id}"]`);
      const same = row?.querySelector<HTMLButtonElement>(`[data-action="${direction}"]`);
      (same && !same.disabled ? same : row?.querySelector<HTMLButtonElement>(`[data-action="${direction === "up" ? "down" : "up"}"]`))?.focus();
    });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div>
          <Button size="sm" onClick={() => setEditing("new")}>
            <PlusIcon aria-hidden="true" />
            {t("add")}
          </Button>
        </div>
        {list.isPending ? <p className="text-sm text-muted-foreground">{t("loading")}</p> : null}
        {list.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {t("loadFailed")}
          </p>
        ) : null}
        {list.isSuccess && rows.length === 0 ? <p className="text-sm text-muted-foreground">{t("empty")}</p> : null}
        {rows.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label={t("tableLabel")}>
              <thead>
                <tr className="border-b text-left text-muted-foreground">
                  <th className="py-2 pr-3 font-medium">{t("columns.code")}</th>
                  <th className="py-2 pr-3 font-medium">{t("columns.name")}</th>
                  <th className="py-2 pr-3 font-medium">{t("columns.status")}</th>
                  <th className="py-2 text-right font-medium">
                    <span className="sr-only">{t("columns.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={r.id} data-reason={r.id} className="border-b last:border-0">
                    <td className="py-2 pr-3 font-mono text-xs">{r.code}</td>
                    <td className="py-2 pr-3">{r.name}</td>
                    <td className="py-2 pr-3">
                      <Badge variant={r.archivedAt ? "secondary" : "outline"}>{r.archivedAt ? t("archived") : t("active")}</Badge>
                    </td>
                    <td className="py-2 text-right whitespace-nowrap">
                      <Button
                        variant="ghost"
                        size="icon"
                        data-action="up"
                        disabled={i === 0}
                        onClick={() => void onMove(r, "up")}
                        aria-label={t("moveUp", { name: r.name })}
                        title={t("moveUp", { name: r.name })}
                      >
                        <ArrowUpIcon aria-hidden="true" />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        data-action="down"
                        disabled={i === rows.length - 1}
                        onClick={() => void onMove(r, "down")}
                        aria-label={t("moveDown", { name: r.name })}
                        title={t("moveDown", { name: r.name })}
                      >
                        <ArrowDownIcon aria-hidden="true" />
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setEditing(r)} aria-label={t("editLabel", { code: r.code })}>
                        {t("edit")}
                      </Button>
                      {r.archivedAt ? (
                        <Button variant="ghost" size="sm" disabled={restore.isPending} onClick={() => restore.mutate({ id: r.id, version: r.version })} aria-label={t("restoreLabel", { code: r.code })}>
                          {t("restore")}
                        </Button>
                      ) : (
                        <Button variant="ghost" size="sm" disabled={archive.isPending} onClick={() => archive.mutate({ id: r.id, version: r.version })} aria-label={t("archiveLabel", { code: r.code })}>
                          {t("archive")}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </CardContent>
      <Dialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)}>
        {editing ? <ReasonDialog reason={editing === "new" ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Dialog>
    </Card>
  );
}

function ReasonDialog({ reason, onDone }: { reason: Reason | null; onDone: () => void }) {
  const t = useTranslations("inventorySettings.reasons");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The reason as read when the dialog opened (or reloaded): its version is what the update claims to change.
  const [base, setBase] = useState(reason);
  // The procedures' limits (adjustment-reasons.schemas.ts, the same constants), with the messages in the user's language.
  const schema = useMemo(
    () =>
      z.object({
        code: z
          .string()
          .trim()
          .min(1, t("codeRequired"))
          .max(REASON_CODE_MAX, t("codeTooLong", { max: REASON_CODE_MAX }))
          .regex(REASON_CODE_PATTERN, t("codeChars")),
        name: z.string().trim().min(1, t("nameRequired")).max(REASON_NAME_MAX, t("nameTooLong", { max: REASON_NAME_MAX })),
      }),
    [t],
  );
  const form = useZodForm(schema, { defaultValues: { code: reason?.code ?? "", name: reason?.name ?? "" } });
  const create = useMutation(trpc.inventory.adjustmentReasons.create.mutationOptions());
  const update = useMutation(trpc.inventory.adjustmentReasons.update.mutationOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.inventory.adjustmentReasons.list.pathFilter());
  // "Reload" after a conflict: the reason as it is now, in the form and as the version to change.
  const reload = async () => {
    const rows = await queryClient.fetchQuery({ ...trpc.inventory.adjustmentReasons.list.queryOptions({ includeArchived: true }), staleTime: 0 });
    const fresh = rows.find((r) => r.id === base?.id);
    if (!fresh) return onDone();
    setBase(fresh);
    form.reset({ code: fresh.code, name: fresh.name });
  };
  return (
    <DialogContent className="max-w-md">
      <DialogTitle>{base ? t("editTitle", { code: base.code }) : t("addTitle")}</DialogTitle>
      <DialogDescription>{t("dialogDescription")}</DialogDescription>
      <Form
        // A new version (after Reload) starts a fresh form: the conflict alert goes.
        key={base?.version ?? "new"}
        form={form}
        guardUnsavedChanges={false}
        aria-label={base ? t("editTitle", { code: base.code }) : t("addTitle")}
        onReload={() => void reload()}
        onSubmit={async (v) => {
          try {
            // Not the sort order: the move buttons change it, and a version read before a move must not undo it.
            if (base) await update.mutateAsync({ id: base.id, version: base.version, code: v.code, name: v.name });
            else await create.mutateAsync({ code: v.code, name: v.name });
          } catch (e) {
            // Changed by someone else since it was read: the list behind shows it as it is now; the form says so.
            if (isStaleVersionError(e)) void refresh();
            throw e;
          }
          await refresh();
          toast.success(t("saved"));
          onDone();
        }}
        className="grid gap-4"
      >
        <TextField name="code" label={t("code")} description={t("codeHint", { max: REASON_CODE_MAX })} required />
        <TextField name="name" label={t("name")} required />
        <SubmitButton>{t("save")}</SubmitButton>
      </Form>
    </DialogContent>
  );
}
