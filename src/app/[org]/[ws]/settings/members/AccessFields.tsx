"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { useController, useFormContext, useWatch } from "react-hook-form";

import { Checkbox } from "@/components/ui/Checkbox";
import { Label } from "@/components/ui/Label";
import { cn } from "@/lib/utils";

export type AccessOptions = {
  roles: { id: string; key: string; name: string }[];
  workspaces: { id: string; name: string }[];
};

/** A set of checkboxes for an array of ids, in a fieldset with its legend and error (server errors land here too). */
function CheckboxGroup({ name, legend, options, disabled }: { name: string; legend: string; options: { value: string; label: string; disabled?: boolean }[]; disabled?: boolean }) {
  const { control } = useFormContext();
  const { field, fieldState } = useController({ name, control });
  const id = useId();
  const value = (field.value as string[] | undefined) ?? [];
  const errorId = fieldState.error ? `${id}-error` : undefined;
  const toggle = (v: string, on: boolean) => field.onChange(on ? [...value.filter((x) => x !== v), v] : value.filter((x) => x !== v));
  return (
    <fieldset className="grid gap-2" aria-describedby={errorId} aria-invalid={fieldState.error ? true : undefined} disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className={cn("grid max-h-48 grid-cols-2 gap-x-4 gap-y-2 overflow-y-auto pr-1", disabled && "opacity-50")}>
        {options.map((o, i) => (
          <div key={o.value} className="flex items-center gap-2">
            <Checkbox
              id={`${id}-${i}`}
              ref={i === 0 ? field.ref : undefined}
              checked={value.includes(o.value)}
              disabled={disabled || o.disabled}
              onCheckedChange={(c) => toggle(o.value, c === true)}
              onBlur={field.onBlur}
            />
            <Label htmlFor={`${id}-${i}`} className="font-normal">
              {o.label}
            </Label>
          </div>
        ))}
      </div>
      {fieldState.error ? (
        <p id={errorId} className="text-sm text-destructive">
          {fieldState.error.message}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Roles (at least one) and workspace access (all, or a list) for the invite and edit-access dialogs. The owner role
 * is offered only to owners (the server refuses it otherwise).
 */
export function AccessFields({ options, canGrantOwner }: { options: AccessOptions; canGrantOwner: boolean }) {
  const t = useTranslations("invitations.access");
  const { control } = useFormContext();
  const all = useWatch({ control, name: "allWorkspaces" }) === true;
  const allField = useController({ name: "allWorkspaces", control });
  const allId = useId();
  return (
    <>
      <CheckboxGroup
        name="roleIds"
        legend={t("roles")}
        options={options.roles.map((r) => ({ value: r.id, label: r.name, disabled: r.key === "owner" && !canGrantOwner }))}
      />
      <div className="grid gap-2">
        <div className="flex items-center gap-2">
          <Checkbox
            id={allId}
            checked={all}
            onCheckedChange={(c) => allField.field.onChange(c === true)}
            onBlur={allField.field.onBlur}
            aria-describedby={`${allId}-hint`}
          />
          <Label htmlFor={allId}>{t("allWorkspaces")}</Label>
        </div>
        <p id={`${allId}-hint`} className="text-xs text-muted-foreground">
          {t("allWorkspacesHint")}
        </p>
      </div>
      {all ? null : <CheckboxGroup name="workspaceIds" legend={t("workspaces")} options={options.workspaces.map((w) => ({ value: w.id, label: w.name }))} />}
    </>
  );
}
