// Every list that can be exported through GET /api/export/[list]; a module adds one line.
import type { ExportableList } from "@/server/kernel/export/registry";
import { auditEventsExport } from "@/server/modules/audit/audit.export";
import { customersExport } from "@/server/modules/crm/customers.export";
import { dealsExport } from "@/server/modules/crm/deals.export";
import { countsExport } from "@/server/modules/inventory/counts.export";
import { adjustmentsExport, transfersExport } from "@/server/modules/inventory/documents.export";
import { itemsExport } from "@/server/modules/inventory/items.export";
import { reorderSuggestionsExport } from "@/server/modules/inventory/reorder.export";
import { adjustmentsByReasonExport, stockReportExport, valuationReportExport } from "@/server/modules/inventory/reports.export";
import { exchangeRatesExport } from "@/server/modules/settings/exchange-rates.export";

const lists = [
  auditEventsExport,
  exchangeRatesExport,
  customersExport,
  dealsExport,
  itemsExport,
  stockReportExport,
  valuationReportExport,
  adjustmentsByReasonExport,
  reorderSuggestionsExport,
  adjustmentsExport,
  transfersExport,
  countsExport,
] as unknown as ExportableList[];

export const EXPORTS: ReadonlyMap<string, ExportableList> = new Map(lists.map((l) => [l.key, l]));
