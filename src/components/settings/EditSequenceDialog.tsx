"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";

import { DialogFormActions, Form, SelectField, TextField, useDebounced, useZodForm } from "@/components/form";
import { Dialog, DialogPanel } from "@/components/ui/Dialog";
import { formatErrors } from "@/lib/numbering/format";
import { ZUpdateSequenceInput } from "@/server/modules/settings/sequences.schemas";
import { useTRPC } from "@/trpc/react";

export interface SequenceRow {
  id: string;
  documentType: string;
  /** The document type's name in the UI language. */
  label: string;
  format: string;
  reset: "yearly" | "never";
  version: number;
  used: boolean;
  nextNumber: string;
  workspace: { name: string } | null;
}

/** Edit a sequence's format and reset, with a live preview of the next number; read-only once the sequence is used. */
export function EditSequenceDialog({ sequence, onClose }: { sequence: SequenceRow; onClose: () => void }) {
  const t = useTranslations("sequences");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const previewId = useId();
  const locked = sequence.used;

  const form = useZodForm(ZUpdateSequenceInput, {
    mode: "onChange",
    defaultValues: { id: sequence.id, format: sequence.format, reset: sequence.reset, version: sequence.version },
  });
  const [format, reset] = useWatch({ control: form.control, name: ["format", "reset"] });
  // "A yearly reset needs {YYYY}" depends on both fields: changing the reset re-checks the format.
  const firstReset = useRef(true);
  useEffect(() => {
    if (firstReset.current) firstReset.current = false;
    else void form.trigger("format");
  }, [reset, form]);
  const candidate = useDebounced({ format, reset }, 250);
  const candidateValid = formatErrors(candidate.format, candidate.reset).length === 0;
  const preview = useQuery({
    ...trpc.settings.sequences.preview.queryOptions({ id: sequence.id, format: candidate.format, reset: candidate.reset }),
    enabled: candidateValid,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const update = useMutation(
    trpc.settings.sequences.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.sequences.list.queryKey() });
        toast.success(t("dialog.saved", { type: sequence.label, format: saved.format }));
        onClose();
      },
    }),
  );
  const formatInvalid = !!form.formState.errors.format;

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPanel
        title={t("dialog.title", { type: sequence.label.toLowerCase() })}
        description={`${sequence.workspace ? t("dialog.scopeWorkspace", { workspace: sequence.workspace.name }) : t("dialog.scopeOrganization")} ${
          locked ? t("dialog.locked") : t("dialog.unlocked")
        }`}
        className="max-w-lg"
      >
        {/* Server refusals (a stale version, a format used meanwhile) land on the field or in the form's alert. */}
        <Form form={form} onSubmit={(values) => update.mutateAsync(values)} guardUnsavedChanges={false}>
          <TextField
            name="format"
            label={t("dialog.format")}
            description={t("dialog.tokens", { yyyy: "{YYYY}", yy: "{YY}", mm: "{MM}", counter: "{#####}" })}
            autoComplete="off"
            disabled={locked}
            className="[&_input]:font-mono"
          />
          <SelectField
            name="reset"
            label={t("dialog.resetLabel")}
            disabled={locked}
            placeholder={false}
            options={[
              { value: "yearly", label: t("reset.yearly") },
              { value: "never", label: t("reset.never") },
            ]}
          />
          <div className="grid gap-1 rounded-md bg-muted/50 p-3">
            <span id={previewId} className="text-xs text-muted-foreground">
              {t("dialog.nextNumber")}
            </span>
            <output aria-labelledby={previewId} aria-live="polite" className="font-mono text-base" data-testid="sequence-preview">
              {!candidateValid || formatInvalid ? "—" : preview.isError ? preview.error.message : (preview.data?.number ?? sequence.nextNumber)}
            </output>
          </div>
          <DialogFormActions onlyClose={locked} />
        </Form>
      </DialogPanel>
    </Dialog>
  );
}
