// The platform console's view of the platform's own audit trail (audit.platform_events, kernel/audit/platform.ts):
// operator actions on the plan and feature catalog. Operators only, on the system client (the only role with access).
import type { SystemTx } from "@/server/db/client";
import { PLATFORM_ACTIONS } from "@/server/kernel/audit/platform";
import { and, badRequest, cappedCount, sql, type Sql } from "@/server/kernel/list-query";
import type { Tx } from "@/server/db/scope";
import type { ListOutput } from "@/lib/list";
import type { TListPlatformAuditInput } from "./console.schemas";

export interface PlatformAuditRow {
  id: string;
  createdAt: Date;
  action: string;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
  actor: { id: string; name: string | null; email: string } | null;
  hash: string;
}

interface DbRow {
  id: string;
  created_at: Date;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  data: unknown;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  hash: string;
}

export async function listPlatformAudit(tx: SystemTx, input: TListPlatformAuditInput): Promise<ListOutput<PlatformAuditRow>> {
  if (input.cursor) throw badRequest("cursor", "This list pages by number.");
  const parts: Sql[] = [sql`true`];
  const action = input.filters?.action;
  if (action?.type === "enum") {
    if (action.values.some((v) => !(PLATFORM_ACTIONS as readonly string[]).includes(v))) throw badRequest("filters.action", "Unknown action");
    if (action.values.length) parts.push(sql`e.action = any(${action.values}::text[])`);
  }
  const where = and(parts);
  const asc = input.sort?.desc === false;
  const page = input.page ?? 1;
  const t = tx as unknown as Tx;
  const order = asc ? sql`e.position asc` : sql`e.position desc`;
  const rows = await t.$queryRaw<DbRow[]>`
    select e.id::text as id, e.created_at, e.action, e.entity_type, e.entity_id, e.data, e.actor_id::text as actor_id,
           u.name as actor_name, u.email as actor_email, e.hash
      from audit.platform_events e left join auth.users u on u.id = e.actor_id
     where ${where}
     order by ${order} limit ${input.perPage} offset ${(page - 1) * input.perPage}`;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      data: r.data,
      actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, email: r.actor_email ?? "" } : null,
      hash: r.hash,
    })),
    ...(await cappedCount(t, sql`from audit.platform_events e where ${where}`)),
  };
}
