"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";

import { useFormat } from "@/components/format/FormatProvider";
import { Button } from "@/components/ui/Button";
import { Input } from "@/components/ui/Input";
import { Label } from "@/components/ui/Label";
import { Skeleton } from "@/components/ui/Skeleton";
import { useTRPC } from "@/trpc/react";

/** Pages of the stock documents a move can come from (built at these paths). */
const DOCUMENT_PATHS: Record<string, string> = {
  "inventory.stock_adjustment": "adjustments",
  "inventory.stock_transfer": "transfers",
  "inventory.stock_count": "counts",
};

type Kind = "lot" | "serial";

/** The lot / serial trace: search by number (`?lot=` / `?serial=`), a choice when several items have it, then the trace. */
export function LotTrace({ basePath }: { basePath: string }) {
  const t = useTranslations("inventoryReports");
  const params = useSearchParams();
  const kind: Kind = params.get("serial") !== null ? "serial" : "lot";
  const number = (params.get(kind) ?? "").trim();
  const chosen = params.get("id");
  return (
    <div className="grid gap-4">
      <TraceSearch key={`${kind}:${number}`} kind={kind} number={number} />
      {number ? <TraceMatches kind={kind} number={number} chosen={chosen} basePath={basePath} /> : <p className="text-sm text-muted-foreground">{t("trace.hint")}</p>}
    </div>
  );
}

function TraceSearch({ kind: initialKind, number: initial }: { kind: Kind; number: string }) {
  const t = useTranslations("inventoryReports");
  const router = useRouter();
  const pathname = usePathname();
  const [kind, setKind] = useState<Kind>(initialKind);
  const [text, setText] = useState(initial);
  const kindId = useId();
  const numberId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (v) router.push(`${pathname}?${new URLSearchParams({ [kind]: v }).toString()}`);
  };
  return (
    <form role="search" aria-label={t("trace.searchLabel")} onSubmit={submit} className="flex flex-wrap items-end gap-3">
      <div className="grid gap-1">
        <Label htmlFor={kindId}>{t("trace.kind")}</Label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as Kind)} className="h-9 rounded-md border bg-background px-2 text-sm">
          <option value="lot">{t("trace.lot")}</option>
          <option value="serial">{t("trace.serial")}</option>
        </select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor={numberId}>{t("trace.number")}</Label>
        <Input id={numberId} value={text} onChange={(e) => setText(e.target.value)} className="w-64" maxLength={100} />
      </div>
      <Button type="submit">{t("trace.find")}</Button>
    </form>
  );
}

function TraceMatches({ kind, number, chosen, basePath }: { kind: Kind; number: string; chosen: string | null; basePath: string }) {
  const t = useTranslations("inventoryReports");
  const format = useFormat();
  const trpc = useTRPC();
  const pathname = usePathname();
  const q = useQuery(trpc.inventory.trace.find.queryOptions({ kind, number }));
  if (q.isPending) return <Skeleton className="h-24 w-full" aria-busy="true" aria-label={t("loading")} />;
  if (q.isError) return <LoadFailed onRetry={() => void q.refetch()} />;
  const matches = q.data.matches;
  const exact = matches.filter((m) => m.number === number);
  const picked = chosen ? matches.find((m) => m.id === chosen) : exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : undefined;
  if (picked) return <TraceView kind={kind} id={picked.id} basePath={basePath} />;
  if (!matches.length) return <p className="py-6 text-sm text-muted-foreground">{t("trace.noMatch", { number })}</p>;
  return (
    <section aria-labelledby="trace-choice" className="grid gap-2">
      <h2 id="trace-choice" className="text-lg font-semibold">{t("trace.choose", { count: matches.length })}</h2>
      <ul className="grid gap-1">
        {matches.map((m) => (
          <li key={m.id}>
            <Link className="underline-offset-4 hover:underline" href={`${pathname}?${new URLSearchParams({ [kind]: number, id: m.id }).toString()}`}>
              {m.number} — {m.sku} {m.itemName}
              {m.expiresOn ? ` (${t("trace.expires", { date: format.date(m.expiresOn) })})` : ""}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const t = useTranslations("inventoryReports");
  return (
    <div className="grid justify-items-start gap-2 py-6">
      <p role="alert" className="text-sm text-destructive">{t("loadFailed")}</p>
      <Button variant="outline" onClick={onRetry}>{t("retry")}</Button>
    </div>
  );
}

function TraceView({ kind, id, basePath }: { kind: Kind; id: string; basePath: string }) {
  const t = useTranslations("inventoryReports");
  const ti = useTranslations("inventory");
  const format = useFormat();
  const trpc = useTRPC();
  const lot = useQuery(trpc.inventory.trace.lot.queryOptions({ id }, { enabled: kind === "lot" }));
  const serial = useQuery(trpc.inventory.trace.serial.queryOptions({ id }, { enabled: kind === "serial" }));
  const q = kind === "lot" ? lot : serial;
  if (q.isPending) return <Skeleton className="h-48 w-full" aria-busy="true" aria-label={t("loading")} />;
  if (q.isError) return <LoadFailed onRetry={() => void q.refetch()} />;
  const d = q.data;
  const place = (wh: string | null, loc: string | null) => (loc ? `${wh} / ${loc}` : "—");
  return (
    <article className="grid gap-4" aria-labelledby="trace-title">
      <header className="grid gap-1">
        <h2 id="trace-title" className="text-xl font-semibold">
          {t(kind === "lot" ? "trace.lotTitle" : "trace.serialTitle", { number: d.number })}
        </h2>
        <p className="text-sm">
          <Link className="font-mono underline-offset-4 hover:underline" href={`${basePath}/items/${d.item.id}`}>{d.item.sku}</Link> {d.item.name}
          {d.variantSku ? ` · ${t("trace.variant", { variant: d.variantSku })}` : ""}
          {d.lotNumber && kind === "serial" ? ` · ${t("trace.inLot", { lot: d.lotNumber })}` : ""}
          {" · "}
          {d.expiresOn ? t("trace.expires", { date: format.date(d.expiresOn) }) : t("trace.noExpiry")}
          {d.status ? ` · ${t(`trace.serialStatus.${d.status as "in_stock"}`)}` : ""}
        </p>
      </header>

      <section aria-labelledby="trace-levels" className="grid gap-2">
        <h3 id="trace-levels" className="font-semibold">{t("trace.levels")}</h3>
        {d.levels.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("trace.noLevels")}</p>
        ) : (
          <table className="w-full text-sm" aria-label={t("trace.levels")}>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-2 pr-3 font-medium">{t("columns.warehouse")}</th>
                <th className="py-2 pr-3 font-medium">{t("columns.location")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("columns.onHand")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("columns.reserved")}</th>
                <th className="py-2 text-right font-medium">{t("columns.available")}</th>
              </tr>
            </thead>
            <tbody>
              {d.levels.map((l) => (
                <tr key={l.locationId} className="border-t">
                  <td className="py-2 pr-3">{l.warehouseCode}</td>
                  <td className="py-2 pr-3">{l.locationCode}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{format.number(l.onHand)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{format.number(l.reserved)}</td>
                  <td className="py-2 text-right tabular-nums">{format.number(l.available)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="trace-moves" className="grid gap-2">
        <h3 id="trace-moves" className="font-semibold">{t("trace.moves")}</h3>
        {d.moves.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("trace.noMoves")}</p>
        ) : (
          <table className="w-full text-sm" aria-label={t("trace.moves")}>
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-2 pr-3 font-medium">{t("columns.date")}</th>
                <th className="py-2 pr-3 font-medium">{t("columns.moveType")}</th>
                <th className="py-2 pr-3 font-medium">{t("columns.from")}</th>
                <th className="py-2 pr-3 font-medium">{t("columns.to")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("columns.quantity")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("columns.unitCost")}</th>
                <th className="py-2 pr-3 text-right font-medium">{t("columns.value")}</th>
                <th className="py-2 font-medium">{t("columns.source")}</th>
              </tr>
            </thead>
            <tbody>
              {d.moves.map((m) => {
                const path = m.sourceDocumentType ? DOCUMENT_PATHS[m.sourceDocumentType] : undefined;
                const docLabel = m.sourceDocumentNumber ?? m.sourceDocumentType;
                return (
                  <tr key={m.id} className="border-t">
                    <td className="py-2 pr-3 whitespace-nowrap">
                      <time dateTime={new Date(m.movedAt).toISOString()}>{format.dateTime(new Date(m.movedAt), { dateStyle: "medium", timeStyle: "short" })}</time>
                    </td>
                    <td className="py-2 pr-3">
                      {ti(`moveType.${m.moveType as "receipt"}`)}
                      {m.reversalOfMoveId ? ` (${t("trace.reversal")})` : m.reversedByMoveId ? ` (${t("trace.reversed")})` : ""}
                      {kind === "lot" && m.serialNumber ? ` · ${m.serialNumber}` : ""}
                    </td>
                    <td className="py-2 pr-3">{place(m.fromWarehouseCode, m.fromLocationCode)}</td>
                    <td className="py-2 pr-3">{place(m.toWarehouseCode, m.toLocationCode)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{format.number(m.quantity)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{format.number(m.unitCost, { minimumFractionDigits: 2 })}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{format.number(m.value, { minimumFractionDigits: 2 })}</td>
                    <td className="py-2">
                      {path && m.sourceDocumentId ? (
                        <Link className="underline-offset-4 hover:underline" href={`${basePath}/${path}/${m.sourceDocumentId}`}>{docLabel}</Link>
                      ) : (
                        (docLabel ?? (m.note || "—"))
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {d.truncated ? <p className="text-sm text-muted-foreground">{t("trace.truncated")}</p> : null}
      </section>
    </article>
  );
}
