"use client";

import { LockIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";

import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";

/**
 * A value the server masked (kernel/masking: "+7 *** ***-12-34", "a***@example.com"): what the procedure answered,
 * with a lock and the reason. Lists know a value is masked when the member lacks the module's "sensitive" permission
 * and the value carries the mask character (`looksMasked`); records say it in `masked`.
 */
export function looksMasked(value: string | null | undefined): boolean {
  return typeof value === "string" && value.includes("*");
}

/** A cell or description value: the text, and a lock with the reason when `masked`. */
export function MaskedValue({ value, masked, empty = "—" }: { value: string | null | undefined; masked: boolean; empty?: string }) {
  const t = useTranslations("masking");
  if (!value) return <>{empty}</>;
  if (!masked) return <>{value}</>;
  return (
    <span className="inline-flex items-center gap-1" title={t("hidden")} data-masked="true">
      <span>{value}</span>
      <LockIcon aria-hidden="true" className="size-3.5 text-muted-foreground" />
      <span className="sr-only">{t("hiddenShort")}</span>
    </span>
  );
}

/**
 * A form field the member sees masked: read-only, the masked value, never part of what the form submits (the form
 * leaves the field out; the server refuses a change to it anyway).
 */
export function MaskedField({ label, value }: { label: string; value: string | null | undefined }) {
  const t = useTranslations("masking");
  const id = useId();
  return (
    <div className="grid content-start gap-2" data-field-masked="true">
      <Label htmlFor={id} className="inline-flex items-center gap-1">
        {label}
        <LockIcon aria-hidden="true" className="size-3.5 text-muted-foreground" />
      </Label>
      <Input id={id} value={value ?? ""} readOnly aria-readonly="true" aria-describedby={`${id}-hint`} title={t("hidden")} />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {t("hidden")}
      </p>
    </div>
  );
}
