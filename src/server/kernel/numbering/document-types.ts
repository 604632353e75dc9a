// The registry of numbered document types. A module that numbers a document adds its entry here; every
// organization gets a sequence per entry (syncSequences, at creation and on every seed), so numbering.next never
// meets a type without one. Keys are stable: they are stored in settings.number_sequences.document_type.
import type { SequenceResetKind } from "@/lib/numbering/format";

export interface DocumentTypeDef {
  key: string;
  label: string;
  defaultFormat: string;
  reset: SequenceResetKind;
  /**
   * "organization": one organization-wide sequence (workspaces may add overrides); "workspace": one per workspace;
   * "series": one sequence per owner record (series_key), created by the owner's service with `createSeries`.
   */
  scope: "organization" | "workspace" | "series";
}

export const DOCUMENT_TYPES = [
  { key: "customer", label: "Customer", defaultFormat: "CUST-{#####}", reset: "never", scope: "organization" },
  { key: "deal", label: "Deal", defaultFormat: "DEAL-{#####}", reset: "never", scope: "organization" },
  { key: "sales_quote", label: "Sales quote", defaultFormat: "SQ-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "sales_order", label: "Sales order", defaultFormat: "SO-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "invoice", label: "Invoice", defaultFormat: "INV-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "purchase_order", label: "Purchase order", defaultFormat: "PO-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "stock_adjustment", label: "Stock adjustment", defaultFormat: "ADJ-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "stock_transfer", label: "Stock transfer", defaultFormat: "TRF-{YYYY}-{#####}", reset: "yearly", scope: "organization" },
  { key: "inventory_count", label: "Inventory count", defaultFormat: "CNT-{#####}", reset: "never", scope: "organization" },
  { key: "item_part_number", label: "Part number (category series)", defaultFormat: "{####}", reset: "never", scope: "series" },
] as const satisfies readonly DocumentTypeDef[];

export type DocumentType = (typeof DOCUMENT_TYPES)[number]["key"];

const BY_KEY = new Map<string, DocumentTypeDef>(DOCUMENT_TYPES.map((d) => [d.key, d]));

export function documentTypeDef(key: string): DocumentTypeDef | undefined {
  return BY_KEY.get(key);
}

export function isDocumentType(key: string): key is DocumentType {
  return BY_KEY.has(key);
}
