// The import history on the list contract (src/lib/list.ts): an organization's imports of every kind the member may
// start, newest first, keyset-paged on (created_at, id); filter by status. Isomorphic: the page's DataTable uses it.
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";

export const IMPORT_HISTORY_STATUSES = ["uploaded", "validating", "validated", "committing", "done", "failed"] as const;

export const IMPORT_HISTORY_LIST = {
  sorts: ["createdAt"],
  keyset: ["createdAt"],
  defaultSort: { id: "createdAt", desc: true },
  filters: { status: "enum" },
} as const satisfies ListSpec;

export const ZImportHistoryInput = defineListInput(IMPORT_HISTORY_LIST);
export type TImportHistoryInput = ListInput<(typeof IMPORT_HISTORY_LIST.sorts)[number], keyof typeof IMPORT_HISTORY_LIST.filters>;
