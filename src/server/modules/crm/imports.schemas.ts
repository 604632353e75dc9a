// Inputs of crm.imports.* (the customers import on the kernel import engine).
import { z } from "zod";

export const ZImportId = z.object({ id: z.uuid() });
export type TImportId = z.infer<typeof ZImportId>;

/** field id → 0-based column of the file; a field left out is not imported. */
export const ZSetImportMappingInput = z.object({
  id: z.uuid(),
  mapping: z.record(z.string().min(1).max(50), z.number().int().min(0).max(10_000)),
});
export type TSetImportMappingInput = z.infer<typeof ZSetImportMappingInput>;

/** crm.imports.history: the organization's imports (all kinds the member may start), newest first, keyset-paged. */
export { IMPORT_HISTORY_LIST, ZImportHistoryInput, type TImportHistoryInput } from "@/server/kernel/import/history-list";
/** The DataTable's list key (saved views) of the import history. */
export const IMPORT_HISTORY_LIST_KEY = "crm.imports";
