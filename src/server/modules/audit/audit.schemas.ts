import { z } from "zod";
import { defineListInput, type ListInput, type ListSpec } from "@/lib/list";

/** The audit log list (list contract of src/lib/list.ts). */
export const AUDIT_EVENTS_LIST = {
  sorts: ["createdAt", "table", "action"],
  keyset: ["createdAt"],
  defaultSort: { id: "createdAt", desc: true },
  filters: { actor: "enum", table: "enum", recordId: "text", action: "enum", createdAt: "dateRange" },
} as const satisfies ListSpec;

export const ZListAuditEventsInput = defineListInput(AUDIT_EVENTS_LIST);
export type TListAuditEventsInput = ListInput<(typeof AUDIT_EVENTS_LIST.sorts)[number], keyof typeof AUDIT_EVENTS_LIST.filters>;

const ZTableName = z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, "Use schema.table").max(130);

export const ZListRecordEventsInput = z.object({ table: ZTableName, recordId: z.string().min(1).max(200) });
export type TListRecordEventsInput = z.infer<typeof ZListRecordEventsInput>;

export const ZRecordPrintInput = z.object({ entityType: ZTableName, entityId: z.string().min(1).max(200) });
export type TRecordPrintInput = z.infer<typeof ZRecordPrintInput>;
