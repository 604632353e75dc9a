// Stock adjustments by reason (inventory.reports.adjustmentsByReason): what the posted adjustments of a period did to
// the stock's value, per reason. Only documents in status `posted` count: a cancelled adjustment had its moves
// reversed (status `cancelled`, even when it had been posted), drafts and pending ones moved nothing. Figures come
// from the ledger — the moves whose source is the adjustment —, not from the lines' entered costs: a decrease is
// valued at the moving average of its posting, as the ledger recorded it.
import { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import { and, filterSql, sql, type Sql } from "@/server/kernel/list-query";
import type { OrgScope } from "@/server/kernel/scope";
import type { TAdjustmentsByReasonInput } from "./reports.schemas";
import { orgTimeZone } from "./reports.service";
import { warehouseOr404 } from "./warehouses.service";

/** The figures of a reason (and of the totals). Values in the base currency, two decimals, as text. */
export interface AdjustmentFigures {
  /** Posted adjustments. */
  documents: number;
  /** Their lines (one move each). */
  lines: number;
  /** Lines that added stock / took stock out. Quantities are not summed: items have different units. */
  linesUp: number;
  linesDown: number;
  /** Σ value of the moves that added stock (≥ 0). */
  valueIncreased: string;
  /** Σ value of the moves that took stock out, as a positive amount. */
  valueDecreased: string;
  /** increased − decreased = Σ ledger value of the documents' moves. */
  netValue: string;
}

export interface AdjustmentReasonReportRow extends AdjustmentFigures {
  reasonId: string;
  code: string;
  name: string;
  archived: boolean;
}

export interface AdjustmentsByReason {
  /** The organization's time zone the days were read in. */
  timeZone: string;
  /** Reasons with at least one posted adjustment in the period, in the reasons' sort order (then code). */
  rows: AdjustmentReasonReportRow[];
  totals: AdjustmentFigures;
}

type RawRow = {
  reasonId: string; code: string; name: string; archived: boolean;
  documents: number; lines: number; linesUp: number; linesDown: number;
  valueIncreased: Prisma.Decimal; valueDecreased: Prisma.Decimal; netValue: Prisma.Decimal;
};

const money = (v: Prisma.Decimal | string | number) => new Prisma.Decimal(v).toFixed(2);

/**
 * inventory.reports.adjustmentsByReason. A warehouse or reason the caller cannot see (another organization's, an
 * unknown id, a warehouse of a workspace they are not in) answers NOT_FOUND, as every inventory read does; an
 * archived reason is a valid filter (its past adjustments still count). The member's adjustments only: the
 * documents' workspaces (and RLS on documents and moves).
 */
export async function adjustmentsByReason(tx: Tx, scope: OrgScope, input: TAdjustmentsByReasonInput): Promise<AdjustmentsByReason> {
  if (input.warehouseId) await warehouseOr404(tx, scope, input.warehouseId);
  if (input.reasonId) {
    const r = await tx.adjustmentReason.findFirst({ where: { organizationId: scope.orgId, id: input.reasonId }, select: { id: true } });
    if (!r) throw notFound("Adjustment reason not found");
  }
  const timeZone = await orgTimeZone(tx, scope);
  const docs: Sql[] = [
    sql`d.organization_id = ${scope.orgId}::uuid`,
    sql`d.workspace_id = any(${scope.workspaceIds}::uuid[])`,
    sql`d.status = 'posted'`,
    // [from 00:00, to + 1 day 00:00) in the organization's time zone: index (organization_id, posted_at).
    filterSql(sql`d.posted_at`, { type: "dateRange", from: input.from, to: input.to }, { timeZone }),
  ];
  if (input.warehouseId) docs.push(sql`d.warehouse_id = ${input.warehouseId}::uuid`);
  if (input.reasonId) docs.push(sql`d.reason_id = ${input.reasonId}::uuid`);
  // Per document first (its moves by the index (organization_id, source_document_type, source_document_id)), then
  // per reason. A line's move is counted once; a reversal of one (stock.reverse on a posted document's move: it
  // carries the same source) counts in the values only, so the net stays Σ ledger value of the document's moves.
  const raw = await tx.$queryRaw<RawRow[]>`
    with per_doc as (
      select d.reason_id,
             count(m.id) filter (where m.reversal_of_move_id is null)::int as lines,
             count(m.id) filter (where m.reversal_of_move_id is null and m.to_location_id is not null)::int as up,
             count(m.id) filter (where m.reversal_of_move_id is null and m.from_location_id is not null)::int as down,
             coalesce(sum(m.value) filter (where m.value > 0), 0) as inc,
             coalesce(-sum(m.value) filter (where m.value < 0), 0) as dec
        from inventory.stock_adjustments d
        left join inventory.stock_moves m
          on m.organization_id = d.organization_id
         and m.source_document_type = 'inventory.stock_adjustment'
         and m.source_document_id = d.id
       where ${and(docs)}
       group by d.id, d.reason_id
    )
    select r.id::text as "reasonId", r.code, r.name, r.archived_at is not null as archived,
           count(*)::int as documents, sum(p.lines)::int as lines, sum(p.up)::int as "linesUp", sum(p.down)::int as "linesDown",
           sum(p.inc) as "valueIncreased", sum(p.dec) as "valueDecreased", sum(p.inc) - sum(p.dec) as "netValue"
      from per_doc p
      join inventory.adjustment_reasons r on r.organization_id = ${scope.orgId}::uuid and r.id = p.reason_id
     group by r.id, r.code, r.name, r.archived_at, r.sort_order
     order by r.sort_order, r.code`;
  const rows: AdjustmentReasonReportRow[] = raw.map((r) => ({
    reasonId: r.reasonId, code: r.code, name: r.name, archived: r.archived,
    documents: r.documents, lines: r.lines, linesUp: r.linesUp, linesDown: r.linesDown,
    valueIncreased: money(r.valueIncreased), valueDecreased: money(r.valueDecreased), netValue: money(r.netValue),
  }));
  const sum = (k: "valueIncreased" | "valueDecreased" | "netValue") => money(rows.reduce((a, r) => a.plus(r[k]), new Prisma.Decimal(0)));
  const count = (k: "documents" | "lines" | "linesUp" | "linesDown") => rows.reduce((a, r) => a + r[k], 0);
  return {
    timeZone,
    rows,
    totals: {
      documents: count("documents"), lines: count("lines"), linesUp: count("linesUp"), linesDown: count("linesDown"),
      valueIncreased: sum("valueIncreased"), valueDecreased: sum("valueDecreased"), netValue: sum("netValue"),
    },
  };
}
