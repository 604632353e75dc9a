"use client";

import { ArrowDownIcon, ArrowUpIcon, PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, type KeyboardEvent } from "react";

import { normalizeDecimalInput } from "@/components/form/decimal-input";
import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import type { DecimalLike } from "@/lib/format";
import { cn } from "@/lib/utils";

/** One editable line. Every number is a decimal string as typed (never a JS number). */
export type DocumentLine = {
  /** Stable React key (the line's id once saved, a client id before). */
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  /** Percent off, e.g. "10". */
  discount: string;
  /** Tax rate in percent, e.g. "20". */
  taxRate: string;
};

export type Money = DecimalLike | string;

/** What the page's totals function returns (built with src/lib/money: lineTotals + documentTotals). */
export type DocumentTotalsView = {
  /** One amount per line, in line order; null where the line cannot be computed yet (e.g. an empty quantity). */
  lineAmounts: ReadonlyArray<Money | null>;
  subtotal: Money;
  discount: Money;
  tax: Money;
  total: Money;
};

export type ComputeTotals = (lines: readonly DocumentLine[]) => DocumentTotalsView;

type Column = "description" | "quantity" | "unitPrice" | "discount" | "taxRate";
const NUMERIC: readonly Column[] = ["quantity", "unitPrice", "discount", "taxRate"];
const COLUMNS: readonly Column[] = ["description", ...NUMERIC];

let counter = 0;
/** A client-side key for a new line. */
export function newLineKey(): string {
  counter += 1;
  return `new-${Date.now().toString(36)}-${counter}`;
}

export function emptyLine(): DocumentLine {
  return { key: newLineKey(), description: "", quantity: "1", unitPrice: "", discount: "0", taxRate: "0" };
}

/**
 * Editable document lines. Keyboard: Tab moves across cells; Alt+↑ / Alt+↓ move the current line; Enter in the
 * last cell of the last line adds a line; the row buttons (move, remove) are reachable by Tab as well.
 */
export function LinesEditor({
  lines,
  onChange,
  currency,
  totals,
  readOnly = false,
}: {
  lines: readonly DocumentLine[];
  onChange: (lines: DocumentLine[]) => void;
  currency: string;
  /** The result of the page's totals function for `lines` (see DocumentTotalsView). */
  totals: DocumentTotalsView | null;
  readOnly?: boolean;
}) {
  const t = useTranslations("document");
  const format = useFormat();
  const table = useRef<HTMLTableElement>(null);

  const focusCell = (index: number, column: Column = "description") => {
    // After React has rendered the change.
    requestAnimationFrame(() => {
      table.current?.querySelector<HTMLInputElement>(`[data-line="${index}"][data-column="${column}"]`)?.focus();
    });
  };

  const update = (index: number, column: Column, value: string) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, [column]: NUMERIC.includes(column) ? normalizeDecimalInput(value) : value } : line)));

  const add = () => {
    onChange([...lines, emptyLine()]);
    focusCell(lines.length);
  };

  const remove = (index: number) => {
    onChange(lines.filter((_, i) => i !== index));
    if (lines.length > 1) focusCell(Math.max(0, index - 1));
  };

  const move = (index: number, delta: -1 | 1, column: Column = "description") => {
    const target = index + delta;
    if (target < 0 || target >= lines.length) return;
    const next = [...lines];
    [next[index], next[target]] = [next[target]!, next[index]!];
    onChange(next);
    focusCell(target, column);
  };

  const onKeyDown = (index: number, column: Column) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      move(index, event.key === "ArrowUp" ? -1 : 1, column);
    } else if (event.key === "Enter" && column === "taxRate" && index === lines.length - 1 && !readOnly) {
      event.preventDefault();
      add();
    }
  };

  const money = (value: Money | null | undefined) => (value == null ? "—" : format.money(value, currency));

  return (
    <section aria-labelledby="lines-heading" className="grid gap-3">
      <h2 id="lines-heading" className="text-base font-semibold">
        {t("lines")}
      </h2>
      <div className="overflow-x-auto rounded-md border">
        <table ref={table} className="w-full min-w-[44rem] text-sm">
          <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="w-10 px-2 py-2 font-medium">
                #
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                {t("description")}
              </th>
              <th scope="col" className="w-24 px-2 py-2 text-right font-medium">
                {t("quantity")}
              </th>
              <th scope="col" className="w-32 px-2 py-2 text-right font-medium">
                {t("unitPrice")}
              </th>
              <th scope="col" className="w-24 px-2 py-2 text-right font-medium">
                {t("discount")}
              </th>
              <th scope="col" className="w-20 px-2 py-2 text-right font-medium">
                {t("taxRate")}
              </th>
              <th scope="col" className="w-32 px-2 py-2 text-right font-medium">
                {t("lineTotal")}
              </th>
              {readOnly ? null : <th scope="col" className="w-28 px-2 py-2 print:hidden" aria-label={t("lines")} />}
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={readOnly ? 7 : 8} className="px-3 py-6 text-center text-muted-foreground">
                  {t("noLines")}
                </td>
              </tr>
            ) : null}
            {lines.map((line, index) => {
              const n = index + 1;
              const cellLabel = (column: Column) => `${t(column)}, ${t("lineNumber", { index: n })}`;
              return (
                <tr key={line.key} className="border-t align-top" data-testid="document-line">
                  <td className="px-2 py-2 text-muted-foreground tabular-nums">{n}</td>
                  {COLUMNS.map((column) => (
                    <td key={column} className="px-1 py-1">
                      {readOnly ? (
                        <span className={cn("block px-2 py-1.5", column !== "description" && "text-right tabular-nums")}>{line[column]}</span>
                      ) : (
                        <Input
                          aria-label={cellLabel(column)}
                          data-line={index}
                          data-column={column}
                          value={line[column]}
                          inputMode={column === "description" ? undefined : "decimal"}
                          className={cn("h-8", column !== "description" && "text-right tabular-nums")}
                          onChange={(e) => update(index, column, e.target.value)}
                          onKeyDown={onKeyDown(index, column)}
                        />
                      )}
                    </td>
                  ))}
                  <td className="px-2 py-2 text-right font-medium tabular-nums" data-testid="line-amount">
                    {money(totals?.lineAmounts[index])}
                  </td>
                  {readOnly ? null : (
                    <td className="px-1 py-1 print:hidden">
                      <div className="flex justify-end gap-0.5">
                        <Button variant="ghost" size="icon" className="size-8" aria-label={t("moveUp", { index: n })} disabled={index === 0} onClick={() => move(index, -1)}>
                          <ArrowUpIcon aria-hidden="true" />
                        </Button>
                        <Button
                          variant="ghost"
                          size="icon"
                          className="size-8"
                          aria-label={t("moveDown", { index: n })}
                          disabled={index === lines.length - 1}
                          onClick={() => move(index, 1)}
                        >
                          <ArrowDownIcon aria-hidden="true" />
                        </Button>
                        <Button variant="ghost" size="icon" className="size-8" aria-label={t("removeLine", { index: n })} onClick={() => remove(index)}>
                          <Trash2Icon aria-hidden="true" />
                        </Button>
                      </div>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {readOnly ? null : (
        <div className="print:hidden">
          <Button variant="outline" size="sm" onClick={add}>
            <PlusIcon aria-hidden="true" />
            {t("addLine")}
          </Button>
        </div>
      )}
    </section>
  );
}

/** Subtotal, discount, tax and total of the document, in its currency. */
export function TotalsPanel({ totals, currency }: { totals: DocumentTotalsView | null; currency: string }) {
  const t = useTranslations("document");
  const format = useFormat();
  const rows = [
    ["subtotal", totals?.subtotal],
    ["discountTotal", totals?.discount],
    ["taxTotal", totals?.tax],
  ] as const;
  return (
    <section aria-label={t("totals")} className="ml-auto w-full max-w-xs rounded-md border p-4">
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1.5 text-sm">
        {rows.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-muted-foreground">{t(key)}</dt>
            <dd className="text-right tabular-nums">{value == null ? "—" : format.money(value, currency)}</dd>
          </div>
        ))}
        <div className="contents text-base font-semibold">
          <dt className="border-t pt-2">{t("total")}</dt>
          <dd className="border-t pt-2 text-right tabular-nums" data-testid="document-total">
            {totals ? format.money(totals.total, currency) : "—"}
          </dd>
        </div>
      </dl>
    </section>
  );
}
