"use client";

import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/Button";
import { DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";

/** A destructive confirmation inside an open Dialog. */
export function ConfirmDelete(props: { title: string; description: string; pending: boolean; error?: string; onCancel: () => void; onConfirm: () => void }) {
  const t = useTranslations("crmCustomers");
  const common = useTranslations("common");
  return (
    <DialogContent>
      <DialogTitle>{props.title}</DialogTitle>
      <DialogDescription>{props.description}</DialogDescription>
      {props.error ? (
        <p role="alert" className="text-sm text-destructive">
          {props.error}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={props.onCancel} disabled={props.pending}>
          {common("cancel")}
        </Button>
        <Button variant="destructive" onClick={props.onConfirm} disabled={props.pending}>
          {t("confirmDelete")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
