"use client";

import { useTranslations } from "next-intl";
import { memo } from "react";

import { useFormat } from "@/components/format/FormatProvider";

export interface CountSheetLine {
  id: string;
  lineNo: number;
  locationCode: string;
  sku: string;
  variantSku: string | null;
  itemName: string;
  lotNumber: string | null;
  expectedQty: string | null;
  /** Serial-controlled lines: the expected serial numbers (null while hidden). */
  serials?: { expected: string[] | null } | null;
}

export interface CountSheetProps {
  number: string;
  status: string;
  blind: boolean;
  /** Whether the service showed expected quantities (false for a blind count while counting). */
  expectedVisible: boolean;
  warehouse: string;
  scope: string;
  snapshotAt: Date | string;
  note: string | null;
  /** Once posted: when, and who posted it (null: a posting without a user). */
  postedAt?: Date | string | null;
  postedBy?: string | null;
  /** null until "Print count sheet" has read them (every line of the count, page by page): the sheet says so. */
  lines: readonly CountSheetLine[] | null;
}

/**
 * The printable count sheet: hidden on screen, the only thing printed from the count page. Lines in location order
 * with an empty "Counted" column to fill in by hand. A blind count never prints expected quantities — even when the
 * service would show them (after review), the sheet of a blind count is for counting, not for checking. A serial line lists its expected serial numbers beneath it on the same terms.
 * The count page holds one page of lines: the sheet's lines are every line of the count, read when the member
 * presses "Print count sheet" (the browser's own print before that prints the header and a note saying so).
 */
export const CountSheet = memo(CountSheetView, sameSheet);

/**
 * The count page re-renders on every quantity typed, but nothing the sheet prints changes (it has no counted column):
 * the sheet re-renders only when a printed field does. A stocktake's sheet has tens of thousands of rows once
 * printed; re-rendering them on every quantity typed would make the entry table lag.
 */
function sameSheet(a: CountSheetProps, b: CountSheetProps): boolean {
  const keys = ["number", "status", "blind", "expectedVisible", "warehouse", "scope", "snapshotAt", "note", "postedAt", "postedBy"] as const;
  if (keys.some((k) => String(a[k]) !== String(b[k]))) return false;
  if (a.lines === b.lines) return true;
  if (!a.lines || !b.lines || a.lines.length !== b.lines.length) return false;
  const bl = b.lines;
  return a.lines.every((x, i) => {
    const y = bl[i]!;
    return (
      x === y ||
      (x.id === y.id && x.lineNo === y.lineNo && x.locationCode === y.locationCode && x.sku === y.sku && x.variantSku === y.variantSku &&
        x.itemName === y.itemName && x.lotNumber === y.lotNumber && x.expectedQty === y.expectedQty &&
        (x.serials?.expected ?? null)?.join("\n") === (y.serials?.expected ?? null)?.join("\n"))
    );
  });
}

function CountSheetView({ number, status, blind, expectedVisible, warehouse, scope, snapshotAt, note, postedAt, postedBy, lines }: CountSheetProps) {
  const t = useTranslations("inventoryCounts");
  const format = useFormat();
  const showExpected = expectedVisible && !blind;
  const sorted = [...(lines ?? [])].sort((a, b) => a.locationCode.localeCompare(b.locationCode) || a.lineNo - b.lineNo);
  return (
    <section aria-labelledby="count-sheet-title" data-testid="count-sheet" className="hidden gap-4 text-black print:grid">
      <header className="grid gap-1">
        <h1 id="count-sheet-title" className="text-xl font-semibold">
          {t("sheet.title", { number })}
        </h1>
        <dl className="grid grid-cols-3 gap-x-6 gap-y-1 text-sm">
          <div>
            <dt className="text-xs uppercase">{t("sheet.warehouse")}</dt>
            <dd>{warehouse}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase">{t("sheet.scope")}</dt>
            <dd>{scope}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase">{t("sheet.snapshot")}</dt>
            <dd>{format.dateTime(snapshotAt)}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase">{t("sheet.status")}</dt>
            <dd>
              {t(`status.${status as "counting"}`)}
              {blind ? ` · ${t("blindTag")}` : ""}
            </dd>
          </div>
          {postedAt ? (
            <div className="col-span-2">
              <dt className="text-xs uppercase">{t("sheet.posted")}</dt>
              <dd>{postedBy ? t("postedByOn", { name: postedBy, date: format.dateTime(postedAt) }) : t("postedOn", { date: format.dateTime(postedAt) })}</dd>
            </div>
          ) : null}
          {note ? (
            <div className="col-span-2">
              <dt className="text-xs uppercase">{t("sheet.note")}</dt>
              <dd>{note}</dd>
            </div>
          ) : null}
        </dl>
      </header>
      {lines === null ? <p className="text-sm">{t("sheet.usePrintButton")}</p> : (
      <table className="w-full border-collapse text-sm" aria-label={t("sheet.lines")}>
        <thead>
          <tr className="border-b-2 border-black text-left">
            <th className="py-1 pr-2">#</th>
            <th className="py-1 pr-2">{t("lines.location")}</th>
            <th className="py-1 pr-2">{t("lines.sku")}</th>
            <th className="py-1 pr-2">{t("lines.item")}</th>
            <th className="py-1 pr-2">{t("lines.lot")}</th>
            {showExpected ? <th className="py-1 pr-2 text-right">{t("lines.expected")}</th> : null}
            <th className="w-32 py-1 text-right">{t("lines.counted")}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.flatMap((l) => [
            <tr key={l.id} className="break-inside-avoid border-b border-black/40">
              <td className="py-2 pr-2 tabular-nums">{l.lineNo}</td>
              <td className="py-2 pr-2 font-mono">{l.locationCode}</td>
              <td className="py-2 pr-2 font-mono">
                {l.sku}
                {l.variantSku ? ` / ${l.variantSku}` : ""}
              </td>
              <td className="py-2 pr-2">{l.itemName}</td>
              <td className="py-2 pr-2">{l.lotNumber ?? ""}</td>
              {showExpected ? <td className="py-2 pr-2 text-right tabular-nums">{l.expectedQty === null ? "" : format.number(l.expectedQty)}</td> : null}
              <td className="py-2" aria-label={t("sheet.countedBlank")} />
            </tr>,
            showExpected && l.serials?.expected?.length ? (
              <tr key={`${l.id}-serials`} className="break-inside-avoid border-b border-black/40">
                <td />
                <td className="py-1 pr-2 text-xs" colSpan={6}>
                  <span className="uppercase">{t("sheet.expectedSerials")}:</span>{" "}
                  <span className="font-mono">{l.serials.expected.join(", ")}</span>
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
      )}
      <p className="mt-6 grid grid-cols-2 gap-8 text-sm">
        <span className="border-t border-black pt-1">{t("sheet.countedBy")}</span>
        <span className="border-t border-black pt-1">{t("sheet.checkedBy")}</span>
      </p>
    </section>
  );
}
