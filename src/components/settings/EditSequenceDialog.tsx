"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import * as Dialog from "@radix-ui/react-dialog";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { XIcon } from "lucide-react";
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
        toast.success(`${sequence.label} numbers now look like ${saved.format}`);
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
            <Dialog.Title className="text-lg font-semibold">Edit {sequence.label.toLowerCase()} numbers</Dialog.Title>
            <Dialog.Description className="text-sm text-muted-foreground">
              {sequence.workspace ? `Sequence of ${sequence.workspace.name}.` : "Sequence of the whole organization."}{" "}
              {locked
                ? "This sequence has already numbered documents, so its format is locked: changing it now would make numbers inconsistent."
                : "Changes apply to the next document numbered."}
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
              <Label htmlFor={ids.format}>Format</Label>
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
                Tokens: {"{YYYY}"} year, {"{YY}"} two-digit year, {"{MM}"} month, {"{#####}"} counter (one # per digit).
              </p>
              {formatError ? (
                <p id={ids.formatError} role="alert" className="text-sm text-destructive">
                  {formatError}
                </p>
              ) : null}
            </div>

            <div className="grid gap-2">
              <Label htmlFor={ids.reset}>Counter restarts</Label>
              <select
                id={ids.reset}
                disabled={locked}
                className="h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:opacity-50"
                {...form.register("reset", { deps: ["format"] })}
              >
                <option value="yearly">Every year</option>
                <option value="never">Never</option>
              </select>
            </div>

            <div className="grid gap-1 rounded-md bg-muted/50 p-3">
              <span id={ids.preview} className="text-xs text-muted-foreground">
                Next number
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
                <Button variant="outline">{locked ? "Close" : "Cancel"}</Button>
              </Dialog.Close>
              {locked ? null : (
                <Button type="submit" disabled={update.isPending}>
                  {update.isPending ? "Saving…" : "Save"}
                </Button>
              )}
            </div>
          </form>

          <Dialog.Close asChild>
            <Button variant="ghost" size="icon" aria-label="Close" className="absolute top-3 right-3">
              <XIcon aria-hidden="true" />
            </Button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
