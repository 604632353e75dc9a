"use client";

import { Command } from "cmdk";
import { CheckIcon, ChevronsUpDownIcon, LoaderCircleIcon, XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { Button } from "@/components/ui/Button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/Popover";
import { cn } from "@/lib/utils";

import { FieldFrame, type FieldProps } from "./Field";

export type ComboboxOption = { value: string; label: string; description?: string };

/** Debounces a changing value (search-as-you-type). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * A record picker: the value is the record's id, the options come from `search(q)` (typically a tRPC query the
 * page wraps), debounced. Keyboard: Enter/Space/↓ opens, type to search, ↑/↓ to move, Enter picks, Esc closes.
 * `selected` labels the current value before any search ran (e.g. when editing an existing record).
 */
export function ComboboxField(
  props: FieldProps & {
    search: (q: string) => Promise<ComboboxOption[]>;
    selected?: ComboboxOption | null;
    placeholder?: string;
  },
) {
  const { name, label, description, required, disabled, className, search, selected, placeholder } = props;
  const t = useTranslations("form");
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const q = useDebounced(query);
  const [state, setState] = useState<{ q: string; options: ComboboxOption[]; failed: boolean } | null>(null);
  const [picked, setPicked] = useState<ComboboxOption | null>(selected ?? null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    search(q).then(
      (options) => !cancelled && setState({ q, options, failed: false }),
      () => !cancelled && setState({ q, options: [], failed: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [open, q, search]);

  const loading = open && (state === null || state.q !== q || q !== query);

  return (
    <FieldFrame {...{ name, label, description, required, disabled, className }}>
      {({ field, aria }) => {
        const value = (field.value as string | null | undefined) ?? "";
        const current = picked?.value === value ? picked : selected?.value === value ? selected : null;
        return (
          <div className="flex items-center gap-1">
            <Popover
              open={open}
              onOpenChange={(next) => {
                setOpen(next);
                if (!next) {
                  setQuery("");
                  field.onBlur();
                }
              }}
            >
              <PopoverTrigger asChild>
                <Button
                  {...aria}
                  ref={field.ref}
                  variant="outline"
                  role="combobox"
                  aria-expanded={open}
                  aria-haspopup="listbox"
                  disabled={field.disabled}
                  className="w-full justify-between font-normal"
                >
                  <span className={cn("truncate", !current && "text-muted-foreground")}>
                    {current?.label ?? (value || placeholder || t("comboboxPlaceholder"))}
                  </span>
                  <ChevronsUpDownIcon aria-hidden="true" className="text-muted-foreground" />
                </Button>
              </PopoverTrigger>
              <PopoverContent className="w-[var(--radix-popover-trigger-width)] min-w-64">
                <Command shouldFilter={false} loop label={typeof label === "string" ? label : undefined}>
                  <Command.Input
                    value={query}
                    onValueChange={setQuery}
                    placeholder={t("comboboxPlaceholder")}
                    className="h-9 w-full border-b bg-transparent px-3 text-sm outline-none placeholder:text-muted-foreground"
                  />
                  <Command.List className="max-h-64 overflow-y-auto p-1">
                    {loading ? (
                      <Command.Loading>
                        <div className="flex items-center gap-2 px-2 py-1.5 text-sm text-muted-foreground">
                          <LoaderCircleIcon aria-hidden="true" className="size-4 animate-spin" />
                          {t("comboboxLoading")}
                        </div>
                      </Command.Loading>
                    ) : null}
                    {!loading ? <Command.Empty className="px-2 py-1.5 text-sm text-muted-foreground">{t("comboboxEmpty")}</Command.Empty> : null}
                    {!loading
                      ? state?.options.map((option) => (
                          <Command.Item
                            key={option.value}
                            value={option.value}
                            onSelect={() => {
                              setPicked(option);
                              field.onChange(option.value);
                              setOpen(false);
                              setQuery("");
                            }}
                            className="flex cursor-default items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none select-none data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground"
                          >
                            <CheckIcon aria-hidden="true" className={cn("size-4", option.value === value ? "opacity-100" : "opacity-0")} />
                            <span className="grid">
                              <span>{option.label}</span>
                              {option.description ? <span className="text-xs text-muted-foreground">{option.description}</span> : null}
                            </span>
                          </Command.Item>
                        ))
                      : null}
                  </Command.List>
                </Command>
              </PopoverContent>
            </Popover>
            {value && !required && !field.disabled ? (
              <Button
                variant="ghost"
                size="icon"
                aria-label={t("comboboxClear")}
                onClick={() => {
                  setPicked(null);
                  field.onChange(null);
                }}
              >
                <XIcon aria-hidden="true" />
              </Button>
            ) : null}
          </div>
        );
      }}
    </FieldFrame>
  );
}
