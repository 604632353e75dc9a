"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type FieldValues, type UseFormProps, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";

export type ZodFormSchema = z.ZodType<FieldValues, FieldValues>;
export type ZodForm<S extends ZodFormSchema> = UseFormReturn<z.input<S>, unknown, z.output<S>>;

/**
 * react-hook-form validated by a zod schema — preferably the procedure's own input schema (or a `.pick`/`.extend`
 * of it), so the browser and the server check the same thing. Validates a field when it loses focus, then on
 * every change once it has been shown an error.
 */
export function useZodForm<S extends ZodFormSchema>(
  schema: S,
  options?: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver">,
): ZodForm<S> {
  return useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    mode: "onTouched",
    reValidateMode: "onChange",
    ...options,
  });
}
