"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontalIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState, type DragEvent } from "react";
import { toast } from "sonner";

import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/Dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/DropdownMenu";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Skeleton } from "@/components/ui/Skeleton";
import { Textarea } from "@/components/ui/Textarea";
import { Prisma } from "@/generated/prisma/browser";
import { workspacePath } from "@/lib/urls";
import { cn } from "@/lib/utils";
import { DEAL_STAGES, probabilityFor, type DealStage } from "@/server/modules/crm/deals.schemas";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/trpc/react";

import { CreateDealDialog } from "./CreateDealDialog";

type Board = inferRouterOutputs<AppRouter>["crm"]["deals"]["board"];
type Card = Board["columns"][number]["cards"][number];
type Move = { card: Card; to: DealStage };

const D = (v: string) => new Prisma.Decimal(v);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A link parameter if it has the expected shape, else "" (a bad link shows the unfiltered board, not an error). */
function linkParam(search: { get(key: string): string | null }, key: string, shape: RegExp): string {
  const v = search.get(key) ?? "";
  return shape.test(v) ? v : "";
}

/** The board's filters, as the URL holds them (`owner` is "me", a membership id or ""). */
type BoardFilters = { owner: string; currency: string; closeFrom: string; closeTo: string };
const FILTER_KEYS = ["owner", "currency", "closeFrom", "closeTo"] as const;
function filtersFrom(search: { get(key: string): string | null }): BoardFilters {
  return {
    owner: linkParam(search, "owner", /^(me|[0-9a-f-]{36})$/i),
    currency: linkParam(search, "currency", /^[a-z]{3}$/i).toUpperCase(),
    closeFrom: linkParam(search, "closeFrom", DATE),
    closeTo: linkParam(search, "closeTo", DATE),
  };
}
const sameFilters = (a: BoardFilters, b: BoardFilters) => FILTER_KEYS.every((k) => a[k] === b[k]);

/** The board after moving `card` to `to`: the card changes column and the per-currency totals follow (optimistic). */
export function applyMove(board: Board, card: Card, to: DealStage): Board {
  const probability = probabilityFor(card.stage, card.probability, to);
  // The server bumps the version by one on a move; the next move from this card uses it (a wrong guess is a CONFLICT
  // that rolls back). onSuccess then writes the server's own answer.
  const moved: Card = { ...card, stage: to, probability, version: card.version + 1 };
  const weight = (c: Card) => D(c.value).times(c.probability).dividedBy(100);
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.stage === card.stage) {
        const totals = col.totals
          .map((t) => (t.currency === card.currency ? { ...t, count: t.count - 1, value: D(t.value).minus(card.value).toFixed(2), weighted: D(t.weighted).minus(weight(card)).toFixed(2) } : t))
          .filter((t) => t.count > 0);
        return { ...col, count: col.count - 1, totals, cards: col.cards.filter((c) => c.id !== card.id) };
      }
      if (col.stage === to) {
        const has = col.totals.some((t) => t.currency === card.currency);
        const totals = has
          ? col.totals.map((t) => (t.currency === card.currency ? { ...t, count: t.count + 1, value: D(t.value).plus(card.value).toFixed(2), weighted: D(t.weighted).plus(weight(moved)).toFixed(2) } : t))
          : [...col.totals, { currency: card.currency, count: 1, value: D(card.value).toFixed(2), weighted: weight(moved).toFixed(2) }];
        return { ...col, count: col.count + 1, totals, cards: [moved, ...col.cards] };
      }
      return col;
    }),
  };
}

/**
 * The pipeline kanban: one column per stage with its count, total and weighted value (per currency), cards that drag
 * between columns (HTML5 drag and drop) or move with the card's "Move to…" menu. Moves are optimistic and roll back
 * with the server's message. Won asks an optional reason, Lost a required one.
 */
export function PipelineBoard({ org, ws, canManage }: { org: string; ws: string; canManage: boolean }) {
  const t = useTranslations("crmDeals");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The board's links (crmLinks.pipeline, README "Links into the lists"): ?owner=me|<membership id>&currency=&closeFrom=
  // &closeTo= set the filters, ?stage= highlights that column and scrolls it into view. Unusable values are ignored.
  // The filters live in the URL both ways: a change writes them back (history.pushState for the selects, so back and
  // forward step through them; replaceState for the dates, typed a digit at a time; Next.js keeps useSearchParams in
  // step, no request, no scroll), so reload, back / forward and a shared link show the same board.
  const search = useSearchParams();
  const pathname = usePathname();
  const [filters, setFiltersState] = useState(() => filtersFrom(search));
  const { owner, currency, closeFrom, closeTo } = filters;
  const searchKey = search.toString();
  const [seenKey, setSeenKey] = useState(searchKey);
  if (seenKey !== searchKey) {
    // Back / forward (or a link to this page with other filters): the URL wins. Adjusted while rendering (no effect).
    setSeenKey(searchKey);
    const fromUrl = filtersFrom(search);
    if (!sameFilters(filters, fromUrl)) setFiltersState(fromUrl);
  }
  const setFilters = (patch: Partial<BoardFilters>, mode: "push" | "replace" = "push") => {
    const next = { ...filters, ...patch };
    setFiltersState(next);
    const params = new URLSearchParams(window.location.search);
    for (const k of FILTER_KEYS) {
      if (next[k]) params.set(k, next[k]);
      else params.delete(k);
    }
    const qs = params.toString();
    const url = qs ? `${pathname}?${qs}` : pathname;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };
  const setOwner = (v: string) => setFilters({ owner: v && v === owners.data?.me ? "me" : v });
  const setCurrency = (v: string) => setFilters({ currency: v });
  const setCloseFrom = (v: string) => setFilters({ closeFrom: DATE.test(v) ? v : "" }, "replace");
  const setCloseTo = (v: string) => setFilters({ closeTo: DATE.test(v) ? v : "" }, "replace");
  const linkedStage = (DEAL_STAGES as readonly string[]).includes(search.get("stage") ?? "") ? (search.get("stage") as DealStage) : null;
  // `?customerId=` (the customer page's "New deal" link) opens the create dialog for that customer.
  const forCustomer = search.get("customerId");
  const [creating, setCreating] = useState(() => canManage && !!forCustomer && /^[0-9a-f-]{36}$/i.test(forCustomer));
  const [asking, setAsking] = useState<Move | null>(null);
  const owners = useQuery(trpc.crm.deals.owners.queryOptions());
  // owner "me" is the caller's membership: the board waits for it rather than showing everyone's deals first.
  const ownerId = owner === "me" ? owners.data?.me : owner;
  const input = { perStage: 50, ...(ownerId ? { owner: ownerId } : {}), ...(currency ? { currency } : {}), ...(closeFrom ? { closeFrom } : {}), ...(closeTo ? { closeTo } : {}) };
  const boardOptions = trpc.crm.deals.board.queryOptions(input, { enabled: owner !== "me" || owners.isSuccess });
  const board = useQuery(boardOptions);
  const boardReady = board.isSuccess;
  useEffect(() => {
    if (boardReady && linkedStage) document.getElementById(`stage-${linkedStage}`)?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [boardReady, linkedStage]);

  const move = useMutation(
    trpc.crm.deals.moveStage.mutationOptions({
      onMutate: async (vars) => {
        await queryClient.cancelQueries({ queryKey: boardOptions.queryKey });
        const previous = queryClient.getQueryData(boardOptions.queryKey);
        const card = previous?.columns.flatMap((c) => c.cards).find((c) => c.id === vars.id);
        if (previous && card) queryClient.setQueryData(boardOptions.queryKey, applyMove(previous, card, vars.stage));
        return { previous, number: card?.number ?? "" };
      },
      onError: (error, _vars, context) => {
        if (context?.previous) queryClient.setQueryData(boardOptions.queryKey, context.previous);
        toast.error(t("board.moveFailed", { number: context?.number ?? "", message: error.message }));
      },
      onSuccess: (deal) => {
        queryClient.setQueryData(boardOptions.queryKey, (b) =>
          b
            ? {
                ...b,
                columns: b.columns.map((col) => ({
                  ...col,
                  cards: col.cards.map((c) => (c.id === deal.id ? { ...c, stage: deal.stage, probability: deal.probability, version: deal.version } : c)),
                })),
              }
            : b,
        );
        toast.success(t("board.moved", { number: deal.number, stage: t(`stages.${deal.stage}`) }));
      },
      onSettled: () => queryClient.invalidateQueries(trpc.crm.deals.pathFilter()),
    }),
  );

  const requestMove = (card: Card, to: DealStage) => {
    if (!canManage || card.stage === to) return;
    if (to === "won" || to === "lost") setAsking({ card, to });
    else move.mutate({ id: card.id, version: card.version, stage: to });
  };

  const findCard = (id: string) => board.data?.columns.flatMap((c) => c.cards).find((c) => c.id === id);

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("board.title")}</h1>
          <p className="text-sm text-muted-foreground">{t("board.description")}</p>
        </div>
        {canManage ? (
          <Button onClick={() => setCreating(true)}>
            <PlusIcon aria-hidden="true" />
            {t("create.open")}
          </Button>
        ) : null}
      </div>

      <form role="search" aria-label={t("board.filters")} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <div className="grid gap-1.5">
          <Label htmlFor="pipeline-owner">{t("board.owner")}</Label>
          <select id="pipeline-owner" className="h-9 rounded-md border bg-background px-2 text-sm" value={ownerId ?? ""} onChange={(e) => setOwner(e.target.value)}>
            <option value="">{t("board.allOwners")}</option>
            {owners.data ? <option value={owners.data.me}>{t("board.mine")}</option> : null}
            {owners.data?.members
              .filter((m) => m.id !== owners.data?.me)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="pipeline-currency">{t("fields.currency")}</Label>
          <select id="pipeline-currency" className="h-9 rounded-md border bg-background px-2 text-sm" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            <option value="">{t("list.allCurrencies")}</option>
            {[...new Set([...(owners.data?.currencies ?? []), ...(currency ? [currency] : [])])].sort().map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="pipeline-close-from">{t("board.closeFrom")}</Label>
          <Input id="pipeline-close-from" type="date" value={closeFrom} onChange={(e) => setCloseFrom(e.target.value)} className="w-40" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="pipeline-close-to">{t("board.closeTo")}</Label>
          <Input id="pipeline-close-to" type="date" value={closeTo} onChange={(e) => setCloseTo(e.target.value)} className="w-40" />
        </div>
        {owner || currency || closeFrom || closeTo ? (
          <Button
            variant="ghost"
            onClick={() => setFilters({ owner: "", currency: "", closeFrom: "", closeTo: "" })}
          >
            {t("board.clear")}
          </Button>
        ) : null}
        {canManage ? <p className="basis-full text-xs text-muted-foreground">{t("board.dragHint")}</p> : null}
      </form>

      {board.isPending ? (
        <div className="grid grid-cols-7 gap-3" aria-busy="true" aria-label={t("board.loading")}>
          {DEAL_STAGES.map((s) => (
            <Skeleton key={s} className="h-64" />
          ))}
        </div>
      ) : board.isError ? (
        <div role="alert" className="rounded-md border border-destructive p-4 text-sm text-destructive">
          {t("board.error", { message: board.error.message })}
          <Button variant="outline" size="sm" className="ml-3" onClick={() => board.refetch()}>
            {t("board.retry")}
          </Button>
        </div>
      ) : (
        <>
          {board.data.columns.every((c) => c.count === 0) ? <p className="text-sm text-muted-foreground">{t("board.empty")}</p> : null}
          <div className="flex gap-3 overflow-x-auto pb-2">
            {board.data.columns.map((col) => (
              <Column
                key={col.stage}
                column={col}
                highlighted={col.stage === linkedStage}
                org={org}
                ws={ws}
                canManage={canManage}
                onDropCard={(id) => {
                  const card = findCard(id);
                  if (card) requestMove(card, col.stage);
                }}
                onMove={requestMove}
              />
            ))}
          </div>
        </>
      )}

      <Dialog open={creating} onOpenChange={setCreating}>
        {creating ? <CreateDealDialog customerId={forCustomer && /^[0-9a-f-]{36}$/i.test(forCustomer) ? forCustomer : undefined} onDone={() => setCreating(false)} /> : null}
      </Dialog>
      <Dialog open={asking !== null} onOpenChange={(o) => !o && setAsking(null)}>
        {asking ? (
          <CloseDialog
            move={asking}
            onCancel={() => setAsking(null)}
            onConfirm={(reasons) => {
              move.mutate({ id: asking.card.id, version: asking.card.version, stage: asking.to, ...reasons });
              setAsking(null);
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}

function Column({
  column,
  highlighted = false,
  org,
  ws,
  canManage,
  onDropCard,
  onMove,
}: {
  column: Board["columns"][number];
  /** The stage a link pointed at (?stage=): marked and scrolled into view. */
  highlighted?: boolean;
  org: string;
  ws: string;
  canManage: boolean;
  onDropCard: (id: string) => void;
  onMove: (card: Card, to: DealStage) => void;
}) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  const [over, setOver] = useState(false);
  const headingId = `stage-${column.stage}`;
  const allow = (e: DragEvent) => {
    if (!canManage) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    setOver(true);
  };
  return (
    <section
      aria-labelledby={headingId}
      data-stage={column.stage}
      data-highlighted={highlighted || undefined}
      aria-current={highlighted ? "true" : undefined}
      className={cn("flex w-64 shrink-0 flex-col gap-2 rounded-lg border bg-muted/40 p-2", highlighted && "border-primary bg-primary/5", over && "ring-2 ring-primary")}
      onDragOver={allow}
      onDragEnter={allow}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer.getData("text/plain");
        if (id) onDropCard(id);
      }}
    >
      <header className="grid gap-0.5 px-1">
        <h2 id={headingId} className="flex items-baseline justify-between text-sm font-semibold">
          <span>{t(`stages.${column.stage}`)}</span>
          <span className="text-xs font-normal text-muted-foreground">{t("board.cap", { cap: column.cap })}</span>
        </h2>
        <p className="text-xs text-muted-foreground" data-testid={`count-${column.stage}`}>
          {t("board.count", { count: column.count })}
        </p>
        <dl className="grid gap-0.5 text-xs" data-testid={`totals-${column.stage}`}>
          {column.totals.map((tot) => (
            <div key={tot.currency} className="flex justify-between gap-2">
              <dt className="sr-only">{t("board.total")}</dt>
              <dd className="font-medium tabular-nums">{format.money(tot.value, tot.currency)}</dd>
              <dt className="sr-only">{t("board.weighted")}</dt>
              <dd className="tabular-nums text-muted-foreground" title={t("board.weighted")}>
                ≈ {format.money(tot.weighted, tot.currency)}
              </dd>
            </div>
          ))}
        </dl>
      </header>
      <ul className="grid gap-2" aria-label={t("board.column", { stage: t(`stages.${column.stage}`) })}>
        {column.cards.map((card) => (
          <li key={card.id}>
            <DealCard card={card} org={org} ws={ws} canManage={canManage} onMove={onMove} />
          </li>
        ))}
      </ul>
      {column.count === 0 ? <p className="px-1 py-4 text-center text-xs text-muted-foreground">{t("board.emptyColumn")}</p> : null}
      {column.count > column.cards.length ? <p className="px-1 text-xs text-muted-foreground">{t("board.more", { count: column.count - column.cards.length })}</p> : null}
    </section>
  );
}

function DealCard({ card, org, ws, canManage, onMove }: { card: Card; org: string; ws: string; canManage: boolean; onMove: (card: Card, to: DealStage) => void }) {
  const t = useTranslations("crmDeals");
  const format = useFormat();
  return (
    <article
      aria-label={`${card.number} ${card.name}`}
      draggable={canManage}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", card.id);
        e.dataTransfer.effectAllowed = "move";
      }}
      className={cn("grid gap-1 rounded-md border bg-background p-2 text-sm shadow-xs", canManage && "cursor-grab active:cursor-grabbing")}
    >
      <div className="flex items-start justify-between gap-1">
        <Link href={workspacePath(org, ws, "crm", "deals", card.id)} className="font-medium hover:underline">
          <span className="block text-xs text-muted-foreground">{card.number}</span>
          {card.name}
        </Link>
        {canManage ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon" className="size-7" aria-label={t("board.moveLabel", { number: card.number })}>
                <MoreHorizontalIcon aria-hidden="true" />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuLabel>{t("board.moveTo")}</DropdownMenuLabel>
              {DEAL_STAGES.filter((s) => s !== card.stage).map((s) => (
                <DropdownMenuItem key={s} onSelect={() => onMove(card, s)}>
                  {t(`stages.${s}`)}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">{card.customerName}</p>
      <p className="flex justify-between text-xs">
        <span className="font-medium tabular-nums">{format.money(card.value, card.currency)}</span>
        <span className="text-muted-foreground">{card.probability}%</span>
      </p>
      <p className="flex justify-between gap-1 text-xs text-muted-foreground">
        <span>{card.expectedCloseDate ? t("board.closes", { date: format.date(card.expectedCloseDate) }) : t("board.noClose")}</span>
        {card.ownerName ? <span className="truncate">{card.ownerName}</span> : null}
      </p>
    </article>
  );
}

export type Reasons = { wonReason?: string; lostReason?: string; lostToCompetitor?: string };

export function CloseDialog({ move, onCancel, onConfirm }: { move: { card: { number: string }; to: DealStage }; onCancel: () => void; onConfirm: (r: Reasons) => void }) {
  const t = useTranslations("crmDeals");
  const [reason, setReason] = useState("");
  const [competitor, setCompetitor] = useState("");
  const [error, setError] = useState<string | null>(null);
  const lost = move.to === "lost";
  const confirm = () => {
    if (lost && !reason.trim()) {
      setError(t("leads.reasonRequired"));
      return;
    }
    onConfirm(lost ? { lostReason: reason.trim(), ...(competitor.trim() ? { lostToCompetitor: competitor.trim() } : {}) } : reason.trim() ? { wonReason: reason.trim() } : {});
  };
  return (
    <DialogContent>
      <DialogTitle>{t(lost ? "lost.title" : "won.title", { number: move.card.number })}</DialogTitle>
      <DialogDescription>{t(lost ? "lost.description" : "won.description")}</DialogDescription>
      <div className="grid gap-1.5">
        <Label htmlFor="close-reason">{lost ? t("fields.lostReason") : t("won.reason")}</Label>
        <Textarea
          id="close-reason"
          value={reason}
          maxLength={1000}
          aria-required={lost}
          aria-invalid={!!error}
          aria-describedby={error ? "close-reason-error" : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
        />
        {error ? (
          <p id="close-reason-error" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
      {lost ? (
        <div className="grid gap-1.5">
          <Label htmlFor="close-competitor">{t("fields.lostToCompetitor")}</Label>
          <Input id="close-competitor" value={competitor} maxLength={100} onChange={(e) => setCompetitor(e.target.value)} />
        </div>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel}>
          {t("cancel")}
        </Button>
        <Button variant={lost ? "destructive" : "default"} onClick={confirm}>
          {t(lost ? "lost.confirm" : "won.confirm")}
        </Button>
      </DialogFooter>
    </DialogContent>
  );
}
