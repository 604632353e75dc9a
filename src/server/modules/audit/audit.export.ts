// The audit log as an exportable list (GET /api/export/audit.events).
import { defineExport } from "@/server/kernel/export/registry";
import { AUDIT_EVENTS_LIST, ZListAuditEventsInput, type TListAuditEventsInput } from "./audit.schemas";
import { listEvents, type AuditEventRow } from "./events.service";

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export const auditEventsExport = defineExport<TListAuditEventsInput, AuditEventRow>({
  key: "audit.events",
  permission: "audit.event.export",
  feature: "audit_export",
  input: ZListAuditEventsInput,
  columns: [
    { id: "createdAt", header: "exports.columns.eventTime", value: (r) => r.createdAt },
    { id: "actorEmail", header: "exports.columns.userEmail", value: (r) => r.actor?.email ?? r.actor?.id ?? null },
    { id: "actorName", header: "exports.columns.user", value: (r) => r.actor?.name ?? null },
    { id: "action", header: "audit.columns.action", value: (r) => r.action },
    { id: "table", header: "audit.columns.table", value: (r) => r.table },
    { id: "recordId", header: "audit.columns.record", value: (r) => r.recordId },
    { id: "changes", header: "exports.columns.changes", value: (r) => json(r.changes) },
    { id: "data", header: "exports.columns.details", value: (r) => json(r.data) },
    { id: "workspaceId", header: "exports.columns.workspace", value: (r) => r.workspaceId },
    { id: "requestId", header: "audit.columns.request", value: (r) => r.requestId },
    { id: "id", header: "exports.columns.eventId", value: (r) => r.id },
  ],
  async fetchPage(tx, scope, input, cursor) {
    // Exports page by keyset: a sort that pages by number falls back to the default order.
    const sort = input.sort && (AUDIT_EVENTS_LIST.keyset as readonly string[]).includes(input.sort.id) ? input.sort : AUDIT_EVENTS_LIST.defaultSort;
    const page = await listEvents(tx, scope, { ...input, sort, page: undefined, cursor: cursor ?? undefined, perPage: 500 }, { count: false });
    return { rows: page.rows, nextCursor: page.nextCursor ?? null };
  },
});
