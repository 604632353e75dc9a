"use client";

import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";

import { Button } from "@/components/ui/Button";
import { COUNT_CAP } from "@/lib/list";
import { cn } from "@/lib/utils";

export const PER_PAGE_CHOICES = [25, 50, 100] as const;

type Props = {
  mode: "keyset" | "page";
  /** 1-based index of the first row shown. */
  start: number;
  rowCount: number;
  total?: number;
  totalCapped?: boolean;
  /** The total is being counted (lazy count): "1–50 of …, counting". */
  counting?: boolean;
  perPage: number;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPage: (page: number) => void;
  onPerPage: (perPage: number) => void;
};

/**
 * "1–50 of 1,234" (or "of more than 10,000", or "1–50 of …" while a lazy count runs), Previous / Next, page numbers
 * when the list pages by number.
 */
export function Pagination(props: Props) {
  const { mode, start, rowCount, total, totalCapped, perPage, page } = props;
  const t = useTranslations("dataTable.pagination");
  const id = useId();
  const end = start + rowCount - 1;
  const range =
    rowCount === 0
      ? t("noRows")
      : totalCapped
        ? t("rangeOfMore", { start, end, cap: COUNT_CAP })
        : total !== undefined
          ? t("rangeOf", { start, end, total })
          : props.counting
            ? t("rangeCounting", { start, end })
            : t("range", { start, end });
  const pages = mode === "page" && total !== undefined ? Math.max(1, Math.ceil(total / perPage)) : undefined;

  return (
    <nav aria-label={t("label")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p aria-live="polite" className="text-muted-foreground" data-testid="row-range">
        {range}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-per-page`} className="text-muted-foreground">
          {t("rowsPerPage")}
        </label>
        <select
          id={`${id}-per-page`}
          value={perPage}
          onChange={(e) => props.onPerPage(Number(e.target.value))}
          className="h-8 rounded-md border border-input bg-background px-2 text-sm"
        >
          {[...new Set([...PER_PAGE_CHOICES, perPage])].sort((a, b) => a - b).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <Button variant="outline" size="sm" onClick={props.onPrevious} disabled={!props.hasPrevious}>
          <ChevronLeftIcon aria-hidden="true" />
          {t("previous")}
        </Button>
        {pages !== undefined ? <PageNumbers page={page} pages={pages} onPage={props.onPage} /> : null}
        <Button variant="outline" size="sm" onClick={props.onNext} disabled={!props.hasNext}>
          {t("next")}
          <ChevronRightIcon aria-hidden="true" />
        </Button>
      </div>
    </nav>
  );
}

function PageNumbers({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const t = useTranslations("dataTable.pagination");
  const shown = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  return (
    <ul className="flex items-center gap-1">
      {sorted.map((p, i) => (
        <li key={p} className="flex items-center gap-1">
          {i > 0 && p - sorted[i - 1]! > 1 ? <span aria-hidden="true">…</span> : null}
          <Button
            variant={p === page ? "secondary" : "ghost"}
            size="sm"
            className={cn("min-w-8 px-2", p === page && "font-semibold")}
            aria-label={t("page", { page: p })}
            aria-current={p === page ? "page" : undefined}
            onClick={() => onPage(p)}
          >
            {p}
          </Button>
        </li>
      ))}
    </ul>
  );
}
