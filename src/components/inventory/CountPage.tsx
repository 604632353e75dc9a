"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, PrinterIcon } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { AttachmentsPanel } from "@/components/attachments/AttachmentsPanel";
import { Pagination, PER_PAGE_CHOICES } from "@/components/data-table";
import { StatusBadge } from "@/components/document/StatusBadge";
import { TransitionButtons, type DocumentTransition } from "@/components/document/TransitionButtons";
import { usePrint } from "@/components/document/use-print";
import { useFormat } from "@/components/format/FormatProvider";
import { ComboboxField, DialogFormActions, Form, NumberField, SelectField, TextareaField, TextField, useZodForm } from "@/components/form";
import { isRecordMissing, RecordLoadError, RecordLoading, retryUnlessMissing } from "@/components/RecordState";
import { Button } from "@/components/ui/Button";
import { Checkbox } from "@/components/ui/Checkbox";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/Dialog";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/Tabs";
import { COUNT_LINES_MAX_PER_PAGE, ZCountedQuantity, type TCountLinesInput } from "@/server/modules/inventory/counts.schemas";
import { isUuid } from "@/lib/uuid";
import { useTRPC, useTRPCClient } from "@/trpc/react";

import { CountSheet, type CountSheetLine } from "./counts/CountSheet";
import { afterEntry } from "./counts/line-cache";
import { variantLabel } from "./item/shared";
import { useItemSearch } from "./item-search";
import { COUNT_LINES_PER_PAGE, linePage, pageOfRow } from "./counts/line-pages";
import { SerialBreakdown, SerialsDialog, serialLineLabel } from "./counts/SerialsDialog";
import { COUNT_STATUS_TONE, scopeText } from "./CountsList";
import { activeLocationOptions } from "./tree-options";
import { useValidation, type ValidationT } from "./validation";

type Count = NonNullable<ReturnType<typeof useCount>["data"]>;
type LinesPage = NonNullable<ReturnType<typeof useCountLines>["data"]>;
type Line = LinesPage["rows"][number];

function useCount(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.inventory.counts.get.queryOptions({ id }, { retry: retryUnlessMissing }));
}

/** A page of the count's lines (inventory.counts.lines), the previous page on screen while the next one loads. */
function useCountLines(input: { id: string; page: number; perPage: number; q?: string; filter?: TCountLinesInput["filter"]; keptSince?: Date }) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.inventory.counts.lines.queryOptions(input), placeholderData: keepPreviousData });
}

/**
 * The count sheet's lines: every line of the count, read page by page (inventory.counts.lines, the largest page) when
 * the member prints — the page itself holds one page of lines — then the browser's print once they are rendered.
 */
function useSheetLines(id: string, print: () => void) {
  const client = useTRPCClient();
  const [lines, setLines] = useState<CountSheetLine[] | null>(null);
  const [loaded, setLoaded] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const printWhenRendered = useRef(false);
  useEffect(() => {
    if (!lines || !printWhenRendered.current) return;
    printWhenRendered.current = false;
    print();
  }, [lines, print]);
  const start = async () => {
    setLoaded(0);
    setFailed(false);
    try {
      const all: CountSheetLine[] = [];
      for (let page = 1; ; page++) {
        const r = await client.inventory.counts.lines.query({ id, page, perPage: COUNT_LINES_MAX_PER_PAGE });
        all.push(...r.rows);
        setLoaded(all.length);
        if (r.page * r.perPage >= r.total) break;
      }
      printWhenRendered.current = true;
      setLines(all);
    } catch {
      setFailed(true);
    } finally {
      setLoaded(null);
    }
  };
  return { lines, loaded, failed, start };
}

/** A cycle count: header (number, status, transitions), summary, the Count tab (entry table) and the Review tab. */
export function CountPage({ id, permissions, listPath }: { id: string; permissions: string[]; listPath: string }) {
  const t = useTranslations("inventoryCounts");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const count = useCount(id);
  const canCount = permissions.includes("inventory.stock.adjust");
  const [tab, setTab] = useState<"count" | "review" | "attachments" | null>(null);
  const { org, ws } = useParams<{ org: string; ws: string }>();
  const canSeeFiles = permissions.includes("settings.attachment.read");
  // The count sheet is printed (browser print / PDF) and the print recorded in the audit stream.
  const { mutate: recordPrint } = useMutation(trpc.audit.events.recordPrint.mutationOptions());
  const onPrinted = useCallback(() => recordPrint({ entityType: "inventory.stock_counts", entityId: id }), [recordPrint, id]);
  const print = usePrint(onPrinted);
  const sheet = useSheetLines(id, print);
  const transition = {
    review: useMutation(trpc.inventory.counts.review.mutationOptions()),
    reopen: useMutation(trpc.inventory.counts.reopen.mutationOptions()),
    post: useMutation(trpc.inventory.counts.post.mutationOptions()),
    cancel: useMutation(trpc.inventory.counts.cancel.mutationOptions()),
  };

  if (count.isPending) return <RecordLoading label={t("loading")} />;
  if (count.isError)
    return (
      <RecordLoadError
        missing={isRecordMissing(count.error)}
        notFound={t("notFound")}
        loadFailed={t("loadFailed")}
        backLabel={t("backToList")}
        backHref={listPath}
        retryLabel={t("retry")}
        onRetry={() => void count.refetch()}
      />
    );

  const c = count.data;
  const activeTab = tab ?? (c.status === "counting" ? "count" : "review");
  const refresh = async (next?: Count) => {
    if (next) queryClient.setQueryData(trpc.inventory.counts.get.queryKey({ id }), next);
    await queryClient.invalidateQueries(trpc.inventory.counts.pathFilter());
    await queryClient.invalidateQueries(trpc.inventory.stock.pathFilter());
  };
  const transitions: DocumentTransition[] = c.transitions
    .filter((tr) => !tr.blockedReason)
    .map((tr) => {
      const name = tr.name as "review" | "reopen" | "post" | "cancel";
      const to = { review: "review", reopen: "counting", post: "posted", cancel: "cancelled" }[name];
      return {
        id: name,
        label: t(`actions.${name}`),
        toLabel: t(`status.${to as "review"}`),
        variant: name === "post" ? "default" : name === "cancel" ? "destructive" : "outline",
        confirm: name === "post" || name === "cancel",
        reason: tr.requiresReason ? "required" : undefined,
        onConfirm: async (reason?: string) => {
          const next =
            name === "cancel"
              ? await transition.cancel.mutateAsync({ id: c.id, version: c.version, reason: reason ?? "" })
              : await transition[name].mutateAsync({ id: c.id, version: c.version });
          await refresh(next);
          setTab(name === "reopen" ? "count" : "review");
          toast.success(t(`done.${name}`));
        },
      } satisfies DocumentTransition;
    });
  const blocked = c.transitions.find((tr) => tr.blockedReason);

  return (
    <>
    <article className="mx-auto grid max-w-6xl gap-6 print:hidden" aria-labelledby="inventory-count-title">
      <Link href={listPath} className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:underline">
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        {t("backToList")}
      </Link>
      <header className="flex flex-wrap items-start gap-4">
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 id="inventory-count-title" className="text-2xl font-semibold tracking-tight">
              {t("titleOne", { number: c.number })}
            </h1>
            <StatusBadge label={t(`status.${c.status}`)} tone={COUNT_STATUS_TONE[c.status] ?? "neutral"} />
            {c.blind ? <span className="text-sm text-muted-foreground">{t("blindTag")}</span> : null}
          </div>
          <p className="text-sm text-muted-foreground">
            {c.warehouse.code} — {c.warehouse.name} · {scopeText(t, { locationCode: c.location?.code ?? null, locationCodeFrom: c.locationCodeFrom, locationCodeTo: c.locationCodeTo, categoryName: c.category?.name ?? null })}
          </p>
          {c.postedAt ? (
            <p className="text-sm font-medium" data-testid="count-posted-by">
              {c.postedBy?.name ? t("postedByOn", { name: c.postedBy.name, date: format.dateTime(c.postedAt) }) : t("postedOn", { date: format.dateTime(c.postedAt) })}
            </p>
          ) : null}
        </div>
        {canCount ? (
          <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t("actionsLabel")}>
            <TransitionButtons transitions={transitions} />
          </div>
        ) : null}
        {/* Outside the actions: anyone who reads the count may print its sheet, in any status. */}
        <Button variant="outline" size="sm" onClick={() => void sheet.start()} disabled={sheet.loaded !== null} aria-busy={sheet.loaded !== null || undefined}>
          <PrinterIcon aria-hidden="true" />
          {t("sheet.print")}
        </Button>
      </header>
      {sheet.loaded !== null ? (
        <p role="status" className="text-sm text-muted-foreground">
          {t("sheet.preparing", { count: sheet.loaded })}
        </p>
      ) : null}
      {sheet.failed ? (
        <p role="alert" className="text-sm text-destructive">
          {t("entry.loadFailed")}
        </p>
      ) : null}
      {canCount && blocked ? <p className="text-sm text-muted-foreground">{t("reviewBlocked")}</p> : null}

      <dl className="grid grid-cols-2 gap-4 rounded-lg border p-4 text-sm sm:grid-cols-5" aria-label={t("totals.label")}>
        <Stat label={t("totals.lines")} value={format.number(c.totals.lines)} />
        <Stat label={t("totals.counted")} value={format.number(c.totals.counted)} />
        <Stat label={t("totals.uncounted")} value={format.number(c.totals.uncounted)} />
        <Stat label={t("totals.withDifference")} value={c.totals.withDifference === null ? "—" : format.number(c.totals.withDifference)} />
        <Stat label={t("totals.valueImpact")} value={c.totals.valueImpact === null ? "—" : format.number(c.totals.valueImpact, { minimumFractionDigits: 2 })} />
      </dl>
      {c.note ? <p className="text-sm">{c.note}</p> : null}

      <Tabs value={activeTab} onValueChange={(v) => setTab(v as "count" | "review" | "attachments")}>
        <TabsList aria-label={t("tabsLabel")}>
          <TabsTrigger value="count">{t("tabs.count")}</TabsTrigger>
          <TabsTrigger value="review" disabled={!c.expectedVisible}>
            {t("tabs.review")}
          </TabsTrigger>
          {canSeeFiles ? <TabsTrigger value="attachments">{t("tabs.attachments")}</TabsTrigger> : null}
        </TabsList>
        <TabsContent value="count" className="pt-4">
          {activeTab === "count" ? <CountTab count={c} editable={canCount && c.status === "counting"} /> : null}
        </TabsContent>
        <TabsContent value="review" className="pt-4">
          {activeTab === "review" && c.expectedVisible ? <ReviewTab count={c} /> : null}
        </TabsContent>
        {canSeeFiles ? (
          <TabsContent value="attachments" className="pt-4">
            {/* Signed count sheets and photos, in any status. */}
            {activeTab === "attachments" ? <AttachmentsPanel org={org} ws={ws} entityType="inventory.count" entityId={c.id} /> : null}
          </TabsContent>
        ) : null}
      </Tabs>
      {!c.expectedVisible ? <p className="text-sm text-muted-foreground">{t("blindNotice")}</p> : null}
    </article>
    <CountSheet
      number={c.number}
      status={c.status}
      blind={c.blind}
      expectedVisible={c.expectedVisible}
      warehouse={`${c.warehouse.code} — ${c.warehouse.name}`}
      scope={scopeText(t, { locationCode: c.location?.code ?? null, locationCodeFrom: c.locationCodeFrom, locationCodeTo: c.locationCodeTo, categoryName: c.category?.name ?? null })}
      snapshotAt={c.snapshotAt}
      note={c.note}
      postedAt={c.postedAt}
      postedBy={c.postedBy?.name ?? null}
      lines={sheet.lines}
    />
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid gap-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

const lineLabel = (l: Line) => `${l.sku}${l.lotNumber ? ` (${l.lotNumber})` : ""} @ ${l.locationCode}`;

/**
 * The entry table, one server page of the count's lines (inventory.counts.lines: search and "only uncounted" run in
 * SQL over every line): type a quantity, Enter saves it and moves to the next line (↑/↓ move too, across pages; Esc
 * reverts); blur saves. "Only uncounted" keeps the lines counted meanwhile on screen so the focus order does not
 * jump: the page asks for the uncounted lines and those counted since the filter was turned on (`keptSince`, the
 * server's time), and an entry updates the cached page without refetching it.
 */
function CountTab({ count, editable }: { count: Count; editable: boolean }) {
  const t = useTranslations("inventoryCounts");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [onlyUncounted, setOnlyUncounted] = useState(false);
  const [keptSince, setKeptSince] = useState<Date | undefined>(undefined);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState<Set<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [serialsOf, setSerialsOf] = useState<string | null>(null);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const setCounted = useMutation(trpc.inventory.counts.setCounted.mutationOptions());
  // The latest server time seen (a page's `at`, an entry's `countedAt`): "only uncounted" keeps what is counted after it.
  const serverNow = useRef<Date | undefined>(undefined);
  const seen = (d: Date | string | null | undefined) => {
    const at = d ? new Date(d) : undefined;
    if (at && (!serverNow.current || at > serverNow.current)) serverNow.current = at;
  };

  const { lines, data, rows, pages } = usePagedLines({
    id: count.id, q: q.trim() || undefined, filter: onlyUncounted ? "uncounted" : "all", keptSince: onlyUncounted ? keptSince : undefined,
  });
  useEffect(() => seen(data?.at), [data]);
  const serialLine = serialsOf ? rows.find((l) => l.id === serialsOf) : undefined;

  const inFlight = useRef(new Set<string>());
  const save = async (l: Line) => {
    const raw = drafts[l.id];
    if (raw === undefined || inFlight.current.has(l.id)) return;
    const text = raw.trim().replace(",", ".");
    const value = text === "" ? null : text;
    if (value === (l.countedQty ?? null)) {
      setDrafts(({ [l.id]: _, ...rest }) => rest);
      return;
    }
    if (value !== null && !ZCountedQuantity.safeParse(value).success) {
      setErrors((e) => ({ ...e, [l.id]: t("entry.invalid") }));
      return;
    }
    inFlight.current.add(l.id);
    setSaving((s) => new Set(s).add(l.id));
    try {
      const line = await setCounted.mutateAsync({ id: count.id, lineId: l.id, countedQty: value });
      seen(line.countedAt);
      setDrafts(({ [l.id]: _, ...rest }) => rest);
      setErrors(({ [l.id]: _, ...rest }) => rest);
      await afterEntry(queryClient, trpc, count.id, line);
    } catch (e) {
      setErrors((x) => ({ ...x, [l.id]: e instanceof Error ? e.message : String(e) }));
    } finally {
      inFlight.current.delete(l.id);
      setSaving((s) => {
        const n = new Set(s);
        n.delete(l.id);
        return n;
      });
    }
  };

  // Enter / ↓ on a page's last row (↑ on its first) goes on to the next (previous) page, focused where it left off
  // once that page has come.
  const pendingFocus = useRef<number | null>(null);
  const focusInput = (i: number) => {
    const el = inputs.current[i];
    if (el) {
      el.focus();
      el.select();
    }
  };
  const shown = lines.isPlaceholderData ? null : data;
  useEffect(() => {
    const i = pendingFocus.current;
    if (i === null || !shown) return;
    const { from, to } = linePage(shown.total, shown.page, shown.perPage);
    if (i < from || i >= to) return;
    pendingFocus.current = null;
    focusInput(i);
  }, [shown]);
  const focusRow = (i: number) => {
    if (i < 0 || i >= pages.total) return;
    if (i >= pages.from && i < pages.to) return focusInput(i);
    pendingFocus.current = i;
    pages.setPage(pageOfRow(i, pages.perPage));
  };

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-4">
        <div className="grid gap-1">
          <Label htmlFor="count-filter">{t("entry.search")}</Label>
          <Input
            id="count-filter"
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              pages.setPage(1);
            }}
            placeholder={t("entry.searchPlaceholder")}
            className="w-64"
          />
        </div>
        <div className="flex items-center gap-2 self-end pb-2">
          <Checkbox
            id="count-only-uncounted"
            checked={onlyUncounted}
            onCheckedChange={(v) => {
              setOnlyUncounted(v === true);
              setKeptSince(v === true ? (serverNow.current ?? new Date()) : undefined);
              pages.setPage(1);
            }}
          />
          <Label htmlFor="count-only-uncounted">{t("entry.onlyUncounted")}</Label>
        </div>
        {editable ? <p className="self-end pb-2 text-xs text-muted-foreground">{t("entry.keyboardHint")}</p> : null}
        {editable ? (
          <Button variant="outline" className="ml-auto self-end" onClick={() => setAdding(true)}>
            {t("add.open")}
          </Button>
        ) : null}
      </div>
      <Dialog open={adding} onOpenChange={setAdding}>
        {adding ? <AddLineDialog count={count} onDone={() => setAdding(false)} /> : null}
      </Dialog>
      <Dialog open={!!serialLine} onOpenChange={(open) => !open && setSerialsOf(null)}>
        {serialLine ? (
          <SerialsDialog countId={count.id} line={serialLine} editable={editable} posted={count.status === "posted"} onDone={() => setSerialsOf(null)} />
        ) : null}
      </Dialog>
      {!data ? (
        lines.isError ? (
          <p role="alert" className="py-6 text-center text-sm text-destructive">{t("entry.loadFailed")}</p>
        ) : (
          <p className="py-6 text-center text-sm text-muted-foreground">{t("entry.loading")}</p>
        )
      ) : rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-muted-foreground">{count.totals.lines === 0 ? t("entry.empty") : t("entry.noMatch")}</p>
      ) : (
        <table className="w-full text-sm" aria-label={t("entry.label")} aria-busy={lines.isPlaceholderData || undefined}>
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className="py-2 pr-3 font-medium">#</th>
              <th className="py-2 pr-3 font-medium">{t("lines.location")}</th>
              <th className="py-2 pr-3 font-medium">{t("lines.sku")}</th>
              <th className="py-2 pr-3 font-medium">{t("lines.item")}</th>
              <th className="py-2 pr-3 font-medium">{t("lines.lot")}</th>
              {count.expectedVisible ? <th className="py-2 pr-3 text-right font-medium">{t("lines.expected")}</th> : null}
              <th className="w-40 py-2 text-right font-medium">{t("lines.counted")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l, j) => {
              const i = pages.from + j;
              const error = errors[l.id];
              return (
                <tr key={l.id} className="border-t align-top" data-counted={l.countedQty !== null || undefined}>
                  <td className="py-2 pr-3 tabular-nums text-muted-foreground">{l.lineNo}</td>
                  <td className="py-2 pr-3">{l.locationCode}</td>
                  <td className="py-2 pr-3 font-mono">{l.sku}{l.variantSku ? ` / ${l.variantSku}` : ""}</td>
                  <td className="py-2 pr-3">
                    {l.itemName}
                    {l.added ? <span className="ml-2 text-xs text-muted-foreground">{t("lines.addedTag")}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{l.lotNumber ?? "—"}</td>
                  {count.expectedVisible ? <td className="py-2 pr-3 text-right tabular-nums">{l.expectedQty === null ? "—" : format.number(l.expectedQty)}</td> : null}
                  <td className="py-1 text-right">
                    {l.serialControl ? (
                      <div className="flex items-center justify-end gap-2">
                        <span className="tabular-nums" data-testid="serial-counted">
                          {l.countedQty === null ? t("lines.notCounted") : format.number(l.countedQty)}
                        </span>
                        <Button
                          variant="outline"
                          size="sm"
                          aria-label={t("serials.open", { line: serialLineLabel(l) })}
                          onClick={() => setSerialsOf(l.id)}
                        >
                          {t("serials.button")}
                        </Button>
                      </div>
                    ) : editable ? (
                      <div className="grid justify-items-end gap-1">
                        <div className="flex items-center gap-1">
                          <Input
                            ref={(el) => {
                              inputs.current[i] = el;
                            }}
                            type="text"
                            inputMode="decimal"
                            autoComplete="off"
                            aria-label={t("entry.inputLabel", { line: lineLabel(l) })}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `count-err-${l.id}` : undefined}
                            aria-busy={saving.has(l.id) || undefined}
                            className="w-28 text-right tabular-nums"
                            value={drafts[l.id] ?? l.countedQty ?? ""}
                            onChange={(e) => setDrafts((d) => ({ ...d, [l.id]: e.target.value }))}
                            onBlur={() => void save(l)}
                            onKeyDown={(e) => {
                              if (e.key === "Enter" || e.key === "ArrowDown") {
                                e.preventDefault();
                                void save(l);
                                focusRow(i + 1);
                              } else if (e.key === "ArrowUp") {
                                e.preventDefault();
                                void save(l);
                                focusRow(i - 1);
                              } else if (e.key === "Escape") {
                                setDrafts(({ [l.id]: _, ...rest }) => rest);
                                setErrors(({ [l.id]: _, ...rest }) => rest);
                              }
                            }}
                          />
                          {l.unitCode ? <span className="w-10 text-left text-xs text-muted-foreground">{l.unitCode}</span> : null}
                        </div>
                        {error ? (
                          <p id={`count-err-${l.id}`} role="alert" className="text-xs text-destructive">
                            {error}
                          </p>
                        ) : null}
                      </div>
                    ) : (
                      <span className="tabular-nums">{l.countedQty === null ? t("lines.notCounted") : format.number(l.countedQty)}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <LinesPagination pages={pages} />
    </div>
  );
}

/**
 * A server-paged lines table (inventory.counts.lines): its page and page size, the answer (the previous page stays
 * on screen while the next loads) and the window it shows (line-pages.ts); callers `setPage(1)` when a filter changes.
 */
function usePagedLines(input: { id: string; q?: string; filter: TCountLinesInput["filter"]; keptSince?: Date }) {
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(COUNT_LINES_PER_PAGE);
  const lines = useCountLines({ ...input, page, perPage });
  const data = lines.data;
  const shown = linePage(data?.total ?? 0, data?.page ?? page, data?.perPage ?? perPage);
  return { lines, data, rows: data?.rows ?? [], pages: { ...shown, total: data?.total ?? 0, perPage, setPage, setPerPage } };
}

type Pages = ReturnType<typeof usePagedLines>["pages"];

/** The DataTable's pagination under a lines table (the filtered total, from the server), once there are more lines than the smallest page. */
function LinesPagination({ pages }: { pages: Pages }) {
  const total = pages.total;
  if (total <= PER_PAGE_CHOICES[0]) return null;
  return (
    <Pagination
      mode="page"
      start={pages.from + 1}
      rowCount={pages.to - pages.from}
      total={total}
      perPage={pages.perPage}
      page={pages.page}
      hasPrevious={pages.page > 1}
      hasNext={pages.page < pages.pages}
      onPrevious={() => pages.setPage(pages.page - 1)}
      onNext={() => pages.setPage(pages.page + 1)}
      onPage={pages.setPage}
      onPerPage={(n) => {
        pages.setPerPage(n);
        pages.setPage(1);
      }}
    />
  );
}

/** Differences: snapshot (counted − expected) and posting (counted − on hand now, what Post writes), value impact. */
function ReviewTab({ count }: { count: Count }) {
  const t = useTranslations("inventoryCounts");
  const format = useFormat();
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const posted = count.status === "posted";
  const nonZero = (v: string | null) => v !== null && /[1-9]/.test(v);
  const { lines, rows, pages } = usePagedLines({ id: count.id, filter: onlyDifferences ? "differences" : "all" });
  const num = (v: string | null, money = false) => (v === null ? "—" : format.number(v, money ? { minimumFractionDigits: 2 } : undefined));
  const signed = (v: string | null) => (v === null ? "—" : `${nonZero(v) && !v.startsWith("-") ? "+" : ""}${format.number(v)}`);
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">{posted ? t("review.explainPosted") : t("review.explain")}</p>
      <div className="flex items-center gap-2">
        <Checkbox
          id="review-only-differences"
          checked={onlyDifferences}
          onCheckedChange={(v) => {
            setOnlyDifferences(v === true);
            pages.setPage(1);
          }}
        />
        <Label htmlFor="review-only-differences">{t("review.onlyDifferences")}</Label>
      </div>
      <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={t("review.label")} aria-busy={lines.isPlaceholderData || undefined}>
        <thead className="text-left text-muted-foreground">
          <tr>
            <th className="py-2 pr-3 font-medium">{t("lines.location")}</th>
            <th className="py-2 pr-3 font-medium">{t("lines.sku")}</th>
            <th className="py-2 pr-3 font-medium">{t("lines.lot")}</th>
            <th className="py-2 pr-3 text-right font-medium">{t("lines.expected")}</th>
            <th className="py-2 pr-3 text-right font-medium">{t("lines.counted")}</th>
            <th className="py-2 pr-3 text-right font-medium">{t("lines.snapshotDifference")}</th>
            <th className="py-2 pr-3 text-right font-medium">{posted ? t("lines.postingOnHandQty") : t("lines.onHandNow")}</th>
            <th className="py-2 pr-3 text-right font-medium">{posted ? t("lines.posted") : t("lines.difference")}</th>
            <th className="py-2 pr-3 text-right font-medium">{t("lines.unitCost")}</th>
            <th className="py-2 text-right font-medium">{t("lines.valueImpact")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.id} className="border-t">
              <td className="py-2 pr-3">{l.locationCode}</td>
              <td className="py-2 pr-3 font-mono">{l.sku}</td>
              <td className="py-2 pr-3">{l.lotNumber ?? "—"}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(l.expectedQty)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{l.countedQty === null ? t("lines.notCounted") : num(l.countedQty)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{signed(l.snapshotDifference)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(l.onHandQty)}</td>
              <td className="py-2 pr-3 text-right font-medium tabular-nums">{signed(l.difference)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{num(l.unitCost, true)}</td>
              <td className="py-2 text-right tabular-nums">{num(l.valueImpact, true)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t font-semibold">
            <td className="py-2 pr-3" colSpan={9}>
              {t("review.total")}
            </td>
            <td className="py-2 text-right tabular-nums">{num(count.totals.valueImpact, true)}</td>
          </tr>
        </tfoot>
      </table>
      </div>
      {lines.isError ? <p role="alert" className="text-sm text-destructive">{t("entry.loadFailed")}</p> : null}
      <LinesPagination pages={pages} />
      <SerialLinesReview count={count} />
    </div>
  );
}

/** Per serial line (a server page of them): expected, found as expected, missing, extra (and what posting does / did with each). */
function SerialLinesReview({ count }: { count: Count }) {
  const t = useTranslations("inventoryCounts");
  const { rows, pages } = usePagedLines({ id: count.id, filter: "serial" });
  if (!rows.length) return null;
  return (
    <section className="grid gap-3" aria-labelledby="count-serials-review">
      <h2 id="count-serials-review" className="text-base font-semibold">
        {t("serials.reviewTitle")}
      </h2>
      <p className="text-sm text-muted-foreground">{count.status === "posted" ? t("serials.reviewPosted") : t("serials.reviewExplain")}</p>
      {rows.map((l) => (
        <article key={l.id} className="grid gap-2 rounded-lg border p-3" aria-label={t("serials.lineLabel", { line: serialLineLabel(l) })}>
          <h3 className="font-mono text-sm font-medium">
            {l.lineNo}. {serialLineLabel(l)}
            {l.countedQty === null ? <span className="ml-2 font-sans text-xs font-normal text-muted-foreground">{t("lines.notCounted")}</span> : null}
          </h3>
          <SerialBreakdown view={l.serials!} posted={count.status === "posted"} />
        </article>
      ))}
      <LinesPagination pages={pages} />
    </section>
  );
}

const addLineForm = (v: ValidationT) => z.object({
  itemId: z.uuid(v("chooseItem")),
  /** Items with variants: the variant found (required then, checked by the server). */
  variantId: z.string(),
  locationId: z.uuid(v("chooseLocation")),
  lotNumber: z.string().trim().max(64, v("maxChars", { max: 64 })),
  countedQty: z.union([z.literal(""), z.string().trim().regex(/^\d{1,14}(\.\d{1,4})?$/, v("countedQuantity"))]),
  /** Serial-controlled items: one serial number per line (the counted quantity is their number). */
  serials: z.string(),
});

/** "Add found item": stock found where the snapshot had no level (a location the count covers). */
function AddLineDialog({ count, onDone }: { count: Count; onDone: () => void }) {
  const t = useTranslations("inventoryCounts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locations = useQuery(trpc.inventory.locations.tree.queryOptions({ warehouseId: count.warehouse.id }));
  const choices = useMemo(() => activeLocationOptions(locations.data?.roots ?? []), [locations.data]);
  const v = useValidation();
  const schema = useMemo(() => addLineForm(v), [v]);
  const form = useZodForm(schema, { defaultValues: { itemId: "", variantId: "", locationId: count.location?.id ?? "", lotNumber: "", countedQty: "", serials: "" } });
  const add = useMutation(trpc.inventory.counts.addLine.mutationOptions());
  // The chosen item's active variants; another item clears the variant.
  const itemId = useWatch({ control: form.control, name: "itemId" });
  const item = useQuery(trpc.inventory.items.get.queryOptions({ id: itemId }, { enabled: isUuid(itemId) }));
  const variants = (item.data?.variants ?? []).filter((x) => !x.archivedAt);
  useEffect(() => form.setValue("variantId", ""), [itemId, form]);
  const search = useItemSearch();
  return (
    <DialogContent>
      <DialogTitle>{t("add.title")}</DialogTitle>
      <DialogDescription>{t("add.description")}</DialogDescription>
      <Form
        form={form}
        guardUnsavedChanges={false}
        className="grid gap-3"
        onSubmit={async (v) => {
          const serials = v.serials.split("\n").filter((x) => x.trim());
          await add.mutateAsync({
            id: count.id, itemId: v.itemId, variantId: v.variantId || undefined, locationId: v.locationId, lotNumber: v.lotNumber || undefined,
            countedQty: serials.length || !v.countedQty ? undefined : v.countedQty, serials: serials.length ? serials : undefined,
          });
          await afterEntry(queryClient, trpc, count.id, null, true);
          toast.success(t("add.done"));
          onDone();
        }}
      >
        <ComboboxField name="itemId" label={t("add.item")} required search={search} />
        {variants.length ? (
          <SelectField
            name="variantId"
            label={t("add.variant")}
            required
            placeholder={t("add.chooseVariant")}
            options={variants.map((x) => ({ value: x.id, label: variantLabel(x) }))}
          />
        ) : null}
        <SelectField name="locationId" label={t("add.location")} required placeholder={t("add.chooseLocation")} options={choices} />
        <TextField name="lotNumber" label={t("add.lot")} />
        <NumberField name="countedQty" label={t("add.counted")} />
        <TextareaField name="serials" label={t("add.serials")} description={t("add.serialsHint")} rows={3} />
        <DialogFormActions submit={t("add.submit")} />
      </Form>
    </DialogContent>
  );
}
