"use client";

import { ArrowDownIcon, ArrowUpIcon, Columns3Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";

import { Button } from "@/components/ui/Button";
import { Label } from "@/components/ui/Label";

import { Checkbox } from "@/components/ui/Checkbox";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/Popover";

type Props = {
  /** In display order. */
  columns: readonly { id: string; header: string; visible: boolean; hideable: boolean }[];
  onToggle: (id: string, visible: boolean) => void;
  onMove: (id: string, by: -1 | 1) => void;
  onReset: () => void;
};

/** Show, hide and reorder columns; each change is part of the URL state. */
export function ColumnsMenu({ columns, onToggle, onMove, onReset }: Props) {
  const t = useTranslations("dataTable");
  const id = useId();
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm">
          <Columns3Icon aria-hidden="true" />
          {t("columns")}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" aria-label={t("columns")} className="w-64 p-3">
        <ul className="grid gap-1">
          {columns.map((column, i) => (
            <li key={column.id} className="flex items-center gap-2">
              <Checkbox
                id={`${id}-${column.id}`}
                checked={column.visible}
                disabled={!column.hideable}
                onCheckedChange={(checked) => onToggle(column.id, checked === true)}
              />
              <Label htmlFor={`${id}-${column.id}`} className="flex-1 font-normal">
                {column.header}
              </Label>
              <Button variant="ghost" size="icon" className="size-7" aria-label={t("moveColumnUp", { column: column.header })} disabled={i === 0} onClick={() => onMove(column.id, -1)}>
                <ArrowUpIcon aria-hidden="true" />
              </Button>
              <Button variant="ghost" size="icon" className="size-7" aria-label={t("moveColumnDown", { column: column.header })} disabled={i === columns.length - 1} onClick={() => onMove(column.id, 1)}>
                <ArrowDownIcon aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
        <Button variant="ghost" size="sm" className="mt-2 w-full" onClick={onReset}>
          {t("resetColumns")}
        </Button>
      </PopoverContent>
    </Popover>
  );
}
