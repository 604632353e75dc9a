import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/** What the form shows above its fields after a failed submit. */
export type FormErrorState =
  | { kind: "conflict"; requestId: string | null }
  | { kind: "error"; messages: string[]; requestId: string | null };

type ServerErrorData = { code?: unknown; fieldErrors?: unknown; requestId?: unknown };

function errorData(error: unknown): ServerErrorData | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data = (error as { data: unknown }).data;
  return typeof data === "object" && data !== null ? (data as ServerErrorData) : null;
}

function hasPath(values: unknown, path: string): boolean {
  let node: unknown = values;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** A CONFLICT without field errors: optimistic concurrency (a stale `version`), "changed by someone else". */
export function isStaleVersionError(error: unknown): boolean {
  const data = errorData(error);
  const hasFieldErrors = !!data?.fieldErrors && typeof data.fieldErrors === "object" && Object.keys(data.fieldErrors).length > 0;
  return data?.code === "CONFLICT" && !hasFieldErrors;
}

/**
 * Puts a tRPC error's field errors (`error.data.fieldErrors`, from the server's errorFormatter) on the form's
 * fields; field errors for fields the form does not have and the error's message go to the form-level alert.
 * A CONFLICT without field errors (optimistic concurrency: a stale `version`) becomes the "changed by someone else"
 * state; a CONFLICT with field errors (a duplicate: "already a member", "name taken") lands on the fields.
 */
export function applyServerErrors<T extends FieldValues>(
  form: { getValues: () => T; setError: UseFormSetError<T> },
  error: unknown,
): FormErrorState {
  const data = errorData(error);
  const requestId = typeof data?.requestId === "string" ? data.requestId : null;
  if (isStaleVersionError(error)) return { kind: "conflict", requestId };

  const messages: string[] = [];
  const values = form.getValues();
  let focused = false;
  const fieldErrors = data?.fieldErrors;
  if (fieldErrors && typeof fieldErrors === "object") {
    for (const [name, raw] of Object.entries(fieldErrors as Record<string, unknown>)) {
      const list = (Array.isArray(raw) ? raw : [raw]).filter((m): m is string => typeof m === "string" && m.length > 0);
      if (list.length === 0) continue;
      if (name && hasPath(values, name)) {
        form.setError(name as Path<T>, { type: "server", message: list.join(" ") }, { shouldFocus: !focused });
        focused = true;
      } else {
        messages.push(...list);
      }
    }
  }
  // When fields show what is wrong, the error's own summary adds nothing; otherwise it is the message.
  if (!focused) {
    const message = error instanceof Error ? error.message : typeof error === "string" ? error : null;
    if (message && !messages.includes(message)) messages.unshift(message);
  }
  return { kind: "error", messages, requestId };
}
