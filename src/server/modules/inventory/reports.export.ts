// The stock reports as exportable lists (GET /api/export/inventory.stock | inventory.valuation | inventory.adjustmentsByReason): the same filters
// as the pages (grouping and date included), every group the member may see, in keyset order. The export service
// audits each one (an `export` business event).
import { defineExport } from "@/server/kernel/export/registry";
import { adjustmentsByReason, type AdjustmentReasonReportRow } from "./adjustments-report.service";
import {
  ADJUSTMENTS_BY_REASON_KEY, STOCK_REPORT_KEY, VALUATION_REPORT_KEY, ZAdjustmentsByReasonExportInput, ZStockReportInput, ZValuationReportInput,
  type TAdjustmentsByReasonExportInput, type TStockReportInput, type TValuationReportInput,
} from "./reports.schemas";
import { stockReport, valuationReport, type StockReportRow, type ValuationReportRow } from "./reports.service";

export const stockReportExport = defineExport<TStockReportInput, StockReportRow>({
  key: STOCK_REPORT_KEY,
  permission: "inventory.stock.read",
  // The reports are organization-level procedures: every workspace the member may see.
  organizationLevel: true,
  input: ZStockReportInput,
  columns: [
    { id: "sku", header: "inventoryReports.columns.sku", value: (r) => r.sku },
    { id: "item", header: "inventoryReports.columns.item", value: (r) => r.itemName },
    { id: "warehouse", header: "inventoryReports.columns.warehouse", value: (r) => r.warehouseCode },
    { id: "location", header: "inventoryReports.columns.location", value: (r) => r.locationCode },
    { id: "lot", header: "inventoryReports.columns.lot", value: (r) => r.lotNumber },
    { id: "expiresOn", header: "inventoryReports.columns.expiresOn", value: (r) => (r.expiresOn ? r.expiresOn.toISOString().slice(0, 10) : null) },
    { id: "onHand", header: "inventoryReports.columns.onHand", value: (r) => r.onHand },
    { id: "reserved", header: "inventoryReports.columns.reserved", value: (r) => r.reserved },
    { id: "available", header: "inventoryReports.columns.available", value: (r) => r.available },
    { id: "unitCost", header: "inventoryReports.columns.unitCost", value: (r) => r.unitCost },
    { id: "value", header: "inventoryReports.columns.value", value: (r) => r.value },
  ],
  async fetchPage(tx, scope, input, cursor) {
    const page = await stockReport(tx, scope, { ...input, page: undefined, cursor: cursor ?? undefined, perPage: 100 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});

export const valuationReportExport = defineExport<TValuationReportInput, ValuationReportRow>({
  key: VALUATION_REPORT_KEY,
  permission: "inventory.stock.read",
  organizationLevel: true,
  input: ZValuationReportInput,
  columns: [
    { id: "code", header: "exports.columns.code", value: (r) => r.code },
    { id: "name", header: "inventoryReports.columns.name", value: (r) => r.name },
    { id: "quantity", header: "inventoryReports.columns.quantity", value: (r) => r.quantity },
    { id: "unitCost", header: "inventoryReports.columns.unitCost", value: (r) => r.unitCost },
    { id: "value", header: "inventoryReports.columns.value", value: (r) => r.value },
  ],
  async fetchPage(tx, scope, input, cursor) {
    const page = await valuationReport(tx, scope, { ...input, page: undefined, cursor: cursor ?? undefined, perPage: 100 });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});

/**
 * Adjustments by reason (GET /api/export/inventory.adjustmentsByReason, input `{ filters: <the report's input> }`):
 * one row per reason as the page shows them, without the totals row (a spreadsheet sums the columns). Values with a
 * dot, the decrease as a positive amount as on screen.
 */
export const adjustmentsByReasonExport = defineExport<TAdjustmentsByReasonExportInput, AdjustmentReasonReportRow>({
  key: ADJUSTMENTS_BY_REASON_KEY,
  permission: "inventory.stock.read",
  organizationLevel: true,
  input: ZAdjustmentsByReasonExportInput,
  columns: [
    { id: "code", header: "exports.columns.code", value: (r) => r.code },
    { id: "reason", header: "inventoryReports.columns.reason", value: (r) => r.name },
    { id: "archived", header: "exports.columns.archived", value: (r) => (r.archived ? "yes" : "no") },
    { id: "documents", header: "inventoryReports.columns.documents", value: (r) => r.documents },
    { id: "lines", header: "inventoryReports.columns.lines", value: (r) => r.lines },
    { id: "linesUp", header: "inventoryReports.columns.linesUp", value: (r) => r.linesUp },
    { id: "linesDown", header: "inventoryReports.columns.linesDown", value: (r) => r.linesDown },
    { id: "valueIncreased", header: "inventoryReports.columns.valueIncreased", value: (r) => r.valueIncreased },
    { id: "valueDecreased", header: "inventoryReports.columns.valueDecreased", value: (r) => r.valueDecreased },
    { id: "netValue", header: "inventoryReports.columns.netValue", value: (r) => r.netValue },
  ],
  async fetchPage(tx, scope, input) {
    // A reason list is short: one page.
    const report = await adjustmentsByReason(tx, scope, input.filters);
    return { rows: report.rows, nextCursor: null };
  },
});
