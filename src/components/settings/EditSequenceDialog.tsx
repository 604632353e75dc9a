"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import * as Dialog from "@radix-ui/react-dialog";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { formatErrors } from "@/lib/numbering/format";
import { ZUpdateSequenceInput, type TUpdateSequenceInput } from "@/server/modules/settings/sequences.schemas";
import type { AppRouter } from "@/server/trpc/root";
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

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Edit a sequence's format and reset, with a live preview of the next number; read-only once the sequence is used. */
export function EditSequenceDialog({ sequence, onClose }: { sequence: SequenceRow; onClose: () => void }) {
  const t = useTranslations("sequences");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = { format: useId(), formatHelp: useId(), formatError: useId(), reset: useId(), preview: useId() };
  const [formError, setFormError] = useState<string | null>(null);
  const locked = sequence.used;

  const form = useForm<TUpdateSequenceInput>({
    resolver: zodResolver(ZUpdateSequenceInput),
    mode: "onChange",
    defaultValues: { id: sequence.id, format: sequence.format, reset: sequence.reset, version: sequence.version },
  });
  const [format, reset] = useWatch({ control: form.control, name: ["format", "reset"] });
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
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const formatMessage = fieldErrors && "format" in fieldErrors ? (fieldErrors.format as string[] | undefined)?.[0] : undefined;
        if (formatMessage) form.setError("format", { type: "server", message: formatMessage });
        else setFormError(error.message);
      },
    }),
  );

  const formatError = form.formState.errors.format?.message;

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 grid w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border bg-background p-6 shadow-lg">
          <div className="grid gap-1">
            <Dialog.Title className="text-lg font-semibold">{t("dialog.title", { type: sequence.label.toLowerCase() })}</Dialog.Title>
            <Dialog.Description className="text-sm text-muted-foreground">
              {sequence.workspace ? t("dialog.scopeWorkspace", { workspace: sequence.workspace.name }) : t("dialog.scopeOrganization")}{" "}
              {locked ? t("dialog.locked") : t("dialog.unlocked")}
            </Dialog.Description>
          </div>

          <form
            noValidate
            className="grid gap-4"
            onSubmit={form.handleSubmit((values) => {
              setFormError(null);
              update.mutate(values);
            })}
          >
            <div className="grid gap-2">
              <Label htmlFor={ids.format}>{t("dialog.format")}</Label>
              <Input
                id={ids.format}
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                disabled={locked}
                aria-invalid={formatError ? true : undefined}
                aria-describedby={`${ids.formatHelp}${formatError ? ` ${ids.formatError}` : ""}`}
                {...form.register("format")}
              />
              <p id={ids.formatHelp} className="text-xs text-muted-foreground">
                {t("dialog.tokens", { yyyy: "{YYYY}", yy: "{YY}", mm: "{MM}", counter: "{#####}" })}
              </p>
              {formatError ? (
                <p id={ids.formatError} role="alert" className="text-sm text-destructive">
                  {formatError}
                </p>
              ) : null}
            </div>

            <div className="grid gap-2">
              <Label htmlFor={ids.reset}>{t("dialog.resetLabel")}</Label>
              <select
                id={ids.reset}
                disabled={locked}
                className="h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:opacity-50"
                {...form.register("reset", { deps: ["format"] })}
              >
                <option value="yearly">{t("reset.yearly")}</option>
                <option value="never">{t("reset.never")}</option>
              </select>
            </div>

            <div className="grid gap-1 rounded-md bg-muted/50 p-3">
              <span id={ids.preview} className="text-xs text-muted-foreground">
                {t("dialog.nextNumber")}
              </span>
              <output aria-labelledby={ids.preview} aria-live="polite" className="font-mono text-base" data-testid="sequence-preview">
                {!candidateValid || formatError
                  ? "—"
                  : preview.isError
                    ? preview.error.message
                    : (preview.data?.number ?? sequence.nextNumber)}
              </output>
            </div>

            {formError ? (
              <p role="alert" className="rounded-md border border-destructive/50 p-3 text-sm text-destructive">
                {formError}
              </p>
            ) : null}

            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="outline">{locked ? common("close") : common("cancel")}</Button>
              </Dialog.Close>
              {locked ? null : (
                <Button type="submit" disabled={update.isPending}>
                  {update.isPending ? common("saving") : common("save")}
                </Button>
              )}
            </div>
          </form>

          <Dialog.Close asChild>
            <Button variant="ghost" size="icon" aria-label={common("close")} className="absolute top-3 right-3">
              <XIcon aria-hidden="true" />
            </Button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
