"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";

import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardContent } from "@/components/ui/Card";
import { Dialog, DialogClose, DialogPanel } from "@/components/ui/Dialog";
import { Skeleton } from "@/components/ui/Skeleton";

/** Loading, error and empty states of a master data list; renders `children` once there are rows. */
export function ListStates({
  query,
  label,
  empty,
  children,
}: {
  query: UseQueryResult<{ rows: unknown[] }, { message: string }>;
  label: string;
  empty: { icon: LucideIcon; title: string; body: string; action?: ReactNode };
  children: ReactNode;
}) {
  const t = useTranslations("masterData");
  const common = useTranslations("common");
  if (query.isPending) {
    return (
      <Card aria-busy="true" aria-label={t("loading", { what: label })}>
        <CardContent className="grid gap-3 py-6">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </CardContent>
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card>
        <CardContent role="alert" className="grid justify-items-start gap-3 py-6 text-sm">
          <p>{t("loadFailed", { message: query.error.message })}</p>
          <Button variant="outline" onClick={() => void query.refetch()}>
            {common("tryAgain")}
          </Button>
        </CardContent>
      </Card>
    );
  }
  if (query.data.rows.length === 0) {
    const Icon = empty.icon;
    return (
      <Card>
        <CardContent className="flex flex-col items-center gap-3 py-12 text-center">
          <span className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <Icon aria-hidden="true" className="size-6" />
          </span>
          <h2 className="text-base font-semibold">{empty.title}</h2>
          <p className="max-w-md text-sm text-muted-foreground">{empty.body}</p>
          {empty.action}
        </CardContent>
      </Card>
    );
  }
  return <>{children}</>;
}

export function Th({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`px-4 py-2 font-medium ${className ?? ""}`}>
      {children}
    </th>
  );
}

export function StatusBadge({ active }: { active: boolean }) {
  const t = useTranslations("masterData");
  return active ? <Badge variant="outline">{t("active")}</Badge> : <Badge variant="secondary">{t("archived")}</Badge>;
}

/**
 * A button that runs a mutation and reports the outcome in a toast (the server's message on refusal, e.g. "the
 * default cannot be archived").
 */
export function ActionButton({
  label,
  children,
  run,
  done,
  icon: Icon,
}: {
  label: string;
  children: ReactNode;
  run: () => Promise<unknown>;
  done: string;
  icon?: LucideIcon;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={label}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await run();
          toast.success(done);
        } catch (e) {
          toast.error(e instanceof Error ? e.message : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {Icon ? <Icon aria-hidden="true" /> : null}
      {children}
    </Button>
  );
}

/** Asks before an irreversible step (deleting an exchange rate). */
export function ConfirmDialog({
  title,
  body,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const common = useTranslations("common");
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel title={title} description={body} className="max-w-md">
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="outline">{common("cancel")}</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
                onClose();
              } catch (e) {
                toast.error(e instanceof Error ? e.message : String(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirm}
          </Button>
        </div>
      </DialogPanel>
    </Dialog>
  );
}
