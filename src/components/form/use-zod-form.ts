"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useForm, type FieldValues, type UseFormProps, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";

import { cleanNewRows } from "./field-array-errors";

export type ZodFormSchema = z.ZodType<FieldValues, FieldValues>;
export type ZodForm<S extends ZodFormSchema> = UseFormReturn<z.input<S>, unknown, z.output<S>>;

/**
 * react-hook-form validated by a zod schema — preferably the procedure's own input schema (or a `.pick`/`.extend`
 * of it), so the browser and the server check the same thing. Validates a field when it loses focus, then on
 * every change once it has been shown an error. A row added to a field array starts without errors (its fields show
 * them once left, or on submit) and adding or removing a row leaves the other rows' errors as they were
 * (field-array-errors.ts).
 */
export function useZodForm<S extends ZodFormSchema>(
  schema: S,
  options?: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver">,
): ZodForm<S> {
  const [rows] = useState(() => cleanNewRows<z.input<S>>());
  const resolver = useMemo(() => rows.wrap(zodResolver(schema)), [rows, schema]);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver,
    mode: "onTouched",
    reValidateMode: "onChange",
    ...options,
  });
  useEffect(() => rows.attach(form), [rows, form]);
  return form;
}
