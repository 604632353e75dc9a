// inventory.reports.* (stock on hand, valuation as of a date, their totals, adjustments by reason) and
// inventory.trace.* (lot / serial): thin — inputs in reports.schemas.ts, queries in reports.service.ts and
// adjustments-report.service.ts. Organization-level reads; levels and moves are
// narrowed to the member's workspaces by RLS.
import { permission, router } from "@/server/trpc/procedures";
import { adjustmentsByReason } from "./adjustments-report.service";
import * as reports from "./reports.service";
import * as s from "./reports.schemas";

/** Valuation as of a date: `inventory.reports.valuation`, and `inventory.valuation` (the contract name). */
export const valuationProcedure = permission("inventory.stock.read")
  .input(s.ZValuationReportInput)
  .query(({ ctx, input }) => reports.valuationReport(ctx.tx, ctx.scope, input));

export const reportsRouter = router({
  stock: permission("inventory.stock.read").input(s.ZStockReportInput).query(({ ctx, input }) => reports.stockReport(ctx.tx, ctx.scope, input)),
  stockTotals: permission("inventory.stock.read").input(s.ZStockReportInput).query(({ ctx, input }) => reports.stockTotals(ctx.tx, ctx.scope, input)),
  valuation: valuationProcedure,
  valuationTotals: permission("inventory.stock.read").input(s.ZValuationReportInput).query(({ ctx, input }) => reports.valuationTotals(ctx.tx, ctx.scope, input)),
  adjustmentsByReason: permission("inventory.stock.read").input(s.ZAdjustmentsByReasonInput).query(({ ctx, input }) => adjustmentsByReason(ctx.tx, ctx.scope, input)),
});

export const traceRouter = router({
  find: permission("inventory.stock.read").input(s.ZTraceFindInput).query(({ ctx, input }) => reports.traceFind(ctx.tx, ctx.scope, input)),
  lot: permission("inventory.stock.read").input(s.ZTraceInput).query(({ ctx, input }) => reports.traceLot(ctx.tx, ctx.scope, input)),
  serial: permission("inventory.stock.read").input(s.ZTraceInput).query(({ ctx, input }) => reports.traceSerial(ctx.tx, ctx.scope, input)),
});
