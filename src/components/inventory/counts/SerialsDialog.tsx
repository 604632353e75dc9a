"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/Button";
import { DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Textarea } from "@/components/ui/Textarea";
import { useTRPC } from "@/trpc/react";

import { afterEntry } from "./line-cache";
import { checkSerials, refusalOf, serialEntries, serverSerialIssues, type SerialIssue } from "./serial-errors";

/** A serial line's serials as counts.get answers them (expected / missing / relocated / extra null while blind). */
export interface SerialView {
  found: string[];
  expected: string[] | null;
  missing: string[] | null;
  relocated: string[] | null;
  extra: { serialNumber: string; kind: "here" | "transfer" | "new" | "elsewhere"; place: string | null; moveId: string | null }[] | null;
  moves: { serialNumber: string; moveId: string }[];
}

export interface SerialLine {
  id: string;
  sku: string;
  locationCode: string;
  lotNumber: string | null;
  countedQty: string | null;
  serials: SerialView | null;
}

export const serialLineLabel = (l: { sku: string; lotNumber: string | null; locationCode: string }) =>
  `${l.sku}${l.lotNumber ? ` (${l.lotNumber})` : ""} @ ${l.locationCode}`;

function List({ label, items, empty }: { label: string; items: string[]; empty: string }) {
  const id = useId();
  return (
    <div className="grid gap-1">
      <h3 id={id} className="text-sm font-medium">
        {label} <span className="text-muted-foreground tabular-nums">({items.length})</span>
      </h3>
      {items.length ? (
        <ul aria-labelledby={id} className="flex flex-wrap gap-1">
          {items.map((s) => (
            <li key={s} className="rounded border px-1.5 py-0.5 font-mono text-xs">
              {s}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted-foreground">{empty}</p>
      )}
    </div>
  );
}

/** Expected / found as expected / missing / found on another line / extra (what posting does with each). */
export function SerialBreakdown({ view, posted }: { view: SerialView; posted: boolean }) {
  const t = useTranslations("inventoryCounts.serials");
  const extraId = useId();
  if (view.expected === null) return <List label={t("found")} items={view.found} empty={t("none")} />;
  const found = new Set(view.found);
  return (
    <div className="grid gap-3">
      <List label={t("expected")} items={view.expected} empty={t("none")} />
      <List label={t("asExpected")} items={view.expected.filter((s) => found.has(s))} empty={t("none")} />
      <List label={posted ? t("missingPosted") : t("missing")} items={view.missing ?? []} empty={t("none")} />
      {view.relocated?.length ? <List label={t("relocated")} items={view.relocated} empty={t("none")} /> : null}
      <div className="grid gap-1">
        <h3 id={extraId} className="text-sm font-medium">
          {t("extra")} <span className="text-muted-foreground tabular-nums">({view.extra?.length ?? 0})</span>
        </h3>
        {view.extra?.length ? (
          <ul aria-labelledby={extraId} className="grid gap-1 text-xs">
            {view.extra.map((x) => (
              <li key={x.serialNumber} className="flex flex-wrap items-center gap-2">
                <span className="rounded border px-1.5 py-0.5 font-mono">{x.serialNumber}</span>
                <span className={x.kind === "elsewhere" ? "text-destructive" : "text-muted-foreground"}>
                  {posted && x.moveId
                    ? t("extraPosted")
                    : x.kind === "transfer"
                      ? t("kind.transfer", { place: x.place ?? "" })
                      : x.kind === "elsewhere"
                        ? t("kind.elsewhere", { place: x.place ?? t("notInStock") })
                        : t(`kind.${x.kind}`)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted-foreground">{t("none")}</p>
        )}
      </div>
    </div>
  );
}

/**
 * The "Serials" dialog of a serial line: while counting, a scan field (Enter adds the number) and the list found,
 * one per line, saved as a whole (counted = the number of serials); the breakdown once expected serials are visible.
 */
export function SerialsDialog({ countId, line, editable, posted, onDone }: { countId: string; line: SerialLine; editable: boolean; posted: boolean; onDone: () => void }) {
  const t = useTranslations("inventoryCounts.serials");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState((line.serials?.found ?? []).join("\n"));
  const [scan, setScan] = useState("");
  const [errors, setErrors] = useState<SerialIssue[]>([]);
  const setSerials = useMutation(trpc.inventory.counts.setSerials.mutationOptions());
  const entries = serialEntries(text);
  const distinct = new Set(entries.serials.map((s) => s.trim()));
  const say = (i: SerialIssue) =>
    i.key === "tooLong"
      ? t("errors.tooLong", { line: i.line, max: i.max })
      : i.key === "tooMany"
        ? t("errors.tooMany", { max: i.max })
        : i.key === "entry"
          ? t("entryError", { line: i.line, message: i.message })
          : i.key === "message"
            ? i.message
            : t(`errors.${i.key}`);
  const add = () => {
    const v = scan.trim();
    if (!v) return;
    const have = new Set(text.split("\n").map((s) => s.trim()));
    if (!have.has(v)) setText((cur) => (cur.trim() ? `${cur.replace(/\n+$/, "")}\n${v}` : v));
    setScan("");
  };
  const save = async () => {
    const found = checkSerials(entries);
    setErrors(found);
    if (found.length) return;
    try {
      const next = await setSerials.mutateAsync({ id: countId, lineId: line.id, serials: entries.serials });
      // Serials found here may be expected on another line (relocated there): the pages on screen refetch.
      await afterEntry(queryClient, trpc, countId, next, true);
      toast.success(t("saved", { count: next.countedQty ?? "0" }));
      onDone();
    } catch (e) {
      setErrors(serverSerialIssues(refusalOf(e), entries.lineOf));
    }
  };
  return (
    <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
      <DialogTitle>{t("title", { line: serialLineLabel(line) })}</DialogTitle>
      <DialogDescription>{editable ? t("descriptionEdit") : t("description")}</DialogDescription>
      {editable ? (
        <div className="grid gap-3">
          <div className="grid gap-1">
            <Label htmlFor="count-serial-scan">{t("scan")}</Label>
            <div className="flex gap-2">
              <Input
                id="count-serial-scan"
                autoComplete="off"
                autoFocus
                value={scan}
                onChange={(e) => setScan(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    add();
                  }
                }}
              />
              <Button type="button" variant="outline" onClick={add}>
                {t("add")}
              </Button>
            </div>
          </div>
          <div className="grid gap-1">
            <Label htmlFor="count-serial-list">{t("list")}</Label>
            <Textarea
              id="count-serial-list"
              rows={8}
              className="font-mono"
              value={text}
              aria-invalid={errors.length ? true : undefined}
              aria-describedby={errors.length ? "count-serial-errors" : "count-serial-total"}
              onChange={(e) => setText(e.target.value)}
            />
            <p id="count-serial-total" className="text-xs text-muted-foreground" aria-live="polite">
              {t("total", { count: distinct.size })}
            </p>
            {errors.length ? (
              <ul id="count-serial-errors" role="alert" className="text-xs text-destructive">
                {errors.map(say).map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      {line.serials && (!editable || line.serials.expected !== null) ? <SerialBreakdown view={line.serials} posted={posted} /> : null}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          {editable ? t("cancel") : t("close")}
        </Button>
        {editable ? (
          <Button type="button" onClick={() => void save()} disabled={setSerials.isPending}>
            {t("save")}
          </Button>
        ) : null}
      </DialogFooter>
    </DialogContent>
  );
}
