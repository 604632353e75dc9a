// Stock adjustments and transfers as exportable lists (GET /api/export/inventory.adjustments | inventory.transfers):
// the list's status / warehouse filters, `q` and sort, every document the member may see (the list procedures are
// organization-level: every workspace of the membership), read page by page through listDocuments — the same query
// as the screen. The export service audits each one (an `export` business event).
import { todayIn } from "@/lib/format";
import type { Tx } from "@/server/db/scope";
import { defineExport, type ExportColumn } from "@/server/kernel/export/registry";
import type { OrgScope } from "@/server/kernel/scope";
import { listDocuments, type DocumentListRow } from "./documents.service";
import { DOCUMENTS_LIST_KEYS, ZListAdjustmentsInput, ZListDocumentsInput, type TListDocumentsInput } from "./inventory.schemas";

/** A list row with the date the screen shows (posted, else created) as a business date in the organization's time zone. */
export type DocumentExportRow = DocumentListRow & { date: string };

async function fetchDocuments(kind: "adjustment" | "transfer", tx: Tx, scope: OrgScope, input: TListDocumentsInput, cursor: string | null) {
  const page = await listDocuments(tx, scope, kind, { ...input, page: undefined, cursor: cursor ?? undefined, perPage: 100 });
  const org = await tx.organization.findUnique({ where: { id: scope.orgId }, select: { timeZone: true } });
  const timeZone = org?.timeZone || "UTC";
  const rows: DocumentExportRow[] = page.rows.map((r) => ({ ...r, date: todayIn(timeZone, r.postedAt ?? r.createdAt) }));
  return { rows, nextCursor: page.nextCursor ?? null };
}

const head: ExportColumn<DocumentExportRow>[] = [
  { id: "number", header: "inventoryDocuments.columns.number", value: (r) => r.number },
  { id: "date", header: "inventoryDocuments.columns.date", value: (r) => r.date },
  { id: "status", header: "inventoryDocuments.columns.status", value: (r) => r.status },
];
const tail: ExportColumn<DocumentExportRow>[] = [
  { id: "note", header: "inventoryDocuments.columns.note", value: (r) => r.note },
  { id: "lines", header: "inventoryDocuments.columns.lines", value: (r) => r.lineCount },
  { id: "quantity", header: "inventoryDocuments.columns.quantity", value: (r) => r.totalQuantity },
  { id: "value", header: "inventoryDocuments.columns.value", value: (r) => r.totalValue },
  { id: "postedAt", header: "exports.columns.posted", value: (r) => r.postedAt },
  { id: "createdAt", header: "exports.columns.created", value: (r) => r.createdAt },
  { id: "id", header: "exports.columns.id", value: (r) => r.id },
];

export const adjustmentsExport = defineExport<TListDocumentsInput, DocumentExportRow>({
  key: DOCUMENTS_LIST_KEYS.adjustment,
  permission: "inventory.stock.read",
  organizationLevel: true,
  input: ZListAdjustmentsInput,
  columns: [
    ...head,
    { id: "warehouse", header: "inventoryDocuments.columns.warehouse", value: (r) => r.warehouseCodes },
    // The list's `reason`: the reason's name as saved with the document.
    { id: "reason", header: "inventoryDocuments.columns.reason", value: (r) => r.reason },
    ...tail,
  ],
  fetchPage: (tx, scope, input, cursor) => fetchDocuments("adjustment", tx, scope, input, cursor),
});

export const transfersExport = defineExport<TListDocumentsInput, DocumentExportRow>({
  key: DOCUMENTS_LIST_KEYS.transfer,
  permission: "inventory.stock.read",
  organizationLevel: true,
  input: ZListDocumentsInput,
  columns: [...head, { id: "warehouses", header: "inventoryDocuments.columns.warehouses", value: (r) => r.warehouseCodes }, ...tail],
  fetchPage: (tx, scope, input, cursor) => fetchDocuments("transfer", tx, scope, input, cursor),
});
