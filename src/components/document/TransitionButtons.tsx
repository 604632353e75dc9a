"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { Button, type ButtonProps } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Label } from "@/components/ui/Label";
import { Textarea } from "@/components/ui/Textarea";

export type DocumentTransition = {
  id: string;
  /** The action's label, e.g. "Approve". */
  label: string;
  /** The status the document moves to (localized label), shown in the confirmation. */
  toLabel: string;
  variant?: ButtonProps["variant"];
  /** Ask before running (default true). */
  confirm?: boolean;
  /** Ask for a reason; "required" refuses an empty one. */
  reason?: "optional" | "required";
  /** Runs the transition (a tRPC mutation); a thrown error is shown in the dialog. */
  onConfirm: (reason?: string) => Promise<unknown> | unknown;
};

/** The transitions the state machine allows from the current status (the page passes only those). */
export function TransitionButtons({ transitions }: { transitions: readonly DocumentTransition[] }) {
  const [active, setActive] = useState<DocumentTransition | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  return (
    <>
      {transitions.map((transition) => (
        <Button
          key={transition.id}
          variant={transition.variant ?? "outline"}
          size="sm"
          disabled={pending !== null}
          onClick={async () => {
            if (transition.confirm === false && !transition.reason) {
              setPending(transition.id);
              try {
                await transition.onConfirm();
              } finally {
                setPending(null);
              }
            } else setActive(transition);
          }}
        >
          {pending === transition.id ? <LoaderCircleIcon aria-hidden="true" className="animate-spin" /> : null}
          {transition.label}
        </Button>
      ))}
      {active ? <TransitionDialog key={active.id} transition={active} onClose={() => setActive(null)} /> : null}
    </>
  );
}

function TransitionDialog({ transition, onClose }: { transition: DocumentTransition; onClose: () => void }) {
  const t = useTranslations("document");
  const common = useTranslations("common");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const errorId = useId();

  const confirm = async () => {
    const trimmed = reason.trim();
    if (transition.reason === "required" && !trimmed) {
      setError(t("reasonRequired"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await transition.onConfirm(transition.reason ? trimmed || undefined : undefined);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()}>
      <DialogContent>
        <DialogTitle>{t("transitionTitle", { action: transition.label })}</DialogTitle>
        <DialogDescription>{t("transitionBody", { status: transition.toLabel })}</DialogDescription>
        {transition.reason ? (
          <div className="grid gap-2">
            <Label htmlFor={reasonId}>
              {t("reason")}
              {transition.reason === "required" ? (
                <span aria-hidden="true" className="ml-0.5 text-destructive">
                  *
                </span>
              ) : null}
            </Label>
            <Textarea
              id={reasonId}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-required={transition.reason === "required" || undefined}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              autoFocus
            />
          </div>
        ) : null}
        {error ? (
          <p id={errorId} role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={busy}>
            {common("cancel")}
          </Button>
          <Button variant={transition.variant === "destructive" ? "destructive" : "default"} onClick={confirm} disabled={busy} aria-busy={busy || undefined}>
            {busy ? <LoaderCircleIcon aria-hidden="true" className="animate-spin" /> : null}
            {transition.label}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
