// Business events (sign-in, export, print, status change, approval …) into the same stream as captured changes.
// Written by the database function audit.record_event: actor and request id come from the transaction's
// settings (app.user_id, app.request_id), and the runtime role may only write for its own organization.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";
import type { BusinessAction } from "./actions";

/** Any transaction: the runtime one of a request, or a system one (sign-in, jobs). */
export type AnyTx = Tx | SystemTx;

export interface BusinessEvent {
  /** One of BUSINESS_ACTIONS (actions.ts). */
  action: BusinessAction;
  /** 'schema.table' of the record the event is about, so the record's history shows it. */
  entityType?: string;
  entityId?: string;
  data?: Record<string, unknown>;
}

/** Where the event belongs: a verified scope (OrgScope / WorkspaceScope) or, on system paths, an organization id. */
export type EventTarget = { orgId: string; workspaceId?: string | null } | string;

export async function recordEvent(tx: AnyTx, target: EventTarget, event: BusinessEvent): Promise<string> {
  const orgId = typeof target === "string" ? target : target.orgId;
  const workspaceId = typeof target === "string" ? null : (target.workspaceId ?? null);
  const data = event.entityType ? { entityType: event.entityType, ...event.data } : (event.data ?? null);
  const rows = await (tx as Tx).$queryRaw<{ id: string }[]>`
    select audit.record_event(${orgId}::uuid, ${event.action}, ${event.entityId ?? null},
                              ${data === null ? null : JSON.stringify(data)}::jsonb, ${workspaceId}::uuid)::text as id`;
  return rows[0]!.id;
}
