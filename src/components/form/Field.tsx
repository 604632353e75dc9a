"use client";

import { useTranslations } from "next-intl";
import { useId, type ReactNode } from "react";
import { useController, useFormContext, type ControllerFieldState, type ControllerRenderProps, type FieldValues } from "react-hook-form";

import { Label } from "@/components/ui/Label";
import { cn } from "@/lib/utils";

export type FieldProps = {
  /** The form value's path, e.g. "name" or "lines.0.quantity". */
  name: string;
  label: ReactNode;
  description?: ReactNode;
  /** Shows the required marker and sets aria-required; the schema decides what is actually required. */
  required?: boolean;
  disabled?: boolean;
  className?: string;
};

export type ControlAria = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-required": true | undefined;
  "aria-describedby": string | undefined;
};

type RenderArgs = {
  field: ControllerRenderProps<FieldValues, string>;
  fieldState: ControllerFieldState;
  aria: ControlAria;
};

/**
 * The error to show: the field's own, else the first of its entries (a list field's value is an array: "tags.3"
 * carries the error of its fourth entry).
 */
function errorMessage(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const own = (error as { message?: unknown }).message;
  if (typeof own === "string" && own) return own;
  for (const [key, entry] of Object.entries(error)) {
    const nested = key === "ref" ? undefined : errorMessage(entry);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The frame of every field: label (with the required marker), the control, the description and the error, wired
 * with ids so screen readers announce the label, the description and the error with the control.
 */
export function FieldFrame({
  name,
  label,
  description,
  required,
  disabled,
  className,
  labelPlacement = "above",
  children,
}: FieldProps & { labelPlacement?: "above" | "after"; children: (args: RenderArgs) => ReactNode }) {
  const t = useTranslations("form");
  const { control } = useFormContext();
  const { field, fieldState } = useController({ name, control, disabled });
  const baseId = useId();
  const id = `${baseId}-control`;
  const descriptionId = description ? `${baseId}-description` : undefined;
  const errorId = fieldState.error ? `${baseId}-error` : undefined;
  const aria: ControlAria = {
    id,
    "aria-invalid": fieldState.error ? true : undefined,
    "aria-required": required ? true : undefined,
    "aria-describedby": [descriptionId, errorId].filter(Boolean).join(" ") || undefined,
  };

  const labelNode = (
    <Label htmlFor={id} className={cn(labelPlacement === "after" && "font-normal")}>
      {label}
      {required ? (
        // Screen readers get aria-required on the control instead of the star.
        <span aria-hidden="true" title={t("required")} className="ml-0.5 text-destructive">
          *
        </span>
      ) : null}
    </Label>
  );

  return (
    <div className={cn("grid content-start gap-2", className)} data-field={name}>
      {labelPlacement === "above" ? labelNode : null}
      {labelPlacement === "after" ? (
        <div className="flex items-center gap-2">
          {children({ field, fieldState, aria })}
          {labelNode}
        </div>
      ) : (
        children({ field, fieldState, aria })
      )}
      {description ? (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </p>
      ) : null}
      {errorMessage(fieldState.error) ? (
        <p id={errorId} className="text-sm text-destructive">
          {errorMessage(fieldState.error)}
        </p>
      ) : null}
    </div>
  );
}
