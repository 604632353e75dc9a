"use client";

import { PlusIcon, XIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { useFormat } from "@/components/format/FormatProvider";

import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import type { Format } from "@/lib/format";
import type { FilterType, TFilterValue } from "@/lib/list";

import { Checkbox } from "@/components/ui/Checkbox";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/Popover";
import type { DataTableFilter } from "./types";

type Props = {
  filters: readonly DataTableFilter[];
  types: Readonly<Record<string, FilterType>>;
  values: Record<string, TFilterValue>;
  onChange: (id: string, value: TFilterValue | undefined) => void;
};

/** One button per filter: a dashed "+ Label" when unused, a chip "Label: value" with a remove button when active. */
export function FilterBar({ filters, types, values, onChange }: Props) {
  const t = useTranslations("dataTable.filters");
  return (
    <div role="group" aria-label={t("label")} className="flex flex-wrap items-center gap-2">
      {filters.map((filter) => {
        const type = types[filter.id];
        if (!type) return null;
        const value = values[filter.id];
        return <FilterButton key={filter.id} filter={filter} type={type} value={value} onChange={(v) => onChange(filter.id, v)} />;
      })}
    </div>
  );
}

function FilterButton({
  filter,
  type,
  value,
  onChange,
}: {
  filter: DataTableFilter;
  type: FilterType;
  value: TFilterValue | undefined;
  onChange: (value: TFilterValue | undefined) => void;
}) {
  const t = useTranslations("dataTable.filters");
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const summary = value ? summarize(value, filter, t, format) : "";
  const apply = (v: TFilterValue | undefined) => {
    onChange(v);
    setOpen(false);
  };
  return (
    <div className="flex items-center">
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger asChild>
          {value ? (
            <Button variant="secondary" size="sm" className="rounded-r-none" aria-label={t("chip", { filter: filter.label, value: summary })}>
              <span className="font-medium">{filter.label}:</span>
              <span className="max-w-48 truncate">{summary}</span>
            </Button>
          ) : (
            <Button variant="outline" size="sm" className="border-dashed">
              <PlusIcon aria-hidden="true" />
              {filter.label}
            </Button>
          )}
        </PopoverTrigger>
        <PopoverContent aria-label={t("filterBy", { filter: filter.label })} className="w-72 p-3">
          <FilterEditor filter={filter} type={type} value={value} onApply={apply} />
        </PopoverContent>
      </Popover>
      {value ? (
        <Button variant="secondary" size="sm" className="rounded-l-none border-l border-background px-2" aria-label={t("remove", { filter: filter.label })} onClick={() => onChange(undefined)}>
          <XIcon aria-hidden="true" />
        </Button>
      ) : null}
    </div>
  );
}

type FilterMessages = ReturnType<typeof useTranslations<"dataTable.filters">>;

/** The chip text of an active filter; dates and numbers in the organization's format. */
export function summarize(value: TFilterValue, filter: DataTableFilter, t: FilterMessages, format: Format): string {
  switch (value.type) {
    case "text":
      return t("contains", { value: value.value });
    case "enum": {
      const labels = value.values.map((v) => filter.options?.find((o) => o.value === v)?.label ?? v);
      return labels.length <= 2 ? labels.join(", ") : t("more", { shown: labels.slice(0, 2).join(", "), count: labels.length - 2 });
    }
    case "dateRange": {
      const [from, to] = [value.from && format.date(value.from), value.to && format.date(value.to)];
      return from && to ? t("between", { from, to }) : from ? t("dateFrom", { from }) : t("dateUntil", { to: to ?? "" });
    }
    case "numberRange": {
      const [min, max] = [value.min && format.number(value.min), value.max && format.number(value.max)];
      return min && max ? t("between", { from: min, to: max }) : min ? t("atLeast", { min }) : t("atMost", { max: max ?? "" });
    }
  }
}

function FilterEditor({
  filter,
  type,
  value,
  onApply,
}: {
  filter: DataTableFilter;
  type: FilterType;
  value: TFilterValue | undefined;
  onApply: (value: TFilterValue | undefined) => void;
}) {
  const t = useTranslations("dataTable.filters");
  const id = useId();
  const [text, setText] = useState(value?.type === "text" ? value.value : "");
  const [selected, setSelected] = useState<string[]>(value?.type === "enum" ? value.values : []);
  const [lo, setLo] = useState(value?.type === "dateRange" ? (value.from ?? "") : value?.type === "numberRange" ? (value.min ?? "") : "");
  const [hi, setHi] = useState(value?.type === "dateRange" ? (value.to ?? "") : value?.type === "numberRange" ? (value.max ?? "") : "");

  const build = (): TFilterValue | undefined => {
    switch (type) {
      case "text":
        return text.trim() ? { type, value: text.trim().slice(0, 200) } : undefined;
      case "enum":
        return selected.length ? { type, values: selected.slice(0, 50) } : undefined;
      case "dateRange":
        return lo || hi ? { type, from: lo || undefined, to: hi || undefined } : undefined;
      case "numberRange":
        return lo.trim() || hi.trim() ? { type, min: lo.trim() || undefined, max: hi.trim() || undefined } : undefined;
    }
  };
  const numberInvalid = type === "numberRange" && [lo, hi].some((v) => v.trim() !== "" && !/^-?\d{1,18}(\.\d{1,8})?$/.test(v.trim()));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!numberInvalid) onApply(build());
  };

  return (
    <form onSubmit={submit} className="grid gap-3">
      {type === "text" ? (
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-text`}>{t("textLabel", { filter: filter.label })}</Label>
          <Input id={`${id}-text`} value={text} maxLength={200} placeholder={filter.placeholder} autoFocus onChange={(e) => setText(e.target.value)} />
        </div>
      ) : null}
      {type === "enum" ? (
        <fieldset className="grid max-h-64 gap-2 overflow-y-auto">
          <legend className="mb-1 text-sm font-medium">{filter.label}</legend>
          {(filter.options ?? []).length === 0 ? <p className="text-sm text-muted-foreground">{t("noChoices")}</p> : null}
          {(filter.options ?? []).map((option) => (
            <div key={option.value} className="flex items-center gap-2">
              <Checkbox
                id={`${id}-${option.value}`}
                checked={selected.includes(option.value)}
                onCheckedChange={(checked) =>
                  setSelected((s) => (checked === true ? [...s, option.value] : s.filter((v) => v !== option.value)))
                }
              />
              <Label htmlFor={`${id}-${option.value}`} className="font-normal">
                {option.label}
              </Label>
            </div>
          ))}
        </fieldset>
      ) : null}
      {type === "dateRange" || type === "numberRange" ? (
        <div className="grid grid-cols-2 gap-2">
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-lo`}>{type === "dateRange" ? t("from") : t("min")}</Label>
            <Input id={`${id}-lo`} type={type === "dateRange" ? "date" : "text"} inputMode={type === "numberRange" ? "decimal" : undefined} value={lo} max={type === "dateRange" ? hi || undefined : undefined} onChange={(e) => setLo(e.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-hi`}>{type === "dateRange" ? t("to") : t("max")}</Label>
            <Input id={`${id}-hi`} type={type === "dateRange" ? "date" : "text"} inputMode={type === "numberRange" ? "decimal" : undefined} value={hi} min={type === "dateRange" ? lo || undefined : undefined} onChange={(e) => setHi(e.target.value)} />
          </div>
          {numberInvalid ? (
            <p role="alert" className="col-span-2 text-sm text-destructive">
              {t("invalidNumber")}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="sm" onClick={() => onApply(undefined)}>
          {t("clear")}
        </Button>
        <Button type="submit" size="sm">
          {t("apply")}
        </Button>
      </div>
    </form>
  );
}
