// Every list that can be exported through GET /api/export/[list]; a module adds one line.
import type { ExportableList } from "@/server/kernel/export/registry";
import { auditEventsExport } from "@/server/modules/audit/audit.export";

const lists = [auditEventsExport] as unknown as ExportableList[];

export const EXPORTS: ReadonlyMap<string, ExportableList> = new Map(lists.map((l) => [l.key, l]));
