// The platform's own audit trail (audit.platform_events): operator actions that belong to no organization, such as
// the plan and feature catalog. Global and append-only; only the system role may write or read it, and a database
// trigger chains each row to the previous one (hash = sha256(prev_hash || canonical row)). Call inside the same
// system transaction as the change it describes, so both commit or roll back together.
import type { SystemTx } from "@/server/db/client";
import type { Tx } from "@/server/db/scope";

/** The closed set of platform actions (the table's CHECK constraint holds the same list). */
export const PLATFORM_ACTIONS = ["plan.created", "plan.updated", "plan.features_changed"] as const;
export type PlatformAction = (typeof PLATFORM_ACTIONS)[number];

export interface PlatformEvent {
  action: PlatformAction;
  /** 'schema.table' of the record the event is about. */
  entityType?: string;
  entityId?: string;
  /** { before, after } for updates, { added, removed } for set changes. */
  data?: Record<string, unknown>;
}

/** The operator acting (the request id ties the event to the request log). */
export interface PlatformActor {
  userId: string;
  requestId: string;
}

export async function recordPlatformEvent(tx: SystemTx, actor: PlatformActor, event: PlatformEvent): Promise<string> {
  const data = event.data === undefined ? null : JSON.stringify(event.data);
  const rows = await (tx as unknown as Tx).$queryRaw<{ id: string }[]>`
    insert into audit.platform_events (actor_id, request_id, action, entity_type, entity_id, data)
    values (${actor.userId || null}::uuid, ${actor.requestId || null}, ${event.action}, ${event.entityType ?? null},
            ${event.entityId ?? null}, ${data}::jsonb)
    returning id::text as id`;
  return rows[0]!.id;
}
