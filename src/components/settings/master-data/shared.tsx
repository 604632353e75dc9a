"use client";

import type { LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";

import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogClose, DialogPanel } from "@/components/ui/Dialog";

/** Loading, error and empty states of a master data list (the child-table kit's card states). */
export { ListStates } from "@/components/child-table/ListStates";

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
/** A destructive confirmation's content, inside an open Dialog (ChildTable's `remove.confirm`, ConfirmDialog). */
export function ConfirmPanel({
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
  );
}

/** ConfirmPanel in its own Dialog, open while rendered. */
export function ConfirmDialog(props: Parameters<typeof ConfirmPanel>[0]) {
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : props.onClose())}>
      <ConfirmPanel {...props} />
    </Dialog>
  );
}
