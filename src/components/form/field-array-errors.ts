import { get, set, type FieldError, type FieldValues, type Resolver, type UseFormReturn } from "react-hook-form";

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null;
/** One field's error (type, message), as opposed to the errors of a row or of a list. */
const isFieldError = (v: unknown): v is FieldError => isTree(v) && (typeof v.type === "string" || typeof v.message === "string");

/** `shown` re-checked: each error already shown takes its checked value (or goes); no error is added. */
function recheck(shown: unknown, checked: unknown): unknown {
  if (isFieldError(shown)) return isFieldError(checked) ? checked : undefined;
  if (!isTree(shown)) return undefined;
  const out: Tree = Array.isArray(shown) ? ([] as unknown as Tree) : {};
  let kept = false;
  for (const key of Object.keys(shown)) {
    if (key === "ref") continue;
    const next = recheck(shown[key], isTree(checked) ? checked[key] : undefined);
    if (next !== undefined) {
      out[key] = next;
      kept = true;
    }
  }
  return kept ? out : undefined;
}

/**
 * The errors of a field array after one of its actions (append, insert, remove, …): the list's own error (its length,
 * a rule on the whole list) as just checked, and in its rows only the errors already shown, re-checked (a duplicate
 * goes when its twin is removed). A row the user has not left yet gets no error: it shows them when one of its fields
 * is left or the form is submitted.
 *
 * `shown` is the array's entry in the form's errors (already shifted by the action), `checked` the schema's answer for
 * the same path. Rows are an array (with `root` for the list's own error when both exist); the list's error alone is a
 * plain error, which react-hook-form puts on the array's `root` next to the rows it has.
 */
export function fieldArrayActionErrors(shown: unknown, checked: unknown): unknown {
  const ownOf = (v: unknown) => (isFieldError(v) ? { type: v.type, message: v.message, ...(v.types ? { types: v.types } : {}) } : undefined);
  const own = ownOf(checked) ?? (isTree(checked) ? ownOf(checked.root) : undefined);
  const rows: unknown[] = [];
  if (isTree(shown) && !isFieldError(shown)) {
    for (const key of Object.keys(shown)) {
      if (!/^\d+$/.test(key)) continue;
      const row = recheck(shown[key], isTree(checked) ? checked[key] : undefined);
      if (row !== undefined) rows[Number(key)] = row;
    }
  }
  if (rows.length === 0) return own;
  return own ? Object.assign(rows, { root: own }) : rows;
}

type FormHandle<T extends FieldValues> = Pick<UseFormReturn<T, unknown, never>, "getFieldState"> & { control: { _names: { array: Set<string> } } };

/**
 * Wraps a resolver so that its answer to react-hook-form's check of a whole field array (run after every append,
 * insert or remove: in "onTouched" mode at once, in the others once submitted) is `fieldArrayActionErrors`: a new row
 * starts without errors and the other rows keep theirs. Every other check (a field left, a submit) is unchanged.
 * `attach(form)` once the form exists (in an effect): until then answers are unchanged.
 */
export function cleanNewRows<T extends FieldValues>() {
  let form: FormHandle<T> | null = null;
  return {
    attach(created: FormHandle<T>) {
      form = created;
    },
    wrap<C, O>(resolver: Resolver<T, C, O>): Resolver<T, C, O> {
      return async (values, context, options) => {
        const result = await resolver(values, context, options);
        const name = options.names?.length === 1 ? options.names[0] : undefined;
        if (!form || !name || !form.control._names.array.has(name)) return result;
        const errors = { ...result.errors } as Tree;
        set(errors, name, fieldArrayActionErrors(form.getFieldState(name as never).error, get(result.errors, name)));
        return { ...result, errors } as Awaited<ReturnType<Resolver<T, C, O>>>;
      };
    },
  };
}
