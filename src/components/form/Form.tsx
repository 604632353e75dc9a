"use client";

import { LoaderCircleIcon, RotateCwIcon, TriangleAlertIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useHydrated } from "@/lib/use-hydrated";
import { useState, type ComponentProps, type ReactNode } from "react";
import { FormProvider, useFormState, type FieldValues, type UseFormReturn } from "react-hook-form";

import { Button, type ButtonProps } from "@/components/ui/Button";
import { DialogClose } from "@/components/ui/Dialog";
import { cn } from "@/lib/utils";

import { applyServerErrors, type FormErrorState } from "./apply-server-errors";
import { isSaveShortcut } from "./shortcuts";
import { useUnsavedChangesGuard } from "./unsaved-changes";

type FormProps<TIn extends FieldValues, TOut> = Omit<ComponentProps<"form">, "onSubmit" | "children"> & {
  form: UseFormReturn<TIn, unknown, TOut>;
  /** Called with the parsed values; a thrown tRPC error lands on the fields (applyServerErrors). */
  onSubmit: (values: TOut) => unknown;
  children: ReactNode;
  /** Ask before leaving while the form has unsaved changes (default on). */
  guardUnsavedChanges?: boolean;
  /** What "Reload" does after a conflict; default: reload the page. */
  onReload?: () => void;
  /** Ctrl+S (⌘S) submits the form instead of the browser's "Save page" (editors of documents). */
  saveShortcut?: boolean;
};

/**
 * A react-hook-form form: submit state, server errors (fields + a form-level alert), the optimistic-concurrency
 * conflict message with a Reload action, and the unsaved-changes guard.
 */
export function Form<TIn extends FieldValues, TOut>({
  form,
  onSubmit,
  children,
  className,
  guardUnsavedChanges = true,
  onReload,
  saveShortcut = false,
  onKeyDown,
  ...rest
}: FormProps<TIn, TOut>) {
  const t = useTranslations("form");
  const [formError, setFormError] = useState<FormErrorState | null>(null);
  const { isDirty, isSubmitting } = useFormState({ control: form.control });
  const guard = useUnsavedChangesGuard(guardUnsavedChanges && isDirty && !isSubmitting, t("unsavedChanges"));

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (error) {
      setFormError(applyServerErrors(form, error));
    }
  });

  return (
    <FormProvider {...form}>
      <form
        noValidate
        {...rest}
        onSubmit={submit}
        onKeyDown={(e) => {
          onKeyDown?.(e);
          if (saveShortcut && !e.defaultPrevented && isSaveShortcut(e)) {
            e.preventDefault();
            if (!isSubmitting) e.currentTarget.requestSubmit();
          }
        }}
        className={cn("grid gap-4", className)}
      >
        {formError ? (
          <FormAlert
            state={formError}
            onReload={() => {
              guard.bypass();
              if (onReload) onReload();
              else window.location.reload();
            }}
          />
        ) : null}
        {children}
      </form>
    </FormProvider>
  );
}

function FormAlert({ state, onReload }: { state: FormErrorState; onReload: () => void }) {
  const t = useTranslations("form");
  const common = useTranslations("common");
  return (
    <div role="alert" className="flex items-start gap-3 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
      <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="grid flex-1 gap-1">
        {state.kind === "conflict" ? (
          <p>{t("conflict")}</p>
        ) : state.messages.length > 0 ? (
          state.messages.map((m) => <p key={m}>{m}</p>)
        ) : (
          <p>{t("fixErrors")}</p>
        )}
        {state.requestId ? <p className="font-mono text-xs opacity-80">{state.requestId}</p> : null}
      </div>
      {state.kind === "conflict" ? (
        <Button type="button" size="sm" variant="outline" onClick={onReload}>
          <RotateCwIcon aria-hidden="true" />
          {common("reload")}
        </Button>
      ) : null}
    </div>
  );
}

/** The submit button: disabled until hydrated (no native submit), and with a spinner while the form submits. */
export function SubmitButton({ children, ...props }: Omit<ButtonProps, "type">) {
  const t = useTranslations("form");
  const { isSubmitting } = useFormState();
  const hydrated = useHydrated();
  return (
    <Button {...props} type="submit" disabled={!hydrated || isSubmitting || props.disabled} aria-busy={isSubmitting || undefined}>
      {isSubmitting ? <LoaderCircleIcon aria-hidden="true" className="animate-spin" /> : null}
      {children ?? (isSubmitting ? t("submitting") : t("submit"))}
    </Button>
  );
}

/**
 * The footer of a form in a dialog: Cancel (closes the dialog) and the submit button, right-aligned. `submit` is the
 * submit button's label (default "Save"); without `onlyClose`, Cancel closes without saving, with it the dialog has
 * nothing to save (e.g. a read-only record) and shows Close alone.
 */
export function DialogFormActions({ submit, onlyClose = false }: { submit?: ReactNode; onlyClose?: boolean }) {
  const common = useTranslations("common");
  return (
    <div className="flex justify-end gap-2">
      <DialogClose asChild>
        <Button type="button" variant="outline">
          {onlyClose ? common("close") : common("cancel")}
        </Button>
      </DialogClose>
      {onlyClose ? null : <SubmitButton>{submit ?? common("save")}</SubmitButton>}
    </div>
  );
}
